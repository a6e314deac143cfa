"""/api/v1/person-imports/: the import of people from Excel through the API. POST a workbook
(multipart), GET the job to follow its progress and read its report, POST
`{id}/mapping/` when the columns need matching, then `{id}/confirm/` with
`{"mode": "good_rows"}` or `{"mode": "nothing"}`. Scoped like the pages: out of scope, 404;
only the uploader maps and confirms."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.audit import access_log_record
from accounts.choices import AccessAction
from areas.selectors import commune_list

from . import selectors, services
from .choices import Category
from .models import ImportJob, Person
from .services.imports import MODES


class ImportJobSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:person-import-detail")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    user_name = serializers.StringRelatedField(source="user", read_only=True)
    percent = serializers.IntegerField(read_only=True)
    columns = serializers.SerializerMethodField(
        help_text=_(
            "The file's columns: letter, header, the field recognised (null: unknown) and, on "
            "a single import, the first values."
        )
    )
    report = serializers.SerializerMethodField(
        help_text=_("Every row with a problem: its number, the column and the reason.")
    )

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "url",
            "status",
            "status_label",
            "original_name",
            "size",
            "user",
            "user_name",
            "created_at",
            "default_unit",
            "default_category",
            "sheet_name",
            "header_row",
            "columns",
            "mapping",
            "total_rows",
            "processed_rows",
            "percent",
            "good_rows",
            "bad_rows",
            "warning_rows",
            "skipped_rows",
            "report",
            "result",
            "error",
            "confirmed_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_columns(self, job) -> list:
        """The first values of each column are personal data: only on a single import (whose
        view is logged), never in the list."""
        if self.context.get("with_report"):
            return job.columns
        return [{k: v for k, v in c.items() if k != "samples"} for c in job.columns]

    def get_report(self, job) -> dict:
        if not self.context.get("with_report"):
            return {}
        rows = [
            {key: row.get(key) for key in ("row", "status", "name", "issues")}
            for row in job.report.get("rows", [])
            if row["issues"]
        ]
        return {"rows": rows}


class ImportJobCreateSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("The .xlsx workbook (multipart upload)."))
    default_unit = serializers.PrimaryKeyRelatedField(
        queryset=commune_list(), required=False, allow_null=True
    )
    default_category = serializers.ChoiceField(
        choices=Category.choices, required=False, allow_blank=True, default=""
    )


class ImportJobMappingSerializer(serializers.Serializer):
    mapping = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text=_('Column index -> field key, "" to ignore the column.'),
    )


class ImportJobConfirmSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=[(m, m) for m in MODES])


class ImportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ImportJobSerializer
    filter_backends = []
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not selectors.import_job_can(user=request.user):
            raise Http404

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user, no rows
            return selectors.import_job_list(user=None)
        return selectors.import_job_list(user=self.request.user)

    def _own(self) -> ImportJob:
        return selectors.import_job_get(user=self.request.user, pk=self.kwargs["pk"], own=True)

    def _answer(self, job, code=status.HTTP_200_OK) -> Response:
        context = {**self.get_serializer_context(), "with_report": True}
        access_log_record(
            user=self.request.user,
            action=AccessAction.VIEW,
            record=(Person.scope_record_type, ""),
            detail=f"import {job.pk}",
        )
        return Response(ImportJobSerializer(job, context=context).data, status=code)

    def retrieve(self, request, *args, **kwargs):
        job = services.import_job_expire(job=self.get_object())
        return self._answer(job)

    @extend_schema(request=ImportJobCreateSerializer, responses=ImportJobSerializer)
    def create(self, request, *args, **kwargs):
        data = ImportJobCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            job = services.import_job_create(
                actor=request.user,
                upload=data.validated_data["file"],
                default_unit=data.validated_data.get("default_unit"),
                default_category=data.validated_data.get("default_category", ""),
            )
        except PermissionError as exc:
            raise PermissionDenied from exc
        return self._answer(job, status.HTTP_201_CREATED)

    @extend_schema(request=ImportJobMappingSerializer, responses=ImportJobSerializer)
    @action(detail=True, methods=["post"])
    def mapping(self, request, pk=None):
        job = self._own()
        data = ImportJobMappingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            job = services.import_job_map(
                actor=request.user, job=job, mapping=data.validated_data["mapping"]
            )
        except PermissionError as exc:
            raise Http404 from exc
        return self._answer(job)

    @extend_schema(request=ImportJobConfirmSerializer, responses=ImportJobSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        job = self._own()
        data = ImportJobConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            job = services.import_job_confirm(
                actor=request.user, job=job, mode=data.validated_data["mode"]
            )
        except PermissionError as exc:
            raise Http404 from exc
        return self._answer(job)
