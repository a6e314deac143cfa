"""Tasks: assigned by a person, or raised by a rule (due work), each with an owner, a deadline
and a result."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access, can

from .. import selectors
from ..choices import TaskKind, TaskStatus
from ..models import Person, Reminder, Task


def _check_owner(task: Task) -> None:
    owner = task.owner
    if owner is None:
        return
    if not (
        owner.is_active
        and can(owner, Person.scope_record_type, Access.WRITE)
        and owner.scope_unit.contains(task.unit)
    ):
        raise ValidationError({"owner": _("This officer cannot work in this unit.")})


@transaction.atomic
def task_create(
    *,
    actor,
    title: str,
    due_on: datetime.date,
    person: Person | None = None,
    unit=None,
    owner=None,
    detail: str = "",
) -> Task:
    """An assigned task ("rõ người, rõ việc, rõ thời gian"): who, what, by when."""
    if not can(actor, Person.scope_record_type, Access.WRITE):
        raise PermissionError("No write grant.")
    unit = person.residence_unit if person else (unit or actor.scope_unit)
    if not actor.scope_unit.contains(unit):
        raise ValidationError({"person": _("Outside your jurisdiction.")})
    if due_on and due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The deadline cannot be in the past.")})
    task = Task(
        kind=TaskKind.MANUAL,
        title=title,
        detail=detail,
        person=person,
        unit=unit,
        scope_path=unit.path,
        owner=owner or (person.responsible_officer if person else None),
        due_on=due_on,
        created_by=actor,
    )
    task.full_clean()
    _check_owner(task)
    task.save()
    change_log_record(user=actor, action=ChangeAction.CREATE, record=task, after=snapshot(task))
    return task


def task_raise(
    *,
    person: Person,
    kind: str,
    title: str,
    due_on: datetime.date,
    detail: str = "",
    actor=None,
) -> Task:
    """Due work raised by a rule (e.g. a positive test raises "determination required"). One
    open task of a kind per person: raising it again returns the open one."""
    existing = selectors.task_open_for(person=person, kind=kind)
    if existing:
        return existing
    task = Task(
        kind=kind,
        title=title,
        detail=detail,
        person=person,
        unit=person.residence_unit,
        scope_path=person.scope_path,
        owner=person.responsible_officer,
        due_on=due_on,
        created_by=actor,
    )
    task.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            task.save()
    except IntegrityError:  # raised concurrently by another request
        return selectors.task_open_for(person=person, kind=kind)
    change_log_record(user=actor, action=ChangeAction.CREATE, record=task, after=snapshot(task))
    return task


@transaction.atomic
def task_close(*, actor, task: Task, result: str, status: str = TaskStatus.DONE) -> Task:
    if status not in (TaskStatus.DONE, TaskStatus.CANCELLED):
        raise ValidationError({"status": _("Choose done or cancelled.")})
    task = selectors.task_lock(pk=task.pk)
    if task.status != TaskStatus.OPEN:
        raise ValidationError({"status": _("This task is already closed.")})
    if not actor.scope_unit or not actor.scope_unit.contains(task.unit):
        raise PermissionError("Outside the actor's jurisdiction.")
    before = snapshot(task)
    task.status = status
    task.result = result.strip()
    task.closed_at = timezone.now()
    task.closed_by = actor
    task.full_clean(validate_constraints=False)
    task.save()
    change_log_record(
        user=actor, action=ChangeAction.UPDATE, record=task, before=before, after=snapshot(task)
    )
    return task


def task_close_rule(*, person: Person, kind: str, result: str, actor=None) -> Task | None:
    """Close the open due work of a kind when what it asked for happened (e.g. the
    determination was recorded)."""
    task = selectors.task_open_for(person=person, kind=kind)
    if task is None:
        return None
    before = snapshot(task)
    task.status = TaskStatus.DONE
    task.result = result
    task.closed_at = timezone.now()
    task.closed_by = actor
    task.save()
    change_log_record(
        user=actor, action=ChangeAction.UPDATE, record=task, before=before, after=snapshot(task)
    )
    return task


# Items due within this many days (or overdue) get a reminder.
REMIND_DAYS_AHEAD = 3


def due_reminders_record(*, today: datetime.date | None = None) -> int:
    """The daily job: record a reminder for every officer's item that is overdue or due within
    REMIND_DAYS_AHEAD days. Running it twice on a day records nothing new."""
    from accounts.selectors import officers_all

    from ..due import due_items

    today = today or timezone.localdate()
    until = today + datetime.timedelta(days=REMIND_DAYS_AHEAD)
    reminders = []
    for officer in officers_all():
        reminders.extend(
            Reminder(
                user=officer,
                key=item.key,
                label=item.label[:200],
                due_on=item.due_on,
                day=today,
                person_id=item.person_id,
            )
            for item in due_items(user=officer, today=today, owner=officer, until=until)
        )
    created = Reminder.objects.bulk_create(reminders, ignore_conflicts=True, batch_size=1000)
    return len(created)
