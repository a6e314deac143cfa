"""Substitution treatment and the psychosis list: the rules, the refusals (with the field), the
special-management flag with its history, and the due work of the commune police."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from registry.choices import EventKind, PeriodKind, PostRehabBasis, TaskKind, TaskStatus
from registry.models import ManagementPeriod, PersonEvent, Task
from treatment import selectors, services
from treatment.choices import TreatmentStatus
from treatment.models import SubstitutionTreatment

from ..factories import make_person
from .helpers import enrol, flag, hospital, site

pytestmark = pytest.mark.django_db


@pytest.fixture
def mmt(health, units):
    return site(health, units["a"])


def _today():
    return timezone.localdate()


def test_enrol_records_the_enrolment_event_and_first_dose(health, person_a, mmt):
    treatment = enrol(health, person_a, mmt, code="NK-0012", dose_mg=Decimal("60"))
    assert treatment.status == TreatmentStatus.IN_TREATMENT
    assert treatment.is_active
    assert [e.kind for e in selectors.treatment_events(treatment=treatment)] == ["enrolled"]
    assert [d.dose_mg for d in selectors.treatment_doses(treatment=treatment)] == [Decimal("60.0")]


def test_enrol_refuses_a_start_before_birth_or_in_the_future(health, officer_a, units, mmt):
    person = make_person(officer_a, units["a"], full_name="Võ Văn Bé", birth_year=2000)
    with pytest.raises(ValidationError) as exc:
        enrol(health, person, mmt, start_on=datetime.date(1999, 6, 1))
    assert "birth year" in exc.value.message_dict["start_on"][0]
    with pytest.raises(ValidationError) as exc:
        enrol(health, person, mmt, start_on=_today() + datetime.timedelta(days=1))
    assert "future" in exc.value.message_dict["start_on"][0]
    assert not SubstitutionTreatment.objects.filter(person=person).exists()


def test_a_person_has_one_active_enrolment(health, person_a, mmt, units):
    enrol(health, person_a, mmt)
    other = site(health, units["b"], name="Cơ sở Methadone Cái Răng")
    with pytest.raises(ValidationError) as exc:
        enrol(health, person_a, other, code="CR-1")
    assert "already in treatment" in exc.value.message_dict["person"][0]
    assert SubstitutionTreatment.objects.filter(person=person_a).count() == 1


def test_enrol_refuses_a_facility_that_is_not_a_substitution_site(health, person_a, units):
    psychiatric = hospital(health, units["a"])
    with pytest.raises(ValidationError) as exc:
        enrol(health, person_a, psychiatric)
    assert "substitution-treatment site" in exc.value.message_dict["facility"][0]


def test_commune_officer_may_not_enrol(officer_a, person_a, mmt):
    with pytest.raises(PermissionError):
        enrol(officer_a, person_a, mmt)


def test_status_change_dated_before_the_last_one_is_refused(health, person_a, mmt):
    start = _today() - datetime.timedelta(days=60)
    treatment = enrol(health, person_a, mmt, start_on=start)
    with pytest.raises(ValidationError) as exc:
        services.treatment_set_status(
            actor=health,
            treatment=treatment,
            status=TreatmentStatus.COMPLETED,
            occurred_on=start - datetime.timedelta(days=1),
        )
    assert "last status change" in exc.value.message_dict["occurred_on"][0]
    treatment.refresh_from_db()
    assert treatment.is_active


def test_dropout_raises_follow_up_for_the_responsible_officer(health, officer_a, person_a, mmt):
    from registry.services import person_assign_officer

    person_assign_officer(actor=officer_a, person=person_a, officer=officer_a)
    treatment = enrol(health, person_a, mmt)
    services.treatment_set_status(
        actor=health,
        treatment=treatment,
        status=TreatmentStatus.DROPPED_OUT,
        occurred_on=_today() - datetime.timedelta(days=1),
    )
    treatment.refresh_from_db()
    assert treatment.status == TreatmentStatus.DROPPED_OUT and not treatment.is_active
    task = Task.objects.get(person=person_a, kind=TaskKind.SUBSTITUTION_DROPOUT)
    assert task.status == TaskStatus.OPEN and task.owner == officer_a
    # An ended treatment takes no further status.
    with pytest.raises(ValidationError) as exc:
        services.treatment_set_status(
            actor=health, treatment=treatment, status=TreatmentStatus.DIED, occurred_on=_today()
        )
    assert "already ended" in exc.value.message_dict["status"][0]


def test_transfer_continues_the_treatment_at_the_other_site(health, person_a, mmt, units):
    other = site(health, units["b"], name="Cơ sở Methadone Cái Răng")
    treatment = enrol(health, person_a, mmt, dose_mg=Decimal("45"))
    services.treatment_set_status(
        actor=health,
        treatment=treatment,
        status=TreatmentStatus.TRANSFERRED,
        occurred_on=_today(),
        to_facility=other,
        new_patient_code="CR-77",
    )
    new = SubstitutionTreatment.objects.get(person=person_a, ended_on__isnull=True)
    assert new.facility == other and new.patient_code == "CR-77" and new.start_on == _today()
    assert [d.dose_mg for d in new.doses.all()] == [Decimal("45.0")]


def test_transfer_needs_another_site(health, person_a, mmt):
    treatment = enrol(health, person_a, mmt)
    with pytest.raises(ValidationError) as exc:
        services.treatment_set_status(
            actor=health,
            treatment=treatment,
            status=TreatmentStatus.TRANSFERRED,
            occurred_on=_today(),
        )
    assert "to_facility" in exc.value.message_dict


def test_dose_change_refused_before_start_and_when_not_positive(health, person_a, mmt):
    treatment = enrol(health, person_a, mmt)
    with pytest.raises(ValidationError) as exc:
        services.dose_change_record(
            actor=health,
            treatment=treatment,
            changed_on=treatment.start_on - datetime.timedelta(days=1),
            dose_mg=Decimal("0"),
        )
    assert set(exc.value.message_dict) == {"changed_on", "dose_mg"}


def test_completion_is_offered_to_the_police_who_open_one_year_post_rehab(
    health, officer_a, person_a, mmt
):
    start = _today() - datetime.timedelta(days=400)
    treatment = enrol(health, person_a, mmt, start_on=start)
    done_on = _today() - datetime.timedelta(days=2)
    services.treatment_set_status(
        actor=health, treatment=treatment, status=TreatmentStatus.COMPLETED, occurred_on=done_on
    )
    due = selectors.treatment_post_rehab_due(user=officer_a)
    assert list(due) == [treatment]
    # Health cannot open the period (the commune chairman decides; the police keep the list).
    with pytest.raises(PermissionError):
        services.treatment_open_post_rehab(
            actor=health,
            treatment=treatment,
            decision_number="15/QĐ-UBND",
            decision_date=_today(),
            decision_body="UBND phường",
        )
    period = services.treatment_open_post_rehab(
        actor=officer_a,
        treatment=treatment,
        decision_number="15/QĐ-UBND",
        decision_date=done_on,
        decision_body="UBND phường Ninh Kiều",
    )
    assert period.kind == PeriodKind.POST_REHAB and period.basis == PostRehabBasis.SUBSTITUTION
    assert period.start_on == done_on + datetime.timedelta(days=1)
    assert period.months == 12
    assert not selectors.treatment_post_rehab_due(user=officer_a).exists()
    assert ManagementPeriod.objects.filter(person=person_a).count() == 1
    # Offered once: a second opening is refused.
    with pytest.raises(ValidationError) as exc:
        services.treatment_open_post_rehab(
            actor=officer_a,
            treatment=treatment,
            decision_number="16/QĐ-UBND",
            decision_date=done_on,
            decision_body="UBND phường Ninh Kiều",
        )
    assert "already been opened" in exc.value.message_dict["status"][0]


def test_psychosis_sets_special_management_with_history_and_due_work(
    health, officer_a, person_a, units
):
    hosp = hospital(health, units["province"])
    record = flag(health, person_a, hosp)
    person_a.refresh_from_db()
    assert person_a.special_management
    on = PersonEvent.objects.get(person=person_a, kind=EventKind.SPECIAL_ON)
    assert on.author == health and on.occurred_on == record.diagnosed_on
    task = Task.objects.get(person=person_a, kind=TaskKind.PSYCHOSIS_MANAGEMENT)
    assert task.status == TaskStatus.OPEN
    # A second open entry is refused.
    with pytest.raises(ValidationError) as exc:
        flag(health, person_a, hosp)
    assert "already on the psychosis list" in exc.value.message_dict["person"][0]
    services.psychosis_end(actor=health, record=record, ended_on=_today(), end_reason="recovered")
    person_a.refresh_from_db()
    assert not person_a.special_management
    assert PersonEvent.objects.filter(person=person_a, kind=EventKind.SPECIAL_OFF).count() == 1
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_psychosis_end_refuses_a_date_before_the_diagnosis(health, person_a, units):
    hosp = hospital(health, units["province"])
    record = flag(health, person_a, hosp)
    with pytest.raises(ValidationError) as exc:
        services.psychosis_end(
            actor=health,
            record=record,
            ended_on=record.diagnosed_on - datetime.timedelta(days=1),
            end_reason="treated",
        )
    assert "before the diagnosis" in exc.value.message_dict["ended_on"][0]
    person_a.refresh_from_db()
    assert person_a.special_management


def test_health_sees_the_people_it_treats_identity_only(health, person_a, person_b, mmt):
    from registry import selectors as registry_selectors

    assert not registry_selectors.person_list(user=health).filter(pk=person_a.pk).exists()
    enrol(health, person_a, mmt)
    visible = registry_selectors.person_list(user=health)
    assert visible.filter(pk=person_a.pk).exists()
    assert not visible.filter(pk=person_b.pk).exists()


def test_positive_tests_in_treatment_count_only_inside_the_enrolment(
    health, officer_a, person_a, mmt
):
    from registry.services import drug_test_record

    start = _today() - datetime.timedelta(days=100)
    enrol(health, person_a, mmt, start_on=start)
    for day in (start - datetime.timedelta(days=5), start + datetime.timedelta(days=10)):
        drug_test_record(
            actor=officer_a,
            person=person_a,
            tested_on=day,
            method="quick",
            sample="urine",
            substances_tested=["opiates"],
            result="positive",
            substances_positive=["opiates"],
        )
    assert selectors.treatment_positive_tests(user=officer_a) == 1
