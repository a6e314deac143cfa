import pytest

from cases import services
from reporting.indicators import compute, indicator

from .helpers import ago, make_case, make_site, move

pytestmark = pytest.mark.django_db


def test_report_figures_of_cases_suspects_seizures_and_planting(officer_a, officer_b, units):
    case = move(
        officer_a, make_case(officer_a, units["a"], days_ago=40), "charge", start_days_ago=30
    )
    services.seizure_add(actor=officer_a, case=case, drug_type="heroin", quantity="1.5", unit="kg")
    services.seizure_add(actor=officer_a, case=case, drug_type="heroin", quantity="20", unit="g")
    services.seizure_add(
        actor=officer_a, case=case, drug_type="meth", quantity="300", unit="tablets"
    )
    suspect = services.suspect_add(actor=officer_a, case=case, full_name="Út Mập", role="dealer")
    services.suspect_record_event(
        actor=officer_a, suspect=suspect, kind="wanted", occurred_on=ago(20), document_number="1/TN"
    )
    make_case(officer_b, units["b"], days_ago=5)
    site = make_site(officer_a, units["a"], days_ago=10, area_m2=800, plant_count=None)
    services.planting_step(actor=officer_a, site=site, step="destroyed", occurred_on=ago(9))
    make_case(officer_a, units["a"], number="old", days_ago=400)

    figures = compute(unit=units["province"], start=ago(60), end=ago(0))
    totals = figures["totals"]
    assert totals["cases_detect"] == 2 and totals["cases_charge"] == 1
    assert totals["seized_heroin_g"] == 1520 and totals["seized_meth_tablets"] == 300
    assert totals["suspects_wanted"] == 1
    assert totals["planting_found"] == 1 and totals["planting_destroyed_m2"] == 800
    assert figures["communes"][units["a"].path]["cases_detect"] == 1
    assert indicator("seized_heroin_g") is not None

    own = compute(unit=units["a"], start=ago(60), end=ago(0))["totals"]
    assert own["cases_detect"] == 1
