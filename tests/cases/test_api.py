import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services
from cases.models import DrugCase, Seizure

from .helpers import ago, make_case

pytestmark = pytest.mark.django_db
API = "/api/v1/drug-cases/"


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_create_then_stage_suspect_seizure_nested_read(client_for, officer_a, units, person_a):
    client = client_for(officer_a)
    response = _post(
        client,
        API,
        {
            "number": "31",
            "commune": units["a"].pk,
            "detected_on": ago(20).isoformat(),
            "kinds": ["dealing"],
            "route": "air",
        },
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["route_verified"] is False
    response = _post(client, f"{API}{pk}/suspects/", {"person": person_a.pk, "role": "dealer"})
    assert response.status_code == 201
    suspect_id = response.json()["suspects"][0]["id"]
    response = _post(
        client,
        f"{API}{pk}/suspect-events/",
        {"suspect": suspect_id, "kind": "arrest", "occurred_on": ago(19).isoformat()},
    )
    assert response.status_code == 201
    response = _post(
        client,
        f"{API}{pk}/seizures/",
        {"drug_type": "meth", "quantity": "0.5", "unit": "kg"},
    )
    assert response.status_code == 201
    response = _post(
        client, f"{API}{pk}/stage/", {"step": "charge", "occurred_on": ago(10).isoformat()}
    )
    assert response.status_code == 200
    body = client.get(f"{API}{pk}/").json()
    assert body["stage"] == "charged"
    assert body["suspects"][0]["person"] == person_a.pk
    assert body["suspects"][0]["status"] == "arrested"
    assert body["seizure_totals"] == [{"drug_type": "meth", "unit": "g", "total": 500.0}]
    assert [e["step"] for e in body["events"]] == ["detect", "charge"]


def test_refusals_are_structured_400s_and_write_nothing(client_for, officer_a, units):
    case = make_case(officer_a, units["a"])
    client = client_for(officer_a)
    response = _post(
        client,
        f"{API}{case.pk}/seizures/",
        {"drug_type": "cannabis", "quantity": "-2", "unit": "g"},
    )
    assert response.status_code == 400
    assert "more than zero" in response.json()["quantity"][0]
    response = _post(client, f"{API}{case.pk}/stage/", {"step": "try", "occurred_on": "x"})
    assert response.status_code == 400 and "occurred_on" in response.json()
    response = _post(
        client, f"{API}{case.pk}/stage/", {"step": "charge", "occurred_on": ago(200).isoformat()}
    )
    assert response.status_code == 400
    assert "before the detection" in response.json()["occurred_on"][0]
    response = _post(client, f"{API}{case.pk}/suspects/", {"role": "boss"})
    assert response.status_code == 400 and "role" in response.json()
    response = _post(client, API, {"number": "", "kinds": [], "commune": units["a"].pk})
    assert response.status_code == 400 and "detected_on" in response.json()
    case.refresh_from_db()
    assert case.stage == "detected" and not Seizure.objects.exists()
    assert DrugCase.objects.count() == 1


def test_suspect_outside_scope_is_hidden_in_nested_read(
    client_for, officer_a, pc04, units, person_b
):
    case = make_case(officer_a, units["a"])
    services.suspect_add(actor=pc04, case=case, person=person_b, role="dealer")
    row = client_for(officer_a).get(f"{API}{case.pk}/").json()["suspects"][0]
    assert row["person"] is None and row["name"] == ""


def test_list_filters_and_constant_queries(client_for, officer_a, units):
    client = client_for(officer_a)
    make_case(officer_a, units["a"], number="1", route="water")
    client.get(API)
    with CaptureQueriesContext(connection) as few:
        assert client.get(API).json()["count"] == 1
    for n in range(2, 8):
        make_case(officer_a, units["a"], number=str(n), ring="inter_provincial")
    with CaptureQueriesContext(connection) as many:
        assert client.get(API).json()["count"] == 7
    assert len(many) == len(few)
    assert client.get(API, {"ring": "inter_provincial"}).json()["count"] == 6
    assert client.get(API, {"route": "water"}).json()["count"] == 1
    assert client.get(API, {"stage": "charged"}).json()["count"] == 0
