from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import ChangeLog
from cases import services
from cases.choices import CaseStage, SuspectStatus
from cases.models import CaseEvent, DrugCase, Seizure, Suspect
from cases.selectors import seizure_totals

from .helpers import ago, make_case, make_site, move

pytestmark = pytest.mark.django_db


def _errors(exc) -> dict:
    return exc.value.message_dict


def test_case_is_detected_with_its_first_stage_and_change_log(officer_a, units):
    case = make_case(officer_a, units["a"], kinds=["dealing", "transport"], route="road")
    assert case.stage == CaseStage.DETECTED and case.year == ago(100).year
    assert case.kinds == ["dealing", "transport"]
    assert [e.step for e in CaseEvent.objects.filter(case=case)] == ["detect"]
    assert ChangeLog.objects.filter(record_type="drug_case", record_id=str(case.pk)).exists()


def test_case_number_is_unique_per_commune_and_year(officer_a, officer_b, units):
    make_case(officer_a, units["a"], number="15")
    with pytest.raises(ValidationError) as exc:
        make_case(officer_a, units["a"], number="15", days_ago=90)
    assert "already used" in _errors(exc)["number"][0]
    # Another commune may use the same number.
    assert make_case(officer_b, units["b"], number="15").pk
    assert DrugCase.objects.count() == 2


def test_case_refuses_no_kind_future_date_and_foreign_commune(officer_a, units):
    with pytest.raises(ValidationError) as exc:
        services.case_create(
            actor=officer_a,
            number="9",
            commune=units["b"],
            detected_on=ago(-3),
            kinds=[],
        )
    errors = _errors(exc)
    assert "at least one kind" in errors["kinds"][0]
    assert "future" in errors["detected_on"][0]
    assert "jurisdiction" in errors["commune"][0]
    assert not DrugCase.objects.exists()


def test_air_and_courier_routes_are_marked_verified_or_not(officer_a, units):
    road = make_case(officer_a, units["a"], number="1", route="road", route_verified=True)
    air = make_case(officer_a, units["a"], number="2", route="courier")
    assert road.route_verified is None
    assert air.route_verified is False
    air = services.case_update(actor=officer_a, case=air, route_verified=True)
    assert air.route_verified is True


def test_stages_in_order_with_dates(officer_a, units):
    case = move(officer_a, make_case(officer_a, units["a"]), "charge", "indict", "try", "enforce")
    assert case.stage == CaseStage.ENFORCED
    assert case.charged_on == ago(90)
    steps = list(CaseEvent.objects.filter(case=case).values_list("step", flat=True))
    assert steps == ["detect", "charge", "indict", "try", "enforce"]


def test_trial_before_the_charge_is_refused_with_field_and_reason(officer_a, units):
    case = move(officer_a, make_case(officer_a, units["a"]), "charge", "indict", start_days_ago=50)
    with pytest.raises(ValidationError) as exc:
        services.case_transition(
            actor=officer_a, case=case, step="try", occurred_on=ago(60), outcome="7 năm tù"
        )
    message = _errors(exc)["occurred_on"][0]
    assert "trial cannot be dated before the indictment" in message
    case.refresh_from_db()
    assert case.stage == CaseStage.INDICTED
    assert CaseEvent.objects.filter(case=case).count() == 3


def test_stage_out_of_order_and_missing_outcome_or_reason(officer_a, units):
    case = make_case(officer_a, units["a"])
    with pytest.raises(ValidationError) as exc:
        services.case_transition(actor=officer_a, case=case, step="try", occurred_on=ago(10))
    assert "cannot go through" in _errors(exc)["step"][0]
    move(officer_a, case, "charge", "indict")
    with pytest.raises(ValidationError) as exc:
        services.case_transition(actor=officer_a, case=case, step="try", occurred_on=ago(1))
    assert "outcome" in _errors(exc)["outcome"][0]
    with pytest.raises(ValidationError) as exc:
        services.case_transition(actor=officer_a, case=case, step="suspend", occurred_on=ago(1))
    assert "reason" in _errors(exc)["reason"][0]


def test_detected_case_can_be_transferred_with_a_reason(officer_a, units):
    case = move(officer_a, make_case(officer_a, units["a"]), "transfer")
    assert case.stage == CaseStage.TRANSFERRED
    assert CaseEvent.objects.get(case=case, step="transfer").reason


def test_suspect_from_registry_or_unidentified(officer_a, units, person_a, person_b):
    case = make_case(officer_a, units["a"], ring="inter_provincial")
    suspect = services.suspect_add(
        actor=officer_a, case=case, person=person_a, role="dealer", is_ring_leader=True
    )
    assert suspect.full_name == person_a.full_name and suspect.is_ring_leader
    with pytest.raises(ValidationError) as exc:
        services.suspect_add(actor=officer_a, case=case, person=person_b, role="user")
    assert "jurisdiction" in _errors(exc)["person"][0]
    with pytest.raises(ValidationError) as exc:
        services.suspect_add(actor=officer_a, case=case, person=person_a, role="user")
    assert "already a suspect" in _errors(exc)["person"][0]
    with pytest.raises(ValidationError) as exc:
        services.suspect_add(
            actor=officer_a, case=case, full_name="Tý", role="user", is_ring_leader=True
        )
    assert "already has a ring leader" in _errors(exc)["is_ring_leader"][0]
    with pytest.raises(ValidationError) as exc:
        services.suspect_add(actor=officer_a, case=case, role="user")
    assert "name or description" in _errors(exc)["person"][0]
    services.suspect_add(actor=officer_a, case=case, full_name="Tý Sẹo", role="transporter")
    assert Suspect.objects.filter(case=case).count() == 2
    case.refresh_from_db()
    assert "ty seo" in case.search_folded


