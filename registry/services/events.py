"""A person's history: category changes with their legal basis, corrections, and the special
management flag. The current values on the person are always what the events say."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction

from .. import selectors
from ..choices import Category, EventKind, TaskKind
from ..models import Person, PersonEvent, law_on
from .people import check_write
from .work import task_close_rule


def category_on(*, person: Person, day: datetime.date | None = None) -> str:
    """The person's category on a day (today by default), from the events: the latest
    category-setting event on or before that day that no correction replaced."""
    events = selectors.person_category_events(person=person)
    current = ""
    for event in events:
        if day is not None and event.occurred_on > day:
            break
        current = event.category_after
    return current


def _refresh_category(person: Person) -> None:
    derived = category_on(person=person)
    if derived and derived != person.category:
        person.category = derived
        person.save(update_fields=["category", "updated_at"])


def _require_basis(*, basis_number: str, basis_body: str) -> None:
    errors = {}
    if not basis_number.strip():
        errors["basis_number"] = _("A category change needs the number of its decision.")
    if not basis_body.strip():
        errors["basis_body"] = _("Name the body that decided it.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def person_change_category(
    *,
    actor,
    person: Person,
    category: str,
    occurred_on: datetime.date,
    basis_number: str,
    basis_body: str,
    basis_date: datetime.date | None = None,
    law: str = "",
    note: str = "",
    by_rule: bool = False,
) -> PersonEvent:
    """Change the category from a date, on a decision (its number, date and deciding body).
    The governing law is chosen by the date unless given. `by_rule=True` is the system path:
    the change follows from another record the caller has already authorised (e.g. Health's
    addiction determination moves the person to "addicted", though Health does not write the
    person); the actor is still the author of the event."""
    person = selectors.person_lock(pk=person.pk)
    if not by_rule:
        check_write(actor=actor, person=person)
    _require_basis(basis_number=basis_number, basis_body=basis_body)
    if category not in Category.values:
        raise ValidationError({"category": _("Choose a category from the list.")})
    before = category_on(person=person, day=occurred_on)
    if before == category:
        raise ValidationError(
            {"category": _("The person is already in this category on that date.")}
        )
    event = PersonEvent(
        person=person,
        kind=EventKind.CATEGORY,
        occurred_on=occurred_on,
        category_before=before,
        category_after=category,
        law=law or law_on(occurred_on),
        basis_number=basis_number.strip(),
        basis_date=basis_date,
        basis_body=basis_body.strip(),
        note=note,
        author=actor,
    )
    event.full_clean()
    event.save()
    snapshot_before = snapshot(person, ["category"])
    _refresh_category(person)
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=person,
        before=snapshot_before,
        after=snapshot(person, ["category"]),
    )
    if person.category == Category.ADDICTED:
        # The determination that was asked for has been made: the due work is done.
        task_close_rule(
            person=person,
            kind=TaskKind.DETERMINATION_REQUIRED,
            result=_("Addiction established from %(date)s: %(number)s, %(body)s")
            % {
                "date": f"{occurred_on:%d/%m/%Y}",
                "number": event.basis_number,
                "body": event.basis_body,
            },
            actor=actor,
        )
    return event


@transaction.atomic
def person_correct_event(
    *,
    actor,
    event: PersonEvent,
    reason: str,
    occurred_on: datetime.date | None = None,
    category: str | None = None,
    basis_number: str | None = None,
    basis_date: datetime.date | None = None,
    basis_body: str | None = None,
) -> PersonEvent:
    """Correct a wrong entry without overwriting it: a correcting event carries the right
    values and says why; the wrong event stays in the history, marked as corrected."""
    person = selectors.person_lock(pk=event.person_id)
    check_write(actor=actor, person=person)
    if not reason.strip():
        raise ValidationError({"note": _("Say why the entry is corrected.")})
    if event.kind not in PersonEvent.CATEGORY_KINDS:
        raise ValidationError({"kind": _("Only category entries can be corrected here.")})
    if selectors.person_event_is_corrected(event=event):
        raise ValidationError({"corrects": _("This entry has already been corrected.")})
    correction = PersonEvent(
        person=person,
        kind=EventKind.CORRECTION,
        corrects=event,
        occurred_on=occurred_on or event.occurred_on,
        category_before=event.category_before,
        category_after=category or event.category_after,
        law=law_on(occurred_on or event.occurred_on),
        basis_number=event.basis_number if basis_number is None else basis_number,
        basis_date=event.basis_date if basis_date is None else basis_date,
        basis_body=event.basis_body if basis_body is None else basis_body,
        note=reason.strip(),
        author=actor,
    )
    correction.full_clean()
    correction.save()
    before = snapshot(person, ["category"])
    person.category = category_on(person=person) or person.category
    person.save(update_fields=["category", "updated_at"])
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=person,
        before=before,
        after=snapshot(person, ["category"]),
    )
    return correction


@transaction.atomic
def person_set_special_management(
    *,
    actor,
    person: Person,
    on: bool,
    occurred_on: datetime.date | None = None,
    note: str = "",
    basis_number: str = "",
    basis_body: str = "",
) -> PersonEvent:
    """Start or end special management (drug-induced psychosis, loss of behavioural control),
    as an event with its date and reason."""
    person = selectors.person_lock(pk=person.pk)
    check_write(actor=actor, person=person)
    if person.special_management == on:
        raise ValidationError(
            {
                "special_management": _("Special management is already on.")
                if on
                else _("Special management is already off.")
            }
        )
    if not note.strip():
        raise ValidationError({"note": _("Say why (e.g. the hospital's list, an assessment).")})
    day = occurred_on or timezone.localdate()
    event = PersonEvent(
        person=person,
        kind=EventKind.SPECIAL_ON if on else EventKind.SPECIAL_OFF,
        occurred_on=day,
        law=law_on(day),
        basis_number=basis_number,
        basis_body=basis_body,
        note=note.strip(),
        author=actor,
    )
    event.full_clean()
    event.save()
    before = snapshot(person, ["special_management"])
    person.special_management = on
    person.save(update_fields=["special_management", "updated_at"])
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=person,
        before=before,
        after=snapshot(person, ["special_management"]),
    )
    return event
