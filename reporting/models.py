"""Periodic reports (issue 7): the periods of Decree 09/2019, and each unit's report with its
versions, figures (data, built from the registry's history) and narrative."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet
from registry.models.documents import private_storage

from .kinds import Template

RECORD_TYPE = "report"


class PeriodKind(models.TextChoices):
    H1 = "h1", _("Six months")
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")
    RANGE = "range", _("Other range")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RECEIVED = "received", _("Received")
    RETURNED = "returned", _("Returned")
    SUPERSEDED = "superseded", _("Replaced by a new version")


class BuildState(models.TextChoices):
    NONE = "", _("Not built")
    QUEUED = "queued", _("Waiting to be built")
    RUNNING = "running", _("Building")
    DONE = "done", _("Built")
    FAILED = "failed", _("Build failed")


class ReportEventKind(models.TextChoices):
    CREATED = "created", _("Created")
    BUILT = "built", _("Figures built")
    BUILD_FAILED = "build_failed", _("Build failed")
    EDITED = "edited", _("Narrative edited")
    SUBMITTED = "submitted", _("Submitted")
    RECEIVED = "received", _("Received")
    RETURNED = "returned", _("Returned")
    NEW_VERSION = "new_version", _("New version for correction")
    OPENED = "opened", _("Opened for the period")
    REMINDED = "reminded", _("Reminded of the due date")
    LATE = "late", _("Marked late")


class ReportPeriod(models.Model):
    """A reporting period: the data window, the due date and whether the due day is on time.
    Configuration, not personal data: unscoped."""

    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(_("data from"))
    ends_on = models.DateField(_("data until"))
    due_on = models.DateField(_("due date"))
    due_day_on_time = models.BooleanField(
        _("the due day itself is on time"),
        default=True,
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-year", "-ends_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "starts_on", "ends_on"], name="report_period_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="report_period_window",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y})"

    @property
    def title(self) -> str:
        if self.kind == PeriodKind.H1:
            return _("Six months %(year)s") % {"year": self.year}
        if self.kind == PeriodKind.YEAR:
            return _("Year %(year)s") % {"year": self.year}
        return f"{self.get_kind_display()} {self.year}"

    def is_on_time(self, day) -> bool:
        return day < self.due_on or (self.due_day_on_time and day == self.due_on)


class ReportQuerySet(ScopedQuerySet):
    def latest_versions(self):
        return self.exclude(status=ReportStatus.SUPERSEDED)


class Report(models.Model):
    """One version of a unit's report for a period. Submitted, its figures and narrative are
    frozen; a returned report is corrected in a NEW version (the old one is kept)."""

    scope_record_type = RECORD_TYPE
    scope_path_field = "scope_path"

    period = models.ForeignKey(
        ReportPeriod, models.PROTECT, related_name="reports", verbose_name=_("period")
    )
    unit = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    # A department's or mass organisation's report: the agency that reports (its unit is the
    # province); empty for a commune's or the province's police report.
    agency = models.ForeignKey(
        "accounts.Agency",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reporting department or organisation"),
    )
    template = models.CharField(
        _("template"), max_length=20, choices=Template.choices, default=Template.COMMUNE
    )
    scope_path = models.CharField(max_length=40, editable=False, db_index=True)
    agency_name = models.CharField(_("reporting agency"), max_length=200)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="next_version"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    build_state = models.CharField(
        _("figures"), max_length=10, choices=BuildState.choices, blank=True, default=""
    )
    build_error = models.TextField(_("build error"), blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    built_at = models.DateTimeField(_("built"), null=True, blank=True)
    situation = models.TextField(_("I. Situation"), blank=True)
    results = models.TextField(_("II. Results"), blank=True)
    limitations = models.TextField(_("III. Limitations and causes"), blank=True)
    tasks_ahead = models.TextField(_("IV. Tasks ahead"), blank=True)
    recommendations = models.TextField(_("V. Recommendations"), blank=True)
    document_number = models.CharField(
        _("document number"), max_length=60, blank=True, help_text=_("e.g. 15/BC-CAX")
    )
    signer = models.CharField(_("signer"), max_length=120, blank=True)
    signer_title = models.CharField(
        _("signer's position"), max_length=120, blank=True, help_text=_("e.g. TRƯỞNG CÔNG AN")
    )
    # Generated by the build (and again at submission, then frozen); served by a scoped,
    # logged view only.
    pdf_file = models.FileField(
        _("PDF"), storage=private_storage, upload_to="reports/%Y/%m", blank=True, editable=False
    )
    xlsx_file = models.FileField(
        _("XLSX"), storage=private_storage, upload_to="reports/%Y/%m", blank=True, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_on_time = models.BooleanField(_("on time"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    # Set by the scheduled task: the reminder before the due date and the lateness after it.
    reminded_on = models.DateField(_("reminded"), null=True, blank=True, editable=False)
    marked_late_at = models.DateTimeField(_("marked late"), null=True, blank=True, editable=False)
    return_reason = models.TextField(_("reason for return"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    NARRATIVE_FIELDS = ("situation", "results", "limitations", "tasks_ahead", "recommendations")
    HEADER_FIELDS = ("document_number", "signer", "signer_title")
    REQUIRED_NARRATIVE = ("situation", "results", "tasks_ahead")

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period__ends_on", "scope_path", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "version"],
                condition=models.Q(agency__isnull=True),
                name="report_unit_period_version",
            ),
            models.UniqueConstraint(
                fields=["period", "agency", "version"],
                condition=models.Q(agency__isnull=False),
                name="report_agency_period_version",
            ),
        ]

    def __str__(self):
        return f"{self.period.title} – {self.reporter_name} (v{self.version})"

    def get_absolute_url(self):
        return reverse("reporting:report-detail", args=[self.pk])

    @property
    def reporter_name(self) -> str:
        return self.agency.name if self.agency_id else self.unit.name

    @property
    def sections(self):
        from .kinds import sections

        return sections(self.template)

    @property
    def is_frozen(self) -> bool:
        return self.status in (
            ReportStatus.SUBMITTED,
            ReportStatus.RECEIVED,
            ReportStatus.SUPERSEDED,
        )


class ReportEvent(models.Model):
    """One step of a report's history, appended, never edited."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=ReportEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_kind_display()}"


