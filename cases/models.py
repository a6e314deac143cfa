"""Drug cases with their stages as events, suspects (registry persons or unidentified) with
their arrest / wanted / surrender events, seizures, and planting sites.

The stage on a case is kept for filtering and is always the one its events say. Suspects,
events and seizures belong to a case: they are read only through a case the user may see
(cases/selectors.py)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet

from .choices import (
    KIND_FIELDS,
    PLANTING_RECORD_TYPE,
    RECORD_TYPE,
    CaseKind,
    CaseStage,
    CaseStep,
    DrugType,
    PlantingStep,
    Ring,
    Route,
    SeizureChangeKind,
    SuspectEventKind,
    SuspectRole,
    SuspectStatus,
    Unit,
)


class DrugCase(models.Model):
    scope_record_type = RECORD_TYPE
    scope_path_field = "scope_path"
    log_record_type = RECORD_TYPE

    number = models.CharField(_("case number"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    commune = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    scope_path = models.CharField(max_length=40, db_index=True, editable=False)
    detected_on = models.DateField(_("detection date"))
    kind_dealing = models.BooleanField(CaseKind.DEALING.label, default=False)
    kind_transport = models.BooleanField(CaseKind.TRANSPORT.label, default=False)
    kind_possession = models.BooleanField(CaseKind.POSSESSION.label, default=False)
    kind_production = models.BooleanField(CaseKind.PRODUCTION.label, default=False)
    kind_organising = models.BooleanField(CaseKind.ORGANISING.label, default=False)
    kind_harbouring = models.BooleanField(CaseKind.HARBOURING.label, default=False)
    kind_planting = models.BooleanField(CaseKind.PLANTING.label, default=False)
    kind_other = models.BooleanField(CaseKind.OTHER.label, default=False)
    route = models.CharField(_("route"), max_length=20, choices=Route.choices, blank=True)
    route_verified = models.BooleanField(_("route verified"), null=True, blank=True)
    ring = models.CharField(_("ring"), max_length=20, choices=Ring.choices, default=Ring.NONE)
    is_model_trial = models.BooleanField(_("model trial (án điểm)"), default=False)
    hotspot = models.ForeignKey(
        "hotspots.Hotspot",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hotspot it came from"),
    )
    description = models.TextField(_("description"), blank=True)
    search_folded = models.TextField(editable=False, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=CaseStage.choices, editable=False)
    stage_on = models.DateField(_("stage since"), editable=False)
    charged_on = models.DateField(_("charge date"), null=True, blank=True, editable=False)
    wanted_count = models.PositiveIntegerField(_("suspects wanted"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("drug case")
        verbose_name_plural = _("drug cases")
        ordering = ["-detected_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year", "number"], name="drugcase_number_unit_year"
            )
        ]
        indexes = [
            models.Index(fields=["scope_path", "stage"], name="drugcase_path_stage"),
            models.Index(fields=["scope_path", "detected_on"], name="drugcase_path_detected"),
        ]

    def __str__(self):
        return f"{self.number}/{self.year}"

    def get_absolute_url(self):
        return reverse("cases:detail", args=[self.pk])

    @property
    def kinds(self) -> list[str]:
        return [value for value, field in KIND_FIELDS.items() if getattr(self, field)]

    @property
    def kind_labels(self) -> list[str]:
        labels = dict(CaseKind.choices)
        return [str(labels[value]) for value in self.kinds]


class CaseEvent(models.Model):
    """One stage of a case: date, document, outcome (trial) or reason (suspend, transfer)."""

    case = models.ForeignKey(DrugCase, models.PROTECT, related_name="events")
    step = models.CharField(_("step"), max_length=20, choices=CaseStep.choices)
    stage_after = models.CharField(_("stage after"), max_length=20, choices=CaseStage.choices)
    occurred_on = models.DateField(_("date"))
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("case stage")
        verbose_name_plural = _("case stages")
        ordering = ["occurred_on", "id"]
        indexes = [models.Index(fields=["step", "occurred_on"], name="caseevent_step_day")]

    def __str__(self):
        return f"{self.occurred_on:%d/%m/%Y} {self.get_step_display()}"


class Suspect(models.Model):
    """A suspect of a case: a registry person, or an unidentified name and description."""

    case = models.ForeignKey(DrugCase, models.PROTECT, related_name="suspects")
    person = models.ForeignKey(
        "registry.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    full_name = models.CharField(_("name"), max_length=120, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=SuspectRole.choices)
    is_ring_leader = models.BooleanField(_("ring leader"), default=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SuspectStatus.choices,
        default=SuspectStatus.AT_LARGE,
        editable=False,
    )
    status_on = models.DateField(_("status since"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("suspect")
        verbose_name_plural = _("suspects")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | ~models.Q(full_name="", description=""),
                name="suspect_person_or_description",
            )
        ]

    def __str__(self):
        return self.full_name or self.description


class SuspectEvent(models.Model):
    """An arrest, a wanted notice (truy nã) or a surrender (đầu thú) of a suspect."""

    suspect = models.ForeignKey(Suspect, models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=SuspectEventKind.choices)
    occurred_on = models.DateField(_("date"))
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("suspect event")
        verbose_name_plural = _("suspect events")
        ordering = ["occurred_on", "id"]

    def __str__(self):
        return f"{self.occurred_on:%d/%m/%Y} {self.get_kind_display()}"


class SeizureQuerySet(models.QuerySet):
    def standing(self):
        """Seizures not withdrawn: the ones every total, figure and list counts."""
        return self.filter(removed_at__isnull=True)


class Seizure(models.Model):
    """A seized quantity of one drug type. The row holds the current figures (the totals add
    them up); every correction and the withdrawal keep the earlier values in SeizureChange. A
    withdrawn seizure stays, counted nowhere, shown struck out on its case."""

    case = models.ForeignKey(DrugCase, models.PROTECT, related_name="seizures")
    drug_type = models.CharField(_("drug type"), max_length=20, choices=DrugType.choices)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    seized_on = models.DateField(_("seizure date"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    removed_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    removed_reason = models.TextField(_("why it was withdrawn"), blank=True, editable=False)

    objects = SeizureQuerySet.as_manager()

    class Meta:
        verbose_name = _("seizure")
        verbose_name_plural = _("seizures")
        ordering = ["id"]
        indexes = [models.Index(fields=["seized_on"], name="seizure_day")]

    def __str__(self):
        return f"{self.get_drug_type_display()} {self.quantity_plain} {self.get_unit_display()}"

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def quantity_plain(self):
        """12.500 -> 12.5 and 2000.000 -> 2000 (never 2E+3)."""
        q = self.quantity
        return q.quantize(type(q)(1)) if q == q.to_integral() else q.normalize()


class SeizureChange(models.Model):
    """A correction or the withdrawal of a seizure: its figures before and after (drug type,
    quantity, unit, date, note), the reason, who and when. Nothing of a seizure is lost."""

    seizure = models.ForeignKey(Seizure, models.PROTECT, related_name="changes")
    kind = models.CharField(_("change"), max_length=20, choices=SeizureChangeKind.choices)
    before = models.JSONField(_("before"), default=dict)
    after = models.JSONField(_("after"), default=dict, blank=True)
    reason = models.TextField(_("reason"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("seizure change")
        verbose_name_plural = _("seizure changes")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y} {self.get_kind_display()}"

    FIGURES = ("drug_type", "quantity", "unit", "seized_on", "note")

    @classmethod
    def figures_of(cls, seizure: "Seizure") -> dict:
        """The values a correction may change, JSON-safe (the quantity without trailing zeros,
        the date as ISO)."""
        return {
            "drug_type": seizure.drug_type,
            "quantity": str(seizure.quantity_plain),
            "unit": seizure.unit,
            "seized_on": seizure.seized_on.isoformat(),
            "note": seizure.note,
        }

    @staticmethod
    def describe(values: dict) -> str:
        """“Heroin 500 g, 01/02/2026” from stored figures (the labels in today's language)."""
        if not values:
            return ""
        drugs, units = dict(DrugType.choices), dict(Unit.choices)
        day = values.get("seized_on") or ""
        if day:
            day = datetime.date.fromisoformat(day).strftime("%d/%m/%Y")
        quantity = number_format(Decimal(values.get("quantity") or 0))
        drug = drugs.get(values.get("drug_type"), values.get("drug_type"))
        unit = units.get(values.get("unit"), values.get("unit"))
        text = f"{drug} {quantity} {unit}, {day}"
        return f"{text} ({values['note']})" if values.get("note") else text

    @property
    def differences(self) -> list[tuple[str, str, str]]:
        """What a correction changed, field by field: (label, before, after), in today's
        language (“Quantity”, “500 g”, “50 g”)."""
        from django.utils.translation import gettext

        b, a = self.before, self.after
        if not a:
            return []
        drugs, units = dict(DrugType.choices), dict(Unit.choices)

        def amount(values):
            quantity = number_format(Decimal(values.get("quantity") or 0))
            return f"{quantity} {units.get(values.get('unit'), values.get('unit'))}"

        def day(values):
            return datetime.date.fromisoformat(values["seized_on"]).strftime("%d/%m/%Y")

        rows = []
        if b.get("drug_type") != a.get("drug_type"):
            rows.append(
                (
                    gettext("Drug type"),
                    str(drugs.get(b.get("drug_type"), b.get("drug_type"))),
                    str(drugs.get(a.get("drug_type"), a.get("drug_type"))),
                )
            )
        if (b.get("quantity"), b.get("unit")) != (a.get("quantity"), a.get("unit")):
            rows.append((gettext("Quantity"), amount(b), amount(a)))
        if b.get("seized_on") != a.get("seized_on"):
            rows.append((gettext("Seizure date"), day(b), day(a)))
        if b.get("note") != a.get("note"):
            rows.append((gettext("Note"), b.get("note") or "—", a.get("note") or "—"))
        return rows

    @property
    def before_text(self) -> str:
        return self.describe(self.before)

    @property
    def after_text(self) -> str:
        return self.describe(self.after)


class PlantingSite(models.Model):
    """A site where drug-yielding plants were found; destroyed; re-planted (003 §II.5)."""

    scope_record_type = PLANTING_RECORD_TYPE
    scope_path_field = "scope_path"
    log_record_type = PLANTING_RECORD_TYPE

    commune = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    scope_path = models.CharField(max_length=40, db_index=True, editable=False)
    location = models.CharField(_("location"), max_length=255)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    plant = models.CharField(_("plant"), max_length=120, blank=True)
    area_m2 = models.DecimalField(
        _("area (m²)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    plant_count = models.PositiveIntegerField(_("number of plants"), null=True, blank=True)
    found_on = models.DateField(_("date found"))
    destroyed_on = models.DateField(_("date destroyed"), null=True, blank=True, editable=False)
    replanted_count = models.PositiveIntegerField(_("times re-planted"), default=0, editable=False)
    description = models.TextField(_("description"), blank=True)
    search_folded = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("planting site")
        verbose_name_plural = _("planting sites")
        ordering = ["-found_on", "-id"]

    def __str__(self):
        return self.location

    def get_absolute_url(self):
        return reverse("cases:planting_detail", args=[self.pk])


class PlantingEvent(models.Model):
    site = models.ForeignKey(PlantingSite, models.PROTECT, related_name="events")
    step = models.CharField(_("step"), max_length=20, choices=PlantingStep.choices)
    occurred_on = models.DateField(_("date"))
    area_m2 = models.DecimalField(
        _("area (m²)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    plant_count = models.PositiveIntegerField(_("number of plants"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("planting site event")
        verbose_name_plural = _("planting site events")
        ordering = ["occurred_on", "id"]

    def __str__(self):
        return f"{self.occurred_on:%d/%m/%Y} {self.get_step_display()}"
