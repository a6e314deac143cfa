"""Checks on a managed person: drug tests and contacts (visits, calls, talks, tests).

Commune police must check each managed person at least once a month, and every contact is a
dated entry (DOMAIN.md §3). A drug test is also a contact: the service that records a test
adds the matching contact, so the contact log is complete on its own."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import Access, RecordType, ScopedQuerySet, grant_for

from ..choices import ContactKind, DrugTestMethod, DrugTestResult, DrugTestSample, Law, Substance
from .people import Person

SUBSTANCE_LABELS = dict(Substance.choices)


class PersonCheckQuerySet(ScopedQuerySet):
    """Scoped through the person (unit path and row restrictions seen through "person__").
    A grant limited to identity fields sees no test or contact: they say far more than who
    the person is."""

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


class DrugTestQuerySet(PersonCheckQuerySet):
    pass


class ContactQuerySet(PersonCheckQuerySet):
    pass


def _born_on(person: Person) -> datetime.date:
    return person.date_of_birth or datetime.date(person.birth_year, 1, 1)


def _day_errors(day: datetime.date | None, person: Person | None) -> list:
    if day is None:
        return []
    if day > timezone.localdate():
        return [_("The date cannot be in the future.")]
    if person is not None and person.birth_year and day < _born_on(person):
        return [_("The date is before the person's birth.")]
    return []


def _substance_errors(values) -> list:
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        return [_("Give a list of substances.")]
    unknown = sorted(set(values) - set(SUBSTANCE_LABELS))
    if unknown:
        return [_("Unknown substance: %(names)s.") % {"names": ", ".join(unknown)}]
    return []


class DrugTest(models.Model):
    """One drug test of a person (quick test or laboratory), with what was tested and what
    was found. Tests are appended, never edited."""

    scope_record_type = RecordType.PERSON
    scope_path_field = "person__scope_path"
    scope_owner_prefix = "person__"
    # The record type written to the change log (the access log names the person).
    log_record_type = "drug_test"

    person = models.ForeignKey(
        Person, models.PROTECT, related_name="drug_tests", verbose_name=_("person")
    )
    tested_on = models.DateField(_("test date"))
    method = models.CharField(_("method"), max_length=20, choices=DrugTestMethod.choices)
    sample = models.CharField(_("sample"), max_length=20, choices=DrugTestSample.choices)
    # Lists of `Substance` values, in the order of the choices.
    substances_tested = models.JSONField(_("substances tested"), default=list)
    substances_positive = models.JSONField(_("positive for"), default=list, blank=True)
    result = models.CharField(_("result"), max_length=12, choices=DrugTestResult.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    tested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tested by"),
    )
    note = models.TextField(_("note"), blank=True)
    law = models.CharField(_("governing law"), max_length=20, choices=Law.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )

    objects = DrugTestQuerySet.as_manager()

    class Meta:
        verbose_name = _("drug test")
        verbose_name_plural = _("drug tests")
        ordering = ["-tested_on", "-id"]
        indexes = [models.Index(fields=["person", "tested_on"], name="drugtest_person_date")]

    def __str__(self):
        return f"{self.tested_on:%d/%m/%Y} {self.get_result_display()}"

    @property
    def is_positive(self) -> bool:
        return self.result == DrugTestResult.POSITIVE

    @staticmethod
    def _labels(values) -> list[str]:
        return [str(SUBSTANCE_LABELS.get(v, v)) for v in values or ()]

    @property
    def substances_tested_labels(self) -> list[str]:
        return self._labels(self.substances_tested)

    @property
    def substances_positive_labels(self) -> list[str]:
        return self._labels(self.substances_positive)

    def clean(self):
        errors = {}
        person = self.person if self.person_id else None
        if problems := _day_errors(self.tested_on, person):
            errors["tested_on"] = problems
        tested_problems = _substance_errors(self.substances_tested)
        positive_problems = _substance_errors(self.substances_positive)
        if tested_problems:
            errors["substances_tested"] = tested_problems
        elif not self.substances_tested:
            errors["substances_tested"] = [_("Tick at least one substance tested.")]
        if positive_problems:
            errors["substances_positive"] = positive_problems
        elif not tested_problems:
            positive, tested = set(self.substances_positive), set(self.substances_tested)
            if positive - tested:
                errors["substances_positive"] = [
                    _("A positive substance must be among those tested: %(names)s.")
                    % {"names": ", ".join(self._labels(sorted(positive - tested)))}
                ]
            elif self.result == DrugTestResult.POSITIVE and not positive:
                errors["substances_positive"] = [
                    _("A positive result needs at least one positive substance.")
                ]
            elif self.result in (DrugTestResult.NEGATIVE, DrugTestResult.INVALID) and positive:
                errors["substances_positive"] = [
                    _("Only a positive result has positive substances.")
                ]
        if errors:
            raise ValidationError(errors)


class Contact(models.Model):
    """One dated contact with a managed person: a home visit, a phone call, a talk at the
    office, or a drug test (made with the test it records)."""

    scope_record_type = RecordType.PERSON
    scope_path_field = "person__scope_path"
    scope_owner_prefix = "person__"
    log_record_type = "contact"

    person = models.ForeignKey(
        Person, models.PROTECT, related_name="contacts", verbose_name=_("person")
    )
    contacted_on = models.DateField(_("date"))
    kind = models.CharField(_("kind of contact"), max_length=20, choices=ContactKind.choices)
    drug_test = models.OneToOneField(
        DrugTest,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="contact",
        verbose_name=_("drug test"),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", editable=False
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-contacted_on", "-id"]
        indexes = [models.Index(fields=["person", "contacted_on"], name="contact_person_date")]

    def __str__(self):
        return f"{self.contacted_on:%d/%m/%Y} {self.get_kind_display()}"

    def clean(self):
        errors = {}
        person = self.person if self.person_id else None
        if problems := _day_errors(self.contacted_on, person):
            errors["contacted_on"] = problems
        if self.kind == ContactKind.TEST and not self.drug_test_id:
            errors["kind"] = [
                _("A drug test is recorded with its result: use “Record a test” instead.")
            ]
        elif self.drug_test_id and self.kind != ContactKind.TEST:
            errors["kind"] = [_("The contact of a drug test is of the kind “drug test”.")]
        if errors:
            raise ValidationError(errors)
