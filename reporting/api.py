"""/api/v1/report-periods/ (list, retrieve; administrators create a year's periods with POST
/create-year/) and /api/v1/reports/ (list with q/period/status, retrieve with the figures as
JSON, PATCH the narrative of a draft, and the actions open, build, submit, receive, return,
correct). Scoped like the pages; refusals are JSON naming the field."""

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.scoping import Access

from . import selectors, services
from .filters import EnteredFilter, ReportFilter, TargetFilter
from .models import EnteredFigure, Report, ReportPeriod, Target


class ReportPeriodSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)

    class Meta:
        model = ReportPeriod
        fields = [
            "id",
            "kind",
            "year",
            "title",
            "starts_on",
            "ends_on",
            "due_on",
            "due_day_on_time",
            "note",
        ]


class PeriodYearSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    window = serializers.ChoiceField(choices=["decree", "calendar"], default="decree")


class ReportSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:report-detail")
    page = serializers.CharField(source="get_absolute_url", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    period_title = serializers.CharField(source="period.title", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    pdf_url = serializers.SerializerMethodField()
    xlsx_url = serializers.SerializerMethodField()

    def _download(self, report, kind) -> str | None:
        if not getattr(report, f"{kind}_file"):
            return None
        request = self.context.get("request")
        url = reverse("reporting:report-download", args=[report.pk, kind])
        return request.build_absolute_uri(url) if request else url

    def get_pdf_url(self, report) -> str | None:
        return self._download(report, "pdf")

    def get_xlsx_url(self, report) -> str | None:
        return self._download(report, "xlsx")

    class Meta:
        model = Report
        fields = [
            "id",
            "url",
            "page",
            "period",
            "period_title",
            "unit",
            "unit_name",
            "agency",
            "template",
            "agency_name",
            "version",
            "previous",
            "status",
            "status_label",
            "build_state",
            "build_error",
            "built_at",
            "figures",
            *Report.NARRATIVE_FIELDS,
            *Report.HEADER_FIELDS,
            "pdf_url",
            "xlsx_url",
            "submitted_at",
            "submitted_on_time",
            "received_at",
            "return_reason",
        ]
        read_only_fields = [
            f for f in fields if f not in (*Report.NARRATIVE_FIELDS, *Report.HEADER_FIELDS)
        ]


class ReportPeriodViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ReportPeriodSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.period_list()
        if not selectors.report_can(user=self.request.user):
            raise Http404
        return selectors.period_list()

    @extend_schema(request=PeriodYearSerializer, responses=ReportPeriodSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="create-year")
    def create_year(self, request):
        data = PeriodYearSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            created = services.period_create_year(actor=request.user, **data.validated_data)
        except PermissionError as exc:
            raise PermissionDenied from exc
        return Response(
            ReportPeriodSerializer(created, many=True).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses={201: ReportSerializer})
    @action(detail=True, methods=["post"], url_path="open")
    def open_report(self, request, pk=None):
        """Open (or find) the requesting user's unit's report for the period."""
        period = self.get_object()
        if not selectors.report_can(user=request.user, access=Access.WRITE):
            raise PermissionDenied
        report = services.report_open(actor=request.user, period=period)
        return Response(
            ReportSerializer(report, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class ReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.report_list(user=self.request.user)  # the schema: no rows
        if not selectors.report_can(user=self.request.user):
            raise Http404
        access = Access.READ if self.action in ("list", "retrieve") else Access.WRITE
        return selectors.report_list(user=self.request.user, access=access)

    def perform_update(self, serializer):
        serializer.instance = services.report_update(
            actor=self.request.user, report=serializer.instance, **serializer.validated_data
        )

    def _act(self, request, service, **extra):
        report = self.get_object()
        try:
            result = service(actor=request.user, report=report, **extra)
        except PermissionError as exc:
            raise PermissionDenied from exc
        result.refresh_from_db()  # a build may have run already (eager tasks)
        return Response(self.get_serializer(result).data)

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def build(self, request, pk=None):
        """Build the figures (in the background: poll the report's build_state)."""
        return self._act(request, services.report_build_request)

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._act(request, services.report_submit)

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        return self._act(request, services.report_receive)

    @extend_schema(request=ReturnSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_report(self, request, pk=None):
        data = ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._act(request, services.report_return, reason=data.validated_data["reason"])

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """A returned report: open the new version for correction (answered with it)."""
        return self._act(request, services.report_correct)


# ---- targets and entered figures -----------------------------------------------------------


class TargetSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True, default=None)
    label = serializers.SerializerMethodField()

    def get_label(self, target) -> str:
        from .entered import figure_label

        return str(figure_label(target.code))

    class Meta:
        model = Target
        fields = [
            "id",
            "unit",
            "unit_name",
            "agency",
            "agency_name",
            "code",
            "label",
            "kind",
            "year_from",
            "year_to",
            "direction",
            "value",
            "source",
            "created_at",
        ]
        read_only_fields = ["unit", "agency", "created_at"]
        extra_kwargs = {"year_to": {"required": False}}


class TargetViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """/api/v1/report-targets/: the units' targets; a unit adds and removes its own."""

    serializer_class = TargetSerializer
    filterset_class = TargetFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.target_list(user=self.request.user)
        if not selectors.report_can(user=self.request.user):
            raise Http404
        return selectors.target_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        if not selectors.report_can(user=request.user, access=Access.WRITE):
            raise PermissionDenied
        data = TargetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            target = services.target_create(actor=request.user, **data.validated_data)
        except PermissionError as exc:
            raise PermissionDenied from exc
        return Response(TargetSerializer(target).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        if not selectors.report_can(user=self.request.user, access=Access.WRITE):
            raise Http404
        services.target_delete(actor=self.request.user, target=instance)


class EnteredFigureSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True, default=None)
    entered_by_name = serializers.CharField(source="entered_by", read_only=True, default=None)

    class Meta:
        model = EnteredFigure
        fields = [
            "id",
            "period",
            "unit",
            "unit_name",
            "agency",
            "agency_name",
            "code",
            "value",
            "source",
            "entered_by_name",
            "entered_at",
        ]
        read_only_fields = ["unit", "agency", "entered_at"]
        validators = []  # the service checks (one figure per unit, period and code)


class EnteredFigureViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """/api/v1/report-figures/: figures entered by the units; POST enters (or corrects) one of
    the user's unit's figures for a period, with its source."""

    serializer_class = EnteredFigureSerializer
    filterset_class = EnteredFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.entered_list(user=self.request.user)
        if not selectors.report_can(user=self.request.user):
            raise Http404
        return selectors.entered_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        if not selectors.report_can(user=request.user, access=Access.WRITE):
            raise PermissionDenied
        data = EnteredFigureSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            figure = services.entered_set(actor=request.user, **data.validated_data)
        except PermissionError as exc:
            raise PermissionDenied from exc
        return Response(EnteredFigureSerializer(figure).data, status=status.HTTP_201_CREATED)
