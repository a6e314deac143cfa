"""The rest of the person record, through the services: background fields (aliases, ethnicity,
education, occupation, phone, permanent residence), custody and the population-database
check as events, and the prior record. Refusals name their field."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import ChangeLog
from areas.choices import Era, Level
from areas.models import AdminUnit
from registry import services
from registry.choices import CustodyState, Ethnicity, EventKind, VerificationState
from registry.models import PersonEvent, PriorRecord
from registry.validators import normalise_phone, phone_errors

from ..factories import make_person


def today() -> datetime.date:
    """Today, asked when needed (a module constant goes stale when a run crosses midnight)."""
    return timezone.localdate()


def _resolve(data: dict) -> dict:
    """Parameters give dates as offsets in days from today (ints), resolved at run time."""
    return {
        k: today() + v * DAY if k in ("since", "checked_on") and isinstance(v, int) else v
        for k, v in data.items()
    }


DAY = datetime.timedelta(days=1)


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


# ---- Background fields ---------------------------------------------------------------------


def test_create_keeps_background_fields_normalised(officer_a, units):
    person = make_person(
        officer_a,
        units["a"],
        full_name="Phạm Văn Tí",
        aliases="  Tí  Đen ; tèo,Tí đen, ",
        ethnicity=Ethnicity.KHMER,
        education_level="lower_secondary",
        occupation="  Thợ   hồ ",
        phone="+84 912.345.678",
        permanent_residence_unit=units["b"],
        permanent_address="Số 5 đường 30/4",
    )
    person.refresh_from_db()
    assert person.aliases == "Tí Đen, tèo"
    assert person.aliases_folded == "ti den, teo"
    assert person.phone == "0912345678"
    assert person.occupation == "Thợ hồ"
    assert person.permanent_residence_unit == units["b"]  # outside the officer's commune: fine
    assert Ethnicity.report_group(person.ethnicity) == "other"
    assert person.custody_state == CustodyState.AT_HOME
    assert person.verification_state == VerificationState.UNVERIFIED


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "0912345678"),
        ("091 234 5678", "0912345678"),
        ("(+84) 912-345-678", "0912345678"),
        ("84912345678", "0912345678"),
        ("912345678", "0912345678"),  # a spreadsheet number that lost its zero
        ("02923812345", "02923812345"),  # landline
        ("2923812345", "02923812345"),
    ],
)
def test_phone_numbers_are_normalised(typed, stored):
    assert normalise_phone(typed) == stored
    assert phone_errors(normalise_phone(typed)) == []


@pytest.mark.parametrize("phone", ["12345", "0112345678", "09123456789", "0912abc678", "113"])
def test_bad_phone_is_refused_on_its_field(officer_a, units, phone):
    with pytest.raises(ValidationError) as excinfo:
        make_person(officer_a, units["a"], phone=phone)
    assert set(_errors(excinfo)) == {"phone"}


def test_permanent_residence_must_be_a_current_commune(officer_a, units):
    with pytest.raises(ValidationError) as excinfo:
        make_person(officer_a, units["a"], permanent_residence_unit=units["province"])
    assert set(_errors(excinfo)) == {"permanent_residence_unit"}
    legacy = AdminUnit.objects.filter(era=Era.LEGACY, level=Level.COMMUNE).first()
    assert legacy is not None
    with pytest.raises(ValidationError) as excinfo:
        make_person(officer_a, units["a"], permanent_residence_unit=legacy)
    assert set(_errors(excinfo)) == {"permanent_residence_unit"}


def test_bad_choices_are_refused_on_their_field(officer_a, units):
    with pytest.raises(ValidationError) as excinfo:
        make_person(officer_a, units["a"], ethnicity="99", education_level="phd")
    assert set(_errors(excinfo)) == {"ethnicity", "education_level"}


def test_update_changes_background_with_a_change_log(officer_a, person_a):
    services.person_update(actor=officer_a, person=person_a, phone="0987654321", aliases="Đức Mập")
    person_a.refresh_from_db()
    assert person_a.phone == "0987654321"
    assert person_a.aliases_folded == "duc map"
    log = ChangeLog.objects.filter(record_id=str(person_a.pk), action="update").latest("id")
    assert log.after["phone"] == "0987654321"


def test_update_does_not_take_custody_or_verification(officer_a, person_a):
    for field, value in (("custody_state", "prison"), ("verification_state", "verified")):
        with pytest.raises(TypeError):
            services.person_update(actor=officer_a, person=person_a, **{field: value})


def test_ethnicity_report_groups():
    assert Ethnicity.report_group(Ethnicity.KINH) == "kinh"
    assert Ethnicity.report_group(Ethnicity.HMONG) == "other"
    assert Ethnicity.report_group(Ethnicity.FOREIGN) == "other"
    assert Ethnicity.report_group("") == ""
    assert len(Ethnicity.values) == 55  # the 54 groups and foreigners


# ---- Custody -------------------------------------------------------------------------------


def test_custody_change_is_an_event_and_sets_the_row(officer_a, person_a):
    event = services.person_set_custody(
        actor=officer_a,
        person=person_a,
        state=CustodyState.PRISON,
        since=today() - 30 * DAY,
        place="Trại giam Kênh 5",
        basis_number="12/2026/HS-ST",
        basis_body="Tòa án nhân dân khu vực 1",
    )
    person_a.refresh_from_db()
    assert (person_a.custody_state, person_a.custody_since, person_a.custody_place) == (
        CustodyState.PRISON,
        today() - 30 * DAY,
        "Trại giam Kênh 5",
    )
    assert event.kind == EventKind.CUSTODY
    assert (event.state_before, event.state_after) == (CustodyState.AT_HOME, CustodyState.PRISON)
    assert event.state_detail == "Trại giam Kênh 5" and event.author == officer_a
    assert event.basis_number == "12/2026/HS-ST"
    log = ChangeLog.objects.filter(record_id=str(person_a.pk)).latest("id")
    assert log.before == {"custody_place": "", "custody_since": None, "custody_state": "at_home"}


def test_custody_history_is_kept_and_the_row_is_the_latest(officer_a, person_a):
    steps = [
        (CustodyState.TEMPORARY_DETENTION, today() - 90 * DAY, "Nhà tạm giữ Công an TP"),
        (CustodyState.PRISON, today() - 60 * DAY, "Trại giam Kênh 5"),
        (CustodyState.PRISON, today() - 30 * DAY, "Trại giam Cái Tàu"),  # moved between prisons
        (CustodyState.AT_HOME, today(), "ignored at home"),
    ]
    for state, since, place in steps:
        services.person_set_custody(
            actor=officer_a, person=person_a, state=state, since=since, place=place
        )
    person_a.refresh_from_db()
    events = list(PersonEvent.objects.filter(person=person_a, kind=EventKind.CUSTODY))
    assert [e.state_after for e in events] == [s for s, _d, _p in steps]
    assert events[-1].state_before == CustodyState.PRISON
    assert (person_a.custody_state, person_a.custody_place) == (CustodyState.AT_HOME, "")
    assert person_a.custody_since == today()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"state": "prison", "since": 0, "place": ""}, "place"),
        ({"state": "prison", "since": 1, "place": "Trại giam"}, "since"),
        ({"state": "prison", "since": None, "place": "Trại giam"}, "since"),
        ({"state": "prison", "since": datetime.date(1985, 1, 1), "place": "Trại"}, "since"),
        ({"state": "abroad", "since": 0, "place": "Campuchia"}, "state"),
        ({"state": "at_home", "since": 0, "place": ""}, "state"),  # already at home
        ({"state": "prison", "since": 0, "place": "x" * 201}, "place"),
    ],
)
def test_bad_custody_is_refused_on_its_field(officer_a, person_a, data, field):
    with pytest.raises(ValidationError) as excinfo:
        services.person_set_custody(actor=officer_a, person=person_a, **_resolve(data))
    assert field in _errors(excinfo)
    assert not PersonEvent.objects.filter(person=person_a, kind=EventKind.CUSTODY).exists()


def test_custody_cannot_be_dated_before_the_current_state(officer_a, person_a):
    services.person_set_custody(
        actor=officer_a, person=person_a, state="prison", since=today() - 10 * DAY, place="Trại"
    )
    with pytest.raises(ValidationError) as excinfo:
        services.person_set_custody(
            actor=officer_a, person=person_a, state="at_home", since=today() - 20 * DAY
        )
    assert set(_errors(excinfo)) == {"since"}


def test_other_commune_cannot_change_custody(officer_b, person_a):
    with pytest.raises(PermissionError):
        services.person_set_custody(
            actor=officer_b, person=person_a, state="prison", since=today(), place="Trại"
        )


# ---- Population database -------------------------------------------------------------------


def test_verification_is_an_event_and_does_not_mark_the_record_changed(officer_a, person_a):
    person_a.refresh_from_db()
    changed = person_a.updated_at
    event = services.person_set_verification(
        actor=officer_a, person=person_a, state="verified", checked_on=today() - DAY
    )
    person_a.refresh_from_db()
    assert (person_a.verification_state, person_a.verification_on) == ("verified", today() - DAY)
    assert person_a.updated_at == changed
    assert event.kind == EventKind.VERIFICATION
    assert (event.state_before, event.state_after) == ("unverified", "verified")
    assert event.occurred_on == today() - DAY


def test_mismatch_keeps_its_reason_and_unverified_clears_the_date(officer_a, person_a):
    services.person_set_verification(
        actor=officer_a,
        person=person_a,
        state="mismatch",
        checked_on=today(),
        reason="Ngày sinh khác CSDL",
    )
    person_a.refresh_from_db()
    assert person_a.verification_note == "Ngày sinh khác CSDL"
    services.person_set_verification(actor=officer_a, person=person_a, state="unverified")
    person_a.refresh_from_db()
    assert (person_a.verification_state, person_a.verification_on) == ("unverified", None)
    states = PersonEvent.objects.filter(person=person_a, kind=EventKind.VERIFICATION)
    assert [e.state_after for e in states] == ["mismatch", "unverified"]
    assert states[0].note == "Ngày sinh khác CSDL"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"state": "mismatch", "checked_on": 0, "reason": "  "}, "reason"),
        ({"state": "verified", "checked_on": 1}, "checked_on"),
        ({"state": "verified", "checked_on": None}, "checked_on"),
        ({"state": "updated", "checked_on": datetime.date(1980, 5, 1)}, "checked_on"),
        ({"state": "unverified", "checked_on": 0}, "checked_on"),
        ({"state": "unverified"}, "state"),  # already unverified
        ({"state": "approved", "checked_on": 0}, "state"),
        ({"state": "verified", "checked_on": 0, "reason": "x" * 256}, "reason"),
    ],
)
def test_bad_verification_is_refused_on_its_field(officer_a, person_a, data, field):
    with pytest.raises(ValidationError) as excinfo:
        services.person_set_verification(actor=officer_a, person=person_a, **_resolve(data))
    assert field in _errors(excinfo)
    assert not PersonEvent.objects.filter(person=person_a, kind=EventKind.VERIFICATION).exists()


def test_verification_cannot_go_back_in_time(officer_a, person_a):
    services.person_set_verification(
        actor=officer_a, person=person_a, state="verified", checked_on=today() - DAY
    )
    with pytest.raises(ValidationError) as excinfo:
        services.person_set_verification(
            actor=officer_a, person=person_a, state="updated", checked_on=today() - 5 * DAY
        )
    assert set(_errors(excinfo)) == {"checked_on"}
    # The same state on the same day again is nothing new.
    with pytest.raises(ValidationError) as excinfo:
        services.person_set_verification(
            actor=officer_a, person=person_a, state="verified", checked_on=today() - DAY
        )
    assert set(_errors(excinfo)) == {"state"}


def test_other_commune_cannot_record_a_verification(officer_b, person_a):
    with pytest.raises(PermissionError):
        services.person_set_verification(
            actor=officer_b, person=person_a, state="verified", checked_on=today()
        )


# ---- Prior record --------------------------------------------------------------------------


def test_prior_record_is_added_and_voided_not_deleted(officer_a, person_a):
    record = services.prior_record_add(
        actor=officer_a,
        person=person_a,
        kind="criminal",
        drug_related=True,
        year=2015,
        description="Tàng trữ trái phép chất ma túy, 2 năm tù",
        reference="Bản án 45/2015/HS-ST",
    )
    assert record.created_by == officer_a and not record.is_voided
    services.prior_record_void(actor=officer_a, record=record, reason="Nhập nhầm người")
    record.refresh_from_db()
    assert record.is_voided and record.voided_by == officer_a
    assert record.void_reason == "Nhập nhầm người"
    assert PriorRecord.objects.filter(pk=record.pk).exists()
    assert ChangeLog.objects.filter(record_type="prior_record", record_id=str(record.pk)).count()
    with pytest.raises(ValidationError) as excinfo:
        services.prior_record_void(actor=officer_a, record=record, reason="again")
    assert set(_errors(excinfo)) == {"reason"}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "criminal", "year": "next", "description": "x"}, "year"),
        ({"kind": "criminal", "year": 1980, "description": "x"}, "year"),  # born 1990
        ({"kind": "administrative", "year": 2020, "description": "  "}, "description"),
        ({"kind": "warning", "year": 2020, "description": "x"}, "kind"),
    ],
)
def test_bad_prior_record_is_refused_on_its_field(officer_a, person_a, data, field):
    if data["year"] == "next":
        data = {**data, "year": today().year + 1}
    with pytest.raises(ValidationError) as excinfo:
        services.prior_record_add(actor=officer_a, person=person_a, **data)
    assert set(_errors(excinfo)) == {field}
    assert not PriorRecord.objects.exists()


def test_void_needs_a_reason(officer_a, person_a):
    record = services.prior_record_add(
        actor=officer_a, person=person_a, kind="administrative", year=2020, description="Phạt"
    )
    with pytest.raises(ValidationError) as excinfo:
        services.prior_record_void(actor=officer_a, record=record, reason=" ")
    assert set(_errors(excinfo)) == {"reason"}


def test_prior_record_out_of_reach_is_refused(officer_b, health, person_a, officer_a):
    for actor in (officer_b, health):
        with pytest.raises(PermissionError):
            services.prior_record_add(
                actor=actor, person=person_a, kind="criminal", year=2015, description="x"
            )
    record = services.prior_record_add(
        actor=officer_a, person=person_a, kind="criminal", year=2015, description="x"
    )
    with pytest.raises(PermissionError):
        services.prior_record_void(actor=officer_b, record=record, reason="x")
