"""Rehab placements: the legal term per law, form and occurrence (Law 73/2021 and Law
120/2025), adults and minors, range refusal and override, overlaps, the end and its outcome,
post-rehab periods, the compulsory-dossier due work, the due list, pages and API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.due import due_list
from registry.models import ManagementPeriod, PersonEvent, Task
from rehab.models import RehabPlacement
from rehab.services_placements import placement_end

from ..factories import make_person
from .helpers import make_facility, open_placement, provincial_police_user

pytestmark = pytest.mark.django_db
D = datetime.date
API = "/api/v1/placements/"


@pytest.fixture
def centre(units):
    pc = provincial_police_user(units, username="pc04_centre")
    return make_facility(pc, units["province"], kind="public_rehab", name="Cơ sở cai nghiện số 1")


@pytest.fixture
def adult(officer_a, units):
    return make_person(
        officer_a,
        units["a"],
        full_name="Trần Văn Lớn",
        birth_year=1995,
        date_of_birth=D(1995, 3, 2),
    )


@pytest.fixture
def minor(officer_a, units):
    return make_person(
        officer_a, units["a"], full_name="Lê Văn Nhỏ", birth_year=2010, date_of_birth=D(2010, 5, 1)
    )


# ---- durations ----------------------------------------------------------------------------
def test_law_73_voluntary_default_six_months(officer_a, adult):
    p = open_placement(officer_a, adult, start_on=D(2025, 3, 15))
    assert p.law == "73/2021/QH14" and p.months == 6
    assert p.planned_end_on == D(2025, 9, 14)


def test_law_73_compulsory_adult_and_minor(officer_a, adult, minor, centre):
    a = open_placement(
        officer_a, adult, form="compulsory_adult", facility=centre, start_on=D(2025, 1, 10)
    )
    assert (a.months, a.planned_end_on) == (12, D(2026, 1, 9))
    m = open_placement(
        officer_a,
        minor,
        form="compulsory_minor",
        facility=centre,
        start_on=D(2025, 1, 10),
        months=12,
    )
    assert (m.months, m.planned_end_on) == (12, D(2026, 1, 9))


def test_law_120_first_and_second_time(officer_a, adult):
    first = open_placement(officer_a, adult, start_on=D(2026, 7, 15))
    assert first.law == "120/2025/QH15" and first.months == 24 and first.occurrence == 1
    assert first.planned_end_on == D(2028, 7, 14)
    placement_end(actor=officer_a, placement=first, ended_on=D(2026, 8, 1), outcome="quit")
    second = open_placement(officer_a, adult, form="voluntary_home", start_on=D(2026, 9, 1))
    assert second.months == 36 and second.occurrence == 2
    assert second.planned_end_on == D(2029, 8, 31)


def test_law_120_minor_compulsory(officer_a, minor, centre):
    p = open_placement(
        officer_a, minor, form="compulsory_minor", facility=centre, start_on=D(2026, 7, 1)
    )
    assert p.months == 24 and p.planned_end_on == D(2028, 6, 30)


def test_duration_outside_range_refused_then_allowed_with_reason(officer_a, adult):
    with pytest.raises(ValidationError) as exc:
        open_placement(officer_a, adult, start_on=D(2025, 3, 15), months=18)
    assert "6–12 months" in exc.value.message_dict["months_reason"][0]
    with pytest.raises(ValidationError) as exc:
        open_placement(officer_a, adult, start_on=D(2026, 7, 15), months=12)
    assert "24 months" in exc.value.message_dict["months_reason"][0]
    p = open_placement(
        officer_a, adult, start_on=D(2025, 3, 15), months=18, months_reason="Tòa án quyết định"
    )
    assert p.months == 18 and p.planned_end_on == D(2026, 9, 14)


def test_other_law_needs_a_reason(officer_a, adult):
    with pytest.raises(ValidationError) as exc:
        open_placement(officer_a, adult, start_on=D(2026, 7, 15), law="73/2021/QH14")
    assert "law_reason" in exc.value.message_dict
    p = open_placement(
        officer_a,
        adult,
        start_on=D(2026, 7, 15),
        law="73/2021/QH14",
        law_reason="Hồ sơ lập trước 01/07/2026",
    )
    assert p.months == 6


def test_age_rules(officer_a, adult, minor, centre, units):
    with pytest.raises(ValidationError) as exc:
        open_placement(
            officer_a, adult, form="compulsory_minor", facility=centre, start_on=D(2025, 1, 10)
        )
    assert "18 or older" in exc.value.message_dict["form"][0]
    with pytest.raises(ValidationError) as exc:
        open_placement(
            officer_a, minor, form="compulsory_adult", facility=centre, start_on=D(2025, 1, 10)
        )
    assert "under 18" in exc.value.message_dict["form"][0]
    child = make_person(
        officer_a, units["a"], full_name="Bé", birth_year=2015, date_of_birth=D(2015, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        open_placement(
            officer_a, child, form="compulsory_minor", facility=centre, start_on=D(2026, 1, 10)
        )
    assert "age of 12" in exc.value.message_dict["form"][0]
    # Turns 18 on 01/05/2028: a minor on 30/04/2028 is not yet an adult.
    assert (
        open_placement(
            officer_a, minor, form="compulsory_minor", facility=centre, start_on=D(2025, 6, 1)
        ).months
        == 6
    )


def test_bad_input_names_fields(officer_a, adult, centre):
    with pytest.raises(ValidationError) as exc:
        open_placement(
            officer_a,
            adult,
            form="compulsory_adult",
            start_on=D(2099, 1, 1),
            decision_number="",
            decision_date=D(2099, 1, 1),
        )
    errors = exc.value.message_dict
    assert {"start_on", "decision_date", "facility", "decision_number"} <= set(errors)


def test_facility_must_perform_the_form(officer_a, adult, health, units):
    station = make_facility(health, units["a"])
    with pytest.raises(ValidationError) as exc:
        open_placement(
            officer_a, adult, form="voluntary_public", facility=station, start_on=D(2025, 3, 1)
        )
    assert "may not perform" in exc.value.message_dict["facility"][0]


def test_overlap_refused(officer_a, adult):
    open_placement(officer_a, adult, start_on=D(2025, 3, 15))
    with pytest.raises(ValidationError) as exc:
        open_placement(officer_a, adult, form="voluntary_home", start_on=D(2025, 5, 1))
    assert "overlaps" in exc.value.message_dict["start_on"][0]


def test_health_and_other_commune_cannot_open(health, officer_b, adult):
    for user in (health, officer_b):
        with pytest.raises(PermissionError):
            open_placement(user, adult, start_on=D(2025, 3, 15))


# ---- end, post-rehab, due work ------------------------------------------------------------
def test_adult_compulsory_completed_opens_two_years(officer_a, adult, centre):
    p = open_placement(
        officer_a,
        adult,
        form="compulsory_adult",
        facility=centre,
        start_on=D(2024, 10, 1),
        months=24,
    )
    assert p.planned_end_on == D(2026, 9, 30)
    with pytest.raises(ValidationError) as exc:
        placement_end(actor=officer_a, placement=p, ended_on=D(2026, 9, 30), outcome="completed")
    assert "certificate_number" in exc.value.message_dict
    placement_end(
        actor=officer_a,
        placement=p,
        ended_on=D(2026, 9, 30),
        outcome="completed",
        certificate_number="15/GCN",
    )
    period = ManagementPeriod.objects.get(person=adult)
    assert period.kind == "post_rehab" and period.basis == "adult_compulsory"
    assert (period.start_on, period.planned_end_on) == (D(2026, 10, 1), D(2028, 9, 30))
    # The category changes from the period's start (the person was registered today in
    # this test, so the current category stays what the registration said).
    event = PersonEvent.objects.get(person=adult, kind="category", category_after="post_rehab")
    assert event.occurred_on == D(2026, 10, 1) and event.basis_number == "15/GCN"
    assert [e.kind for e in p.events.all()] == ["started", "ended"]


def test_voluntary_and_minor_completion_open_one_year(officer_a, adult, minor, centre):
    v = open_placement(officer_a, adult, start_on=D(2025, 3, 15))
    placement_end(
        actor=officer_a,
        placement=v,
        ended_on=D(2025, 9, 14),
        outcome="completed",
        certificate_number="1",
    )
    assert ManagementPeriod.objects.get(person=adult).planned_end_on == D(2026, 9, 14)
    m = open_placement(
        officer_a, minor, form="compulsory_minor", facility=centre, start_on=D(2025, 1, 10)
    )
    placement_end(
        actor=officer_a,
        placement=m,
        ended_on=D(2025, 7, 9),
        outcome="completed",
        certificate_number="2",
    )
    period = ManagementPeriod.objects.get(person=minor)
    assert period.basis == "minor_compulsory" and period.planned_end_on == D(2026, 7, 9)


def test_completion_before_the_term_is_refused(officer_a, adult):
    p = open_placement(officer_a, adult, start_on=D(2025, 3, 15))
    with pytest.raises(ValidationError) as exc:
        placement_end(
            actor=officer_a,
            placement=p,
            ended_on=D(2025, 8, 1),
            outcome="completed",
            certificate_number="1",
        )
    assert "not a completion" in exc.value.message_dict["outcome"][0]


def test_early_release_window(officer_a, adult, centre):
    p = open_placement(
        officer_a,
        adult,
        form="compulsory_adult",
        facility=centre,
        start_on=D(2024, 1, 1),
        months=24,
    )
    with pytest.raises(ValidationError) as exc:
        placement_end(
            actor=officer_a,
            placement=p,
            ended_on=D(2025, 11, 15),
            outcome="early_release",
            certificate_number="1",
        )
    assert "3 to 6 months" in exc.value.message_dict["ended_on"][0]
    placement_end(
        actor=officer_a,
        placement=p,
        ended_on=D(2025, 8, 15),
        outcome="early_release",
        certificate_number="1",
    )
    period = ManagementPeriod.objects.get(person=adult)
    assert period.start_on == D(2025, 8, 16) and period.months == 24


def test_quitting_voluntary_rehab_raises_dossier_work(officer_a, adult):
    p = open_placement(officer_a, adult, start_on=D(2025, 3, 15))
    placement_end(actor=officer_a, placement=p, ended_on=D(2025, 4, 2), outcome="absconded")
    task = Task.objects.get(person=adult, kind="compulsory_dossier_required")
    assert task.status == "open" and task.due_on == D(2025, 4, 3)
    assert any(item.key == f"task:{task.pk}" for item in due_list(user=officer_a))
    assert not ManagementPeriod.objects.filter(person=adult).exists()
    with pytest.raises(ValidationError):
        placement_end(actor=officer_a, placement=p, ended_on=D(2025, 4, 2), outcome="quit")


def test_placement_ending_within_30_days_is_due(officer_a, officer_b, adult):
    from django.utils import timezone

    today = timezone.localdate()
    start = D(2026, 6, 20)
    p = open_placement(officer_a, adult, start_on=start)
    assert p.planned_end_on == D(2026, 12, 19)
    keys = {item.key for item in due_list(user=officer_a, today=D(2026, 12, 1))}
    assert f"rehab_placement:{p.pk}" in keys
    keys = {item.key for item in due_list(user=officer_a, today=D(2026, 11, 1))}
    assert f"rehab_placement:{p.pk}" not in keys
    assert f"rehab_placement:{p.pk}" not in {i.key for i in due_list(user=officer_b, today=today)}


# ---- pages and API ----------------------------------------------------------------------
def test_register_and_end_through_the_pages(client_for, officer_a, adult):
    client = client_for(officer_a)
    url = f"/rehab/people/{adult.pk}/placements/new/"
    assert client.get(url).status_code == 200
    data = {
        "form": "voluntary_community",
        "start_on": "15/03/2025",
        "decision_number": "22/QĐ",
        "decision_date": "15/03/2025",
        "decision_body": "UBND phường",
        "months": "18",
    }
    bad = client.post(url, data)
    assert bad.status_code == 400 and "6–12" in bad.text and "22/QĐ" in bad.text
    data["months"] = ""
    response = client.post(url, data)
    assert response.status_code == 302
    placement = RehabPlacement.objects.get()
    detail = client.get(response["Location"])
    assert detail.status_code == 200 and "14/09/2025" in detail.text
    person_page = client.get(f"/people/{adult.pk}/").text
    assert f"/rehab/placements/{placement.pk}/end/" in person_page
    response = client.post(
        f"/rehab/placements/{placement.pk}/end/", {"outcome": "quit", "ended_on": "01/04/2025"}
    )
    assert response.status_code == 302
    assert Task.objects.filter(person=adult, kind="compulsory_dossier_required").exists()
    due = client.get("/people/due/", {"who": "all"}).text
    assert "compulsory" in due.lower() or "bắt buộc" in due
    listing = client.get("/rehab/placements/", {"q": "tran van lon", "status": "ended"})
    assert "Trần Văn Lớn" in listing.text
    export = client.get("/rehab/placements/", {"format": "xlsx"})
    assert export.status_code == 200


def test_list_page_and_api_query_counts_are_constant(client_for, officer_a, units):
    client = client_for(officer_a)

    def add(n, offset):
        for i in range(n):
            person = make_person(
                officer_a, units["a"], full_name=f"Người {offset + i}", national_id=""
            )
            open_placement(officer_a, person, start_on=D(2025, 3, 15))

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    add(2, 0)
    few = count("/rehab/placements/"), count(API)
    add(3, 10)
    assert (count("/rehab/placements/"), count(API)) == few


def test_api_open_end_and_refuse(client_for, officer_a, adult):
    client = client_for(officer_a)
    body = {
        "person": adult.pk,
        "form": "voluntary_home",
        "start_on": "2025-03-15",
        "decision_number": "1/QĐ",
        "decision_date": "2025-03-15",
        "decision_body": "UBND",
        "months": 30,
    }
    bad = client.post(API, body, content_type="application/json")
    assert bad.status_code == 400 and "months_reason" in bad.json()
    body["months"] = None
    response = client.post(API, body, content_type="application/json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["planned_end_on"] == "2025-09-14"
    bad = client.post(
        f"{API}{pk}/end/",
        {"outcome": "completed", "ended_on": "2025-09-14"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "certificate_number" in bad.json()
    done = client.post(
        f"{API}{pk}/end/",
        {"outcome": "completed", "ended_on": "2025-09-14", "certificate_number": "9/GCN"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["outcome"] == "completed"
