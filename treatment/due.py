"""Due work from substitution treatment: a completed treatment asks the commune police to open
post-rehab management (1 year; proposed within 2 working days of the completion notice). Due
two days after the completion, until the period is opened from the treatment's page. Counted
and paged in the database. (Drop-outs and psychosis flags are registry tasks: they appear
through the registry's task provider.)"""

import datetime

from django.utils.translation import gettext as _

from accounts.scoping import Access
from registry import selectors as registry_selectors
from registry.due import DueItem, QuerySetSource, person_fields

from . import selectors

PROPOSAL_DAYS = 2
SHIFT = datetime.timedelta(days=PROPOSAL_DAYS)


class PostRehabDue(QuerySetSource):
    due_field = "ended_on"
    shift = SHIFT

    def rows(self, *, user, today, owner):
        if not (
            selectors.treatment_can(user=user)
            and registry_selectors.period_can(user=user, access=Access.WRITE)
        ):
            return None
        return selectors.treatment_post_rehab_due(user=user, owner=owner)

    def item(self, treatment, today) -> DueItem:
        return DueItem(
            key=f"treatment_post_rehab:{treatment.pk}",
            kind="treatment_post_rehab",
            label=_("Substitution treatment completed on %(date)s: open post-rehab management")
            % {"date": f"{treatment.ended_on:%d/%m/%Y}"},
            due_on=treatment.ended_on + SHIFT,
            url=treatment.get_absolute_url(),
            **person_fields(treatment.person),
        )
