"""Due provider "hotspots.watch_check": a cleared or neutralised hotspot under watch is checked
every `HOTSPOTS_CHECK_EVERY_DAYS` days (default 30). The check falls due on the last check
(or the clearing date) plus the interval; counted and paged in the database."""

import datetime

from django.utils.translation import gettext as _

from registry.due import DueItem, QuerySetSource

from . import selectors
from .models import check_every_days

KIND = "hotspot_watch_check"


class WatchChecks(QuerySetSource):
    due_field = "last_checked_on"

    def get_shift(self):
        return datetime.timedelta(days=check_every_days())

    def rows(self, *, user, today, owner):
        return selectors.hotspot_check_due(user=user, owner=owner)

    def item(self, hotspot, today) -> DueItem:
        officer = hotspot.responsible_officer
        label = _("Hotspot watch check")
        return DueItem(
            key=f"hotspot_check:{hotspot.pk}",
            kind=KIND,
            label=f"{label}: {hotspot.name}",
            due_on=hotspot.last_checked_on + self.get_shift(),
            url=hotspot.get_absolute_url(),
            owner_id=officer.pk if officer else None,
            owner_name=str(officer) if officer else "",
            unit_name=hotspot.commune.name,
        )


watch_checks = WatchChecks()
