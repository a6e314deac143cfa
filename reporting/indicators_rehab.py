"""The rehab and hotspot indicators (issue 7, DOMAIN.md §5), computed from the rehab and
hotspots apps' own records: addiction determinations; rehab started, ongoing and completed, by
form; hotspots detected, cleared, re-emerged and active. One aggregate query per group, grouped
by commune path. Post-rehab management is counted by the registry's management periods
(`periods_post_rehab_*`). Where the person lived is taken as their commune today (rehab records
hold no residence history of their own); a hotspot's commune is its own."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from registry.selectors_reports import _counter

from .indicators import PERSONS, GroupResult, Indicator, register_group, register_indicator

PLACES = _("places")
TIMES = _("times")
CLOSED_STATES = ("cleared", "neutralised", "closed")


def _under(path):
    return Q(scope_path=path) | Q(scope_path__startswith=path + ".")


def _person_under(path):
    return Q(person__scope_path=path) | Q(person__scope_path__startswith=path + ".")


def _determinations(*, unit, path, start, end) -> GroupResult:
    from rehab.models import AddictionDetermination

    result = GroupResult()
    rows = (
        AddictionDetermination.objects.countable_by(_counter(unit))
        .filter(_person_under(path))
        .filter(determined_on__gte=start, determined_on__lte=end)
        .values("person__scope_path", "result")
        .order_by()
        .annotate(n=Count("pk"))
    )
    for row in rows:
        result.add(row["person__scope_path"], "determinations_total", row["n"])
        if row["result"] == "addicted":
            result.add(row["person__scope_path"], "determinations_addicted", row["n"])
    return result


def _placements(*, unit, path, start, end) -> GroupResult:
    from rehab.models import RehabPlacement

    started = Q(start_on__gte=start, start_on__lte=end)
    ongoing = Q(start_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=end))
    completed = Q(ended_on__gte=start, ended_on__lte=end, outcome="completed")
    result = GroupResult()
    rows = (
        RehabPlacement.objects.countable_by(_counter(unit))
        .filter(_person_under(path))
        .filter(started | ongoing | completed)
        .values("person__scope_path", "form")
        .order_by()
        .annotate(
            started=Count("pk", filter=started),
            ongoing=Count("pk", filter=ongoing),
            completed=Count("pk", filter=completed),
        )
    )
    for row in rows:
        commune = row["person__scope_path"]
        for flow in ("started", "ongoing", "completed"):
            result.add(commune, f"rehab_{flow}_total", row[flow])
            result.add(commune, f"rehab_{flow}_{row['form']}", row[flow])
    return result


def _hotspots(*, unit, path, start, end) -> GroupResult:
    from hotspots.models import Hotspot, HotspotEvent

    status_on_end = Subquery(
        HotspotEvent.objects.filter(hotspot=OuterRef("pk"), occurred_on__lte=end)
        .order_by("-occurred_on", "-id")
        .values("status_after")[:1]
    )
    result = GroupResult()
    rows = (
        Hotspot.objects.countable_by(_counter(unit))
        .filter(_under(path), detected_on__lte=end)
        .annotate(r_status=status_on_end)
        .values("scope_path", "r_status")
        .order_by()
        .annotate(
            n=Count("pk"),
            detected=Count("pk", filter=Q(detected_on__gte=start)),
        )
    )
    for row in rows:
        result.add(row["scope_path"], "hotspots_detected", row["detected"])
        if row["r_status"] and row["r_status"] not in CLOSED_STATES:
            result.add(row["scope_path"], "hotspots_active", row["n"])
    return result


def _hotspot_steps(*, unit, path, start, end) -> GroupResult:
    from hotspots.models import Hotspot, HotspotEvent

    result = GroupResult()
    steps = (
        HotspotEvent.objects.filter(
            hotspot__in=Hotspot.objects.countable_by(_counter(unit)).values("pk"),
        )
        .filter(
            Q(hotspot__scope_path=path) | Q(hotspot__scope_path__startswith=path + "."),
            occurred_on__gte=start,
            occurred_on__lte=end,
            step__in=["clear", "neutralise", "re_emerge"],
        )
        .values("hotspot__scope_path", "step")
        .order_by()
        .annotate(n=Count("hotspot", distinct=True))
    )
    for row in steps:
        code = "hotspots_re_emerged" if row["step"] == "re_emerge" else "hotspots_cleared"
        result.add(row["hotspot__scope_path"], code, row["n"])
    return result


def register() -> None:
    from rehab.choices import PlacementForm

    register_group("rehab.determinations", _determinations)
    register_group("rehab.placements", _placements)
    register_group("hotspots.lifecycle", _hotspots)
    register_group("hotspots.steps", _hotspot_steps)
    register_indicator(
        Indicator(
            "determinations_total",
            _("Addiction determinations in the period"),
            PERSONS,
            "rehab.determinations",
            order=60,
        )
    )
    register_indicator(
        Indicator(
            "determinations_addicted",
            _("Determined addicted in the period"),
            PERSONS,
            "rehab.determinations",
            order=61,
        )
    )
    flows = (
        ("started", _("Rehab started in the period")),
        ("ongoing", _("In rehab at the end of the period")),
        ("completed", _("Rehab completed in the period")),
    )
    for block, (flow, label) in enumerate(flows):
        base = 80 + 10 * block
        register_indicator(
            Indicator(f"rehab_{flow}_total", label, PERSONS, "rehab.placements", order=base)
        )
        for offset, form in enumerate(PlacementForm, start=1):
            register_indicator(
                Indicator(
                    f"rehab_{flow}_{form.value}",
                    format_lazy("{}: {}", label, form.label),
                    PERSONS,
                    "rehab.placements",
                    order=base + offset,
                )
            )
    for order, code, label in (
        (110, "hotspots_detected", _("Hotspots detected in the period")),
        (111, "hotspots_cleared", _("Hotspots cleared or neutralised in the period")),
        (112, "hotspots_re_emerged", _("Hotspots that re-emerged in the period")),
        (113, "hotspots_active", _("Hotspots active at the end of the period")),
    ):
        group = (
            "hotspots.lifecycle"
            if code in ("hotspots_detected", "hotspots_active")
            else ("hotspots.steps")
        )
        register_indicator(Indicator(code, label, PLACES, group, order=order))
