"""Addiction determinations: the result from the criteria, refusals, the certificate, the
category change and the closed due work, Health's reach, the pages and the API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from registry import selectors as registry_selectors
from registry.models import Person, PersonEvent, Task
from rehab.models import AddictionDetermination
from rehab.services_determinations import determination_result

from ..factories import make_person
from .helpers import make_facility, raise_determination_task, record_determination

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
API = "/api/v1/determinations/"


@pytest.fixture
def station(health, units):
    return make_facility(health, units["a"])


@pytest.fixture
def asked(person_a):
    """Health finds person A: the determination has been asked for."""
    return raise_determination_task(person_a)


@pytest.mark.parametrize(
    ("met", "start", "end", "recurred", "expected"),
    [
        (3, datetime.date(2026, 1, 1), datetime.date(2026, 1, 31), False, "addicted"),
        (3, datetime.date(2026, 1, 1), datetime.date(2026, 1, 30), False, "not_addicted"),
        (3, datetime.date(2026, 1, 1), datetime.date(2026, 1, 10), True, "addicted"),
        (2, datetime.date(2026, 1, 1), datetime.date(2026, 6, 1), True, "not_addicted"),
        (6, datetime.date(2026, 2, 1), datetime.date(2026, 2, 28), False, "addicted"),
    ],
)
def test_result_from_criteria(met, start, end, recurred, expected):
    result = determination_result(
        criteria_met=met, observed_from=start, observed_to=end, recurred_within_12_months=recurred
    )
    assert result == expected


def test_addicted_changes_category_and_closes_the_task(health, person_a, station):
    raise_determination_task(person_a)
    assert registry_selectors.person_list(user=health).filter(pk=person_a.pk).exists()
    determination = record_determination(health, person_a, station)
    assert determination.result == "addicted" and determination.criteria_met == 3
    person_a.refresh_from_db()
    assert person_a.category == "addicted"
    event = PersonEvent.objects.filter(person=person_a, kind="category").latest("id")
    assert event.category_after == "addicted"
    assert event.basis_number == "12/PKQ-TYT" and event.basis_body == station.name
    task = Task.objects.get(person=person_a, kind="determination_required")
    assert task.status == "done" and "12/PKQ-TYT" in task.result
    # Health still sees the person (it has a determination now).
    assert registry_selectors.person_list(user=health).filter(pk=person_a.pk).exists()


def test_not_addicted_keeps_the_category(health, person_a, station, asked):
    determination = record_determination(health, person_a, station, craving=False, degree="")
    assert determination.result == "not_addicted"
    person_a.refresh_from_db()
    assert person_a.category == "illicit_user"


def test_contradicting_result_is_refused_with_reason(health, person_a, station, asked):
    with pytest.raises(ValidationError) as exc:
        record_determination(health, person_a, station, craving=False, result="addicted")
    assert "Only 2 of the 6 criteria" in exc.value.message_dict["result"][0]
    with pytest.raises(ValidationError) as exc:
        record_determination(health, person_a, station, result="not_addicted")
    assert "contradicts" in exc.value.message_dict["result"][0]
    assert not AddictionDetermination.objects.exists()


def test_certificate_must_be_valid_on_the_date(health, person_a, station, asked):
    with pytest.raises(ValidationError) as exc:
        record_determination(
            health,
            person_a,
            station,
            certificate_valid_from=datetime.date(2015, 1, 1),
            certificate_valid_to=TODAY - datetime.timedelta(days=1),
        )
    assert "not valid" in exc.value.message_dict["physician_certificate"][0]
    with pytest.raises(ValidationError) as exc:
        record_determination(
            health, person_a, station, certificate_valid_from=TODAY + datetime.timedelta(days=1)
        )
    assert "physician_certificate" in exc.value.message_dict


def test_bad_dates_facility_and_degree(health, person_a, station, administrator, units, asked):
    rehab_centre = make_facility(administrator, units["a"], kind="private_rehab", name="CS tư")
    with pytest.raises(ValidationError) as exc:
        record_determination(
            health,
            person_a,
            rehab_centre,
            on=TODAY,
            observed_to=TODAY + datetime.timedelta(days=2),
            degree="",
        )
    errors = exc.value.message_dict
    assert "not an active addiction-determination facility" in errors["facility"][0]
    assert "observed_to" in errors and "degree" in errors
    with pytest.raises(ValidationError) as exc:
        record_determination(health, person_a, station, on=TODAY + datetime.timedelta(days=1))
    assert "future" in exc.value.message_dict["determined_on"][0]


def test_only_health_records(officer_a, pc04, person_a, station, asked):
    for user in (officer_a, pc04):
        with pytest.raises(PermissionError):
            record_determination(user, person_a, station)


def test_health_cannot_reach_a_person_it_does_not_see(health, person_a, station):
    with pytest.raises(ValidationError) as exc:
        record_determination(health, person_a, station)
    assert "person" in exc.value.message_dict


# ---- pages ------------------------------------------------------------------------------
def test_health_records_through_the_form(client_for, health, person_a, station):
    raise_determination_task(person_a)
    client = client_for(health)
    url = f"/rehab/people/{person_a.pk}/determinations/new/"
    assert client.get(url).status_code == 200
    data = {
        "number": "5/PKQ",
        "facility": station.pk,
        "determined_on": TODAY.strftime("%d/%m/%Y"),
        "physician_name": "BS. Hoa",
        "physician_certificate": "123/CCHN",
        "certificate_valid_from": "01/01/2020",
        "observed_from": (TODAY - datetime.timedelta(days=60)).strftime("%d/%m/%Y"),
        "observed_to": TODAY.strftime("%d/%m/%Y"),
        "craving": "on",
        "withdrawal": "on",
        "result": "addicted",
        "degree": "severe",
    }
    bad = client.post(url, data)
    assert bad.status_code == 400
    assert "contradicts" in bad.text and "5/PKQ" in bad.text
    data["tolerance"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302
    determination = AddictionDetermination.objects.get()
    assert response["Location"] == f"/rehab/determinations/{determination.pk}/"
    detail = client.get(response["Location"])
    assert detail.status_code == 200 and "3 of 6" in detail.text.replace("3 trên 6", "3 of 6")
    assert Person.objects.get(pk=person_a.pk).category == "addicted"


def test_person_page_section_for_the_commune(client_for, officer_a, health, person_a, station):
    raise_determination_task(person_a)
    record_determination(health, person_a, station)
    page = client_for(officer_a).get(f"/people/{person_a.pk}/").text
    assert "12/PKQ-TYT" in page
    assert f"/rehab/people/{person_a.pk}/determinations/new/" not in page


def test_list_page_query_count_is_constant(client_for, pc04, health, units, station):
    client = client_for(pc04)

    def add(n):
        for i in range(n):
            person = make_person(pc04, units["a"], full_name=f"Người {i}", national_id="")
            raise_determination_task(person)
            record_determination(health, person, station, number=f"N{i}")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/rehab/determinations/").status_code == 200
        return len(ctx.captured_queries)

    add(2)
    few = count()
    add(3)
    assert count() == few


# ---- API --------------------------------------------------------------------------------
def test_api_create_and_refuse(client_for, health, person_a, station):
    raise_determination_task(person_a)
    client = client_for(health)
    body = {
        "person": person_a.pk,
        "facility": station.pk,
        "number": "9/PKQ",
        "determined_on": str(TODAY),
        "physician_name": "BS. Hoa",
        "physician_certificate": "123",
        "certificate_valid_from": "2020-01-01",
        "observed_from": str(TODAY - datetime.timedelta(days=40)),
        "observed_to": str(TODAY),
        "craving": True,
        "harm": True,
        "result": "addicted",
        "degree": "mild",
    }
    bad = client.post(API, body, content_type="application/json")
    assert bad.status_code == 400 and "contradicts" in bad.json()["result"][0]
    body["tolerance"] = True
    response = client.post(API, body, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["result"] == "addicted" and response.json()["criteria_met"] == 3
    assert client.get(API).json()["count"] == 1


def test_api_list_query_count_is_constant(client_for, pc04, health, units, station):
    client = client_for(pc04)

    def add(n):
        for i in range(n):
            person = make_person(pc04, units["b"], full_name=f"Người {i}", national_id="")
            raise_determination_task(person)
            record_determination(health, person, station, number=f"N{i}")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(API).status_code == 200
        return len(ctx.captured_queries)

    add(2)
    few = count()
    add(3)
    assert count() == few


def test_determination_before_the_first_test_is_refused(officer_a, health, person_a, station):
    from registry import services as registry_services

    registry_services.drug_test_record(
        actor=officer_a,
        person=person_a,
        tested_on=TODAY - datetime.timedelta(days=2),
        method="quick",
        sample="urine",
        substances_tested=["methamphetamine"],
        result="positive",
        substances_positive=["methamphetamine"],
    )
    # A positive test raises "determination required": Health now sees the person.
    assert Task.objects.filter(person=person_a, kind="determination_required").exists()
    with pytest.raises(ValidationError) as exc:
        record_determination(health, person_a, station, on=TODAY - datetime.timedelta(days=5))
    assert "first drug test" in exc.value.message_dict["determined_on"][0]
    assert record_determination(health, person_a, station).result == "addicted"


def test_addicted_goes_through_the_registry_category_service_and_health_sees_the_tasks(
    officer_a, units, health
):
    """The category event is written by registry's `person_change_category` (rule path: Health
    does not write the person) and Health sees the due work of the people it may see."""
    from unittest import mock

    from registry import selectors as registry_selectors
    from registry.models import PersonEvent
    from registry.services import events

    from ..factories import make_person as _make_person
    from .helpers import make_facility as _make_facility
    from .helpers import raise_determination_task, record_determination

    person = _make_person(officer_a, units["a"], full_name="Đinh Văn Quy")
    other = _make_person(officer_a, units["a"], full_name="Mai Văn Khác")
    task = raise_determination_task(person)
    facility = _make_facility(health, units["a"], name="Trạm Y tế kiểm tra")
    assert list(registry_selectors.task_list(user=health)) == [task]
    assert other.pk not in {t.person_id for t in registry_selectors.task_list(user=health)}
    with (
        mock.patch(
            "rehab.services_determinations.person_change_category",
            wraps=events.person_change_category,
        ) as used,
    ):
        record_determination(health, person, facility)
    assert used.call_count == 1 and used.call_args.kwargs["by_rule"] is True
    event = PersonEvent.objects.get(person=person, category_after="addicted")
    assert event.author == health and event.basis_number == "12/PKQ-TYT"
    person.refresh_from_db()
    task.refresh_from_db()
    assert person.category == "addicted" and task.status == "done"
