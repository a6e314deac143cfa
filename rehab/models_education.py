"""Education at commune ("giáo dục tại xã, phường, thị trấn", 002 §5): the administrative
measure (Law on Handling Administrative Violations, Art. 90; Decree 120/2021/NĐ-CP) with its
dossier, the decision of the commune chairman (number, date, body) and its period, whose
duration is the registry's legal term `EDUCATION_AT_COMMUNE` (data: 3 to 6 months). A positive
drug test during it or within a year after it asks for an addiction determination
(DOMAIN.md §3).

Scoped through the person's current commune, with the grants of rehab placements. Each step
is an event with its date, document and author."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet
from registry.choices import Law

from .choices import EDUCATION_OPEN, EducationStatus
from .models_followup import REHAB_FOLLOWUP


class EducationQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status__in=EDUCATION_OPEN)


class EducationMeasure(models.Model):
    scope_record_type = REHAB_FOLLOWUP
    scope_path_field = "person__scope_path"

    person = models.ForeignKey(
        "registry.Person",
        models.PROTECT,
        related_name="education_measures",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=20, choices=EducationStatus.choices)
    # The dossier.
    compiled_on = models.DateField(_("dossier compiled on"))
    dossier_number = models.CharField(_("dossier number"), max_length=60, blank=True)
    grounds = models.TextField(_("grounds"))
    # The decision and its period.
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_body = models.CharField(_("deciding body"), max_length=200, blank=True)
    law = models.CharField(_("governing law"), max_length=20, choices=Law.choices, blank=True)
    legal_term = models.ForeignKey(
        "registry.LegalTerm", models.PROTECT, related_name="+", null=True, blank=True
    )
    start_on = models.DateField(_("start"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(
        _("duration (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    months_reason = models.TextField(_("why another duration"), blank=True)
    planned_end_on = models.DateField(_("planned end"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_note = models.TextField(_("end note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EducationQuerySet.as_manager()

    class Meta:
        verbose_name = _("education at commune")
        verbose_name_plural = _("education at commune")
        ordering = ["-compiled_on", "-id"]
        indexes = [
            models.Index(fields=["person", "start_on"], name="rehab_education_person"),
            models.Index(fields=["status", "planned_end_on"], name="rehab_education_status"),
        ]

    def __str__(self):
        return _("Education at commune of %(name)s (%(date)s)") % {
            "name": self.person.full_name,
            "date": f"{self.compiled_on:%d/%m/%Y}",
        }

    def get_absolute_url(self):
        return reverse("rehab:education_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in EDUCATION_OPEN

    @property
    def last_day(self):
        """The last day under the measure: its actual end, else its planned end."""
        return self.ended_on or self.planned_end_on


class EducationEvent(models.Model):
    """A step of the measure (dossier compiled, decided, ended, withdrawn) with its date,
    document and author. Read only through its measure (which is scoped)."""

    measure = models.ForeignKey(
        EducationMeasure, models.CASCADE, related_name="events", verbose_name=_("measure")
    )
    status = models.CharField(_("step"), max_length=20, choices=EducationStatus.choices)
    occurred_on = models.DateField(_("date"))
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("education at commune step")
        verbose_name_plural = _("education at commune steps")
        ordering = ["occurred_on", "id"]

    def __str__(self):
        return f"{self.get_status_display()} {self.occurred_on:%d/%m/%Y}"
