"""Voluntary-rehab registrations (form and where, refused while in rehab, the Law 120 rule that
asks for a determination) and services reached for any managed person: pages, API, list page,
query counts and the jurisdiction suite."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.models import Task
from rehab.models import ServiceReached, VoluntaryRegistration
from rehab.services_reach import service_reached_record, voluntary_registration_record

from ..factories import make_person
from .helpers import make_facility, open_placement, provincial_police_user, record_determination

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def person(officer_a, units):
    return make_person(officer_a, units["a"], full_name="Đỗ Văn Tình", category="addicted")


@pytest.fixture
def provider(units):
    pc = provincial_police_user(units, username="pc04_reach")
    return make_facility(pc, units["a"], kind="community", name="Tổ cai nghiện cộng đồng Ninh Kiều")


def register(actor, person, **kw):
    kw.setdefault("registered_on", D(2026, 3, 2))
    kw.setdefault("form", "voluntary_home")
    kw.setdefault("place", "12 Trần Phú, Ninh Kiều")
    return voluntary_registration_record(actor=actor, person=person, **kw)


def reach(actor, person, **kw):
    kw.setdefault("kind", "counselling")
    kw.setdefault("reached_on", D(2026, 3, 5))
    kw.setdefault("provider", "Trạm Y tế phường Ninh Kiều")
    return service_reached_record(actor=actor, person=person, **kw)


# ---- registrations ------------------------------------------------------------------------
def test_registration_at_home_and_with_a_provider(officer_a, person, provider):
    r = register(officer_a, person)
    assert r.law == "73/2021/QH14" and r.where == "12 Trần Phú, Ninh Kiều"
    assert r.raised_work is None
    r2 = register(
        officer_a,
        person,
        form="voluntary_community",
        facility=provider,
        place="",
        registered_on=D(2026, 4, 1),
    )
    assert r2.where == provider.name


def test_registration_bad_input_names_fields(officer_a, person, provider):
    with pytest.raises(ValidationError) as exc:
        register(officer_a, person, form="compulsory_adult", registered_on=D(2099, 1, 1))
    assert {"form", "registered_on"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        register(officer_a, person, form="voluntary_public", place="")
    assert exc.value.message_dict["facility"] == ["Choose the facility."]
    with pytest.raises(ValidationError) as exc:
        register(officer_a, person, form="voluntary_private", facility=provider)
    assert "may not perform" in exc.value.message_dict["facility"][0]
    with pytest.raises(ValidationError) as exc:
        register(officer_a, person, form="voluntary_community", place="")
    assert "place" in exc.value.message_dict


def test_registration_refused_while_in_rehab(officer_a, person):
    open_placement(officer_a, person, form="voluntary_home", start_on=D(2026, 1, 5))
    with pytest.raises(ValidationError) as exc:
        register(officer_a, person, registered_on=D(2026, 3, 2))
    assert "in rehab on this date" in exc.value.message_dict["registered_on"][0]


def test_law_120_registration_without_recent_determination_asks_for_one(
    officer_a, health, person, units
):
    r = register(officer_a, person, registered_on=D(2026, 7, 10))
    assert r.law == "120/2025/QH15"
    task = Task.objects.get(person=person, kind="determination_required", status="open")
    assert r.raised_work == task and "10/07/2026" in task.title
    # Health records it (the task closes); a determination of the last 6 months serves.
    station = make_facility(health, units["a"])
    record_determination(health, person, station, on=D(2026, 7, 20))
    task.refresh_from_db()
    assert task.status == "done"
    other = make_person(officer_a, units["a"], full_name="Mai Văn Mới")
    assert register(officer_a, other, registered_on=D(2026, 6, 30)).raised_work is None
    assert (
        register(officer_a, person, registered_on=D(2026, 8, 1), place="Nhà riêng").raised_work
        is None
    )


def test_health_and_other_commune_cannot_register(health, officer_b, person):
    for user in (health, officer_b):
        with pytest.raises(PermissionError):
            register(user, person)


# ---- services reached ---------------------------------------------------------------------
def test_service_for_any_managed_person(officer_a, units, provider):
    user = make_person(officer_a, units["a"], full_name="Vũ Thị Dùng", category="illicit_user")
    s = reach(officer_a, user, kind="reintegration", provider="", facility=provider)
    assert s.provider == provider.name and s.get_kind_display() == (
        "Community-reintegration support"
    )


def test_service_bad_input(officer_a, person):
    with pytest.raises(ValidationError) as exc:
        reach(officer_a, person, kind="x", reached_on=D(1980, 1, 1), provider="")
    assert {"kind", "reached_on", "provider"} <= set(exc.value.message_dict)


def test_pages_register_and_record_service(client_for, officer_a, person):
    client = client_for(officer_a)
    base = f"/rehab/people/{person.pk}/"
    assert client.get(base + "voluntary-registrations/new/").status_code == 200
    bad = client.post(
        base + "voluntary-registrations/new/",
        {"registered_on": "02/03/2026", "form": "voluntary_public"},
    )
    assert bad.status_code == 400 and "facility" in bad.context["form"].errors
    ok = client.post(
        base + "voluntary-registrations/new/",
        {"registered_on": "02/03/2026", "form": "voluntary_home", "place": "Nhà riêng"},
    )
    assert ok.status_code == 302 and VoluntaryRegistration.objects.count() == 1
    ok = client.post(
        base + "services/new/",
        {"kind": "treatment", "reached_on": "05/03/2026", "provider": "BV Tâm thần"},
    )
    assert ok.status_code == 302 and ServiceReached.objects.get().kind == "treatment"
    page = client.get(f"/people/{person.pk}/").text
    assert "BV Tâm thần" in page and "Nhà riêng" in page
    listing = client.get("/rehab/services/", {"kind": "treatment"}).text
    assert "BV Tâm thần" in listing
    assert "BV Tâm thần" not in client.get("/rehab/services/", {"kind": "rehab"}).text


def test_api_create_and_list(client_for, officer_a, person):
    client = client_for(officer_a)
    response = client.post(
        "/api/v1/voluntary-registrations/",
        {
            "person": person.pk,
            "registered_on": "2026-07-10",
            "form": "voluntary_home",
            "place": "X",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["law"] == "120/2025/QH15" and response.json()["raised_task"]
    response = client.post(
        "/api/v1/services-reached/",
        {"person": person.pk, "kind": "rehab", "reached_on": "2026-07-11"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "provider" in response.json()


@pytest.mark.parametrize("url", ["/rehab/services/", "/api/v1/services-reached/"])
def test_service_lists_keep_a_constant_query_count(client_for, officer_a, units, url):
    client = client_for(officer_a)
    people = [make_person(officer_a, units["a"], full_name=f"Người {i}") for i in range(6)]
    reach(officer_a, people[0])
    reach(officer_a, people[1])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for p in people[2:]:
        reach(officer_a, p, kind="rehab")
    with CaptureQueriesContext(connection) as more:
        assert client.get(url).status_code == 200
    assert len(more) == len(few)


def test_service_list_hides_other_commune_and_reader(
    client_for, officer_a, officer_b, reader, units
):
    a = make_person(officer_a, units["a"], full_name="Người Ánh")
    b = make_person(officer_b, units["b"], full_name="Người Bảo")
    reach(officer_a, a, provider="Nhà cung cấp Ánh")
    reach(officer_b, b, provider="Nhà cung cấp Bảo")
    page = client_for(officer_a).get("/rehab/services/").text
    assert "Nhà cung cấp Ánh" in page and "Nhà cung cấp Bảo" not in page
    assert client_for(reader).get("/rehab/services/").status_code == 404
