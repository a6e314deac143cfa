"""Due work from management periods: a period whose term (extended or planned) ends within the
next HORIZON_DAYS days, or has ended without its end being recorded, asks the officer to
propose ending it — for post-rehab management, to issue the completion certificate.

The item is due on the period's last day, less the legal term's `due_days_before_end` (data:
3 for post-rehab, whose completion certificate is issued within the last 3 working days;
counted in calendar days until the product has a working-day calendar). Counted and paged in
the database: one query per distinct notice (a handful), whatever the number of periods."""

import datetime
import heapq

from django.utils.translation import gettext as _

from . import selectors
from .choices import PeriodKind
from .due import DueItem, DueSource, range_q, state_counts

# How far ahead the end of a period shows on the due list.
HORIZON_DAYS = 30


def _label(period) -> str:
    values = {"date": f"{period.current_end:%d/%m/%Y}"}
    if period.kind == PeriodKind.POST_REHAB:
        return (
            _(
                "Post-rehab management ends on %(date)s: propose ending, issue the completion "
                "certificate"
            )
            % values
        )
    return _("Illicit-user management ends on %(date)s: propose ending") % values


def _item(period) -> DueItem:
    person = period.person
    officer = person.responsible_officer
    ahead = datetime.timedelta(days=period.legal_term.due_days_before_end)
    return DueItem(
        key=f"period:{period.pk}",
        kind=f"period_end_{period.kind}",
        label=_label(period),
        due_on=period.current_end - ahead,
        url=period.get_absolute_url(),
        person_id=person.pk,
        person_name=person.full_name,
        owner_id=officer.pk if officer else None,
        owner_name=str(officer) if officer else "",
        unit_name=person.residence_unit.name,
    )


class PeriodEnds(DueSource):
    """Due on the term's end less the legal term's notice: the periods of one notice are in
    deadline order in the database; the few notices are merged."""

    def _groups(self, user, today, owner):
        until = today + datetime.timedelta(days=HORIZON_DAYS)
        periods = selectors.period_due(user=user, until=until, owner=owner)
        for days in selectors.legal_term_notice_days():
            notice = datetime.timedelta(days=days)
            yield periods.filter(legal_term__due_days_before_end=days), -notice

    def counts(self, *, user, today, owner):
        totals = {}
        for periods, shift in self._groups(user, today, owner):
            for state, count in state_counts(periods, "term_end", today, shift).items():
                totals[state] = totals.get(state, 0) + count
        return totals

    def items(self, *, user, today, owner, start=None, end=None, limit=None):
        streams = []
        for periods, shift in self._groups(user, today, owner):
            periods = periods.filter(range_q("term_end", start, end, shift))
            periods = periods.order_by("term_end", "id")
            rows = periods[:limit] if limit is not None else periods.iterator(chunk_size=2000)
            streams.append(_item(period) for period in rows)
        return heapq.merge(*streams, key=lambda item: item.due_on)


period_ends = PeriodEnds()
