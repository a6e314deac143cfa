"""Due work from the periodic reports: the user's own unit's report of a period, not yet
submitted, from REMIND_DAYS_BEFORE_DUE days before its due date (and overdue after it).
Counted and paged in the database."""

import datetime

from django.utils.translation import gettext as _

from registry.due import DueItem, DueSource, range_q, state_counts

from . import selectors
from .services import REMIND_DAYS_BEFORE_DUE


def _item(report) -> DueItem:
    return DueItem(
        key=f"report:{report.pk}",
        kind="report_due",
        label=_("%(period)s report of %(unit)s: submit by %(date)s")
        % {
            "period": report.period.title,
            "unit": report.reporter_name,
            "date": f"{report.period.due_on:%d/%m/%Y}",
        },
        due_on=report.period.due_on,
        url=report.get_absolute_url(),
        unit_name=report.reporter_name,
    )


class ReportsDue(DueSource):
    def _rows(self, user, today, owner):
        if owner is not None and owner.pk != user.pk:
            return None  # a report is the unit's, not one officer's
        until = today + datetime.timedelta(days=REMIND_DAYS_BEFORE_DUE)
        return selectors.report_due(user=user, until=until)

    def counts(self, *, user, today, owner):
        rows = self._rows(user, today, owner)
        if rows is None:
            return {}
        return state_counts(rows, "period__due_on", today)

    def items(self, *, user, today, owner, start=None, end=None, limit=None):
        rows = self._rows(user, today, owner)
        if rows is None:
            return iter(())
        rows = rows.filter(range_q("period__due_on", start, end)).order_by("period__due_on", "id")
        rows = rows[:limit] if limit is not None else rows
        return (_item(r) for r in rows)
