import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from businesses.models import Business, Inspection

from .helpers import inspect, make_business

pytestmark = pytest.mark.django_db
API = "/api/v1/businesses/"


def test_create_update_and_list(client_for, officer_a, units):
    client = client_for(officer_a)
    response = client.post(
        API,
        {
            "name": "Massage Thanh Tâm",
            "kind": "massage",
            "owner_name": "Nguyễn Thị Tâm",
            "address": "3 Trần Phú",
            "commune": units["a"].pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["registered_on"] == str(timezone.localdate())
    response = client.patch(
        f"{API}{pk}/", {"owner_phone": "0901234567"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["owner_phone"] == "0901234567"
    found = client.get(API, {"q": "thanh tam"}).json()
    assert [row["id"] for row in found["results"]] == [pk]


def test_bad_input_is_structured_json_400(client_for, officer_a, units):
    client = client_for(officer_a)
    response = client.post(
        API,
        {
            "name": "X",
            "kind": "casino",
            "owner_name": "Y",
            "address": "Z",
            "commune": units["a"].pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "kind" in response.json()
    response = client.post(
        API,
        {
            "name": "X",
            "kind": "bar",
            "owner_name": "Y",
            "address": "Z",
            "commune": units["a"].pk,
            "owner_phone": "12",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "owner_phone" in response.json()
    assert not Business.objects.exists()


def test_inspection_through_the_api_flags(client_for, officer_a, units):
    business = make_business(officer_a, units["a"])
    client = client_for(officer_a)
    response = client.post(
        "/api/v1/inspections/",
        {
            "business": business.pk,
            "inspected_on": str(timezone.localdate()),
            "team": "Tổ công tác",
            "officers": [officer_a.pk],
            "drug_findings": True,
            "violations": ["drug_use"],
            "penalty_measure": "fine",
            "penalty_amount": 5000000,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["officers"] == [officer_a.pk]
    assert client.get(f"{API}{business.pk}/").json()["flagged"] is True
    response = client.post(
        "/api/v1/inspections/",
        {
            "business": business.pk,
            "inspected_on": str(timezone.localdate()),
            "team": "Tổ",
            "penalty_measure": "fine",
            "penalty_amount": -1,
            "violations": ["other"],
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "penalty_amount" in response.json()
    assert Inspection.objects.count() == 1
    rows = client.get("/api/v1/inspections/", {"drug_findings": "true"}).json()
    assert rows["count"] == 1


def test_status_action(client_for, officer_a, units):
    business = make_business(officer_a, units["a"])
    client = client_for(officer_a)
    url = f"{API}{business.pk}/status/"
    today = str(timezone.localdate())
    response = client.post(url, {"status": "open", "occurred_on": today}, "application/json")
    assert response.status_code == 400 and "status" in response.json()
    response = client.post(url, {"status": "closed", "occurred_on": today}, "application/json")
    assert response.status_code == 200 and response.json()["status"] == "closed"


def test_api_lists_have_constant_query_count(
    client_for, officer_a, units, django_assert_num_queries
):
    client = client_for(officer_a)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get(API)
            client.get("/api/v1/inspections/")
        return len(ctx.captured_queries)

    for i in range(2):
        inspect(officer_a, make_business(officer_a, units["a"], name=f"B{i}"), officers=[officer_a])
    client.get(API)
    first = count()
    for i in range(2, 6):
        inspect(officer_a, make_business(officer_a, units["a"], name=f"B{i}"), officers=[officer_a])
    with django_assert_num_queries(first):
        client.get(API)
        client.get("/api/v1/inspections/")
