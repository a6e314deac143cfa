"""People the province must manage, and the events that make their history."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import RecordType, ScopedQuerySet
from areas.choices import Era, Level

from ..choices import Category, EventKind, Law, Sex
from ..validators import cccd_errors, validate_former_id

# The day Law 120/2025/QH15 (and Decree 163/2026) took over from Law 73/2021/QH14.
LAW_120_FROM = datetime.date(2026, 7, 1)


def law_on(day: datetime.date) -> str:
    return Law.LAW_120_2025 if day >= LAW_120_FROM else Law.LAW_73_2021


class PersonQuerySet(ScopedQuerySet):
    pass


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
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

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
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    # The kinds of event that set the person's category.
    CATEGORY_KINDS = ("registered", "category", "correction")

    class Meta:
        verbose_name = _("person event")
        verbose_name_plural = _("person events")
        ordering = ["occurred_on", "id"]
        indexes = [models.Index(fields=["person", "occurred_on"], name="event_person_date")]

    def __str__(self):
        return f"{self.occurred_on:%d/%m/%Y} {self.get_kind_display()}"

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
