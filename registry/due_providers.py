"""The registry's own deadlines: open tasks (assigned and raised by rules)."""

from django.urls import reverse

from . import selectors
from .due import DueItem


def open_tasks(*, user, today, owner=None):
    tasks = selectors.task_list(user=user).open()
    if owner is not None:
        tasks = tasks.filter(owner=owner)
    for task in tasks.order_by("due_on", "id")[:1000]:
        person = task.person
        yield DueItem(
            key=f"task:{task.pk}",
            kind=task.kind,
            label=task.title,
            due_on=task.due_on,
            url=reverse("registry:task_detail", args=[task.pk]),
            person_id=person.pk if person else None,
            person_name=person.full_name if person else "",
            owner_id=task.owner_id,
            owner_name=str(task.owner) if task.owner else "",
            unit_name=task.unit.name,
        )
