import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import ChangeLog
from registry import services
from registry.choices import Category, EventKind, Law
from registry.models import Person, PersonEvent

from ..factories import cccd, make_person


def test_create_keeps_name_as_typed_with_folded_copy(officer_a, units):
    person = make_person(officer_a, units["a"], full_name="  Nguyễn   Văn Đức ")
    assert person.full_name == "Nguyễn Văn Đức"
    assert person.full_name_folded == "nguyen van duc"
    assert person.scope_path == units["a"].path


def test_create_appends_registration_event_with_law_by_date(officer_a, units):
    person = make_person(
        officer_a,
        units["a"],
        category=Category.ADDICTED,
        registered_on=datetime.date(2026, 6, 30),
        basis_number="12/QĐ-UBND",
    )
    event = PersonEvent.objects.get(person=person)
    assert event.kind == EventKind.REGISTERED
    assert event.category_after == Category.ADDICTED
    assert event.law == Law.LAW_73_2021
    assert event.author == officer_a
    later = make_person(officer_a, units["a"], registered_on=datetime.date(2026, 7, 1))
    assert PersonEvent.objects.get(person=later).law == Law.LAW_120_2025


def test_create_writes_change_log(officer_a, units):
    person = make_person(officer_a, units["a"])
    entry = ChangeLog.objects.get(record_type="person", record_id=str(person.pk))
    assert entry.action == "create"
    assert entry.user == officer_a
    assert entry.after["full_name"] == person.full_name


def test_birth_year_taken_from_date_of_birth(officer_a, units):
    person = services.person_create(
        actor=officer_a,
        category=Category.ILLICIT_USER,
        full_name="Lê Thị Hoa",
        sex="F",
        date_of_birth=datetime.date(1995, 3, 2),
        residence_unit=units["a"],
    )
    assert person.birth_year == 1995


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"date_of_birth": "tomorrow"}, "date_of_birth"),
        ({"national_id": "09209000012"}, "national_id"),
        ({"national_id": "092091000123"}, "national_id"),  # says 1991, recorded 1990
        ({"former_id": "12345"}, "former_id"),
        ({"birth_year": 1850}, "birth_year"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(officer_a, units, fields, field):
    data = {"full_name": "Phạm Văn Nam", "sex": "M", "birth_year": 1990, "national_id": ""}
    data.update(fields)
    if data.get("date_of_birth") == "tomorrow":  # computed now, not at import (midnight)
        data["date_of_birth"] = timezone.localdate() + datetime.timedelta(days=1)
    if "date_of_birth" in fields:
        data.pop("birth_year")
    with pytest.raises(ValidationError) as excinfo:
        services.person_create(
            actor=officer_a, category=Category.ILLICIT_USER, residence_unit=units["a"], **data
        )
    assert field in excinfo.value.message_dict
    assert not Person.objects.exists()
    assert not PersonEvent.objects.exists()
    assert not ChangeLog.objects.exists()


def test_registration_before_birth_is_refused(officer_a, units):
    with pytest.raises(ValidationError) as excinfo:
        make_person(officer_a, units["a"], birth_year=1990, registered_on=datetime.date(1989, 1, 1))
    assert "occurred_on" in excinfo.value.message_dict
    assert not Person.objects.exists()


def test_officer_cannot_register_outside_own_commune(officer_a, units):
    with pytest.raises(ValidationError) as excinfo:
        make_person(officer_a, units["b"])
    assert "residence_unit" in excinfo.value.message_dict


def test_reader_cannot_write(reader, units):
    with pytest.raises(PermissionError):
        make_person(reader, units["a"])


def test_duplicate_id_visible_links_to_the_existing_person(officer_a, units):
    number = cccd(1990)
    first = make_person(officer_a, units["a"], national_id=number)
    with pytest.raises(ValidationError) as excinfo:
        make_person(officer_a, units["a"], national_id=number, full_name="Khác Tên")
    message = excinfo.value.message_dict["national_id"][0]
    assert str(first.pk) in message


def test_duplicate_id_elsewhere_says_only_that_it_exists(officer_a, officer_b, units):
    number = cccd(1990)
    other = make_person(officer_b, units["b"], national_id=number, full_name="Trần Văn Bí Mật")
    with pytest.raises(ValidationError) as excinfo:
        make_person(officer_a, units["a"], national_id=number)
    message = excinfo.value.message_dict["national_id"][0]
    assert str(other.pk) not in message
    assert "Bí Mật" not in message and units["b"].name not in message
    assert "PC04" in message


def test_update_logs_before_and_after_and_keeps_category(officer_a, units):
    person = make_person(officer_a, units["a"], address="Số 1")
    services.person_update(actor=officer_a, person=person, address="Số 2")
    person.refresh_from_db()
    assert person.address == "Số 2"
    entry = ChangeLog.objects.filter(action="update").get()
    assert entry.before == {"address": "Số 1"}
    assert entry.after == {"address": "Số 2"}
    with pytest.raises(TypeError):
        services.person_update(actor=officer_a, person=person, category=Category.ADDICTED)


def test_update_cannot_move_person_out_of_jurisdiction(officer_a, units):
    person = make_person(officer_a, units["a"])
    with pytest.raises(ValidationError):
        services.person_update(actor=officer_a, person=person, residence_unit=units["b"])
    person.refresh_from_db()
    assert person.residence_unit == units["a"]


def test_other_commune_officer_cannot_update(officer_a, officer_b, units):
    person = make_person(officer_a, units["a"])
    with pytest.raises(ValidationError):
        services.person_update(actor=officer_b, person=person, address="x")


def test_responsible_officer_must_serve_the_commune(officer_a, officer_b, units):
    with pytest.raises(ValidationError) as excinfo:
        make_person(officer_a, units["a"], responsible_officer=officer_b)
    assert "responsible_officer" in excinfo.value.message_dict
    person = make_person(officer_a, units["a"], responsible_officer=officer_a)
    assert person.responsible_officer == officer_a


def test_legacy_unit_is_refused_as_residence(officer_a, units):
    from areas.models import AdminUnit

    legacy = AdminUnit.objects.filter(era="legacy", level=3, successor=units["a"]).first()
    with pytest.raises(ValidationError):
        make_person(officer_a, legacy)


def test_category_change_to_addicted_closes_the_determination_work(officer_a, units):
    """A positive test asked for a determination; the decision that the person is addicted
    answers it: the due item closes with the decision as its result."""
    from registry.choices import TaskKind, TaskStatus
    from registry.models import Task

    person = make_person(
        officer_a, units["a"], category="illicit_user", responsible_officer=officer_a
    )
    today = timezone.localdate()
    services.task_raise(
        person=person,
        kind=TaskKind.DETERMINATION_REQUIRED,
        title="Cần xác định",
        due_on=today + datetime.timedelta(days=5),
    )
    services.person_change_category(
        actor=officer_a,
        person=person,
        category="suspected_addiction",
        occurred_on=today,
        basis_number="1/BC",
        basis_body="Công an phường",
    )
    assert Task.objects.get(person=person).status == TaskStatus.OPEN  # not an answer
    services.person_change_category(
        actor=officer_a,
        person=person,
        category="addicted",
        occurred_on=today,
        basis_number="15/QĐ-UBND",
        basis_body="UBND phường",
    )
    task = Task.objects.get(person=person)
    assert task.status == TaskStatus.DONE and task.closed_by == officer_a
    assert "15/QĐ-UBND" in task.result
