"""/api/v1/management-periods/: list (filters person, kind, active, q), create, retrieve, and
the actions extend, end and renew (POST /<id>/extend/, /<id>/end/, /<id>/renew/). Scoped like
the pages; refusals are JSON naming the field."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from accounts.scoping import Access, RecordType

from . import selectors, services
from .choices import Law, PeriodEndReason, PeriodKind, PostRehabBasis
from .filters import ManagementPeriodFilter
from .models import ManagementPeriod


class _VisiblePersonField(serializers.PrimaryKeyRelatedField):
    """A person the requesting user can see; any other id is unknown to them."""

    def get_queryset(self):
        request = self.context.get("request")
        return selectors.person_list(user=getattr(request, "user", None))


class ManagementPeriodSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:management-period-detail")
    person = _VisiblePersonField()
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    kind = serializers.ChoiceField(choices=PeriodKind.choices)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    basis = serializers.ChoiceField(
        choices=PostRehabBasis.choices, required=False, allow_blank=True, default=""
    )
    law = serializers.ChoiceField(
        choices=Law.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Left out: the law in force on the start date.",
    )
    law_reason = serializers.CharField(required=False, allow_blank=True, default="")
    months = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=600,
        help_text="Left out: the legal term's default.",
    )
    months_reason = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(write_only=True, required=False, allow_blank=True, default="")
    current_end = serializers.DateField(read_only=True)
    is_open = serializers.BooleanField(read_only=True)
    days_left = serializers.SerializerMethodField()

    class Meta:
        model = ManagementPeriod
        fields = [
            "id",
            "url",
            "person",
            "person_name",
            "kind",
            "kind_label",
            "basis",
            "start_on",
            "law",
            "law_reason",
            "months",
            "months_reason",
            "planned_end_on",
            "extended_to",
            "extension_reason",
            "current_end",
            "ended_on",
            "end_reason",
            "end_note",
            "is_open",
            "days_left",
            "decision_number",
            "decision_date",
            "decision_body",
            "legal_term",
            "renews",
            "note",
            "created_by",
            "created_at",
        ]
        read_only_fields = [
            "planned_end_on",
            "extended_to",
            "extension_reason",
            "ended_on",
            "end_reason",
            "end_note",
            "legal_term",
            "renews",
            "created_by",
            "created_at",
        ]

    def get_days_left(self, period) -> int | None:
        return period.days_left()


class _DecisionSerializer(serializers.Serializer):
    decision_number = serializers.CharField(required=False, allow_blank=True, default="")
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)
    decision_body = serializers.CharField(required=False, allow_blank=True, default="")


class PeriodExtendSerializer(_DecisionSerializer):
    extended_to = serializers.DateField()
    extension_reason = serializers.CharField(allow_blank=True)


class PeriodEndSerializer(_DecisionSerializer):
    ended_on = serializers.DateField()
    end_reason = serializers.ChoiceField(choices=PeriodEndReason.choices)
    end_note = serializers.CharField(required=False, allow_blank=True, default="")


class PeriodRenewSerializer(serializers.Serializer):
    decision_number = serializers.CharField(allow_blank=True)
    decision_date = serializers.DateField()
    decision_body = serializers.CharField(allow_blank=True)
    start_on = serializers.DateField(required=False, allow_null=True, default=None)
    law = serializers.ChoiceField(choices=Law.choices, required=False, allow_blank=True, default="")
    law_reason = serializers.CharField(required=False, allow_blank=True, default="")
    months = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=600
    )
    months_reason = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ManagementPeriodViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Management periods. Nothing is edited or deleted: a period changes only by the
    actions extend, end and renew, each a step on the person's timeline."""

    serializer_class = ManagementPeriodSerializer
    filterset_class = ManagementPeriodFilter
    ordering_fields = ["start_on", "planned_end_on", "created_at", "id"]
    ordering = ["-start_on", "-id"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        access = Access.READ if self.action in ("list", "retrieve") else Access.WRITE
        return selectors.period_list(user=self.request.user, access=access)

    def _require(self, access: Access):
        """No grant that reaches periods: 404 (nothing exists for this user)."""
        if not selectors.period_can(user=self.request.user, access=Access.READ):
            raise Http404
        if not selectors.period_can(user=self.request.user, access=access):
            raise PermissionDenied

    def list(self, request, *args, **kwargs):
        self._require(Access.READ)
        response = super().list(request, *args, **kwargs)
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW,
            record=(RecordType.PERSON, request.query_params.get("person", "")[:20]),
            detail=f"management periods: {request.query_params.urlencode()}"[:500],
        )
        return response

    def retrieve(self, request, *args, **kwargs):
        period = self.get_object()
        access_log_record(
            user=request.user,
            action=AccessAction.VIEW,
            record=(RecordType.PERSON, str(period.person_id)),
            detail=f"management period {period.pk}",
        )
        return Response(self.get_serializer(period).data)

    def create(self, request, *args, **kwargs):
        self._require(Access.WRITE)
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.period_open(actor=self.request.user, **data)
        except PermissionError as exc:
            raise PermissionDenied from exc

    def _act(self, request, serializer_class, service, *, created=False):
        period = self.get_object()
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            result = service(actor=request.user, period=period, **data.validated_data)
        except PermissionError as exc:
            raise PermissionDenied from exc
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(self.get_serializer(result).data, status=code)

    @extend_schema(request=PeriodExtendSerializer, responses=ManagementPeriodSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        return self._act(request, PeriodExtendSerializer, services.period_extend)

    @extend_schema(request=PeriodEndSerializer, responses=ManagementPeriodSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        return self._act(request, PeriodEndSerializer, services.period_end)

    @extend_schema(request=PeriodRenewSerializer, responses=ManagementPeriodSerializer)
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        """Law 120/2025: a new decision during illicit-user management ends the period and
        opens a new one (answered with the new period)."""
        return self._act(request, PeriodRenewSerializer, services.period_renew, created=True)
