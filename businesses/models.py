"""Conditional businesses (karaoke, bars, hotels, boarding houses, …) and their inspections.

A business with drug findings at an inspection is flagged and may be linked to a hotspot.
Status changes, the flag and the link are events; inspections are read only through a
business the user may see (businesses/selectors.py)."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet

from .choices import (
    RECORD_TYPE,
    BusinessKind,
    BusinessStatus,
    BusinessStep,
    PenaltyMeasure,
    ViolationKind,
)

# A penalty above this (VND) is refused as absurd (a typing error).
MAX_PENALTY_VND = 10_000_000_000


def inspect_every_months() -> int:
    """An open business not inspected for this many months is due work for its commune."""
    return int(getattr(settings, "BUSINESSES_INSPECT_EVERY_MONTHS", 6))


class Business(models.Model):
    scope_record_type = RECORD_TYPE
    scope_path_field = "scope_path"
    log_record_type = RECORD_TYPE

    name = models.CharField(_("business name"), max_length=200)
    kind = models.CharField(_("kind of business"), max_length=20, choices=BusinessKind.choices)
    licence_number = models.CharField(_("licence number"), max_length=60, blank=True)
    licence_date = models.DateField(_("licence date"), null=True, blank=True)
    owner_name = models.CharField(_("owner name"), max_length=200)
    owner_phone = models.CharField(_("owner phone"), max_length=20, blank=True)
    commune = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    scope_path = models.CharField(max_length=40, db_index=True, editable=False)
    address = models.CharField(_("address"), max_length=255)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=BusinessStatus.choices,
        default=BusinessStatus.OPEN,
        editable=False,
    )
    status_on = models.DateField(_("status since"), editable=False)
    registered_on = models.DateField(_("date entered in the register"))
    flagged = models.BooleanField(_("drugs found"), default=False, editable=False)
    flagged_on = models.DateField(_("flagged on"), null=True, blank=True, editable=False)
    hotspot = models.ForeignKey(
        "hotspots.Hotspot",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("linked hotspot"),
        editable=False,
    )
    # The drug case the findings led to (cases app; businesses depend on it, never back).
    case = models.ForeignKey(
        "cases.DrugCase",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("linked drug case"),
        editable=False,
    )
    last_inspected_on = models.DateField(_("last inspected"), null=True, blank=True, editable=False)
    # The last inspection (or the registration) plus the interval: when the next is due.
    inspection_due_on = models.DateField(_("next inspection due"), editable=False)
    search_folded = models.TextField(editable=False, blank=True)
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible officer"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("conditional business")
        verbose_name_plural = _("conditional businesses")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["scope_path", "status"], name="business_path_status"),
            models.Index(fields=["status", "inspection_due_on"], name="business_status_due"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("businesses:detail", args=[self.pk])

    @staticmethod
    def due_after(day: datetime.date) -> datetime.date:
        return day + relativedelta(months=inspect_every_months())


class BusinessEvent(models.Model):
    """A change of the business's status, its flag or its hotspot link."""

    business = models.ForeignKey(
        Business, models.PROTECT, related_name="events", verbose_name=_("business")
    )
    step = models.CharField(_("step"), max_length=20, choices=BusinessStep.choices)
    occurred_on = models.DateField(_("date"))
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("business event")
        verbose_name_plural = _("business events")
        ordering = ["occurred_on", "id"]

    def __str__(self):
        return f"{self.occurred_on:%d/%m/%Y} {self.get_step_display()}"


class Inspection(models.Model):
    """An inspection of a business: who, when, what was found, what was imposed."""

    business = models.ForeignKey(
        Business, models.PROTECT, related_name="inspections", verbose_name=_("business")
    )
    inspected_on = models.DateField(_("inspection date"))
    team = models.CharField(_("inspection team"), max_length=255)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("officers")
    )
    findings = models.TextField(_("findings"), blank=True)
    violations = models.JSONField(_("violations"), default=list, blank=True)
    penalty_amount = models.PositiveBigIntegerField(
        _("fine (VND)"), null=True, blank=True, validators=[MaxValueValidator(MAX_PENALTY_VND)]
    )
    penalty_measure = models.CharField(
        _("penalty"), max_length=20, choices=PenaltyMeasure.choices, blank=True
    )
    drug_findings = models.BooleanField(_("drugs found"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-id"]
        indexes = [models.Index(fields=["business", "inspected_on"], name="inspection_biz_day")]

    def __str__(self):
        return f"{self.inspected_on:%d/%m/%Y} {self.business}"

    @property
    def violation_labels(self) -> list[str]:
        labels = dict(ViolationKind.choices)
        return [str(labels.get(v, v)) for v in self.violations or ()]
