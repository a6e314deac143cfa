"""Due provider "registry.reviews": people not yet reviewed in an open review campaign.

One item per campaign and commune ("Review “…”: 12 people not reviewed yet"), due on the
campaign's deadline and linking to the commune's work list, so that a review of hundreds of
people is one line of the due list, not hundreds. With an owner (an officer's own list), only
the people that officer is responsible for are counted. One bounded query."""

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import ngettext

from . import selectors_support
from .due import DueItem
from .filters_support import PENDING

KIND = "review_pending"
# Campaigns × communes: a few hundred rows in a province.
LIMIT = 20000


def review_pending(*, user, today: datetime.date, owner=None):
    if not selectors_support.review_item_can(user=user):
        return
    rows = selectors_support.review_pending_by_commune(user=user, owner=owner, limit=LIMIT)
    for row in rows:
        query = {"commune": row["person__residence_unit_id"], "outcome": PENDING}
        if owner is not None:
            query["mine"] = "true"
        count = row["pending"]
        label = ngettext(
            "Review “%(name)s”: %(count)d person not reviewed yet",
            "Review “%(name)s”: %(count)d people not reviewed yet",
            count,
        ) % {"name": row["campaign__name"], "count": count}
        yield DueItem(
            key=f"review:{row['campaign_id']}:{row['person__residence_unit_id']}",
            kind=KIND,
            label=label,
            due_on=row["campaign__deadline"],
            url=f"{reverse('registry:review_item_list', args=[row['campaign_id']])}?"
            f"{urlencode(query)}",
            owner_id=owner.pk if owner is not None else None,
            owner_name=str(owner) if owner is not None else "",
            unit_name=row["person__residence_unit__name"],
        )