def test_ring_leader_needs_a_ring(officer_a, units):
    case = make_case(officer_a, units["a"])
    with pytest.raises(ValidationError) as exc:
        services.suspect_add(
            actor=officer_a, case=case, full_name="Ba", role="organiser", is_ring_leader=True
        )
    assert "ring" in _errors(exc)["is_ring_leader"][0]


def test_wanted_then_arrested(officer_a, units):
    case = make_case(officer_a, units["a"])
    suspect = services.suspect_add(actor=officer_a, case=case, full_name="Năm Lửa", role="dealer")
    with pytest.raises(ValidationError) as exc:
        services.suspect_record_event(
            actor=officer_a, suspect=suspect, kind="wanted", occurred_on=ago(50)
        )
    assert "number of the decision" in _errors(exc)["document_number"][0]
    services.suspect_record_event(
        actor=officer_a,
        suspect=suspect,
        kind="wanted",
        occurred_on=ago(50),
        document_number="05/QĐ-TN",
    )
    case.refresh_from_db()
    assert case.wanted_count == 1
    with pytest.raises(ValidationError) as exc:
        services.suspect_record_event(
            actor=officer_a, suspect=suspect, kind="arrest", occurred_on=ago(60)
        )
    assert "before" in _errors(exc)["occurred_on"][0]
    services.suspect_record_event(
        actor=officer_a, suspect=suspect, kind="surrender", occurred_on=ago(20)
    )
    suspect.refresh_from_db()
    case.refresh_from_db()
    assert suspect.status == SuspectStatus.SURRENDERED and case.wanted_count == 0
    with pytest.raises(ValidationError) as exc:
        services.suspect_record_event(
            actor=officer_a, suspect=suspect, kind="wanted", occurred_on=ago(5), document_number="X"
        )
    assert "cannot be declared wanted" in _errors(exc)["kind"][0]


@pytest.mark.parametrize(
    ("drug", "quantity", "unit", "field", "reason"),
    [
        ("heroin", "12.5", "tablets", "unit", "not in tablets"),
        ("heroin", "-3", "g", "quantity", "more than zero"),
        ("heroin", "0", "g", "quantity", "more than zero"),
        ("meth", "50000", "kg", "quantity", "plausible maximum"),
        ("plants", "10", "g", "unit", "not in g"),
    ],
)
def test_seizure_refusals_name_field_and_reason(
    officer_a, units, drug, quantity, unit, field, reason
):
    case = make_case(officer_a, units["a"])
    with pytest.raises(ValidationError) as exc:
        services.seizure_add(
            actor=officer_a, case=case, drug_type=drug, quantity=quantity, unit=unit
        )
    assert reason in _errors(exc)[field][0]
    assert not Seizure.objects.exists()


def test_seizure_bounds_are_configurable(settings, officer_a, units):
    settings.CASES_SEIZURE_MAX = {"g": 100}
    case = make_case(officer_a, units["a"])
    with pytest.raises(ValidationError) as exc:
        services.seizure_add(actor=officer_a, case=case, drug_type="heroin", quantity=150, unit="g")
    assert "plausible maximum of 100" in _errors(exc)["quantity"][0]


def test_seizure_totals_add_kilograms_to_grams(officer_a, units):
    case = make_case(officer_a, units["a"])
    for drug, quantity, unit in (
        ("heroin", "12.5", "g"),
        ("heroin", "1.2", "kg"),
        ("tablets", "300", "tablets"),
        ("laughing_gas", "40", "pieces"),
    ):
        services.seizure_add(
            actor=officer_a, case=case, drug_type=drug, quantity=Decimal(quantity), unit=unit
        )
    totals = {(t["drug_type"], t["unit"]): t["total"] for t in seizure_totals(Seizure.objects)}
    assert totals == {
        ("heroin", "g"): 1212.5,
        ("tablets", "tablets"): 300,
        ("laughing_gas", "pieces"): 40,
    }


def test_planting_found_destroyed_replanted(officer_a, units):
    site = make_site(officer_a, units["a"], area_m2=Decimal("250"))
    with pytest.raises(ValidationError) as exc:
        services.planting_step(actor=officer_a, site=site, step="replanted", occurred_on=ago(10))
    assert "destroyed before" in _errors(exc)["step"][0]
    with pytest.raises(ValidationError) as exc:
        services.planting_step(actor=officer_a, site=site, step="destroyed", occurred_on=ago(70))
    assert "before" in _errors(exc)["occurred_on"][0]
    services.planting_step(actor=officer_a, site=site, step="destroyed", occurred_on=ago(50))
    services.planting_step(
        actor=officer_a, site=site, step="replanted", occurred_on=ago(10), plant_count=40
    )
    site.refresh_from_db()
    assert site.replanted_count == 1 and site.destroyed_on is None and site.plant_count == 40


def test_planting_refuses_absurd_sizes_and_none(officer_a, units):
    with pytest.raises(ValidationError) as exc:
        make_site(officer_a, units["a"], plant_count=None, area_m2=None)
    assert "area or the number" in _errors(exc)["area_m2"][0]
    with pytest.raises(ValidationError) as exc:
        make_site(officer_a, units["a"], plant_count=-4)
    assert "more than zero" in _errors(exc)["plant_count"][0]


def test_commune_officer_cannot_write_another_communes_case(officer_a, officer_b, units):
    case = make_case(officer_b, units["b"])
    with pytest.raises(PermissionError):
        services.case_transition(actor=officer_a, case=case, step="charge", occurred_on=ago(1))
    case.refresh_from_db()
    assert case.stage == CaseStage.DETECTED
