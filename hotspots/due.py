"""Due provider "hotspots.watch_check": a cleared or neutralised hotspot under watch is checked
every `HOTSPOTS_CHECK_EVERY_DAYS` days (default 30). The check falls due on the last check
(or the clearing date) plus the interval; counted and paged in the database."""

import datetime

from django.utils.translation import gettext as _

from registry.due import DueItem, DueSource, range_q, state_counts

from . import selectors
from .models import check_every_days

KIND = "hotspot_watch_check"


class WatchChecks(DueSource):
    def _hotspots(self, user, owner):
        return selectors.hotspot_check_due(user=user, owner=owner), datetime.timedelta(
            days=check_every_days()
        )

    def counts(self, *, user, today, owner):
        hotspots, every = self._hotspots(user, owner)
        return state_counts(hotspots, "last_checked_on", today, shift=every)

    def items(self, *, user, today, owner, start=None, end=None, limit=None):
        hotspots, every = self._hotspots(user, owner)
        hotspots = hotspots.filter(range_q("last_checked_on", start, end, shift=every))
        hotspots = hotspots.order_by("last_checked_on", "id")
        label = _("Hotspot watch check")
        rows = hotspots[:limit] if limit is not None else hotspots.iterator(chunk_size=2000)
        for hotspot in rows:
            officer = hotspot.responsible_officer
            yield DueItem(
                key=f"hotspot_check:{hotspot.pk}",
                kind=KIND,
                label=f"{label}: {hotspot.name}",
                due_on=hotspot.last_checked_on + every,
                url=hotspot.get_absolute_url(),
                owner_id=officer.pk if officer else None,
                owner_name=str(officer) if officer else "",
                unit_name=hotspot.commune.name,
            )


watch_checks = WatchChecks()
