"""Key areas designated by the province, their transformation plan (measures with owner and
deadline), evaluations, declaration as transformed, then the watch for relapse ("tái phức
tạp", counted; it reopens the area). Measures, evaluations and events are read only through a
key area the user may see (keyareas/selectors.py)."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet

from .choices import (
    RECORD_TYPE,
    CheckFinding,
    EvaluationResult,
    KeyAreaStatus,
    KeyAreaStep,
    MeasureStatus,
)


def watch_months() -> int:
    return int(getattr(settings, "HOTSPOTS_WATCH_MONTHS", 12))


def check_every_days() -> int:
    return int(getattr(settings, "HOTSPOTS_CHECK_EVERY_DAYS", 30))


class KeyArea(models.Model):
    scope_record_type = RECORD_TYPE
    scope_path_field = "scope_path"
    log_record_type = RECORD_TYPE

    name = models.CharField(_("name of the key area"), max_length=200)
    communes = models.ManyToManyField(
        "areas.AdminUnit", related_name="+", verbose_name=_("communes")
    )
    # The deepest unit holding every commune: the commune itself when there is one.
    scope_path = models.CharField(max_length=40, db_index=True, editable=False)
    reason = models.TextField(_("reason for the designation"))
    designated_on = models.DateField(_("designation date"))
    designation_document = models.CharField(_("designation document"), max_length=60)
    status = models.CharField(
        _("status"), max_length=20, choices=KeyAreaStatus.choices, editable=False
    )
    status_on = models.DateField(_("status since"), editable=False)
    transformed_on = models.DateField(_("declared transformed on"), null=True, editable=False)
    transformation_document = models.CharField(
        _("transformation document"), max_length=60, blank=True, editable=False
    )
    relapse_count = models.PositiveIntegerField(_("times complex again"), default=0, editable=False)
    watch_until = models.DateField(_("watched until"), null=True, blank=True, editable=False)
    last_checked_on = models.DateField(_("last watch check"), null=True, editable=False)
    search_folded = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("key area")
        verbose_name_plural = _("key areas")
        ordering = ["-designated_on", "-id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("keyareas:detail", args=[self.pk])

    @property
    def next_check_on(self) -> datetime.date | None:
        if self.status != KeyAreaStatus.TRANSFORMED or self.last_checked_on is None:
            return None
        return self.last_checked_on + datetime.timedelta(days=check_every_days())


class KeyAreaEvent(models.Model):
    key_area = models.ForeignKey(KeyArea, models.PROTECT, related_name="events")
    step = models.CharField(_("step"), max_length=20, choices=KeyAreaStep.choices)
    occurred_on = models.DateField(_("date"))
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    finding = models.CharField(
        _("finding"), max_length=20, choices=CheckFinding.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("key area event")
        verbose_name_plural = _("key area events")
        ordering = ["occurred_on", "id"]

    def __str__(self):
        return f"{self.occurred_on:%d/%m/%Y} {self.get_step_display()}"


class Measure(models.Model):
    """A measure of the transformation plan: what, who, by when."""

    key_area = models.ForeignKey(KeyArea, models.PROTECT, related_name="measures")
    title = models.CharField(_("measure"), max_length=255)
    owner = models.CharField(_("unit or officer in charge"), max_length=200)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("measure of the plan")
        verbose_name_plural = _("measures of the plan")
        ordering = ["deadline", "id"]

    def __str__(self):
        return self.title


class Evaluation(models.Model):
    key_area = models.ForeignKey(KeyArea, models.PROTECT, related_name="evaluations")
    evaluated_on = models.DateField(_("evaluation date"))
    result = models.CharField(_("result"), max_length=20, choices=EvaluationResult.choices)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-evaluated_on", "-id"]

    def __str__(self):
        return f"{self.evaluated_on:%d/%m/%Y} {self.get_result_display()}"
