import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tips.models import Tip

from .helpers import make_tip

pytestmark = pytest.mark.django_db


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def test_record_route_and_verify_through_the_pages(client_for, officer_a, units):
    client = client_for(officer_a)
    assert client.get("/tips/new/").status_code == 200
    today = timezone.localdate()
    response = client.post(
        "/tips/new/",
        {
            "received_on": _d(today),
            "channel": "in_person",
            "content": "Có mùi lạ và người ra vào nhà 14 ban đêm",
            "commune": units["a"].pk,
            "tipster_name": "Bà Tư",
        },
    )
    tip = Tip.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tips/{tip.pk}/"
    response = client.post(
        f"/tips/{tip.pk}/route/", {"unit": units["a"].pk, "routed_on": _d(today)}
    )
    assert response.status_code == 302
    due = client.get("/people/due/")
    assert tip.reference in due.text
    response = client.post(
        f"/tips/{tip.pk}/verify/",
        {"result": "false", "verified_on": _d(today), "outcome_note": "Không có dấu hiệu"},
    )
    assert response.status_code == 302
    page = client.get(f"/tips/{tip.pk}/").text
    assert "Không có dấu hiệu" in page and "Record the verification" not in page


def test_record_form_names_the_field(client_for, officer_a, units):
    response = client_for(officer_a).post(
        "/tips/new/",
        {"received_on": _d(timezone.localdate()), "channel": "hotline", "content": ""},
    )
    assert response.status_code == 400
    assert "Content of the tip: This field is required." in response.text


def test_verify_form_refuses_person_out_of_scope(client_for, officer_a, units, person_b):
    tip = make_tip(officer_a, units["a"])
    response = client_for(officer_a).post(
        f"/tips/{tip.pk}/verify/",
        {"result": "true", "verified_on": _d(timezone.localdate()), "led_to_person": person_b.pk},
    )
    assert response.status_code == 400 and "within your jurisdiction" in response.text


def test_list_filters_and_empty_state(client_for, officer_a, units):
    make_tip(officer_a, units["a"], content="Bán ma túy ở bến xe", channel="letter")
    make_tip(officer_a, units["a"], content="Tụ tập ở công viên")
    client = client_for(officer_a)
    page = client.get("/tips/", {"q": "ben xe"}).text
    assert "Bán ma túy ở bến xe" in page and "công viên" not in page
    page = client.get("/tips/", {"channel": "letter"}).text
    assert "bến xe" in page and "công viên" not in page
    assert "No tip matches these filters." in client.get("/tips/", {"result": "true"}).text


def test_api_create_route_verify_and_refusals(client_for, officer_a, units):
    client = client_for(officer_a)
    today = str(timezone.localdate())
    response = client.post(
        "/api/v1/tips/",
        {"received_on": today, "channel": "hotline", "content": ""},
        content_type="application/json",
    )
    assert response.status_code == 400 and "content" in response.json()
    response = client.post(
        "/api/v1/tips/",
        {"received_on": today, "channel": "hotline", "content": "Tin báo"},
        content_type="application/json",
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    response = client.post(
        f"/api/v1/tips/{pk}/route/",
        {"unit": units["a"].pk, "routed_on": today},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["routed_unit"] == units["a"].pk
    response = client.post(
        f"/api/v1/tips/{pk}/verify/",
        {"result": "maybe", "verified_on": today},
        content_type="application/json",
    )
    assert response.status_code == 400 and "result" in response.json()
    response = client.post(
        f"/api/v1/tips/{pk}/verify/",
        {"result": "partly_true", "verified_on": today},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["result"] == "partly_true"
    response = client.patch(
        f"/api/v1/tips/{pk}/", {"location": "Chợ đêm"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["location"] == "Chợ đêm"


def test_lists_have_constant_query_count(client_for, officer_a, units, django_assert_num_queries):
    client = client_for(officer_a)
    for _i in range(2):
        make_tip(officer_a, units["a"])
    client.get("/tips/")
    with CaptureQueriesContext(connection) as first:
        client.get("/tips/")
        client.get("/api/v1/tips/")
    for _i in range(4):
        make_tip(officer_a, units["a"])
    with django_assert_num_queries(len(first.captured_queries)):
        client.get("/tips/")
        client.get("/api/v1/tips/")
