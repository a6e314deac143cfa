"""The rehab and hotspot indicators: counted from the rehab and hotspots records dated in the
window, per commune, and summed for the province."""

import datetime

import pytest
from django.utils import timezone

from hotspots.choices import HotspotStep
from reporting import indicators

from ..factories import make_person
from ..hotspots.helpers import TO_CLEARED, make_hotspot, move

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _figures(unit, days=365):
    today = timezone.localdate()
    return indicators.compute(unit=unit, start=today - days * DAY, end=today)


def test_hotspots_detected_cleared_re_emerged_and_active(officer_a, officer_b, units):
    cleared = make_hotspot(officer_a, units["a"], days_ago=200, name="Điểm A")
    move(officer_a, cleared, *TO_CLEARED)
    back = make_hotspot(officer_a, units["a"], days_ago=190, name="Điểm B")
    move(officer_a, back, *TO_CLEARED, HotspotStep.RE_EMERGE, start_days_ago=120)
    make_hotspot(officer_b, units["b"], days_ago=30, name="Điểm C")
    make_hotspot(officer_b, units["b"], days_ago=800, name="Điểm cũ")  # before the window
    commune_a = _figures(units["a"])["totals"]
    assert commune_a["hotspots_detected"] == 2
    assert commune_a["hotspots_cleared"] == 2
    assert commune_a["hotspots_re_emerged"] == 1
    assert commune_a["hotspots_active"] == 1  # B re-emerged; A stays cleared
    province = _figures(units["province"])
    assert province["totals"]["hotspots_detected"] == 3
    assert province["totals"]["hotspots_active"] == 3  # B, C and the old one
    assert province["communes"][units["b"].path]["hotspots_active"] == 2
    # Looked at before anything was cleared: every hotspot then detected was active.
    early = indicators.compute(
        unit=units["a"],
        start=timezone.localdate() - 400 * DAY,
        end=timezone.localdate() - 180 * DAY,
    )["totals"]
    assert early["hotspots_active"] == 2 and early["hotspots_cleared"] == 0


def test_rehab_started_ongoing_completed_by_form(officer_a, units):
    from rehab.models import RehabPlacement

    from ..rehab.helpers import open_placement

    person = make_person(officer_a, units["a"], category="addicted")
    today = timezone.localdate()
    placement = open_placement(
        officer_a, person, form="voluntary_community", start_on=today - 100 * DAY
    )
    assert isinstance(placement, RehabPlacement)
    totals = _figures(units["a"])["totals"]
    assert totals["rehab_started_total"] == 1
    assert totals["rehab_started_voluntary_community"] == 1
    assert totals["rehab_ongoing_voluntary_community"] == 1
    assert totals["rehab_completed_total"] == 0
    assert _figures(units["b"])["totals"]["rehab_started_total"] == 0


def test_the_indicators_are_registered_with_labels():
    for code in (
        "determinations_total",
        "rehab_started_total",
        "rehab_ongoing_compulsory_adult",
        "rehab_completed_voluntary_home",
        "hotspots_active",
    ):
        assert indicators.indicator(code) is not None and str(indicators.indicator(code).label)
