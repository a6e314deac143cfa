"""Report figures of the tips app (reporting.indicators): citizens' tips received in the period
by channel, verified in it by result and what they led to (a hotspot, a person: the tip records
no case), and those still being verified at its end. One aggregate query over every unit under
the report's unit, counted where the tip is held (`scope_path`: the routed unit, or the
receiving unit before routing; a tip kept by the province counts in the province's figures
only). Nothing about the tipster is read or counted."""

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from registry.selectors_reports import _counter

from .choices import TipChannel, TipResult

TIPS = _("tips")
RESULTS = tuple(r for r in TipResult if r != TipResult.PENDING)


def _in_path(field: str, path: str) -> Q:
    return Q(**{field: path}) | Q(**{f"{field}__startswith": path + "."})


def _tips(*, unit, path, start, end):
    from reporting.indicators import GroupResult

    from .selectors import tip_countable, tip_report_rows

    result = GroupResult()
    tips = tip_countable(user=_counter(unit)).filter(_in_path("scope_path", path))
    for row in tip_report_rows(tips=tips, start=start, end=end):
        where = row["scope_path"]
        result.add(where, "tips_received", row["received"])
        result.add(where, f"tips_received_{row['channel']}", row["received"])
        result.add(where, "tips_verified", row["verified"])
        if row["result"] != TipResult.PENDING:
            result.add(where, f"tips_verified_{row['result']}", row["verified"])
        result.add(where, "tips_led_to_hotspot", row["hotspot"])
        result.add(where, "tips_led_to_person", row["person"])
        result.add(where, "tips_pending", row["pending"])
    return result


def register() -> None:
    from reporting.indicators import Indicator, register_group, register_indicator

    group = "tips.tips"
    register_group(group, _tips)
    register_indicator(
        Indicator("tips_received", _("Citizens' tips received"), TIPS, group, order=450)
    )
    for order, channel in enumerate(TipChannel, start=451):
        register_indicator(
            Indicator(
                f"tips_received_{channel.value}",
                format_lazy("{}: {}", _("Tips received"), channel.label),
                TIPS,
                group,
                order=order,
            )
        )
    register_indicator(Indicator("tips_verified", _("Tips verified"), TIPS, group, order=460))
    for order, result in enumerate(RESULTS, start=461):
        register_indicator(
            Indicator(
                f"tips_verified_{result.value}",
                format_lazy("{}: {}", _("Tips verified"), result.label),
                TIPS,
                group,
                order=order,
            )
        )
    for order, code, label in (
        (470, "tips_led_to_hotspot", _("Verified tips that led to a hotspot")),
        (471, "tips_led_to_person", _("Verified tips that led to a person")),
        (472, "tips_pending", _("Tips still being verified at the end of the period")),
    ):
        register_indicator(Indicator(code, label, TIPS, group, order=order))
