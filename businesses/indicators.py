"""Report figures of the businesses app (reporting.indicators): inspections of conditional
businesses held in the period, the businesses inspected, the inspections that found a
violation or drugs, the penalties by kind and the fines imposed. One aggregate query over every
commune under the report's unit, counted at the commune of the business."""

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from registry.selectors_reports import _counter

from .choices import PenaltyMeasure

TIMES = _("times")
BUSINESSES = _("businesses")
VND = _("VND")
MEASURES = tuple(m for m in PenaltyMeasure if m.value)


def _in_path(field: str, path: str) -> Q:
    return Q(**{field: path}) | Q(**{f"{field}__startswith": path + "."})


def _inspections(*, unit, path, start, end):
    from reporting.indicators import GroupResult

    from .selectors import business_countable, inspection_report_rows

    result = GroupResult()
    businesses = business_countable(user=_counter(unit)).filter(_in_path("scope_path", path))
    for row in inspection_report_rows(businesses=businesses, start=start, end=end):
        commune = row["business__scope_path"]
        result.add(commune, "inspections_total", row["n"])
        result.add(commune, "inspections_businesses", row["businesses"])
        result.add(commune, "inspections_violations", row["violations"])
        result.add(commune, "inspections_drugs", row["drugs"])
        for measure in MEASURES:
            result.add(commune, f"penalties_{measure.value}", row[f"m_{measure.value}"])
        result.add(commune, "fines_vnd", int(row["fines"] or 0))
    return result


def register() -> None:
    from reporting.indicators import Indicator, register_group, register_indicator

    group = "businesses.inspections"
    register_group(group, _inspections)
    for order, code, label, unit in (
        (400, "inspections_total", _("Inspections of conditional businesses"), TIMES),
        (401, "inspections_businesses", _("Businesses inspected"), BUSINESSES),
        (402, "inspections_violations", _("Inspections that found violations"), TIMES),
        (403, "inspections_drugs", _("Inspections that found drugs"), TIMES),
    ):
        register_indicator(Indicator(code, label, unit, group, order=order))
    for order, measure in enumerate(MEASURES, start=410):
        register_indicator(
            Indicator(
                f"penalties_{measure.value}",
                format_lazy("{}: {}", _("Penalties"), measure.label),
                TIMES,
                group,
                order=order,
            )
        )
    register_indicator(Indicator("fines_vnd", _("Fines imposed"), VND, group, order=419))
