"""Due work from substitution treatment: a completed treatment asks the commune police to open
post-rehab management (1 year; proposed within 2 working days of the completion notice). Due
two days after the completion, until the period is opened from the treatment's page. Counted
and paged in the database. (Drop-outs and psychosis flags are registry tasks: they appear
through the registry's task provider.)"""

import datetime

from django.utils.translation import gettext as _

from accounts.scoping import Access
from registry import selectors as registry_selectors
from registry.due import DueItem, DueSource, range_q, state_counts

from . import selectors

PROPOSAL_DAYS = 2
SHIFT = datetime.timedelta(days=PROPOSAL_DAYS)


def _item(treatment) -> DueItem:
    person = treatment.person
    officer = person.responsible_officer
    return DueItem(
        key=f"treatment_post_rehab:{treatment.pk}",
        kind="treatment_post_rehab",
        label=_("Substitution treatment completed on %(date)s: open post-rehab management")
        % {"date": f"{treatment.ended_on:%d/%m/%Y}"},
        due_on=treatment.ended_on + SHIFT,
        url=treatment.get_absolute_url(),
        person_id=person.pk,
        person_name=person.full_name,
        owner_id=officer.pk if officer else None,
        owner_name=str(officer) if officer else "",
        unit_name=person.residence_unit.name,
    )


class PostRehabDue(DueSource):
    def _rows(self, user, owner):
        if not (
            selectors.treatment_can(user=user)
            and registry_selectors.period_can(user=user, access=Access.WRITE)
        ):
            return None
        return selectors.treatment_post_rehab_due(user=user, owner=owner)

    def counts(self, *, user, today, owner):
        rows = self._rows(user, owner)
        if rows is None:
            return {}
        return state_counts(rows, "ended_on", today, SHIFT)

    def items(self, *, user, today, owner, start=None, end=None, limit=None):
        rows = self._rows(user, owner)
        if rows is None:
            return iter(())
        rows = rows.filter(range_q("ended_on", start, end, SHIFT)).order_by("ended_on", "id")
        rows = rows[:limit] if limit is not None else rows.iterator(chunk_size=2000)
        return (_item(t) for t in rows)
