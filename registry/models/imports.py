"""Imports of people from spreadsheets: one job per uploaded file, from the upload through the
preview to the write, with its per-row report. The job is scoped by the uploading user's unit."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import Access, RecordType, ScopedQuerySet, grant_for, path_q

from ..choices import IMPORT_RUNNING, ImportStatus
from .documents import private_storage


def person_import_path(instance, filename) -> str:
    """A random name: never the original filename (it often names a commune or a person)."""
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.xlsx"


class ImportJobQuerySet(ScopedQuerySet):
    """An import's report holds people who are not registered yet: only users who may write
    people in full (no sector or facility restriction) see imports, within their unit."""

    @staticmethod
    def grant_allows(user) -> bool:
        grant = grant_for(user, RecordType.PERSON)
        return grant.access >= Access.WRITE and grant.fields == "full" and not grant.only

    def visible_to(self, user, access: Access = Access.READ):
        if not self.grant_allows(user):
            return self.none()
        return self.filter(path_q(self.model.scope_path_field, user.scope_unit.path))

    def running(self):
        return self.filter(status__in=IMPORT_RUNNING)


class ImportJob(models.Model):
    scope_record_type = RecordType.PERSON
    scope_path_field = "scope_path"
    # The record type written to the change and access logs.
    log_record_type = "import_job"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="person_imports",
        verbose_name=_("uploaded by"),
    )
    # The uploading user's unit when the file came: whoever sees that unit sees the import.
    unit = models.ForeignKey("areas.AdminUnit", models.PROTECT, related_name="+")
    scope_path = models.CharField(max_length=40, editable=False, db_index=True)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=person_import_path, max_length=100
    )
    original_name = models.CharField(_("original file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # What applies to rows that leave a value out.
    default_unit = models.ForeignKey(
        "areas.AdminUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune for rows without one"),
    )
    default_category = models.CharField(
        _("category for rows without one"), max_length=30, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    # Where the header is and what each column of the file holds.
    sheet_name = models.CharField(_("sheet"), max_length=100, blank=True)
    header_row = models.PositiveIntegerField(_("header row"), null=True, blank=True)
    columns = models.JSONField(_("columns of the file"), default=list, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    # Progress and figures.
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    good_rows = models.PositiveIntegerField(_("good rows"), default=0)
    bad_rows = models.PositiveIntegerField(_("bad rows"), default=0)
    warning_rows = models.PositiveIntegerField(_("rows with warnings"), default=0)
    skipped_rows = models.PositiveIntegerField(_("rows skipped"), default=0)
    # The per-row report: {"rows": [{"row", "status", "name", "values", "issues"}, …]}.
    report = models.JSONField(_("report"), default=dict, blank=True)
    # What the user chose and what came of it: {"mode", "written", "person_ids"}.
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    # The last sign of life of the task working on the job (a dead worker leaves it behind).
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import of people")
        verbose_name_plural = _("imports of people")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["scope_path", "created_at"], name="import_scope_created")]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("registry:person_import_detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in IMPORT_RUNNING

    @property
    def percent(self) -> int:
        """How far the current pass is, 0–100 (rows checked, or rows written while writing)."""
        total = self.good_rows if self.status == ImportStatus.WRITING else self.total_rows
        return min(100, 100 * self.processed_rows // total) if total else 0
