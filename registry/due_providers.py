"""The registry's own deadlines: open tasks (assigned and raised by rules)."""

from django.urls import reverse

from . import selectors
from .due import DueItem, DueSource, range_q, state_counts


class OpenTasks(DueSource):
    def _tasks(self, user, owner):
        tasks = selectors.task_list(user=user).open()
        return tasks if owner is None else tasks.filter(owner=owner)

    def counts(self, *, user, today, owner):
        return state_counts(self._tasks(user, owner), "due_on", today)

    def items(self, *, user, today, owner, start=None, end=None, limit=None):
        tasks = self._tasks(user, owner).filter(range_q("due_on", start, end))
        tasks = tasks.order_by("due_on", "id")
        for task in tasks[:limit] if limit is not None else tasks.iterator(chunk_size=2000):
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


open_tasks = OpenTasks()
