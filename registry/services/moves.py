"""Moving (DOMAIN.md §2): a person's residence moves to another commune of the province, or out
of it, and responsibility moves with a TRANSFER event.

What a transfer does, in one transaction:

- appends the TRANSFER event (date, decision or notice, author; "from → to" in its note);
- closes the current stint of the residence history, keeping the record as it stood (the
  commune left behind reads that, never the live row) and opens the new one;
- moves the person: commune, unit path, address; the responsible officer is cleared, or set
  to the officer of the new commune given with the transfer;
- open tasks follow the person (unit and path); an owner who cannot work in the new commune
  (the old commune's officer) gives way to the new responsible officer, or to nobody;
- out of the province, the person leaves the system's scope: the unit path becomes "" (no
  user's scope contains it), the last commune of the province stays on the row, the place is
  kept as text, open tasks are cancelled and open management periods end ("moved away");
- back from outside, the province that was left records the return to one of its communes
  (its users read such a person through the moved-away view; nobody else reaches them).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access
from areas.choices import Era, Level
from common.text import nfc

from .. import selectors
from ..choices import EventKind, PeriodEndReason, TaskStatus
from ..models import Person, PersonEvent, PersonResidence, law_on
from .caseloads import is_provincial, officer_can_serve
from .people import check_write
from .periods import period_end


def _date(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _province_code(unit) -> str:
    return (unit.path or "").split(".")[0]


def _transfer_errors(
    *,
    person: Person,
    moved_on,
    stint_start: datetime.date,
    to_unit,
    destination: str,
    basis_number: str,
    basis_body: str,
    basis_date,
    responsible_officer,
) -> dict:
    errors = {}
    today = timezone.localdate()
    if not basis_number.strip():
        errors["basis_number"] = _("A move needs the number of its decision or notice.")
    if not basis_body.strip():
        errors["basis_body"] = _("Name the body that issued the decision or notice.")
    if basis_date and basis_date > today:
        errors["basis_date"] = _("The document date cannot be in the future.")
    if not person.scope_path and to_unit is None:
        errors["to_unit"] = _("Choose the commune of the province the person returns to.")
    elif to_unit is None and not destination:
        errors["to_unit"] = _(
            "Choose the new commune, or write the place outside the province the person moved to."
        )
    elif to_unit is not None and destination:
        errors["destination"] = _(
            "Give either a commune of the province or a place outside it, not both."
        )
    elif to_unit is not None:
        if not (to_unit.era == Era.CURRENT and to_unit.level == Level.COMMUNE):
            errors["to_unit"] = _("Choose a current commune.")
        elif to_unit.pk == person.residence_unit_id and person.scope_path:
            errors["to_unit"] = _("The person already lives in this commune.")
        elif _province_code(to_unit) != _province_code(person.residence_unit):
            errors["to_unit"] = _(
                "This commune is in another province: write the place outside the province instead."
            )
    if moved_on is None:
        errors["moved_on"] = _("Enter the date of the move.")
    elif moved_on > today:
        errors["moved_on"] = _("The date cannot be in the future.")
    elif moved_on <= stint_start:
        errors["moved_on"] = _(
            "The move must be after %(date)s, when the person began living in the current commune."
        ) % {"date": _date(stint_start)}
    if responsible_officer is not None:
        if to_unit is None:
            errors["responsible_officer"] = _(
                "A person who leaves the province has no responsible officer here."
            )
        elif "to_unit" not in errors and not officer_can_serve(responsible_officer, to_unit):
            errors["responsible_officer"] = _(
                "This officer cannot manage people of the new commune."
            )
    return errors


def _end_open_periods(*, actor, person: Person, moved_on: datetime.date) -> None:
    """Out of the province: the management the province ran ends ("moved away"), or is
    recorded completed when its term ran out before the move."""
    last_day_here = moved_on - datetime.timedelta(days=1)
    periods = selectors.period_list(user=actor, access=Access.WRITE).open().filter(person=person)
    for period in periods:
        term_end = period.current_end
        if term_end < moved_on:
            period_end(
                actor=actor, period=period, ended_on=term_end, end_reason=PeriodEndReason.COMPLETED
            )
        else:
            period_end(
                actor=actor,
                period=period,
                ended_on=max(last_day_here, period.start_on),
                end_reason=PeriodEndReason.MOVED_AWAY,
                end_note=_("Moved out of the province."),
            )


def _move_open_tasks(*, actor, person: Person, to_unit, officer, moved_on) -> int:
    tasks = list(
        selectors.task_list(user=actor, access=Access.WRITE)
        .open()
        .filter(person_id=person.pk)
        .select_related("owner__scope_unit")
    )
    for task in tasks:
        before = snapshot(task)
        if to_unit is None:
            task.status = TaskStatus.CANCELLED
            task.result = _("The person moved out of the province on %(date)s.") % {
                "date": _date(moved_on)
            }
            task.closed_at = timezone.now()
            task.closed_by = actor
        else:
            task.unit = to_unit
            task.scope_path = to_unit.path
            if task.owner is None or not officer_can_serve(task.owner, to_unit):
                task.owner = officer
        task.save()
        change_log_record(
            user=actor,
            action=ChangeAction.UPDATE,
            record=("task", str(task.pk)),
            before=before,
            after=snapshot(task),
        )
    return len(tasks)


@transaction.atomic
def person_transfer(
    *,
    actor,
    person: Person,
    moved_on: datetime.date | None,
    basis_number: str,
    basis_body: str,
    basis_date: datetime.date | None = None,
    to_unit=None,
    destination: str = "",
    address: str = "",
    responsible_officer=None,
    note: str = "",
) -> PersonEvent:
    """Move the person to `to_unit` (a commune of the same province) or, with `destination`
    (text), out of the province, from `moved_on` (the first day at the new place), on a
    decision or notice. Returns the TRANSFER event."""
    person = selectors.person_lock(pk=person.pk)
    if person.scope_path:
        check_write(actor=actor, person=person)
    elif not (is_provincial(actor) and actor.scope_unit.contains(person.residence_unit)):
        # Back from outside the province: only the province it left records the return.
        raise PermissionError("Only the province records a return from outside it.")
    destination = nfc(destination)
    history = selectors.residence_history(person=person, lock=True)
    if history:
        stint_start = history[-1].started_on
    else:
        stint_start = selectors.person_registered_on(person=person)
    errors = _transfer_errors(
        person=person,
        moved_on=moved_on,
        stint_start=stint_start,
        to_unit=to_unit,
        destination=destination,
        basis_number=basis_number,
        basis_body=basis_body,
        basis_date=basis_date,
        responsible_officer=responsible_officer,
    )
    if errors:
        raise ValidationError(errors)

    if to_unit is None:
        # Before the person leaves the actor's scope (the period service checks it).
        _end_open_periods(actor=actor, person=person, moved_on=moved_on)
    before = snapshot(person)
    from_unit = person.residence_unit
    place = to_unit.name if to_unit is not None else destination
    event = PersonEvent(
        person=person,
        kind=EventKind.TRANSFER,
        occurred_on=moved_on,
        law=law_on(moved_on),
        basis_number=basis_number.strip(),
        basis_date=basis_date,
        basis_body=basis_body.strip(),
        note="\n".join(part for part in (f"{from_unit.name} → {place}", note.strip()) if part),
        author=actor,
    )
    event.full_clean()
    event.save()

    # The stint that ends keeps the record as it stood: what the commune left behind reads.
    stint = (
        history[-1]
        if history
        else PersonResidence(
            person=person,
            unit=from_unit,
            scope_path=person.scope_path,
            started_on=stint_start,
            created_by=actor,
        )
    )
    stint.address = person.address
    stint.ended_on = moved_on - datetime.timedelta(days=1)
    stint.ended_by = event
    stint.record = {
        **snapshot(person),
        "residence_unit_name": from_unit.name,
        "responsible_officer_name": str(person.responsible_officer or ""),
    }
    stint.full_clean(validate_constraints=False)
    stint.save()
    arrival = PersonResidence(
        person=person,
        unit=to_unit,
        scope_path=to_unit.path if to_unit is not None else "",
        address=nfc(address) if to_unit is not None else "",
        destination=destination,
        started_on=moved_on,
        started_by=event,
        created_by=actor,
    )
    arrival.full_clean()
    arrival.save()

    if to_unit is not None:
        person.residence_unit = to_unit
        person.scope_path = to_unit.path
        person.address = nfc(address)
    else:
        # Outside the province: no user's scope contains an empty path. The row keeps the last
        # commune of the province (a person always has one).
        person.scope_path = ""
    person.responsible_officer = responsible_officer
    person.save(
        update_fields=[
            "residence_unit",
            "scope_path",
            "address",
            "responsible_officer",
            "updated_at",
        ]
    )
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=person,
        before=before,
        after={**snapshot(person), "destination": destination},
    )
    for row, action in ((stint, ChangeAction.UPDATE), (arrival, ChangeAction.CREATE)):
        fields = ["person", "unit", "scope_path", "started_on", "ended_on", "destination"]
        change_log_record(
            user=actor,
            action=action,
            record=(PersonResidence.log_record_type, str(row.pk)),
            after=snapshot(row, fields),
        )
    _move_open_tasks(
        actor=actor, person=person, to_unit=to_unit, officer=responsible_officer, moved_on=moved_on
    )
    return event


def residence_sync_current(*, actor, person: Person) -> None:
    """After a correction of the person's commune by an edit (not a move), the open stint of a
    person who has moved says the same commune. A person who never moved has no rows."""
    history = selectors.residence_history(person=person, lock=True)
    if not history or history[-1].ended_on is not None:
        return
    current = history[-1]
    if current.unit_id == person.residence_unit_id and current.scope_path == person.scope_path:
        return
    before = snapshot(current, ["unit", "scope_path"])
    current.unit = person.residence_unit
    current.scope_path = person.scope_path
    current.save(update_fields=["unit", "scope_path"])
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=(PersonResidence.log_record_type, str(current.pk)),
        before=before,
        after=snapshot(current, ["unit", "scope_path"]),
    )
