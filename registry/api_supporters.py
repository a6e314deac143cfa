"""/api/v1/supporters/: who helps each person. List (filters person, agency, user, kind, role,
active, q; shared with the FilterSet), create, retrieve, and POST /<id>/end/. Nothing is edited
or deleted: an assignment ends with a date. Scoped like the pages; refusals are JSON naming the
field."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.scoping import Access

from . import selectors_support, services
from .api_common import OfficerField, PersonRecordViewSet, VisiblePersonField, request_user
from .choices import SupporterKind, SupporterRole
from .filters_support import SupporterFilter
from .models import Supporter


class _AgencyField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors_support.supporter_agency_choices(user=request_user(self.context))


class SupporterSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:supporter-detail")
    person = VisiblePersonField()
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    kind = serializers.ChoiceField(choices=SupporterKind.choices)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    role = serializers.ChoiceField(choices=SupporterRole.choices)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    agency = _AgencyField(required=False, allow_null=True, default=None)
    agency_name = serializers.CharField(source="agency.name", read_only=True, default="")
    user = OfficerField(required=False, allow_null=True, default=None)
    who = serializers.CharField(read_only=True)
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    relationship = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=60
    )
    phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    basis_number = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=60
    )
    basis_date = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = Supporter
        fields = [
            "id",
            "url",
            "person",
            "person_name",
            "kind",
            "kind_label",
            "role",
            "role_label",
            "who",
            "agency",
            "agency_name",
            "user",
            "name",
            "relationship",
            "phone",
            "start_on",
            "ended_on",
            "end_reason",
            "is_active",
            "basis_number",
            "basis_date",
            "note",
            "created_by",
            "created_at",
            "ended_by",
        ]
        read_only_fields = ["ended_on", "end_reason", "created_by", "created_at", "ended_by"]


class SupporterEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    end_reason = serializers.CharField(allow_blank=True)


class SupporterViewSet(PersonRecordViewSet):
    """Who helps each person: agencies, mass organisations, officers and family members, each
    with a role and dates. POST /<id>/end/ ends an assignment (never deleted)."""

    serializer_class = SupporterSerializer
    filterset_class = SupporterFilter
    ordering_fields = ["start_on", "ended_on", "id"]
    ordering = ["-start_on", "-id"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors_support.supporter_list(user=self.request.user)

    log_label = "supporters"

    def can(self, access: Access) -> bool:
        return selectors_support.supporter_can(user=self.request.user, access=access)

    def perform_create(self, serializer):
        try:
            serializer.instance = services.supporter_assign(
                actor=self.request.user, **serializer.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc

    @extend_schema(request=SupporterEndSerializer, responses=SupporterSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        self._require(Access.WRITE)
        supporter = selectors_support.supporter_get(user=request.user, pk=pk, access=Access.WRITE)
        data = SupporterEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            supporter = services.supporter_end(
                actor=request.user, supporter=supporter, **data.validated_data
            )
        except PermissionError as exc:
            raise PermissionDenied from exc
        return Response(self.get_serializer(supporter).data)
