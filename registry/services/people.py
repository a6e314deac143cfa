"""Every write to the registry: keyword-only, validated, atomic, with history and change log."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, change_log_record_many, snapshot
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
    person = _new_person(actor=actor, category=category, fields=fields)
    person.full_clean()
    _check_scope(actor=actor, person=person)
    _check_officer(person)
    _check_duplicate_id(actor=actor, person=person)
    day = registered_on or timezone.localdate()
    person.last_checked_on = day  # never checked yet: counted from the registration
    _save(person)
    events = _registration_events(
        actor=actor,
        person=person,
        day=day,
        basis_number=basis_number,
        basis_date=basis_date,
        basis_body=basis_body,
        note=note,
    )
    for event in events:
        event.full_clean()
        event.save()
    change_log_record(user=actor, action=ChangeAction.CREATE, record=person, after=snapshot(person))
    return person


def _new_person(*, actor, category: str, fields: dict) -> Person:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    person = Person(category=category, created_by=actor, **fields)
    _prepare(person)
    return person


def _registration_events(
    *, actor, person, day, basis_number, basis_date, basis_body, note
) -> list[PersonEvent]:
    """The first events of a new person (unsaved): the registration with the first category,
    and the start of special management when the person is registered under it."""
    events = [
        PersonEvent(
            person=person,
            kind=EventKind.REGISTERED,
            occurred_on=day,
            category_after=person.category,
            law=law_on(day),
            basis_number=basis_number,
            basis_date=basis_date,
            basis_body=basis_body,
            note=note,
            author=actor,
        )
    ]
    if person.special_management:
        events.append(
            PersonEvent(
                person=person,
                kind=EventKind.SPECIAL_ON,
                occurred_on=day,
                law=law_on(day),
                note=_("Under special management when registered."),
                author=actor,
            )
        )
    return events


class BulkRowError(Exception):
    """An entry of `person_create_many` refused: `index` is its position in the list and
    `error` the ValidationError that `person_create` would have raised for it."""

    def __init__(self, index: int, error: ValidationError):
        super().__init__(f"entry {index}: {error.messages}")
        self.index = index
        self.error = error


@transaction.atomic
def person_create_many(*, actor, entries: list[dict], batch_size: int = 500) -> list[Person]:
    """Register many people at once (the write of an import): each entry holds the keyword
    arguments of `person_create`, and each person gets the same checks, events and change log
    as there. The difference is the cost: the checks that ask the database (the communes' and
    officers' validity, grants, CCCDs already registered) are asked once per distinct value or
    per batch, and the rows are inserted in batches, so the time per person does not include
    half a dozen round trips. Any refused entry raises `BulkRowError` with its index, and
    nothing is written (the caller's transaction rolls back)."""
    if not can(actor, Person.scope_record_type, Access.WRITE):
        raise PermissionError("No write grant on people.")
    created = []
    # Communes and officers validated once for the whole list: nothing this write does can
    # change whether a commune exists or an officer may serve it.
    fk_checked: dict = {}
    for start in range(0, len(entries), batch_size):
        created += _create_batch(actor, entries[start : start + batch_size], start, fk_checked)
    return created


_FK_FIELDS = ("residence_unit", "permanent_residence_unit", "responsible_officer", "created_by")


def _create_batch(actor, entries: list[dict], offset: int, fk_checked: dict) -> list[Person]:
    people, firsts, seen_ids = [], [], {}
    for index, entry in enumerate(entries, start=offset):
        entry = dict(entry)
        day = entry.pop("registered_on", None) or timezone.localdate()
        first = {k: entry.pop(k, "") for k in ("basis_number", "basis_body", "note")}
        first.update(day=day, basis_date=entry.pop("basis_date", None))
        try:
            person = _new_person(actor=actor, category=entry.pop("category"), fields=entry)
            person.full_clean(exclude=_FK_FIELDS, validate_unique=False)
            _check_foreign_keys(person, fk_checked)
            scope = actor.scope_unit
            if not scope.contains(person.residence_unit):
                raise ValidationError(
                    {"residence_unit": _("The commune is outside your jurisdiction.")}
                )
            _check_officer_once(person, fk_checked)
            if person.national_id:
                if person.national_id in seen_ids:
                    raise ValidationError(
                        {"national_id": _("This citizen ID appears twice in the list.")}
                    )
                seen_ids[person.national_id] = index
        except ValidationError as exc:
            raise BulkRowError(index, exc) from exc
        person.last_checked_on = day  # never checked yet: counted from the registration
        people.append(person)
        firsts.append(first)
    for national_id in selectors.person_national_id_holders(national_ids=seen_ids):
        index = seen_ids[national_id]
        try:
            _check_duplicate_id(actor=actor, person=people[index - offset])
        except ValidationError as exc:
            raise BulkRowError(index, exc) from exc
    try:
        with transaction.atomic():
            Person.objects.bulk_create(people)
    except IntegrityError as exc:  # a concurrent entry of the same CCCD
        raise BulkRowError(
            offset,
            ValidationError(
                {"national_id": _("This citizen ID is already registered in another unit.")}
            ),
        ) from exc
    rows = []
    for index, (person, first) in enumerate(zip(people, firsts, strict=True), start=offset):
        for event in _registration_events(actor=actor, person=person, **first):
            try:  # the person and the author are the rows just written and the actor
                event.full_clean(exclude=["person", "author"], validate_unique=False)
            except ValidationError as exc:
                raise BulkRowError(index, exc) from exc
            rows.append(event)
    PersonEvent.objects.bulk_create(rows, batch_size=1000)
    change_log_record_many(
        user=actor,
        action=ChangeAction.CREATE,
        records=[(person, None, snapshot(person)) for person in people],
    )
    return people


def _check_foreign_keys(person: Person, checked: dict) -> None:
    """Each distinct commune or officer is validated (exists, fits `limit_choices_to`) once."""
    for name in _FK_FIELDS:
        field = Person._meta.get_field(name)
        value = getattr(person, field.attname)
        if value is None:
            continue
        if (name, value) not in checked:
            try:
                field.validate(value, person)
                checked[(name, value)] = None
            except ValidationError as exc:
                checked[(name, value)] = exc.messages
        if checked[(name, value)]:
            raise ValidationError({name: checked[(name, value)]})


def _check_officer_once(person: Person, checked: dict) -> None:
    key = ("officer_for", person.responsible_officer_id, person.residence_unit_id)
    if person.responsible_officer_id is None:
        return
    if key not in checked:
        try:
            _check_officer(person)
            checked[key] = None
        except ValidationError as exc:
            checked[key] = exc
    if checked[key] is not None:
        raise checked[key]


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
