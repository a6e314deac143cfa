"""Due work from management periods: a period whose term (extended or planned) ends within the
next HORIZON_DAYS days, or has ended without its end being recorded, asks the officer to
propose ending it — for post-rehab management, to issue the completion certificate.

The item is due on the period's last day, less the legal term's `due_days_before_end` (data:
3 for post-rehab, whose completion certificate is issued within the last 3 working days;
counted in calendar days until the product has a working-day calendar). One query, bounded."""

import datetime

from django.utils.translation import gettext as _

from . import selectors
from .choices import PeriodKind
from .due import DueItem

# How far ahead the end of a period shows on the due list.
HORIZON_DAYS = 30
LIMIT = 1000


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


def period_ends(*, user, today: datetime.date, owner=None):
    until = today + datetime.timedelta(days=HORIZON_DAYS)
    periods = selectors.period_due(user=user, until=until, owner=owner, limit=LIMIT)
    for period in periods:
        person = period.person
        officer = person.responsible_officer
        ahead = datetime.timedelta(days=period.legal_term.due_days_before_end)
        yield DueItem(
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
