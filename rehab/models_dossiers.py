"""Compulsory-rehab dossiers: compiled by the commune police, read by the person, submitted to
the regional court, decided, enforced (the compulsory placement), completed; or withdrawn or
rejected. Each stage is an event with its date, officer, document number and files; the
deadline of the next stage (StageDeadline rows, in working days or hours) is kept on the
dossier for the due list."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet
from registry.choices import Law
from registry.models.documents import DOCUMENT_TYPES, IMAGE_TYPES, private_storage

from .choices import CLOSED_STAGES, DeadlineStep, DeadlineUnit, DossierStage

REHAB_DOSSIER = "rehab_dossier"


class StageDeadline(models.Model):
    """How long a step of the dossier may take under a law (Decree 163/2026; Decree 116/2021
    for Law 73). Administrators keep these rows in the admin; services read them."""

    law = models.CharField(_("law"), max_length=20, choices=Law.choices)
    step = models.CharField(_("step"), max_length=20, choices=DeadlineStep.choices)
    amount = models.PositiveSmallIntegerField(
        _("within"), validators=[MinValueValidator(1), MaxValueValidator(720)]
    )
    unit = models.CharField(_("unit"), max_length=20, choices=DeadlineUnit.choices)
    source = models.CharField(_("legal source"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("dossier stage deadline")
        verbose_name_plural = _("dossier stage deadlines")
        ordering = ["law", "step"]
        constraints = [
            models.UniqueConstraint(fields=["law", "step"], name="rehab_stage_deadline_unique")
        ]

    def __str__(self):
        return f"{self.law} {self.get_step_display()}: {self.amount} {self.get_unit_display()}"


class DossierQuerySet(ScopedQuerySet):
    def open(self):
        return self.exclude(stage__in=CLOSED_STAGES)


class Dossier(models.Model):
    """A compulsory-rehab dossier of a person. Scoped through the person's current commune."""

    scope_record_type = REHAB_DOSSIER
    scope_path_field = "person__scope_path"

    person = models.ForeignKey(
        "registry.Person", models.PROTECT, related_name="rehab_dossiers", verbose_name=_("person")
    )
    is_minor = models.BooleanField(_("minor (12 to under 18)"), default=False, editable=False)
    law = models.CharField(_("governing law"), max_length=20, choices=Law.choices)
    law_reason = models.TextField(_("why another law"), blank=True)
    last_violation_on = models.DateField(_("date of the last violation"))
    grounds = models.TextField(_("grounds"))
    high_risk = models.BooleanField(
        _("eligible for compulsory rehab and at high risk of offending"), default=False
    )
    stage = models.CharField(_("stage"), max_length=20, choices=DossierStage.choices)
    stage_on = models.DateField(_("date of the stage"))
    compiled_on = models.DateField(_("compiled on"))
    next_step = models.CharField(
        _("next step"), max_length=20, choices=DossierStage.choices, blank=True
    )
    next_due_on = models.DateField(_("next step due"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    court = models.CharField(_("court"), max_length=200, blank=True)
    months = models.PositiveSmallIntegerField(
        _("duration (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    months_reason = models.TextField(_("why another duration"), blank=True)
    legal_term = models.ForeignKey(
        "registry.LegalTerm", models.PROTECT, related_name="+", null=True, blank=True
    )
    placement = models.OneToOneField(
        "rehab.RehabPlacement",
        models.PROTECT,
        related_name="dossier",
        null=True,
        blank=True,
        verbose_name=_("placement"),
    )
    closed_reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("compulsory-rehab dossier")
        verbose_name_plural = _("compulsory-rehab dossiers")
        ordering = ["-compiled_on", "-id"]
        indexes = [
            models.Index(fields=["person", "compiled_on"], name="rehab_dossier_person"),
            models.Index(fields=["stage", "next_due_on"], name="rehab_dossier_due"),
        ]

    def __str__(self):
        return _("Dossier of %(name)s (%(date)s)") % {
            "name": self.person.full_name,
            "date": f"{self.compiled_on:%d/%m/%Y}",
        }

    def get_absolute_url(self):
        return reverse("rehab:dossier_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES

    @property
    def is_overdue(self) -> bool:
        return bool(self.next_due_on) and self.next_due_on < timezone.localdate()


class DossierEvent(models.Model):
    """A stage of a dossier: its date, the officer, the document and, for court questions,
    when they were asked. Read only through its dossier (which is scoped)."""

    dossier = models.ForeignKey(
        Dossier, models.CASCADE, related_name="events", verbose_name=_("dossier")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=DossierStage.choices)
    occurred_on = models.DateField(_("date"))
    officer_name = models.CharField(_("officer"), max_length=120)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    asked_on = models.DateField(_("questions received on"), null=True, blank=True)
    due_on = models.DateField(_("was due"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dossier stage")
        verbose_name_plural = _("dossier stages")
        ordering = ["occurred_on", "id"]

    def __str__(self):
        return f"{self.get_stage_display()} {self.occurred_on:%d/%m/%Y}"

    @property
    def was_late(self) -> bool:
        return bool(self.due_on) and self.occurred_on > self.due_on


def dossier_file_path(instance, filename) -> str:
    """A random name: never the original filename nor anything about the person."""
    extension = DOCUMENT_TYPES.get(instance.content_type, ("",))[0]
    return f"rehab_dossiers/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class DossierFile(models.Model):
    """A file attached to a stage (scanned minutes, notices, the decision), stored privately
    like a person's documents; read only through its dossier; downloads are logged."""

    event = models.ForeignKey(
        DossierEvent, models.CASCADE, related_name="files", verbose_name=_("stage")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=dossier_file_path, max_length=100
    )
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title or self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES
