"""Due providers: measures of a key area's plan past or near their deadline
("keyareas.measure") and watch checks of a transformed key area ("keyareas.watch_check"),
counted and paged in the database."""

from django.utils.translation import gettext as _

from registry.due import DueItem, QuerySetSource

from . import selectors


class MeasuresDue(QuerySetSource):
    due_field = "deadline"

    def rows(self, *, user, today, owner):
        # Measures have a unit in charge, not an officer: nothing on an officer's own list.
        return selectors.measures_due(user=user) if owner is None else None

    def item(self, measure, today) -> DueItem:
        label = _("Key area measure")
        return DueItem(
            key=f"keyarea_measure:{measure.pk}",
            kind="keyarea_measure",
            label=f"{label}: {measure.title} ({measure.key_area.name})",
            due_on=measure.deadline,
            url=measure.key_area.get_absolute_url(),
            owner_name=measure.owner,
        )


class WatchChecks(QuerySetSource):
    due_field = "last_checked_on"

    def get_shift(self):
        return selectors.check_interval()

    def rows(self, *, user, today, owner):
        return selectors.keyarea_check_due(user=user) if owner is None else None

    def item(self, area, today) -> DueItem:
        label = _("Key area watch check")
        return DueItem(
            key=f"keyarea_check:{area.pk}",
            kind="keyarea_watch_check",
            label=f"{label}: {area.name}",
            due_on=area.last_checked_on + self.get_shift(),
            url=area.get_absolute_url(),
        )


measures_due = MeasuresDue()
watch_checks = WatchChecks()
