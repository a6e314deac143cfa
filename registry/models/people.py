"""People the province must manage, and the events that make their history."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import Access, RecordType, ScopedQuerySet
from areas.choices import Era, Level

from ..choices import (
    Category,
    CustodyState,
    EducationLevel,
    Ethnicity,
    EventKind,
    Law,
    Sex,
    VerificationState,
)
from ..validators import cccd_errors, phone_errors, validate_former_id

# The day Law 120/2025/QH15 (and Decree 163/2026) took over from Law 73/2021/QH14.
LAW_120_FROM = datetime.date(2026, 7, 1)


def law_on(day: datetime.date) -> str:
    return Law.LAW_120_2025 if day >= LAW_120_FROM else Law.LAW_73_2021


class PersonQuerySet(ScopedQuerySet):
    def visible_to(self, user, access: Access = Access.READ):
        # A merged duplicate is kept for the record but shown, counted and edited nowhere: its
        # survivor stands for it (services/duplicates.py).
        return super().visible_to(user, access).filter(merged_into__isnull=True)


class Person(models.Model):
    scope_record_type = RecordType.PERSON
    scope_path_field = "scope_path"
    # What Health and other "identity" grants may see of a person.
    IDENTITY_FIELDS = (
        "full_name",
        "sex",
        "date_of_birth",
        "birth_year",
        "national_id",
        "residence_unit",
        "special_management",
    )

    full_name = models.CharField(_("full name"), max_length=120)
    full_name_folded = models.CharField(max_length=120, editable=False, db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    national_id = models.CharField(
        _("citizen ID (CCCD)"),
        max_length=12,
        blank=True,
        help_text=_("12 digits. Leave empty if unknown; the record is then flagged incomplete."),
    )
    former_id = models.CharField(
        _("former ID (CMND)"), max_length=9, blank=True, validators=[validate_former_id]
    )
    residence_unit = models.ForeignKey(
        "areas.AdminUnit",
        models.PROTECT,
        related_name="+",
        verbose_name=_("commune of residence"),
        limit_choices_to={"era": Era.CURRENT, "level": Level.COMMUNE},
    )
    # The residence unit's path, kept on the row so that scope filters need no join.
    scope_path = models.CharField(max_length=40, editable=False, db_index=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    has_stable_residence = models.BooleanField(
        _("has a stable residence"),
        default=True,
        help_text=_("Untick for a person with no stable place to live (nơi cư trú không ổn định)."),
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    special_management = models.BooleanField(
        _("special management (drug-induced psychosis)"),
        default=False,
        help_text=_("Loss of behavioural control or psychosis caused by drugs."),
    )
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible officer"),
    )
    # ---- Background (plain fields, changed through person_update) -------------------------
    aliases = models.CharField(
        _("other names (aliases)"),
        max_length=255,
        blank=True,
        help_text=_("Nicknames or other names the person is known by, separated by commas."),
    )
    # Folded like full_name_folded, for the accent-free search (trigram index on PostgreSQL).
    aliases_folded = models.CharField(max_length=255, blank=True, editable=False)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=2, choices=Ethnicity.choices, blank=True
    )
    education_level = models.CharField(
        _("education"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    occupation = models.CharField(_("occupation"), max_length=120, blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=15,
        blank=True,
        help_text=_("Mobile (10 digits) or landline (11 digits); +84 is accepted."),
    )
    permanent_residence_unit = models.ForeignKey(
        "areas.AdminUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune of permanent residence"),
        limit_choices_to={"era": Era.CURRENT, "level": Level.COMMUNE},
        help_text=_("Where the person is permanently registered (thường trú), if known."),
    )
    permanent_address = models.CharField(_("permanent address"), max_length=255, blank=True)
    # ---- Custody and the population database: changed only through their events
    # (services/states.py); the row keeps the current value for filtering.
    custody_state = models.CharField(
        _("custody"), max_length=30, choices=CustodyState.choices, default=CustodyState.AT_HOME
    )
    custody_since = models.DateField(_("custody since"), null=True, blank=True)
    custody_place = models.CharField(_("place of custody"), max_length=200, blank=True)
    verification_state = models.CharField(
        _("population database"),
        max_length=20,
        choices=VerificationState.choices,
        default=VerificationState.UNVERIFIED,
    )
    verification_on = models.DateField(_("population database checked on"), null=True, blank=True)
    verification_note = models.CharField(_("population database note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The day of the last contact or drug test (the registration when never checked), kept
    # on the row by the services so that "monthly check overdue" is one indexed range query.
    last_checked_on = models.DateField(_("last checked"), null=True, blank=True, editable=False)

    # A duplicate merged into another record (services/duplicates.py): kept, never shown.
    merged_into = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_records",
        verbose_name=_("merged into"),
    )
    merged_at = models.DateTimeField(_("merged"), null=True, blank=True, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name_folded", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["national_id"],
                condition=~models.Q(national_id=""),
                name="person_unique_national_id",
            ),
        ]
        indexes = [
            models.Index(fields=["scope_path", "category"], name="person_scope_category"),
            models.Index(fields=["scope_path", "full_name_folded"], name="person_scope_name"),
            models.Index(fields=["last_checked_on", "id"], name="person_last_checked"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.birth_year})"

    def get_absolute_url(self):
        return reverse("registry:person_detail", args=[self.pk])

    @property
    def is_incomplete(self) -> bool:
        return not self.national_id

    def validate_constraints(self, exclude=None):
        # A duplicate CCCD is refused by the service with a message that respects
        # jurisdiction; the database constraint is the last guard.
        super().validate_constraints(exclude={*(exclude or ()), "national_id"})

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.date_of_birth:
            if self.date_of_birth > today:
                errors["date_of_birth"] = _("The date of birth cannot be in the future.")
            elif self.birth_year and self.birth_year != self.date_of_birth.year:
                errors["birth_year"] = _("The birth year does not match the date of birth.")
        if (
            self.birth_year
            and "date_of_birth" not in errors
            and not (1900 <= self.birth_year <= today.year)
        ):
            errors["birth_year"] = _("The birth year must be between 1900 and this year.")
        if self.national_id:
            problems = cccd_errors(self.national_id, birth_year=self.birth_year, sex=self.sex)
            if problems:
                errors["national_id"] = problems
        if self.residence_unit_id and not (
            self.residence_unit.era == Era.CURRENT and self.residence_unit.level == Level.COMMUNE
        ):
            errors["residence_unit"] = _("Choose a current commune.")
        if self.phone:
            problems = phone_errors(self.phone)
            if problems:
                errors["phone"] = problems
        if self.permanent_residence_unit_id and not (
            self.permanent_residence_unit.era == Era.CURRENT
            and self.permanent_residence_unit.level == Level.COMMUNE
        ):
            errors["permanent_residence_unit"] = _("Choose a current commune.")
        if errors:
            raise ValidationError(errors)


class PersonEvent(models.Model):
    """One dated step of a person's history. Events are appended, never edited."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    occurred_on = models.DateField(_("date"))
    category_before = models.CharField(
        _("category before"), max_length=30, choices=Category.choices, blank=True
    )
    category_after = models.CharField(
        _("category"), max_length=30, choices=Category.choices, blank=True
    )
    law = models.CharField(_("governing law"), max_length=20, choices=Law.choices)
    basis_number = models.CharField(_("document number"), max_length=60, blank=True)
    basis_date = models.DateField(_("document date"), null=True, blank=True)
    basis_body = models.CharField(_("deciding body"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    # A correction names the event it replaces; the wrong event stays, marked corrected.
    corrects = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    # The state a custody or population-database event sets (values of CustodyState or
    # VerificationState, by kind), the one it replaced, and the place of custody.
    state_before = models.CharField(_("state before"), max_length=30, blank=True)
    state_after = models.CharField(_("state"), max_length=30, blank=True)
    state_detail = models.CharField(_("place"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    # The kinds of event that set the person's category.
    CATEGORY_KINDS = ("registered", "category", "correction")
    # The kinds of event that set a state, with the choices of that state.
    STATE_CHOICES = {
        EventKind.CUSTODY: CustodyState,
        EventKind.VERIFICATION: VerificationState,
    }

    class Meta:
        verbose_name = _("person event")
        verbose_name_plural = _("person events")
        ordering = ["occurred_on", "id"]
        indexes = [models.Index(fields=["person", "occurred_on"], name="event_person_date")]

    def __str__(self):
        return f"{self.occurred_on:%d/%m/%Y} {self.get_kind_display()}"

    def _state_label(self, value: str) -> str:
        choices = self.STATE_CHOICES.get(self.kind)
        if not value or choices is None:
            return value
        return dict(choices.choices).get(value, value)

    @property
    def state_before_label(self) -> str:
        return self._state_label(self.state_before)

    @property
    def state_after_label(self) -> str:
        return self._state_label(self.state_after)

    def clean(self):
        errors = {}
        if self.occurred_on and self.occurred_on > timezone.localdate():
            errors["occurred_on"] = _("The date cannot be in the future.")
        person = self.person if self.person_id else None
        if person and self.occurred_on:
            born = person.date_of_birth or datetime.date(person.birth_year, 1, 1)
            if self.occurred_on < born:
                errors["occurred_on"] = _("The date is before the person's birth.")
        if self.basis_date and self.occurred_on and self.basis_date > timezone.localdate():
            errors["basis_date"] = _("The document date cannot be in the future.")
        if errors:
            raise ValidationError(errors)
