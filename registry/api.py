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
from .api_duplicates import refuse_unconfirmed_duplicates
from .api_states import PersonStateActionsMixin, refuse_state_changes
from .choices import Category
from .filters import PersonFilter
from .models import Person, PersonDocument


class PersonSerializer(serializers.ModelSerializer):
    residence_unit = serializers.PrimaryKeyRelatedField(queryset=commune_list())
    residence_unit_name = serializers.CharField(source="residence_unit.name", read_only=True)
    category = serializers.ChoiceField(choices=Category.choices)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    incomplete = serializers.BooleanField(source="is_incomplete", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:person-detail")
    permanent_residence_unit = serializers.PrimaryKeyRelatedField(
        queryset=commune_list(), required=False, allow_null=True
    )
    permanent_residence_unit_name = serializers.CharField(
        source="permanent_residence_unit.name", read_only=True, default=""
    )
    ethnicity_label = serializers.CharField(source="get_ethnicity_display", read_only=True)
    education_level_label = serializers.CharField(
        source="get_education_level_display", read_only=True
    )
    custody_state_label = serializers.CharField(source="get_custody_state_display", read_only=True)
    verification_state_label = serializers.CharField(
        source="get_verification_state_display", read_only=True
    )

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
            "has_stable_residence",
            "category",
            "category_label",
            "special_management",
            "responsible_officer",
            "incomplete",
            "created_at",
            "updated_at",
            # The rest of the record (custody and verification: read here, changed by actions).
            "aliases",
            "ethnicity",
            "ethnicity_label",
            "education_level",
            "education_level_label",
            "occupation",
            "phone",
            "permanent_residence_unit",
            "permanent_residence_unit_name",
            "permanent_address",
            "custody_state",
            "custody_state_label",
            "custody_since",
            "custody_place",
            "verification_state",
            "verification_state_label",
            "verification_on",
            "verification_note",
        ]
        read_only_fields = [
            "created_at",
            "updated_at",
            "custody_state",
            "custody_since",
            "custody_place",
            "verification_state",
            "verification_on",
            "verification_note",
        ]
        extra_kwargs = {"birth_year": {"required": False}}

    def validate(self, attrs):
        refuse_state_changes(self.instance, getattr(self, "initial_data", None))
        if self.instance is not None and "category" in attrs:
            if attrs["category"] != self.instance.category:
                raise serializers.ValidationError(
                    {"category": _("The category changes only through a category-change event.")}
                )
            attrs.pop("category")
        if self.instance is not None and "special_management" in attrs:
            if attrs["special_management"] != self.instance.special_management:
                raise serializers.ValidationError(
                    {
                        "special_management": _(
                            "Special management starts and ends through its own event."
                        )
                    }
                )
            attrs.pop("special_management")
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
    PersonStateActionsMixin,
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
        # Same name and birth year: 409 with the candidates unless confirmed (api_duplicates).
        refuse_unconfirmed_duplicates(self.request, data)
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


# ---- /api/v1/persons/<id>/documents/: a person's files ---------------------------------------


class PersonDocumentSerializer(serializers.ModelSerializer):
    file = serializers.FileField(
        write_only=True,
        max_length=255,
        help_text=_("JPEG or PNG image, or PDF document (multipart upload)."),
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = PersonDocument
        fields = [
            "id",
            "person",
            "kind",
            "kind_label",
            "title",
            "file",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = [
            "person",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
        ]

    def get_download_url(self, document) -> str:
        """The scoped, logged page view that streams the file."""
        request = self.context.get("request")
        url = document.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class PersonDocumentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """A person's files: list, details and multipart upload. Nothing is replaced or deleted.
    The file itself is downloaded through `download_url` (the page view, logged)."""

    serializer_class = PersonDocumentSerializer
    lookup_value_regex = r"\d+"
    filter_backends = []

    def get_person(self) -> Person:
        """The person of the URL: 404 when out of scope, or when the grant reaches no file."""
        if not hasattr(self, "_person"):
            user = self.request.user
            if not selectors.person_document_can(user=user):
                raise Http404
            self._person = selectors.person_get(user=user, pk=self.kwargs["person_pk"])
        return self._person

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no person, no rows
            return selectors.person_document_list(user=None, person=None)
        return selectors.person_document_list(user=self.request.user, person=self.get_person())

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW,
            record=self.get_person(),
            detail="documents",
        )
        return response

    def retrieve(self, request, *args, **kwargs):
        document = self.get_object()
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW,
            record=self.get_person(),
            detail=f"document {document.pk}",
        )
        return super().retrieve(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        self.get_person()  # out of scope: 404 before the upload is even looked at
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = services.person_document_add(
                actor=self.request.user,
                person=self.get_person(),
                kind=data["kind"],
                title=data.get("title", ""),
                upload=data["file"],
            )
        except PermissionError as exc:
            raise PermissionDenied from exc
