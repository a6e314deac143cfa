"""/api/v1/supporters/: who helps each person. List (filters person, agency, user, kind, role,
active, q; shared with the FilterSet), create, retrieve, and POST /<id>/end/. Nothing is edited
or deleted: an assignment ends with a date. Scoped like the pages; refusals are JSON naming the
field."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import Access, RecordType
from accounts.selectors import officer_list

from . import selectors, selectors_support, services
from .choices import SupporterKind, SupporterRole
from .filters_support import SupporterFilter
from .models import Supporter


def _user(context):
    return getattr(context.get("request"), "user", None)


class _VisiblePersonField(serializers.PrimaryKeyRelatedField):
    """A person the requesting user can see; any other id is unknown to them."""

    def get_queryset(self):
        return selectors.person_list(user=_user(self.context))


class _AgencyField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors_support.supporter_agency_choices(user=_user(self.context))


class _OfficerField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return officer_list(user=_user(self.context))


class SupporterSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:supporter-detail")
    person = _VisiblePersonField()
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    kind = serializers.ChoiceField(choices=SupporterKind.choices)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    role = serializers.ChoiceField(choices=SupporterRole.choices)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    agency = _AgencyField(required=False, allow_null=True, default=None)
    agency_name = serializers.CharField(source="agency.name", read_only=True, default="")
    user = _OfficerField(required=False, allow_null=True, default=None)
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


class SupporterViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Who helps each person: agencies, mass organisations, officers and family members, each
    with a role and dates. POST /<id>/end/ ends an assignment (never deleted)."""

    serializer_class = SupporterSerializer
    filterset_class = SupporterFilter
    ordering_fields = ["start_on", "ended_on", "id"]
    ordering = ["-start_on", "-id"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors_support.supporter_list(user=self.request.user)

    def _require(self, access: Access):
        """No grant that reaches supporters: 404 (nothing exists for this user)."""
        if not selectors_support.supporter_can(user=self.request.user):
            raise Http404
        if not selectors_support.supporter_can(user=self.request.user, access=access):
            raise PermissionDenied

    def list(self, request, *args, **kwargs):
        self._require(Access.READ)
        response = super().list(request, *args, **kwargs)
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW,
            record=(RecordType.PERSON, request.query_params.get("person", "")[:20]),
            detail=f"supporters: {request.query_params.urlencode()}",
        )
        return response

    def retrieve(self, request, *args, **kwargs):
        supporter = self.get_object()
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW,
            record=(RecordType.PERSON, str(supporter.person_id)),
            detail=f"supporter {supporter.pk}",
        )
        return super().retrieve(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        self._require(Access.WRITE)
        return super().create(request, *args, **kwargs)

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
