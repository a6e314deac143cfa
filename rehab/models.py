"""Facilities and the lists a province publishes of them.

A facility is not a personal record: it carries no person jurisdiction. Every signed-in user
reads the facilities of their own province (the first segment of the unit path); only
administrators and the owning sector write them (see `rehab.selectors.facility_can_manage`).
The published lists are public."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet, path_q
from registry.choices import Law

from .choices import (
    CRITERIA,
    KIND_LIST,
    LIST_SECTOR,
    VOLUNTARY_FORMS,
    Degree,
    DeterminationResult,
    FacilityKind,
    FacilityList,
    FacilityMeasure,
    PlacementEventKind,
    PlacementForm,
    PlacementOutcome,
)


def province_path(user) -> str:
    unit = getattr(user, "scope_unit", None)
    return unit.path.split(".")[0] if unit is not None and unit.path else ""


class FacilityQuerySet(models.QuerySet):
    def in_province(self, path: str):
        if not path:
            return self.none()
        return self.filter(path_q("unit__path", path.split(".")[0]))

    def readable_by(self, user):
        """Every active, scoped user reads the facilities of their own province."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.in_province(province_path(user))

    def on_list(self, facility_list: str):
        kinds = [kind for kind, lst in KIND_LIST.items() if lst == facility_list]
        return self.filter(kind__in=kinds)


