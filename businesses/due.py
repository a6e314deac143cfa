"""Due provider "businesses.inspection": an open business not inspected for
`BUSINESSES_INSPECT_EVERY_MONTHS` months (default 6) is due work for its commune, from its
last inspection (or its registration) plus the interval; counted and paged in the database."""

from django.utils.translation import gettext as _

from registry.due import DueItem, DueSource, range_q, state_counts

from . import selectors

KIND = "business_inspection"


class InspectionsDue(DueSource):
    def counts(self, *, user, today, owner):
        qs = selectors.business_inspection_due(user=user, owner=owner)
        return state_counts(qs, "inspection_due_on", today)

    def items(self, *, user, today, owner, start=None, end=None, limit=None):
        qs = selectors.business_inspection_due(user=user, owner=owner)
        qs = qs.filter(range_q("inspection_due_on", start, end)).order_by("inspection_due_on", "id")
        label = _("Inspect the business")
        rows = qs[:limit] if limit is not None else qs.iterator(chunk_size=2000)
        for business in rows:
            officer = business.responsible_officer
            yield DueItem(
                key=f"business_inspection:{business.pk}",
                kind=KIND,
                label=f"{label}: {business.name}",
                due_on=business.inspection_due_on,
                url=business.get_absolute_url(),
                owner_id=officer.pk if officer else None,
                owner_name=str(officer) if officer else "",
                unit_name=business.commune.name,
            )


inspections_due = InspectionsDue()
