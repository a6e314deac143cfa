"""The case figures of the police dashboard (hotspots/dashboard.py): each in a constant number
of queries, each with the list filter that gives exactly the rows it counts, and the targets
of 001 §I.2.c–d with their current value."""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import Access
from hotspots import selectors as hotspot_selectors
from hotspots.choices import HotspotStep

from . import selectors
from .choices import RESOLVED_STAGES, VERIFY_ROUTES, CaseStage, DrugType, Unit

ISO = "%Y-%m-%d"
# 001 §I.2: cases detected and hotspots cleared +5 %/yr; > 90 % of cases resolved or tried.
# The percent sign ends each label: no python-format flag in the catalogue.
LABELS = {
    "cases_detected": _("Drug cases detected: yearly increase of at least 5%"),
    "resolved": _("Drug cases resolved or tried: more than 90%"),
    "verified": _("Air and courier cases verified: 100%"),
    "hotspots_cleared": _("Hotspots cleared: yearly increase of at least 5%"),
    "hot_cleared": _("Hot spots cleared: more than 80%"),
}
GROWTH_TARGET = 5
RESOLVED_TARGET = 90
VERIFIED_TARGET = 100


def _same_day_last_year(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _growth(now: int, before: int) -> float | None:
    return round(100 * (now - before) / before, 1) if before else None


def _range(field, start, end) -> str:
    return f"{field}_from={start:{ISO}}&{field}_to={end:{ISO}}"


def case_figures(*, user, start: datetime.date, end: datetime.date, today: datetime.date) -> dict:
    length = end - start + datetime.timedelta(days=1)
    prev_start, prev_end = start - length, start - datetime.timedelta(days=1)
    ytd_start = today.replace(month=1, day=1)
    last_end = _same_day_last_year(today)
    last_start = ytd_start.replace(year=ytd_start.year - 1)
    cases = selectors.case_countable(user=user)
    stages = dict(cases.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n"))
    t = cases.aggregate(
        period=Count("pk", filter=Q(detected_on__gte=start, detected_on__lte=end)),
        prev=Count("pk", filter=Q(detected_on__gte=prev_start, detected_on__lte=prev_end)),
        ytd=Count("pk", filter=Q(detected_on__gte=ytd_start, detected_on__lte=today)),
        last=Count("pk", filter=Q(detected_on__gte=last_start, detected_on__lte=last_end)),
        charged=Count("pk", filter=Q(charged_on__isnull=False)),
        resolved=Count("pk", filter=Q(charged_on__isnull=False, stage__in=RESOLVED_STAGES)),
        air=Count("pk", filter=Q(route__in=VERIFY_ROUTES)),
        air_verified=Count("pk", filter=Q(route__in=VERIFY_ROUTES, route_verified=True)),
        wanted_cases=Count("pk", filter=Q(wanted_count__gt=0)),
    )
    seized = selectors.seizure_totals(
        selectors.seizures_of(cases=cases).filter(seized_on__gte=start, seized_on__lte=end)
    )
    drugs, units = dict(DrugType.choices), dict(Unit.choices)
    seizures = [
        {
            **row,
            "drug_label": drugs[row["drug_type"]],
            "unit_label": units[row["unit"]],
            "query": f"seized_type={row['drug_type']}&" + _range("seized", start, end),
        }
        for row in seized
    ]
    clears = selectors.hotspot_step_counts(
        hotspots=hotspot_selectors.hotspot_countable(user=user),
        step=HotspotStep.CLEAR,
        windows={"ytd": (ytd_start, today), "last": (last_start, last_end)},
    )
    growth = _growth(t["ytd"], t["last"])
    clear_growth = _growth(clears["ytd"], clears["last"])
    resolved_share = round(100 * t["resolved"] / t["charged"]) if t["charged"] else None
    verified_share = round(100 * t["air_verified"] / t["air"]) if t["air"] else None
    return {
        "can_read": selectors.case_can(user=user, access=Access.READ),
        "stages": [
            {
                "value": value,
                "label": label,
                "count": stages.get(value, 0),
                "query": f"stage={value}",
            }
            for value, label in CaseStage.choices
        ],
        "total": sum(stages.values()),
        "period": t["period"],
        "period_query": _range("detected", start, end),
        "prev": t["prev"],
        "prev_query": _range("detected", prev_start, prev_end),
        "wanted_cases": t["wanted_cases"],
        "wanted_query": "has_wanted=true",
        "seizures": seizures,
        "targets": [
            {
                "key": "cases_detected",
                "label": LABELS["cases_detected"],
                "value": t["ytd"],
                "compare": t["last"],
                "growth": growth,
                "met": t["ytd"] >= t["last"] * (1 + GROWTH_TARGET / 100),
                "query": _range("detected", ytd_start, today),
                "compare_query": _range("detected", last_start, last_end),
                "list": "cases",
            },
            {
                "key": "resolved",
                "label": LABELS["resolved"],
                "value": t["resolved"],
                "compare": t["charged"],
                "share": resolved_share,
                "met": resolved_share is not None and resolved_share > RESOLVED_TARGET,
                "query": "charged=true&stage_group=resolved",
                "compare_query": "charged=true",
                "list": "cases",
            },
            {
                "key": "verified",
                "label": LABELS["verified"],
                "value": t["air_verified"],
                "compare": t["air"],
                "share": verified_share,
                "met": verified_share is None or verified_share >= VERIFIED_TARGET,
                "query": "route_air_courier=true&route_unverified=false",
                "compare_query": "route_air_courier=true",
                "list": "cases",
            },
            {
                "key": "hotspots_cleared",
                "label": LABELS["hotspots_cleared"],
                "value": clears["ytd"],
                "compare": clears["last"],
                "growth": clear_growth,
                "met": clears["ytd"] >= clears["last"] * (1 + GROWTH_TARGET / 100),
                "query": _range("cleared", ytd_start, today),
                "compare_query": _range("cleared", last_start, last_end),
                "list": "hotspots",
            },
        ],
        "hot_cleared_label": LABELS["hot_cleared"],
        "ytd_start": ytd_start,
        "last_start": last_start,
        "last_end": last_end,
    }
