"""Report figures of inspections and violations: held in the window, counted at the commune of
the business, one query for every commune under the report's unit."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reporting.indicators import _GROUPS, compute, indicator

from .helpers import inspect, make_business

pytestmark = pytest.mark.django_db


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


START, END = 60, 10  # the window: 60 to 10 days ago


def _figures(unit):
    return compute(unit=unit, start=ago(START), end=ago(END))


def _world(officer_a, officer_b, units):
    karaoke = make_business(officer_a, units["a"])
    hotel = make_business(officer_a, units["a"], name="Khách sạn Sao Mai", kind="hotel")
    bar = make_business(officer_b, units["b"], name="Bar Đêm", kind="bar")
    inspect(
        officer_a,
        karaoke,
        days_ago=20,
        violations=["drug_use", "opening_hours"],
        penalty_measure="fine",
        penalty_amount=5_000_000,
        drug_findings=True,
    )
    inspect(officer_a, karaoke, days_ago=30)  # no violation
    inspect(officer_a, hotel, days_ago=15, violations=["guest_register"], penalty_measure="warning")
    inspect(officer_b, bar, days_ago=20, violations=["drug_use"], penalty_measure="closure")
    # outside the window: before it and after it
    inspect(officer_a, hotel, days_ago=100, violations=["no_licence"], penalty_measure="warning")
    inspect(
        officer_a,
        karaoke,
        days_ago=5,
        violations=["fire_safety"],
        penalty_measure="fine",
        penalty_amount=1_000_000,
    )


def test_a_commune_counts_its_own_inspections_in_the_window(officer_a, officer_b, units):
    _world(officer_a, officer_b, units)
    totals = _figures(units["a"])["totals"]
    assert totals["inspections_total"] == 3
    assert totals["inspections_businesses"] == 2  # the karaoke inspected twice counts once
    assert totals["inspections_violations"] == 2
    assert totals["inspections_drugs"] == 1
    assert totals["penalties_fine"] == 1 and totals["penalties_warning"] == 1
    assert totals["penalties_closure"] == 0  # commune b's bar
    assert totals["penalties_suspension"] == 0 and totals["penalties_revocation"] == 0
    assert totals["fines_vnd"] == 5_000_000  # not the fine after the window


def test_the_province_counts_every_commune(officer_a, officer_b, units):
    _world(officer_a, officer_b, units)
    figures = _figures(units["province"])
    totals = figures["totals"]
    assert totals["inspections_total"] == 4
    assert totals["inspections_businesses"] == 3
    assert totals["inspections_violations"] == 3
    assert totals["penalties_closure"] == 1
    assert figures["communes"][units["b"].path]["inspections_total"] == 1
    assert figures["communes"][units["a"].path]["inspections_total"] == 3
    assert indicator("penalties_closure") is not None


def test_nothing_in_the_window_counts_zero(officer_a, units):
    inspect(officer_a, make_business(officer_a, units["a"]), days_ago=200)
    totals = _figures(units["a"])["totals"]
    assert totals["inspections_total"] == 0 and totals["fines_vnd"] == 0


def _queries(units):
    group = _GROUPS["businesses.inspections"]
    with CaptureQueriesContext(connection) as ctx:
        group(unit=units["province"], path=units["province"].path, start=ago(START), end=ago(END))
    return len(ctx.captured_queries)


def test_one_query_whatever_the_number_of_inspections(officer_a, officer_b, units):
    _world(officer_a, officer_b, units)
    few = _queries(units)
    _world(officer_a, officer_b, units)
    assert _queries(units) == few == 1
