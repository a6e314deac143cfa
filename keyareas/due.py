"""Due providers: measures of a key area's plan past or near their deadline
("keyareas.measure") and watch checks of a transformed key area ("keyareas.watch_check"),
counted and paged in the database."""

from django.utils.translation import gettext as _

from registry.due import DueItem, DueSource, range_q, state_counts

from . import selectors


class MeasuresDue(DueSource):
    def counts(self, *, user, today, owner):
        if owner is not None:  # measures have a unit in charge, not an officer
            return dict.fromkeys(("overdue", "today", "soon", "later"), 0)
        return state_counts(selectors.measures_due(user=user), "deadline", today)

    def items(self, *, user, today, owner, start=None, end=None, limit=None):
        if owner is not None:
            return
        qs = selectors.measures_due(user=user).filter(range_q("deadline", start, end))
        qs = qs.order_by("deadline", "id")
        label = _("Key area measure")
        for measure in qs[:limit] if limit is not None else qs.iterator(chunk_size=2000):
            yield DueItem(
                key=f"keyarea_measure:{measure.pk}",
                kind="keyarea_measure",
                label=f"{label}: {measure.title} ({measure.key_area.name})",
                due_on=measure.deadline,
                url=measure.key_area.get_absolute_url(),
                owner_name=measure.owner,
            )


class WatchChecks(DueSource):
    def counts(self, *, user, today, owner):
        if owner is not None:
            return dict.fromkeys(("overdue", "today", "soon", "later"), 0)
        qs = selectors.keyarea_check_due(user=user)
        return state_counts(qs, "last_checked_on", today, shift=selectors.check_interval())

    def items(self, *, user, today, owner, start=None, end=None, limit=None):
        if owner is not None:
            return
        every = selectors.check_interval()
        qs = selectors.keyarea_check_due(user=user).filter(
            range_q("last_checked_on", start, end, shift=every)
        )
        qs = qs.order_by("last_checked_on", "id")
        label = _("Key area watch check")
        for area in qs[:limit] if limit is not None else qs.iterator(chunk_size=2000):
            yield DueItem(
                key=f"keyarea_check:{area.pk}",
                kind="keyarea_watch_check",
                label=f"{label}: {area.name}",
                due_on=area.last_checked_on + every,
                url=area.get_absolute_url(),
            )


measures_due = MeasuresDue()
watch_checks = WatchChecks()
