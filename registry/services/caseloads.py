"""Caseloads: who is responsible for whom ("rõ người, rõ trách nhiệm", 004).

- `person_assign_officer`: one person's responsible officer changes (a focused action);
- `caseload_reassign`: a whole caseload moves from one officer to another in one logged
  action (an officer leaves, communes merge), for commune leaders and provincial users.

In both, the open tasks the old officer owned for those people move to the new one, and an
officer who cannot serve the person's commune is refused.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction, Role
from accounts.scoping import Access, can
from areas.choices import Level

from .. import selectors
from ..models import Person
from .people import check_write


def officer_can_serve(officer, unit) -> bool:
    """The officer may be responsible for people of `unit`: active, with a write grant on
    people, and a jurisdiction that contains the unit."""
    return bool(
        officer is not None
        and unit is not None
        and officer.is_active
        and officer.scope_unit_id
        and can(officer, Person.scope_record_type, Access.WRITE)
        and officer.scope_unit.contains(unit)
    )


def is_provincial(user) -> bool:
    """A user who may change people across the province (PC04)."""
    return bool(
        can(user, Person.scope_record_type, Access.WRITE)
        and user.scope_unit.level == Level.PROVINCE
    )


def caseload_can_reassign(user) -> bool:
    """Commune leaders and provincial users move whole caseloads."""
    return bool(
        can(user, Person.scope_record_type, Access.WRITE)
        and (user.role == Role.COMMUNE_LEADER or is_provincial(user))
    )


def _name(user) -> str:
    return str(user) if user is not None else "—"


def _move_tasks(*, actor, person_ids, from_officer, to_officer) -> list[int]:
    """The open tasks `from_officer` owns for these people go to `to_officer`."""
    tasks = list(
        selectors.task_list(user=actor, access=Access.WRITE)
        .open()
        .filter(person_id__in=person_ids, owner=from_officer)
    )
    for task in tasks:
        before = snapshot(task, ["owner"])
        task.owner = to_officer
        task.save(update_fields=["owner"])
        change_log_record(
            user=actor,
            action=ChangeAction.UPDATE,
            record=("task", str(task.pk)),
            before=before,
            after=snapshot(task, ["owner"]),
        )
    return [task.pk for task in tasks]


@transaction.atomic
def person_assign_officer(*, actor, person: Person, officer, reason: str = "") -> Person:
    """Make `officer` (or nobody) responsible for the person."""
    person = selectors.person_lock(pk=person.pk)
    check_write(actor=actor, person=person)
    if officer is not None and officer.pk == person.responsible_officer_id:
        raise ValidationError({"officer": _("This officer is already responsible.")})
    if officer is not None and not officer_can_serve(officer, person.residence_unit):
        raise ValidationError({"officer": _("This officer cannot manage people of this commune.")})
    previous = person.responsible_officer
    before = snapshot(person, ["responsible_officer"])
    person.responsible_officer = officer
    person.save(update_fields=["responsible_officer", "updated_at"])
    tasks = (
        _move_tasks(actor=actor, person_ids=[person.pk], from_officer=previous, to_officer=officer)
        if previous is not None
        else []
    )
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=person,
        before=before,
        after={
            **snapshot(person, ["responsible_officer"]),
            "reason": reason.strip(),
            "tasks": tasks,
        },
    )
    return person


@dataclass
class CaseloadMove:
    people: list[int] = field(default_factory=list)
    tasks: list[int] = field(default_factory=list)


@transaction.atomic
def caseload_reassign(
    *,
    actor,
    from_officer,
    to_officer,
    reason: str,
    unit=None,
    category: str = "",
) -> CaseloadMove:
    """Move every person `from_officer` is responsible for (within the actor's jurisdiction,
    optionally of one unit or one category) to `to_officer`, with their open tasks: one
    transaction, one change-log entry per person and per task, and a summary entry."""
    if not caseload_can_reassign(actor):
        raise PermissionError("Only commune leaders and provincial users move caseloads.")
    errors = {}
    if from_officer is None:
        errors["from_officer"] = _("Choose the officer whose people move.")
    if to_officer is None:
        errors["to_officer"] = _("Choose the officer who takes them.")
    elif from_officer is not None and to_officer.pk == from_officer.pk:
        errors["to_officer"] = _("Choose another officer than the one whose people move.")
    if not reason.strip():
        errors["reason"] = _("Say why (e.g. the officer left, the communes merged).")
    if errors:
        raise ValidationError(errors)
    people = selectors.caseload_people(
        user=actor, officer=from_officer, unit=unit, category=category
    )
    ids = list(people.select_for_update().values_list("pk", flat=True))
    if not ids:
        raise ValidationError(
            {
                "from_officer": _(
                    "%(name)s is responsible for nobody matching these choices in your "
                    "jurisdiction."
                )
                % {"name": _name(from_officer)}
            }
        )
    rows = list(people.filter(pk__in=ids).select_related("residence_unit"))
    refused = [p for p in rows if not officer_can_serve(to_officer, p.residence_unit)]
    if refused:
        raise ValidationError(
            {
                "to_officer": _(
                    "%(name)s cannot serve %(count)d of these %(total)d people: their communes "
                    "are outside the officer's jurisdiction."
                )
                % {"name": _name(to_officer), "count": len(refused), "total": len(rows)}
            }
        )
    people.filter(pk__in=ids).update(responsible_officer=to_officer, updated_at=timezone.now())
    for person in rows:
        change_log_record(
            user=actor,
            action=ChangeAction.UPDATE,
            record=person,
            before={"responsible_officer_id": from_officer.pk},
            after={"responsible_officer_id": to_officer.pk, "reason": reason.strip()},
        )
    tasks = _move_tasks(
        actor=actor, person_ids=ids, from_officer=from_officer, to_officer=to_officer
    )
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=("caseload", str(from_officer.pk)),
        before={"responsible_officer_id": from_officer.pk},
        after={
            "responsible_officer_id": to_officer.pk,
            "people": ids,
            "tasks": tasks,
            "unit": unit.pk if unit is not None else None,
            "category": category,
            "reason": reason.strip(),
        },
    )
    return CaseloadMove(people=ids, tasks=tasks)
