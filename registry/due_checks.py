"""Due provider "registry.monthly_check": managed people not checked for a month.

Commune police check each managed person at least once a month (Decree 163/2026: residence
checked at least once a month; DOMAIN.md §3). A person of a managed category with no contact
and no drug test in the last `REGISTRY_CHECK_EVERY_DAYS` days (default 30) is due a check, on
the day of the last contact or test plus that many days (the registration date when never
checked). Counted and paged in the database on Person.last_checked_on."""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from . import selectors
from .choices import Category
from .due import DueItem, DueSource, range_q, state_counts

KIND = "monthly_check"
# Categories whose people the commune police must check every month.
CHECKED_CATEGORIES = (Category.ILLICIT_USER, Category.ADDICTED, Category.POST_REHAB)


def check_every_days() -> int:
    return int(getattr(settings, "REGISTRY_CHECK_EVERY_DAYS", 30))


class MonthlyChecks(DueSource):
    """A check falls due on the last check plus the interval and stays until done: only
    items due today or earlier are listed."""

    def _people(self, user, today, owner):
        every = datetime.timedelta(days=check_every_days())
        people = selectors.person_check_due(
            user=user, cutoff=today - every, categories=CHECKED_CATEGORIES, owner=owner
        )
        return people, every

    def counts(self, *, user, today, owner):
        people, every = self._people(user, today, owner)
        return state_counts(people, "last_checked_on", today, shift=every)

    def items(self, *, user, today, owner, start=None, end=None, limit=None):
        people, every = self._people(user, today, owner)
        people = people.filter(range_q("last_checked_on", start, end, shift=every))
        people = people.order_by("last_checked_on", "id")
        label = _("Monthly check overdue")
        for person in people[:limit] if limit is not None else people.iterator(chunk_size=2000):
            officer = person.responsible_officer
            yield DueItem(
                key=f"check:{person.pk}",
                kind=KIND,
                label=label,
                due_on=person.last_checked_on + every,
                url=person.get_absolute_url(),
                person_id=person.pk,
                person_name=person.full_name,
                owner_id=officer.pk if officer else None,
                owner_name=str(officer) if officer else "",
                unit_name=person.residence_unit.name,
            )


monthly_checks = MonthlyChecks()
