"""Report figures of citizens' tips: received in the window by channel, verified in it by
result and what they led to, still being verified at its end; counted where the tip is held
(the routed unit); one query for every unit under the report's unit; never the tipster."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from hotspots.services import hotspot_create
from reporting.indicators import _GROUPS, compute, indicator
from tips import services

from .helpers import make_tip

pytestmark = pytest.mark.django_db


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


START, END = 60, 10  # the window: 60 to 10 days ago


def _figures(unit):
    return compute(unit=unit, start=ago(START), end=ago(END))


def _verify(actor, tip, result, days_ago, **led_to):
    return services.tip_verify(
        actor=actor, tip=tip, result=result, verified_on=ago(days_ago), **led_to
    )


def _world(officer_a, officer_b, pc04, units, person_a):
    hotspot = hotspot_create(
        actor=officer_a,
        name="Nhà số 9 hẻm 12",
        kind="point",
        commune=units["a"],
        detected_on=ago(20),
        activities=["use"],
    )
    true = make_tip(officer_a, units["a"], days_ago=40)
    _verify(officer_a, true, "true", 30, led_to_hotspot=hotspot, led_to_person=person_a)
    _verify(officer_a, make_tip(officer_a, days_ago=35, channel="letter"), "false", 25)
    # received before the window, verified in it
    _verify(officer_a, make_tip(officer_a, days_ago=90), "partly_true", 50)
    # received in the window, verified after it: still being verified at its end
    _verify(officer_a, make_tip(officer_a, days_ago=20, channel="in_person"), "true", 5)
    make_tip(officer_a, days_ago=15)  # not verified yet
    make_tip(officer_a, days_ago=5)  # after the window
    _verify(officer_a, make_tip(officer_a, days_ago=200), "false", 150)  # all before it
    make_tip(officer_b, days_ago=30, channel="online_form")  # commune b
    # PC04 receives one and routes it to commune b, keeps another
    routed = make_tip(pc04, units["b"], days_ago=25)
    services.tip_route(actor=pc04, tip=routed, unit=units["b"], routed_on=ago(24))
    make_tip(pc04, days_ago=22, channel="letter")


def test_a_commune_counts_the_tips_it_holds(officer_a, officer_b, pc04, units, person_a):
    _world(officer_a, officer_b, pc04, units, person_a)
    totals = _figures(units["a"])["totals"]
    assert totals["tips_received"] == 4
    assert totals["tips_received_hotline"] == 2
    assert totals["tips_received_letter"] == 1 and totals["tips_received_in_person"] == 1
    assert totals["tips_received_online_form"] == 0  # commune b's
    assert totals["tips_verified"] == 3
    assert totals["tips_verified_true"] == 1  # the one verified after the window is not
    assert totals["tips_verified_false"] == 1 and totals["tips_verified_partly_true"] == 1
    assert totals["tips_led_to_hotspot"] == 1 and totals["tips_led_to_person"] == 1
    assert totals["tips_pending"] == 2  # verified after the window, and not yet verified


def test_the_province_counts_every_unit_and_the_tips_it_keeps(
    officer_a, officer_b, pc04, units, person_a
):
    _world(officer_a, officer_b, pc04, units, person_a)
    figures = _figures(units["province"])
    totals = figures["totals"]
    assert totals["tips_received"] == 7
    assert totals["tips_received_online_form"] == 1 and totals["tips_received_letter"] == 2
    assert totals["tips_pending"] == 5
    communes = figures["communes"]
    assert communes[units["b"].path]["tips_received"] == 2  # its own and the routed one
    assert communes[units["a"].path]["tips_received"] == 4
    assert communes[units["province"].path]["tips_received"] == 1  # kept by PC04
    b = _figures(units["b"])["totals"]
    assert b["tips_received"] == 2 and b["tips_verified"] == 0
    assert indicator("tips_verified_partly_true") is not None


def test_no_figure_about_the_tipster():
    tip_codes = [code for code, ind in _all() if ind.group == "tips.tips"]
    assert tip_codes and not [c for c in tip_codes if "tipster" in c]


def _all():
    from reporting.indicators import indicators

    return [(i.code, i) for i in indicators()]


def _queries(units):
    group = _GROUPS["tips.tips"]
    with CaptureQueriesContext(connection) as ctx:
        group(unit=units["province"], path=units["province"].path, start=ago(START), end=ago(END))
    return len(ctx.captured_queries), ctx.captured_queries


def test_one_query_whatever_the_number_of_tips_and_no_tipster_read(
    officer_a, officer_b, pc04, units, person_a
):
    _world(officer_a, officer_b, pc04, units, person_a)
    few, queries = _queries(units)
    assert few == 1
    assert "tipster" not in queries[0]["sql"].lower()
    for days in (12, 14, 16):
        make_tip(officer_a, days_ago=days)
        make_tip(officer_b, days_ago=days)
    assert _queries(units)[0] == few


def test_a_tip_kept_by_the_province_is_not_a_row_of_the_communes_table(
    officer_a, officer_b, pc04, units, person_a
):
    from types import SimpleNamespace

    from reporting.documents import tables
    from reporting.kinds import Template

    _world(officer_a, officer_b, pc04, units, person_a)
    figures = _figures(units["province"])
    report = SimpleNamespace(
        figures=figures, template=Template.PROVINCE, unit=units["province"], agency_id=None
    )
    main, *others = tables(report)
    labels = {row[1]: row[3] for row in main["rows"]}
    with translation.override("vi"):
        assert labels[str(indicator("tips_received").label)] == 7  # PC04's own one included
    by_commune = next(t for t in others if t["sheet"].endswith("Cap xa"))
    assert [row[1] for row in by_commune["rows"]] == sorted([units["a"].name, units["b"].name])
