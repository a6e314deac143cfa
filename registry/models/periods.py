"""Management periods (illicit-user management, post-rehab management) and the legal terms
that set their durations, per law.

The durations are data (LegalTerm rows, filled by a data migration from DOMAIN.md §3 and
editable by administrators), never numbers in code.

Date convention (one rule, used everywhere): the start day is the first day of the period. A
period of N months ends on the day before the same date N months later; when that later month
has no such date (the 29th, 30th or 31st), the period ends on the last day of that month, so
it is never shorter than N months:

    15/03/2026 + 12 months -> 14/03/2027
    01/03/2027 + 12 months -> 29/02/2028
    29/02/2028 + 12 months -> 28/02/2029
    31/01/2026 +  1 month  -> 28/02/2026
"""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import Access, RecordType, ScopedQuerySet, grant_for

from ..choices import Law, Measure, PeriodEndReason, PeriodKind, PostRehabBasis
from .people import Person, law_on

# Which legal term a period follows: its kind and, for post-rehab, what preceded it. Names
# only: the numbers are in LegalTerm rows.
PERIOD_MEASURES = {
    (PeriodKind.USER, ""): Measure.USER_MANAGEMENT,
    (PeriodKind.POST_REHAB, PostRehabBasis.VOLUNTARY_REHAB): Measure.POST_REHAB_VOLUNTARY,
    (PeriodKind.POST_REHAB, PostRehabBasis.SUBSTITUTION): Measure.POST_REHAB_SUBSTITUTION,
    (PeriodKind.POST_REHAB, PostRehabBasis.MINOR_COMPULSORY): (Measure.POST_REHAB_MINOR_COMPULSORY),
    (PeriodKind.POST_REHAB, PostRehabBasis.ADULT_COMPULSORY): (Measure.POST_REHAB_ADULT_COMPULSORY),
}


def period_measure(kind: str, basis: str = "") -> str | None:
    return PERIOD_MEASURES.get((kind, basis or ""))


