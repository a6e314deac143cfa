"""/api/v1/persons/: the same rows, filters and rules as the pages."""

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import Access, can, grant_for
from areas.selectors import commune_list

from . import selectors, services
from .choices import Category
from .filters import PersonFilter
from .models import Person


class PersonSerializer(serializers.ModelSerializer):
    residence_unit = serializers.PrimaryKeyRelatedField(queryset=commune_list())
    residence_unit_name = serializers.CharField(source="residence_unit.name", read_only=True)
    category = serializers.ChoiceField(choices=Category.choices)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    incomplete = serializers.BooleanField(source="is_incomplete", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:person-detail")

    class Meta:
        model = Person
        fields = [
            "id",
            "url",
            "full_name",
            "sex",
            "date_of_birth",
            "birth_year",
            "national_id",
            "former_id",
            "residence_unit",
            "residence_unit_name",
            "address",
            "category",
            "category_label",
            "special_management",
            "responsible_officer",
            "incomplete",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"birth_year": {"required": False}}

    def validate(self, attrs):
        if self.instance is not None and "category" in attrs:
            if attrs["category"] != self.instance.category:
                raise serializers.ValidationError(
                    {"category": _("The category changes only through a category-change event.")}
                )
            attrs.pop("category")
        if self.instance is None and not attrs.get("birth_year") and not attrs.get("date_of_birth"):
            raise serializers.ValidationError(
                {"birth_year": _("Enter the date of birth or at least the birth year.")}
            )
        return attrs


class PersonIdentitySerializer(PersonSerializer):
    """What an "identity" grant (Health) sees of a person."""

    class Meta(PersonSerializer.Meta):
        fields = ["id", "url", *Person.IDENTITY_FIELDS, "residence_unit_name"]


class PersonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    filterset_class = PersonFilter
    ordering_fields = ["full_name_folded", "birth_year", "updated_at", "id"]
    ordering = ["full_name_folded", "id"]

    def get_queryset(self):
        access = Access.WRITE if self.action in ("update", "partial_update") else Access.READ
        return selectors.person_list(user=self.request.user, access=access)

    def get_serializer_class(self):
        grant = grant_for(self.request.user, Person.scope_record_type)
        return PersonIdentitySerializer if grant.fields == "identity" else PersonSerializer

    def list(self, request, *args, **kwargs):
        if not can(request.user, Person.scope_record_type, Access.READ):
            raise Http404
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        person = self.get_object()
        access_log_record(user=request.user, action=AccessAction.VIEW, record=person)
        return super().retrieve(request, *args, **kwargs)

    def perform_create(self, serializer):
        if not can(self.request.user, Person.scope_record_type, Access.WRITE):
            raise PermissionDenied
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.person_create(actor=self.request.user, **data)
        except PermissionError as exc:
            raise PermissionDenied from exc

    def perform_update(self, serializer):
        try:
            serializer.instance = services.person_update(
                actor=self.request.user, person=serializer.instance, **serializer.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc
