"""The API for the rest of the person record: the new fields of /api/v1/persons/, custody and
the population-database state through their actions (refused on PATCH), and
/api/v1/prior-records/."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from areas.choices import Era, Level
from areas.models import AdminUnit
from registry import services
from registry.choices import EventKind
from registry.models import Person, PersonEvent, PriorRecord

from ..factories import make_person


def today() -> datetime.date:
    """Today, asked when needed (a module constant goes stale when a run crosses midnight)."""
    return timezone.localdate()


DAY = datetime.timedelta(days=1)
JSON = "application/json"


def _new(units, **extra):
    data = {
        "full_name": "Đỗ Văn Api",
        "sex": "M",
        "birth_year": 1992,
        "residence_unit": units["a"].pk,
        "category": "illicit_user",
        "aliases": "Api; Ếch",
        "ethnicity": "08",
        "education_level": "primary",
        "occupation": "Làm thuê",
        "phone": "+84 987 654 321",
        "permanent_residence_unit": units["b"].pk,
        "permanent_address": "Ấp Mỹ Hòa",
    }
    data.update(extra)
    return data


def test_create_and_read_the_new_fields(client_for, officer_a, units):
    client = client_for(officer_a)
    response = client.post("/api/v1/persons/", _new(units), content_type=JSON)
    assert response.status_code == 201, response.json()
    body = client.get(f"/api/v1/persons/{response.json()['id']}/").json()
    assert body["aliases"] == "Api, Ếch"
    assert body["phone"] == "0987654321"
    assert body["ethnicity"] == "08" and body["ethnicity_label"]
    assert body["education_level"] == "primary"
    assert body["permanent_residence_unit"] == units["b"].pk
    assert body["permanent_residence_unit_name"] == units["b"].name
    assert body["custody_state"] == "at_home" and body["custody_since"] is None
    assert body["verification_state"] == "unverified"


def test_bad_new_fields_are_refused_naming_the_field(client_for, officer_a, units):
    client = client_for(officer_a)
    bad_phone = client.post("/api/v1/persons/", _new(units, phone="0123"), content_type=JSON)
    assert bad_phone.status_code == 400 and set(bad_phone.json()) == {"phone"}
    legacy = AdminUnit.objects.filter(era=Era.LEGACY, level=Level.COMMUNE).first()
    for unit in (legacy, units["province"]):
        response = client.post(
            "/api/v1/persons/", _new(units, permanent_residence_unit=unit.pk), content_type=JSON
        )
        assert response.status_code == 400
        assert set(response.json()) == {"permanent_residence_unit"}
    bad_choice = client.post("/api/v1/persons/", _new(units, ethnicity="77"), content_type=JSON)
    assert bad_choice.status_code == 400 and set(bad_choice.json()) == {"ethnicity"}
    assert not Person.objects.filter(full_name="Đỗ Văn Api").exists()


def test_patch_changes_plain_fields_but_refuses_custody_and_verification(
    client_for, officer_a, person_a
):
    client = client_for(officer_a)
    url = f"/api/v1/persons/{person_a.pk}/"
    ok = client.patch(url, {"occupation": "Xe ôm", "custody_state": "at_home"}, content_type=JSON)
    assert ok.status_code == 200 and ok.json()["occupation"] == "Xe ôm"
    for field, value in (
        ("custody_state", "prison"),
        ("custody_place", "Trại giam"),
        ("verification_state", "verified"),
        ("verification_on", today().isoformat()),
    ):
        response = client.patch(url, {field: value}, content_type=JSON)
        assert response.status_code == 400, field
        assert set(response.json()) == {field}
    refused = client.post(
        "/api/v1/persons/",
        {
            "full_name": "Tạo Kèm Trạng Thái",
            "sex": "M",
            "birth_year": 1990,
            "residence_unit": person_a.residence_unit_id,
            "category": "illicit_user",
            "custody_state": "prison",
        },
        content_type=JSON,
    )
    assert refused.status_code == 400 and set(refused.json()) == {"custody_state"}
    person_a.refresh_from_db()
    assert (person_a.custody_state, person_a.verification_state) == ("at_home", "unverified")


def test_custody_action(client_for, officer_a, person_a):
    client = client_for(officer_a)
    url = f"/api/v1/persons/{person_a.pk}/custody/"
    refused = client.post(url, {"state": "prison", "since": today().isoformat()}, content_type=JSON)
    assert refused.status_code == 400 and set(refused.json()) == {"place"}
    future = client.post(
        url,
        {"state": "prison", "since": (today() + DAY).isoformat(), "place": "Trại"},
        content_type=JSON,
    )
    assert future.status_code == 400 and set(future.json()) == {"since"}
    response = client.post(
        url,
        {
            "state": "temporary_detention",
            "since": today().isoformat(),
            "place": "Trại tạm giam Công an tỉnh",
            "basis_number": "05/QĐ-TG",
        },
        content_type=JSON,
    )
    assert response.status_code == 201
    event = response.json()
    assert event["kind"] == EventKind.CUSTODY
    assert (event["state_before"], event["state_after"]) == ("at_home", "temporary_detention")
    assert event["state_detail"] == "Trại tạm giam Công an tỉnh"
    body = client.get(f"/api/v1/persons/{person_a.pk}/").json()
    assert body["custody_state"] == "temporary_detention"
    assert body["custody_since"] == today().isoformat()
    timeline = client.get(f"/api/v1/persons/{person_a.pk}/events/").json()["results"]
    assert timeline[-1]["state_after"] == "temporary_detention"


def test_verification_action(client_for, officer_a, person_a):
    client = client_for(officer_a)
    url = f"/api/v1/persons/{person_a.pk}/verification/"
    refused = client.post(
        url, {"state": "mismatch", "checked_on": today().isoformat()}, content_type=JSON
    )
    assert refused.status_code == 400 and set(refused.json()) == {"reason"}
    future = client.post(
        url, {"state": "verified", "checked_on": (today() + DAY).isoformat()}, content_type=JSON
    )
    assert future.status_code == 400 and set(future.json()) == {"checked_on"}
    response = client.post(
        url,
        {"state": "mismatch", "checked_on": today().isoformat(), "reason": "Sai giới tính"},
        content_type=JSON,
    )
    assert response.status_code == 201 and response.json()["state_after"] == "mismatch"
    body = client.get(f"/api/v1/persons/{person_a.pk}/").json()
    assert (body["verification_state"], body["verification_note"]) == (
        "mismatch",
        "Sai giới tính",
    )


def test_state_actions_out_of_scope_or_read_only_answer_404(
    client_for, officer_b, health, reader, person_a
):
    for user in (officer_b, health, reader):
        client = client_for(user)
        for action, data in (
            ("custody", {"state": "prison", "since": today().isoformat(), "place": "T"}),
            ("verification", {"state": "verified", "checked_on": today().isoformat()}),
        ):
            response = client.post(
                f"/api/v1/persons/{person_a.pk}/{action}/", data, content_type=JSON
            )
            assert response.status_code == 404, (user, action)
    assert not PersonEvent.objects.filter(
        kind__in=[EventKind.CUSTODY, EventKind.VERIFICATION]
    ).exists()


def test_prior_records_api(client_for, officer_a, person_a):
    client = client_for(officer_a)
    bad = client.post(
        "/api/v1/prior-records/",
        {"person": person_a.pk, "kind": "criminal", "year": 1970, "description": "x"},
        content_type=JSON,
    )
    assert bad.status_code == 400 and set(bad.json()) == {"year"}
    created = client.post(
        "/api/v1/prior-records/",
        {
            "person": person_a.pk,
            "kind": "criminal",
            "drug_related": True,
            "year": 2018,
            "description": "Mua bán trái phép chất ma túy",
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    listing = client.get("/api/v1/prior-records/", {"person": person_a.pk}).json()
    assert [r["id"] for r in listing["results"]] == [pk]
    assert client.get("/api/v1/prior-records/", {"drug_related": "false"}).json()["count"] == 0
    no_reason = client.post(f"/api/v1/prior-records/{pk}/void/", {}, content_type=JSON)
    assert no_reason.status_code == 400 and set(no_reason.json()) == {"reason"}
    voided = client.post(f"/api/v1/prior-records/{pk}/void/", {"reason": "Nhầm"}, content_type=JSON)
    assert voided.status_code == 200 and voided.json()["voided_at"]
    assert client.get("/api/v1/prior-records/", {"voided": "false"}).json()["count"] == 0
    assert client.get("/api/v1/prior-records/", {"voided": "true"}).json()["count"] == 1
    assert client.delete(f"/api/v1/prior-records/{pk}/").status_code == 405
    assert PriorRecord.objects.filter(pk=pk).exists()


def test_prior_record_void_of_other_commune_answers_404(client_for, officer_a, officer_b, units):
    person = make_person(officer_b, units["b"], full_name="Người B")
    record = services.prior_record_add(
        actor=officer_b, person=person, kind="criminal", year=2015, description="x"
    )
    response = client_for(officer_a).post(
        f"/api/v1/prior-records/{record.pk}/void/", {"reason": "x"}, content_type=JSON
    )
    assert response.status_code == 404
    record.refresh_from_db()
    assert not record.is_voided


def test_prior_records_list_query_count_is_constant(client_for, officer_a, units):
    client = client_for(officer_a)

    def add(n):
        for i in range(n):
            person = make_person(officer_a, units["a"], full_name=f"Tiền Án {i}", national_id="")
            services.prior_record_add(
                actor=officer_a, person=person, kind="criminal", year=2015, description="x"
            )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/prior-records/").status_code == 200
        return len(ctx.captured_queries)

    add(2)
    few = count()
    add(4)
    assert count() == few