def period_end_date(start_on: datetime.date, months: int) -> datetime.date:
    """The last day of a period of `months` months starting on `start_on` (see the module's
    convention)."""
    index = start_on.year * 12 + (start_on.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    if start_on.day > last_day:
        return datetime.date(year, month, last_day)
    return datetime.date(year, month, start_on.day) - datetime.timedelta(days=1)


class LegalTerm(models.Model):
    """How long a measure lasts under one law: the default and the legal range, in months.
    Administrators keep these rows (Django admin); services read them, never constants."""

    law = models.CharField(_("law"), max_length=20, choices=Law.choices)
    measure = models.CharField(_("measure"), max_length=40, choices=Measure.choices)
    # Law 120 sets 24 months for the first voluntary rehab and 36 from the second: a term may
    # apply from the n-th time the measure is applied (1 for the management periods).
    from_occurrence = models.PositiveSmallIntegerField(
        _("applies from the n-th time"), default=1, validators=[MinValueValidator(1)]
    )
    default_months = models.PositiveSmallIntegerField(
        _("default (months)"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    min_months = models.PositiveSmallIntegerField(
        _("legal minimum (months)"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    max_months = models.PositiveSmallIntegerField(
        _("legal maximum (months)"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    due_days_before_end = models.PositiveSmallIntegerField(
        _("due list: days before the end"),
        default=0,
        validators=[MaxValueValidator(365)],
        help_text=_(
            "The end of the period appears on the due list as due this many calendar days "
            "before its last day (e.g. the post-rehab completion certificate)."
        ),
    )
    source = models.CharField(_("legal source"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("legal term")
        verbose_name_plural = _("legal terms")
        ordering = ["measure", "law", "from_occurrence"]
        constraints = [
            models.UniqueConstraint(
                fields=["law", "measure", "from_occurrence"], name="legal_term_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_measure_display()} — {self.get_law_display()}"

    def clean(self):
        errors = {}
        low, high, default = self.min_months, self.max_months, self.default_months
        if low and high and low > high:
            errors["max_months"] = _("The maximum cannot be below the minimum.")
        elif low and high and default and not (low <= default <= high):
            errors["default_months"] = _("The default must lie within the legal range.")
        if errors:
            raise ValidationError(errors)


class ManagementPeriodQuerySet(ScopedQuerySet):
    """Scoped through the person (the unit path and the person's own restrictions). A grant
    limited to identity fields (Health) sees no period: that a person is under drug-use
    management is far more than who the person is."""

    @staticmethod
    def grant_allows(user, access: Access = Access.READ) -> bool:
        grant = grant_for(user, RecordType.PERSON)
        if grant.access == Access.NONE or grant.access < access:
            return False
        return access <= Access.COUNT or grant.fields == "full"

    def visible_to(self, user, access: Access = Access.READ):
        if not self.grant_allows(user, access):
            return self.none()
        return super().visible_to(user, access)

    def with_end(self):
        """`term_end`: the last day of the period's term (the extension, else the planned
        end; in Python: `current_end`); `occupied_until`: the last day it covers (its actual
        end when it has ended)."""
        return self.annotate(
            term_end=Coalesce("extended_to", "planned_end_on"),
            occupied_until=Coalesce("ended_on", "extended_to", "planned_end_on"),
        )

    def open(self):
        return self.filter(ended_on__isnull=True)


class ManagementPeriod(models.Model):
    """A person's management period on a decision: illicit-user management (1 year) or
    post-rehab management (1 or 2 years), with its derived end, extension and end."""

    scope_record_type = RecordType.PERSON
    scope_path_field = "person__scope_path"
    scope_owner_prefix = "person__"
    # The record type written to the change log (the access log names the person).
    log_record_type = "management_period"

    person = models.ForeignKey(
        Person, models.PROTECT, related_name="management_periods", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PeriodKind.choices)
    basis = models.CharField(
        _("after"),
        max_length=20,
        choices=PostRehabBasis.choices,
        blank=True,
        help_text=_("For post-rehab management: what preceded it (it sets the legal term)."),
    )
    legal_term = models.ForeignKey(
        LegalTerm, models.PROTECT, related_name="+", verbose_name=_("legal term")
    )
    start_on = models.DateField(_("start"))
    law = models.CharField(_("governing law"), max_length=20, choices=Law.choices)
    law_reason = models.TextField(
        _("why another law"),
        blank=True,
        help_text=_("Required when the law is not the one in force on the start date."),
    )
    months = models.PositiveSmallIntegerField(
        _("duration (months)"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    months_reason = models.TextField(
        _("why another duration"),
        blank=True,
        help_text=_("Required when the duration is outside the legal range."),
    )
    planned_end_on = models.DateField(_("planned end"), editable=False)
    extended_to = models.DateField(_("extended to"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=20, choices=PeriodEndReason.choices, blank=True
    )
    end_note = models.TextField(_("end note"), blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    decision_body = models.CharField(_("deciding body"), max_length=200)
    # The period this one replaced (Law 120: use again during it gives a new decision).
    renews = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("renews"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ManagementPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("management period")
        verbose_name_plural = _("management periods")
        ordering = ["-start_on", "-id"]
        indexes = [
            models.Index(fields=["person", "kind", "start_on"], name="period_person_kind"),
            models.Index(fields=["ended_on", "planned_end_on"], name="period_open_end"),
            # The due list: open periods by the end of their term, in deadline order.
            models.Index(
                Coalesce("extended_to", "planned_end_on"),
                "id",
                name="period_open_term_end",
                condition=Q(ended_on__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("start_on")),
                name="period_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(planned_end_on__gte=models.F("start_on")),
                name="period_planned_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(extended_to__isnull=True)
                | Q(extended_to__gt=models.F("planned_end_on")),
                name="period_extension_after_planned_end",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.start_on:%d/%m/%Y}–{self.current_end:%d/%m/%Y}"

    def get_absolute_url(self):
        return f"{reverse('registry:person_detail', args=[self.person_id])}#period-{self.pk}"

    @property
    def current_end(self) -> datetime.date | None:
        """The last day of the term: the extension, else the planned end."""
        return self.extended_to or self.planned_end_on

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    def days_left(self, today: datetime.date | None = None) -> int | None:
        """Days until the last day of the term (0 on that day, negative once passed); None
        when the period has ended."""
        if self.ended_on is not None or self.current_end is None:
            return None
        return (self.current_end - (today or timezone.localdate())).days

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.kind == PeriodKind.POST_REHAB and not self.basis:
            errors["basis"] = _("Say what preceded post-rehab management.")
        elif self.kind == PeriodKind.USER and self.basis:
            errors["basis"] = _("Illicit-user management follows no rehab: leave this empty.")
        if self.start_on:
            if self.start_on > today:
                errors["start_on"] = _("The start cannot be in the future.")
            elif self.person_id:
                person = self.person
                born = person.date_of_birth or datetime.date(person.birth_year, 1, 1)
                if self.start_on < born:
                    errors["start_on"] = _("The start is before the person's birth.")
        if self.decision_date:
            if self.decision_date > today:
                errors["decision_date"] = _("The decision date cannot be in the future.")
            elif self.start_on and self.decision_date > self.start_on:
                errors["decision_date"] = _(
                    "The decision is dated after the start: the period starts on or after its "
                    "decision."
                )
        if self.start_on and self.law and self.law != law_on(self.start_on):
            if not self.law_reason.strip():
                errors["law_reason"] = _(
                    "On %(date)s the law in force is %(law)s: say why this period follows "
                    "another law."
                ) % {
                    "date": f"{self.start_on:%d/%m/%Y}",
                    "law": Law(law_on(self.start_on)).label,
                }
        if self.extended_to:
            if self.planned_end_on and self.extended_to <= self.planned_end_on:
                errors["extended_to"] = _(
                    "An extension must end after the planned end (%(date)s)."
                ) % {"date": f"{self.planned_end_on:%d/%m/%Y}"}
            if not self.extension_reason.strip():
                errors["extension_reason"] = _("Say why the period is extended.")
        if self.ended_on:
            if self.start_on and self.ended_on < self.start_on:
                errors["ended_on"] = _("The end cannot be before the start (%(date)s).") % {
                    "date": f"{self.start_on:%d/%m/%Y}"
                }
            if not self.end_reason:
                errors["end_reason"] = _("Choose why the period ended.")
            elif self.end_reason == PeriodEndReason.OTHER and not self.end_note.strip():
                errors["end_note"] = _("Say why the period ended.")
        elif self.end_reason:
            errors["ended_on"] = _("Enter the date the period ended.")
        if errors:
            raise ValidationError(errors)
