"""Substitution treatment (methadone, buprenorphine), the drug-induced psychosis list, and the
imports of the lists Health hands the police. Treatment and psychosis records are scoped
through the person's current commune: Health writes those of its province, the commune police
and the province read them (see apps.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet, path_q

from .choices import (
    Drug,
    ImportKind,
    ImportState,
    PsychosisEndReason,
    TreatmentEventKind,
    TreatmentStatus,
)

TREATMENT_SUBSTITUTION = "treatment_substitution"
TREATMENT_PSYCHOSIS = "treatment_psychosis"


class SubstitutionTreatmentQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(ended_on__isnull=True)


class SubstitutionTreatment(models.Model):
    """One enrolment of a person at a substitution-treatment site: the patient code there, the
    start, the current status (the latest of its events) and, once it ended, the end date."""

    scope_record_type = TREATMENT_SUBSTITUTION
    scope_path_field = "person__scope_path"

    person = models.ForeignKey(
        "registry.Person",
        models.PROTECT,
        related_name="substitution_treatments",
        verbose_name=_("person"),
    )
    facility = models.ForeignKey(
        "rehab.Facility",
        models.PROTECT,
        related_name="substitution_treatments",
        verbose_name=_("facility"),
    )
    patient_code = models.CharField(_("patient code at the facility"), max_length=40)
    drug = models.CharField(
        _("medicine"), max_length=20, choices=Drug.choices, default=Drug.METHADONE
    )
    start_on = models.DateField(_("start of treatment"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TreatmentStatus.choices,
        default=TreatmentStatus.IN_TREATMENT,
        editable=False,
    )
    status_on = models.DateField(_("status since"), editable=False)
    ended_on = models.DateField(_("ended on"), null=True, blank=True, editable=False)
    transferred_to = models.ForeignKey(
        "rehab.Facility",
        models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("transferred to"),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubstitutionTreatmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("substitution treatment")
        verbose_name_plural = _("substitution treatments")
        ordering = ["-start_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="treatment_one_active_enrolment",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "start_on"], name="treatment_status_start"),
            models.Index(fields=["facility", "patient_code"], name="treatment_facility_code"),
        ]

    def __str__(self):
        return f"{self.patient_code} ({self.start_on:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("treatment:substitution_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class TreatmentEvent(models.Model):
    """A step of an enrolment (enrolled, dropped out, transferred, completed, died, back in
    treatment), with its date and author. Read only through its enrolment (which is scoped)."""

    treatment = models.ForeignKey(
        SubstitutionTreatment, models.CASCADE, related_name="events", verbose_name=_("treatment")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TreatmentEventKind.choices)
    occurred_on = models.DateField(_("date"))
    to_facility = models.ForeignKey(
        "rehab.Facility",
        models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("to facility"),
    )
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("treatment event")
        verbose_name_plural = _("treatment events")
        ordering = ["occurred_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_on:%d/%m/%Y}"


class DoseChange(models.Model):
    """A daily dose from a date (mg). Read only through its enrolment."""

    treatment = models.ForeignKey(
        SubstitutionTreatment, models.CASCADE, related_name="doses", verbose_name=_("treatment")
    )
    changed_on = models.DateField(_("from"))
    dose_mg = models.DecimalField(_("daily dose (mg)"), max_digits=6, decimal_places=1)
    note = models.CharField(_("note"), max_length=255, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dose change")
        verbose_name_plural = _("dose changes")
        ordering = ["changed_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(dose_mg__gt=0), name="treatment_dose_positive"),
        ]

    def __str__(self):
        return f"{self.dose_mg} mg ({self.changed_on:%d/%m/%Y})"


class PsychosisRecordQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(ended_on__isnull=True)


class PsychosisRecord(models.Model):
    """A diagnosis of drug-induced psychosis ("ngáo đá") handed to the police: it puts the
    person under special management until it is ended (recovered, treated)."""

    scope_record_type = TREATMENT_PSYCHOSIS
    scope_path_field = "person__scope_path"

    person = models.ForeignKey(
        "registry.Person",
        models.PROTECT,
        related_name="psychosis_records",
        verbose_name=_("person"),
    )
    diagnosed_on = models.DateField(_("date of diagnosis"))
    facility = models.ForeignKey(
        "rehab.Facility",
        models.PROTECT,
        related_name="psychosis_records",
        verbose_name=_("facility"),
    )
    physician_name = models.CharField(_("physician"), max_length=120)
    note = models.TextField(_("note"), blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True, editable=False)
    end_reason = models.CharField(
        _("reason it ended"),
        max_length=20,
        choices=PsychosisEndReason.choices,
        blank=True,
        editable=False,
    )
    end_note = models.TextField(_("end note"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, editable=False
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PsychosisRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("drug-induced psychosis record")
        verbose_name_plural = _("drug-induced psychosis records")
        ordering = ["-diagnosed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="treatment_one_open_psychosis",
            ),
        ]

    def __str__(self):
        return f"{self.person_id} ({self.diagnosed_on:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("treatment:psychosis_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class TreatmentImportQuerySet(models.QuerySet):
    """An import's report names people who may not be registered: only the users who write
    treatment records (Health) see imports, within their unit. Not a person record, so not a
    ScopedQuerySet: the rule is the write grant plus the unit path."""

    def for_user(self, user):
        from accounts.scoping import Access, can

        if not can(user, TREATMENT_SUBSTITUTION, Access.WRITE):
            return self.none()
        return self.filter(path_q("scope_path", user.scope_unit.path))


class TreatmentImport(models.Model):
    """One uploaded list: the rows as checked (the preview) and what the user chose."""

    kind = models.CharField(_("list"), max_length=20, choices=ImportKind.choices)
    facility = models.ForeignKey(
        "rehab.Facility", models.PROTECT, related_name="+", verbose_name=_("facility")
    )
    month = models.DateField(_("month"), null=True, blank=True)
    scope_path = models.CharField(max_length=40, editable=False, db_index=True)
    original_name = models.CharField(_("original file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    state = models.CharField(
        _("state"), max_length=12, choices=ImportState.choices, default=ImportState.PREVIEW
    )
    # {"rows": [{"row", "status", "name", "birth_year", "national_id", "person_id",
    #            "values", "issues", "field"}], "counts": {status: n}}
    report = models.JSONField(_("report"), default=dict, blank=True)
    # {"written": n, "ids": [...]}
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = TreatmentImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("treatment list import")
        verbose_name_plural = _("treatment list imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("treatment:import_detail", args=[self.pk])

    def rows(self) -> list[dict]:
        return self.report.get("rows", [])

    def counts(self) -> dict:
        return self.report.get("counts", {})
