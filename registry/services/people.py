"""Every write to the registry: keyword-only, validated, atomic, with history and change log."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access, can
from common.text import fold, nfc

from .. import selectors
from ..choices import EventKind
from ..models import (
    Person,
    PersonEvent,
    law_on,
)
from ..validators import normalise_cccd, normalise_phone

EDITABLE_FIELDS = (
    "full_name",
    "sex",
    "date_of_birth",
    "birth_year",
    "national_id",
    "former_id",
    "residence_unit",
    "address",
    "has_stable_residence",
    "special_management",
    "responsible_officer",
    # Background: plain fields (custody and the population-database state change only through
    # their events, services/states.py).
    "aliases",
    "ethnicity",
    "education_level",
    "occupation",
    "phone",
    "permanent_residence_unit",
    "permanent_address",
)
# Special management changes only through its own event (services/events.py).
UPDATABLE_FIELDS = tuple(f for f in EDITABLE_FIELDS if f != "special_management")


def _check_scope(*, actor, person: Person) -> None:
    if not can(actor, Person.scope_record_type, Access.WRITE):
        raise PermissionError("No write grant on people.")
    scope = actor.scope_unit
    if not scope.contains(person.residence_unit):
        raise ValidationError({"residence_unit": _("The commune is outside your jurisdiction.")})


def check_write(*, actor, person: Person) -> None:
    """The actor may change this person's records (grant and jurisdiction), else
    PermissionError: views answer 404 before reaching here, so this is the last guard."""
    if not selectors.person_list(user=actor, access=Access.WRITE).filter(pk=person.pk).exists():
        raise PermissionError("The person is outside the actor's jurisdiction.")


def _check_duplicate_id(*, actor, person: Person) -> None:
    holder = selectors.person_national_id_holder(
        national_id=person.national_id, exclude_pk=person.pk
    )
    if holder is None:
        return
    if selectors.person_list(user=actor).filter(pk=holder.pk).exists():
        message = _("This citizen ID is already registered: see person #%(id)s.") % {
            "id": holder.pk
        }
    else:
        # Deliberate: say that it exists elsewhere (not where, not who) so the province can
        # resolve it.
        message = _(
            "This citizen ID is already registered in another unit. "
            "Contact the provincial police (PC04) to resolve it."
        )
    raise ValidationError({"national_id": message})


def _prepare(person: Person) -> None:
    person.full_name = nfc(person.full_name)
    person.full_name_folded = fold(person.full_name)
    person.national_id = normalise_cccd(person.national_id)
    if person.date_of_birth and not person.birth_year:
        person.birth_year = person.date_of_birth.year
    person.scope_path = person.residence_unit.path if person.residence_unit_id else ""
    _prepare_background(person)


def split_aliases(value) -> list[str]:
    """'Tí, Tèo; Ba Đen' -> ['Tí', 'Tèo', 'Ba Đen']: NFC, no blanks, no repeats."""
    names = []
    for part in re.split(r"[,;\n]", value or ""):
        name = nfc(part)
        if name and fold(name) not in {fold(n) for n in names}:
            names.append(name)
    return names


def _prepare_background(person: Person) -> None:
    person.aliases = ", ".join(split_aliases(person.aliases))
    person.aliases_folded = fold(person.aliases)
    person.phone = normalise_phone(person.phone)
    person.occupation = nfc(person.occupation)
    person.permanent_address = nfc(person.permanent_address)


def _save(person: Person) -> None:
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:  # a concurrent entry of the same CCCD
        raise ValidationError(
            {"national_id": _("This citizen ID is already registered in another unit.")}
        ) from exc


def _check_officer(person: Person) -> None:
    officer = person.responsible_officer
    if officer is None:
        return
    ok = (
        officer.is_active
        and can(officer, Person.scope_record_type, Access.WRITE)
        and officer.scope_unit.contains(person.residence_unit)
    )
    if not ok:
        raise ValidationError(
            {"responsible_officer": _("This officer cannot manage people of this commune.")}
        )


@transaction.atomic
def person_create(
    *,
    actor,
    category: str,
    registered_on: datetime.date | None = None,
    basis_number: str = "",
    basis_date: datetime.date | None = None,
    basis_body: str = "",
    note: str = "",
    **fields,
) -> Person:
    """Register a person with their first category; the registration is the first event."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    person = Person(category=category, created_by=actor, **fields)
    _prepare(person)
    person.full_clean()
    _check_scope(actor=actor, person=person)
    _check_officer(person)
    _check_duplicate_id(actor=actor, person=person)
    day = registered_on or timezone.localdate()
    person.last_checked_on = day  # never checked yet: counted from the registration
    _save(person)
    event = PersonEvent(
        person=person,
        kind=EventKind.REGISTERED,
        occurred_on=day,
        category_after=category,
        law=law_on(day),
        basis_number=basis_number,
        basis_date=basis_date,
        basis_body=basis_body,
        note=note,
        author=actor,
    )
    event.full_clean()
    event.save()
    if person.special_management:
        PersonEvent.objects.create(
            person=person,
            kind=EventKind.SPECIAL_ON,
            occurred_on=day,
            law=law_on(day),
            note=_("Under special management when registered."),
            author=actor,
        )
    change_log_record(user=actor, action=ChangeAction.CREATE, record=person, after=snapshot(person))
    return person


@transaction.atomic
def person_update(*, actor, person: Person, **fields) -> Person:
    """Change identity, residence and management fields. The category and the special
    management flag change only through their events (services/events.py)."""
    unknown = set(fields) - set(UPDATABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    person = selectors.person_lock(pk=person.pk)
    before = snapshot(person)
    _check_scope(actor=actor, person=person)
    for name, value in fields.items():
        setattr(person, name, value)
    _prepare(person)
    person.full_clean()
    _check_scope(actor=actor, person=person)
    _check_officer(person)
    _check_duplicate_id(actor=actor, person=person)
    _save(person)
    if person.residence_unit_id != before["residence_unit_id"]:
        # A corrected commune, not a move (that is services/moves.py): the residence history
        # of a person who has moved says the same.
        from .moves import residence_sync_current

        residence_sync_current(actor=actor, person=person)
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=person,
        before=before,
        after=snapshot(person),
    )
    return person
