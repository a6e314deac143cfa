"""Custody and the population-database check: each change is an event with its date, basis
and author; the person's row keeps the current value for filtering, always the latest event's.

- Custody: at home, prison, temporary detention, reform school, compulsory-rehab facility,
  another facility, from a date and (away from home) at a named place. A person held somewhere
  still counts in the statistics, by that place (DOMAIN.md §3).
- Population database (CSDLQG về dân cư): unverified, verified on a date, mismatch with its
  reason, updated into the national database on a date (000, 003, 004). Verification is a
  recorded act: there is no live link from a province system."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction

from .. import selectors
from ..choices import CustodyState, EventKind, VerificationState
from ..models import Person, PersonEvent, law_on
from .people import check_write

CUSTODY_FIELDS = ["custody_state", "custody_since", "custody_place"]
VERIFICATION_FIELDS = ["verification_state", "verification_on", "verification_note"]


def _day_errors(day: datetime.date | None, person: Person, *, last: datetime.date | None):
    """Why a state's date is refused: in the future, before birth, or before the date of the
    state it replaces (history is appended in order)."""
    if day is None:
        return _("Enter the date.")
    if day > timezone.localdate():
        return _("The date cannot be in the future.")
    born = person.date_of_birth or datetime.date(person.birth_year, 1, 1)
    if day < born:
        return _("The date is before the person's birth.")
    if last is not None and day < last:
        return _("The date is before the current state's date (%(date)s).") % {
            "date": last.strftime("%d/%m/%Y")
        }
    return None


def _append(*, actor, person: Person, kind: str, day, before: str, after: str, **extra):
    event = PersonEvent(
        person=person,
        kind=kind,
        occurred_on=day,
        law=law_on(day),
        state_before=before,
        state_after=after,
        author=actor,
        **extra,
    )
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def person_set_custody(
    *,
    actor,
    person: Person,
    state: str,
    since: datetime.date | None,
    place: str = "",
    basis_number: str = "",
    basis_date: datetime.date | None = None,
    basis_body: str = "",
    note: str = "",
) -> PersonEvent:
    """Record where the person is from a date: back home, or held at a named place (a move
    between two prisons is a change of place in the same state)."""
    person = selectors.person_lock(pk=person.pk)
    check_write(actor=actor, person=person)
    place = " ".join((place or "").split())
    errors = {}
    if state not in CustodyState.values:
        errors["state"] = _("Choose a state from the list.")
    elif state != CustodyState.AT_HOME and not place:
        errors["place"] = _("Name the place where the person is held.")
    elif state == person.custody_state and place == person.custody_place:
        errors["state"] = _("The person is already in this state at this place.")
    if len(place) > Person._meta.get_field("custody_place").max_length:
        errors["place"] = _("Keep the place under 200 characters.")
    problem = _day_errors(since, person, last=person.custody_since)
    if problem:
        errors["since"] = problem
    if errors:
        raise ValidationError(errors)
    if state == CustodyState.AT_HOME:
        place = ""
    before = snapshot(person, CUSTODY_FIELDS)
    event = _append(
        actor=actor,
        person=person,
        kind=EventKind.CUSTODY,
        day=since,
        before=person.custody_state,
        after=state,
        state_detail=place,
        basis_number=basis_number.strip(),
        basis_date=basis_date,
        basis_body=basis_body.strip(),
        note=note.strip(),
    )
    person.custody_state, person.custody_since, person.custody_place = state, since, place
    # A change of custody is a change of the record (it counts for the national database).
    person.save(update_fields=[*CUSTODY_FIELDS, "updated_at"])
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=person,
        before=before,
        after=snapshot(person, CUSTODY_FIELDS),
    )
    return event


@transaction.atomic
def person_set_verification(
    *,
    actor,
    person: Person,
    state: str,
    checked_on: datetime.date | None = None,
    reason: str = "",
) -> PersonEvent:
    """Record the result of checking the person against the national population database, or
    that the record was updated into it. A mismatch says why; "not verified" (e.g. the
    earlier check was wrong) needs no date and is dated today in the history."""
    person = selectors.person_lock(pk=person.pk)
    check_write(actor=actor, person=person)
    reason = (reason or "").strip()
    errors = {}
    if state not in VerificationState.values:
        errors["state"] = _("Choose a state from the list.")
    elif state == VerificationState.MISMATCH and not reason:
        errors["reason"] = _("Say what does not match (e.g. the date of birth differs).")
    elif state == person.verification_state and (
        state == VerificationState.UNVERIFIED or checked_on == person.verification_on
    ):
        errors["state"] = _("The record is already in this state.")
    if state == VerificationState.UNVERIFIED:
        day = timezone.localdate()
        if checked_on is not None:
            errors["checked_on"] = _("Leave the date empty for “not verified”.")
    else:
        day = checked_on
        problem = _day_errors(checked_on, person, last=person.verification_on)
        if problem:
            errors["checked_on"] = problem
    if len(reason) > Person._meta.get_field("verification_note").max_length:
        errors["reason"] = _("Keep the reason under 255 characters.")
    if errors:
        raise ValidationError(errors)
    before = snapshot(person, VERIFICATION_FIELDS)
    event = _append(
        actor=actor,
        person=person,
        kind=EventKind.VERIFICATION,
        day=day,
        before=person.verification_state,
        after=state,
        note=reason,
    )
    person.verification_state = state
    person.verification_on = None if state == VerificationState.UNVERIFIED else checked_on
    person.verification_note = reason
    # Not "updated_at": checking the record is not changing it, and the export of changes for
    # the national database compares the two (selectors.person_national_db_changes).
    person.save(update_fields=VERIFICATION_FIELDS)
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=person,
        before=before,
        after=snapshot(person, VERIFICATION_FIELDS),
    )
    return event
