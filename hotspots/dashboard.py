"""The hotspot dashboard: every figure in a constant number of queries, each with the list
filter that gives exactly the rows it counts."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from . import selectors
from .choices import HotspotStatus, HotspotStep
from .filters import CLEARED_STATUSES
from .models import HotspotEvent

DEFAULT_DAYS = 90
DAY_CHOICES = (30, 90, 180, 365)


def period_bounds(days) -> tuple[datetime.date, datetime.date, int]:
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = DEFAULT_DAYS
    if days not in DAY_CHOICES:
        days = DEFAULT_DAYS
    end = timezone.localdate()
    return end - datetime.timedelta(days=days - 1), end, days


def _re_emerged_between(start, end):
    return Exists(
        HotspotEvent.objects.filter(
            hotspot=OuterRef("pk"),
            step=HotspotStep.RE_EMERGE,
            occurred_on__gte=start,
            occurred_on__lte=end,
        )
    )


def dashboard_figures(*, user, start: datetime.date, end: datetime.date) -> dict:
    today = timezone.localdate()
    length = end - start + datetime.timedelta(days=1)
    prev_start, prev_end = start - length, start - datetime.timedelta(days=1)
    qs = selectors.hotspot_countable(user=user)
    now = selectors.hotspot_status_counts(qs)
    # Status on the last day of the previous period, from the events (history, not rows).
    status_then = Subquery(
        HotspotEvent.objects.filter(hotspot=OuterRef("pk"), occurred_on__lte=prev_end)
        .order_by("-occurred_on", "-id")
        .values("status_after")[:1]
    )
    then = dict(
        qs.annotate(then=status_then)
        .exclude(then=None)
        .values("then")
        .annotate(n=Count("pk"))
        .values_list("then", "n")
    )
    totals = qs.aggregate(
        total=Count("pk"),
        new=Count("pk", filter=Q(detected_on__gte=start, detected_on__lte=end)),
        new_prev=Count("pk", filter=Q(detected_on__gte=prev_start, detected_on__lte=prev_end)),
        re_emerged=Count("pk", filter=Q(_re_emerged_between(start, end))),
        re_emerged_prev=Count("pk", filter=Q(_re_emerged_between(prev_start, prev_end))),
        overdue=Count("pk", filter=selectors.hotspot_overdue_q(today)),
        hot=Count("pk", filter=Q(is_hot=True)),
        hot_cleared=Count("pk", filter=Q(is_hot=True, status__in=CLEARED_STATUSES)),
    )
    iso = "%Y-%m-%d"
    statuses = [
        {
            "value": value,
            "label": label,
            "count": now.get(value, 0),
            "before": then.get(value, 0),
            "change": now.get(value, 0) - then.get(value, 0),
            "query": f"status={value}",
        }
        for value, label in HotspotStatus.choices
    ]
    hot = totals["hot"]
    from cases.figures import case_figures

    cases = case_figures(user=user, start=start, end=end, today=today)
    return {
        "cases": cases,
        "statuses": statuses,
        "total": totals["total"],
        "new": totals["new"],
        "new_prev": totals["new_prev"],
        "new_query": f"detected_from={start:{iso}}&detected_to={end:{iso}}",
        "re_emerged": totals["re_emerged"],
        "re_emerged_prev": totals["re_emerged_prev"],
        "re_emerged_query": f"re_emerged_from={start:{iso}}&re_emerged_to={end:{iso}}",
        "overdue": totals["overdue"],
        "overdue_query": "check_overdue=true",
        "hot": hot,
        "hot_query": "is_hot=true",
        "hot_cleared": totals["hot_cleared"],
        "hot_cleared_query": "is_hot=true&status_group=cleared",
        "hot_cleared_share": round(100 * totals["hot_cleared"] / hot) if hot else None,
    }