class Facility(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=FacilityKind.choices)
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    unit = models.ForeignKey(
        "areas.AdminUnit",
        models.PROTECT,
        related_name="rehab_facilities",
        verbose_name=_("unit"),
        help_text=_("The commune where it stands, or the province for a provincial facility."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    licence_number = models.CharField(_("licence number"), max_length=60, blank=True)
    licence_date = models.DateField(_("licence date"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, validators=[MaxValueValidator(100000)]
    )
    measures = models.JSONField(_("measures it may perform"), default=list, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    agency = models.ForeignKey(
        "accounts.Agency",
        models.SET_NULL,
        related_name="rehab_facilities",
        null=True,
        blank=True,
        verbose_name=_("agency"),
        help_text=_("The agency whose facility officers manage the learners placed here."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FacilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["kind", "is_active"], name="rehab_facility_kind")]

    def __str__(self):
        return self.name

    @property
    def facility_list(self) -> str:
        return KIND_LIST[self.kind]

    @property
    def owner_sector(self) -> str:
        return LIST_SECTOR[self.facility_list]

    def measure_labels(self) -> list[str]:
        labels = dict(FacilityMeasure.choices)
        return [str(labels.get(m, m)) for m in self.measures]

    def performs(self, measure: str) -> bool:
        return self.is_active and measure in self.measures


class FacilityListPublicationQuerySet(models.QuerySet):
    def in_province(self, path: str):
        if not path:
            return self.none()
        return self.filter(province__path=path.split(".")[0])

    def latest_first(self):
        return self.order_by("-published_on", "-id")


class FacilityListPublication(models.Model):
    """One publication of a list: its decision (number, date), and the entries as published,
    frozen. The public page and PDF show the latest publication, so later edits of a
    facility do not silently change what the province announced."""

    facility_list = models.CharField(_("list"), max_length=20, choices=FacilityList.choices)
    province = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", verbose_name=_("province")
    )
    number = models.CharField(_("decision or notice number"), max_length=60)
    published_on = models.DateField(_("date of publication"))
    publisher = models.CharField(_("published by"), max_length=200)
    entries = models.JSONField(_("entries as published"), default=list, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FacilityListPublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("facility list publication")
        verbose_name_plural = _("facility list publications")
        ordering = ["-published_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(number=""), name="rehab_publication_number_required"
            ),
        ]

    def __str__(self):
        return f"{self.get_facility_list_display()} — {self.number}"

    def rows(self) -> list[dict]:
        """The entries as published, with the kind and measures named in the reader's
        language."""
        kinds = dict(FacilityKind.choices)
        measures = dict(FacilityMeasure.choices)
        return [
            {
                **entry,
                "kind_label": str(kinds.get(entry.get("kind"), entry.get("kind", ""))),
                "measure_labels": [str(measures.get(m, m)) for m in entry.get("measures", [])],
            }
            for entry in self.entries
        ]


# ---- Addiction determinations -------------------------------------------------------------

REHAB_DETERMINATION = "rehab_determination"


class AddictionDeterminationQuerySet(ScopedQuerySet):
    pass


class AddictionDetermination(models.Model):
    """An addiction-status determination by a licensed facility (Circular 18/2021/TT-BYT): the
    six criteria each met or not, the period observed, the computed result and the degree.
    Scoped through the person's current commune; Health writes them for the facilities of its
    province, the commune police and the province read them."""

    scope_record_type = REHAB_DETERMINATION
    scope_path_field = "person__scope_path"

    person = models.ForeignKey(
        "registry.Person",
        models.PROTECT,
        related_name="addiction_determinations",
        verbose_name=_("person"),
    )
    facility = models.ForeignKey(
        Facility, models.PROTECT, related_name="determinations", verbose_name=_("facility")
    )
    number = models.CharField(_("result slip number"), max_length=60)
    determined_on = models.DateField(_("date of determination"))
    physician_name = models.CharField(_("physician"), max_length=120)
    physician_certificate = models.CharField(_("practising certificate number"), max_length=60)
    certificate_valid_from = models.DateField(_("certificate valid from"))
    certificate_valid_to = models.DateField(_("certificate valid until"), null=True, blank=True)
    craving = models.BooleanField(CRITERIA[0][1], default=False)
    loss_of_control = models.BooleanField(CRITERIA[1][1], default=False)
    withdrawal = models.BooleanField(CRITERIA[2][1], default=False)
    tolerance = models.BooleanField(CRITERIA[3][1], default=False)
    neglect = models.BooleanField(CRITERIA[4][1], default=False)
    harm = models.BooleanField(CRITERIA[5][1], default=False)
    observed_from = models.DateField(_("observed from"))
    observed_to = models.DateField(_("observed until"))
    recurred_within_12_months = models.BooleanField(
        _("the criteria recurred within 12 months"), default=False
    )
    result = models.CharField(
        _("result"), max_length=20, choices=DeterminationResult.choices, editable=False
    )
    degree = models.CharField(_("degree"), max_length=10, choices=Degree.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AddictionDeterminationQuerySet.as_manager()

    class Meta:
        verbose_name = _("addiction determination")
        verbose_name_plural = _("addiction determinations")
        ordering = ["-determined_on", "-id"]
        indexes = [
            models.Index(fields=["person", "determined_on"], name="rehab_determination_person"),
        ]

    def __str__(self):
        return f"{self.number} ({self.determined_on:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("rehab:determination_detail", args=[self.pk])

    @property
    def criteria(self) -> list[tuple[str, bool]]:
        return [(label, getattr(self, field)) for field, label in CRITERIA]

    @property
    def criteria_met(self) -> int:
        return sum(1 for field, _label in CRITERIA if getattr(self, field))


# ---- Rehab placements -------------------------------------------------------------------

REHAB_PLACEMENT = "rehab_placement"


class RehabPlacementQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(ended_on__isnull=True)


class RehabPlacement(models.Model):
    """A person's rehab placement (or treatment of drug-induced psychosis): its form, the law
    that governs it, the start, the planned end derived from the legal term (LegalTerm rows),
    the actual end and its outcome. Scoped through the person's current commune."""

    scope_record_type = REHAB_PLACEMENT
    scope_path_field = "person__scope_path"

    person = models.ForeignKey(
        "registry.Person",
        models.PROTECT,
        related_name="rehab_placements",
        verbose_name=_("person"),
    )
    form = models.CharField(_("form"), max_length=30, choices=PlacementForm.choices)
    facility = models.ForeignKey(
        Facility,
        models.PROTECT,
        related_name="placements",
        null=True,
        blank=True,
        verbose_name=_("facility"),
    )
    legal_term = models.ForeignKey(
        "registry.LegalTerm",
        models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("legal term"),
    )
    occurrence = models.PositiveSmallIntegerField(_("how many times"), default=1)
    law = models.CharField(_("governing law"), max_length=20, choices=Law.choices)
    law_reason = models.TextField(_("why another law"), blank=True)
    start_on = models.DateField(_("start"))
    months = models.PositiveSmallIntegerField(
        _("duration (months)"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    months_reason = models.TextField(_("why another duration"), blank=True)
    planned_end_on = models.DateField(_("planned end"))
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    decision_body = models.CharField(_("deciding body"), max_length=200)
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=PlacementOutcome.choices, blank=True
    )
    end_note = models.TextField(_("end note"), blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RehabPlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("rehab placement")
        verbose_name_plural = _("rehab placements")
        ordering = ["-start_on", "-id"]
        indexes = [
            models.Index(fields=["person", "start_on"], name="rehab_placement_person"),
            models.Index(fields=["ended_on", "planned_end_on"], name="rehab_placement_open"),
        ]

    def __str__(self):
        return f"{self.get_form_display()} ({self.start_on:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("rehab:placement_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    @property
    def is_voluntary(self) -> bool:
        return self.form in VOLUNTARY_FORMS


class PlacementEvent(models.Model):
    """A step of a placement (started, ended with its outcome), with its basis and author.
    Read only through its placement (which is scoped)."""

    placement = models.ForeignKey(
        RehabPlacement, models.CASCADE, related_name="events", verbose_name=_("placement")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PlacementEventKind.choices)
    occurred_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    basis_number = models.CharField(_("basis number"), max_length=60, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("placement event")
        verbose_name_plural = _("placement events")
        ordering = ["occurred_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_on:%d/%m/%Y}"


from .models_dossiers import (  # noqa: E402,F401
    REHAB_DOSSIER,
    Dossier,
    DossierEvent,
    DossierFile,
    StageDeadline,
)
from .models_education import EducationEvent, EducationMeasure  # noqa: E402,F401
from .models_followup import (  # noqa: E402,F401
    REHAB_FOLLOWUP,
    PostRehabCertificate,
    PostRehabRelapse,
    PostRehabSupport,
)
from .models_reach import ServiceReached, VoluntaryRegistration  # noqa: E402,F401
