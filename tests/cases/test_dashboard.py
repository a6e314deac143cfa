import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services
from hotspots.choices import HotspotStep

from ..hotspots.helpers import make_hotspot
from ..hotspots.helpers import move as move_hotspot
from .helpers import ago, make_case, move

pytestmark = pytest.mark.django_db


def _cases(client):
    return client.get("/hotspots/dashboard/").context["figures"]["cases"]


def _targets(figures):
    return {t["key"]: t for t in figures["targets"]}


def test_stage_figures_link_to_the_rows_they_count(client_for, officer_a, units):
    move(officer_a, make_case(officer_a, units["a"], number="1"), "charge")
    move(officer_a, make_case(officer_a, units["a"], number="2"), "charge", "indict", "try")
    make_case(officer_a, units["a"], number="3")
    client = client_for(officer_a)
    figures = _cases(client)
    for stage in figures["stages"]:
        rows = client.get(f"/cases/?{stage['query']}").context["page"].paginator.count
        assert rows == stage["count"], stage["value"]
    assert {s["value"]: s["count"] for s in figures["stages"]}["charged"] == 1
    period = client.get(f"/cases/?{figures['period_query']}").context["page"].paginator.count
    assert period == figures["period"]


def test_targets_current_values(client_for, officer_a, units):
    # Two charged cases, one tried: 50 % resolved or tried.
    move(officer_a, make_case(officer_a, units["a"], number="1"), "charge")
    move(officer_a, make_case(officer_a, units["a"], number="2"), "charge", "indict", "try")
    make_case(officer_a, units["a"], number="3", route="courier", days_ago=1)
    client = client_for(officer_a)
    targets = _targets(_cases(client))
    assert targets["resolved"]["value"] == 1 and targets["resolved"]["compare"] == 2
    assert targets["resolved"]["share"] == 50 and not targets["resolved"]["met"]
    assert targets["verified"]["share"] == 0 and not targets["verified"]["met"]
    for key in ("resolved", "verified", "cases_detected"):
        url = f"/cases/?{targets[key]['query']}"
        assert client.get(url).context["page"].paginator.count == targets[key]["value"], key
        url = f"/cases/?{targets[key]['compare_query']}"
        assert client.get(url).context["page"].paginator.count == targets[key]["compare"], key


def test_hotspots_cleared_target_links_to_hotspot_list(client_for, officer_a, units):
    hotspot = make_hotspot(officer_a, units["a"], days_ago=5)
    move_hotspot(
        officer_a,
        hotspot,
        HotspotStep.VERIFY,
        HotspotStep.ACT,
        HotspotStep.CLEAR,
        start_days_ago=3,
        every=1,
    )
    client = client_for(officer_a)
    target = _targets(_cases(client))["hotspots_cleared"]
    today = ago(0)
    expected = 1 if ago(1).year == today.year else 0
    assert target["value"] == expected
    rows = client.get(f"/hotspots/?{target['query']}").context["page"].paginator.count
    assert rows == target["value"]


def test_seizure_totals_in_the_period(client_for, officer_a, units):
    case = make_case(officer_a, units["a"], days_ago=10)
    services.seizure_add(actor=officer_a, case=case, drug_type="heroin", quantity=2, unit="kg")
    services.seizure_add(actor=officer_a, case=case, drug_type="heroin", quantity=5, unit="g")
    client = client_for(officer_a)
    seized = _cases(client)["seizures"]
    assert [(z["drug_type"], z["unit"], z["total"]) for z in seized] == [("heroin", "g", 2005.0)]
    assert client.get(f"/cases/?{seized[0]['query']}").context["page"].paginator.count == 1


def test_dashboard_query_count_does_not_grow(client_for, officer_a, units):
    client = client_for(officer_a)
    case = make_case(officer_a, units["a"], number="1")
    services.seizure_add(actor=officer_a, case=case, drug_type="heroin", quantity=2, unit="g")
    client.get("/hotspots/dashboard/")
    with CaptureQueriesContext(connection) as few:
        client.get("/hotspots/dashboard/")
    for n in range(2, 9):
        case = move(officer_a, make_case(officer_a, units["a"], number=str(n)), "charge")
        services.seizure_add(actor=officer_a, case=case, drug_type="meth", quantity=n, unit="g")
    with CaptureQueriesContext(connection) as many:
        client.get("/hotspots/dashboard/")
    assert len(many) == len(few)


def test_reader_sees_case_figures_without_links(client_for, reader, officer_a, units):
    case = make_case(officer_a, units["a"])
    page = client_for(reader).get("/hotspots/dashboard/")
    assert page.status_code == 200
    assert page.context["figures"]["cases"]["total"] == 1
    assert "/cases/?stage=" not in page.text and f"/cases/{case.pk}/" not in page.text