class TargetDirection(models.TextChoices):
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")


class TargetKind(models.TextChoices):
    YEAR = "year", _("Yearly target")
    PLAN = "plan", _("Whole-plan target")


class OwnedQuerySet(ScopedQuerySet):
    def of(self, *, unit, agency=None):
        return self.filter(unit=unit, agency=agency)


class Target(models.Model):
    """A unit's target (001 §IV.22.a): for one year, or for the whole plan (a range of years),
    on a counted indicator or an entered figure."""

    scope_record_type = RECORD_TYPE
    scope_path_field = "scope_path"

    unit = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department or organisation"),
    )
    scope_path = models.CharField(max_length=40, editable=False, db_index=True)
    code = models.CharField(_("figure"), max_length=60)
    kind = models.CharField(
        _("kind of target"), max_length=10, choices=TargetKind.choices, default=TargetKind.YEAR
    )
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    direction = models.CharField(
        _("met when the figure is"),
        max_length=10,
        choices=TargetDirection.choices,
        default=TargetDirection.AT_LEAST,
    )
    value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)
    source = models.CharField(
        _("set by"), max_length=255, blank=True, help_text=_("e.g. Plan 199/KH-UBND")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["scope_path", "year_from", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_from__lte=models.F("year_to")),
                name="report_target_years",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.year_from}-{self.year_to}"

    def applies_to(self, year: int) -> bool:
        return self.year_from <= year <= self.year_to

    def is_met(self, value) -> bool | None:
        if value is None:
            return None
        if self.direction == TargetDirection.AT_MOST:
            return value <= self.value
        return value >= self.value


class EnteredFigure(models.Model):
    """A figure the system cannot count, entered by the unit that owns it for a period, with
    its source (reporting.entered defines them)."""

    scope_record_type = RECORD_TYPE
    scope_path_field = "scope_path"

    period = models.ForeignKey(
        ReportPeriod, models.PROTECT, related_name="entered_figures", verbose_name=_("period")
    )
    unit = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department or organisation"),
    )
    scope_path = models.CharField(max_length=40, editable=False, db_index=True)
    code = models.CharField(_("figure"), max_length=60)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    source = models.CharField(
        _("source"), max_length=255, help_text=_("Where the figure comes from, e.g. a register")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("entered figure")
        verbose_name_plural = _("entered figures")
        ordering = ["period", "scope_path", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "code"],
                condition=models.Q(agency__isnull=True),
                name="report_entered_unit_code",
            ),
            models.UniqueConstraint(
                fields=["period", "agency", "code"],
                condition=models.Q(agency__isnull=False),
                name="report_entered_agency_code",
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="report_entered_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.code}={self.value}"
