import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AccessLog
from businesses.models import Business
from hotspots.services import hotspot_create

from .helpers import DAY, inspect, make_business

pytestmark = pytest.mark.django_db


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def test_register_a_business_through_the_form(client_for, officer_a, units):
    client = client_for(officer_a)
    page = client.get("/businesses/new/")
    assert page.status_code == 200
    response = client.post(
        "/businesses/new/",
        {
            "name": "Nhà trọ Phúc Lộc",
            "kind": "boarding_house",
            "owner_name": "Trần Văn Phúc",
            "owner_phone": "0987654321",
            "commune": units["a"].pk,
            "address": "12/3 Lý Tự Trọng",
            "registered_on": _d(timezone.localdate()),
        },
    )
    business = Business.objects.get(name="Nhà trọ Phúc Lộc")
    assert response.status_code == 302 and response["Location"] == f"/businesses/{business.pk}/"
    assert business.responsible_officer == officer_a


def test_register_form_keeps_input_and_names_the_field(client_for, officer_a, units):
    response = client_for(officer_a).post(
        "/businesses/new/",
        {
            "name": "Quán bar Đêm Trắng",
            "kind": "bar",
            "owner_name": "Lê Thị Hằng",
            "owner_phone": "abc",
            "commune": units["a"].pk,
            "address": "8 Hai Bà Trưng",
            "registered_on": _d(timezone.localdate() + DAY),
        },
    )
    assert response.status_code == 400
    assert "Enter a phone number of 8 to 15 digits." in response.text
    assert "The date cannot be in the future." in response.text
    assert "Quán bar Đêm Trắng" in response.text
    assert not Business.objects.exists()


def test_inspection_form_records_drug_findings(client_for, officer_a, units):
    business = make_business(officer_a, units["a"])
    client = client_for(officer_a)
    assert client.get(f"/businesses/{business.pk}/inspect/").status_code == 200
    response = client.post(
        f"/businesses/{business.pk}/inspect/",
        {
            "inspected_on": _d(timezone.localdate()),
            "team": "Tổ liên ngành",
            "officers": [officer_a.pk],
            "findings": "Có dụng cụ sử dụng ma túy",
            "drug_findings": "on",
            "violations": ["drug_use"],
            "penalty_measure": "fine",
            "penalty_amount": "20000000",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/businesses/{business.pk}/").text
    assert "Drugs found" in page and "20,000,000 VND" in page and "Tổ liên ngành" in page
    assert client.get("/businesses/", {"flagged": "true"}).text.count(business.name) >= 1


def test_inspection_form_refusal_names_the_field(client_for, officer_a, units):
    business = make_business(officer_a, units["a"])
    response = client_for(officer_a).post(
        f"/businesses/{business.pk}/inspect/",
        {"inspected_on": _d(timezone.localdate()), "team": "Tổ", "penalty_measure": "fine"},
    )
    assert response.status_code == 400
    assert "Fine (VND): A fine needs its amount." in response.text


def test_closing_asks_for_confirmation_first(client_for, officer_a, units):
    business = make_business(officer_a, units["a"])
    client = client_for(officer_a)
    page = client.get(f"/businesses/{business.pk}/status/")
    assert "Nothing changes until you confirm below." in page.text
    business.refresh_from_db()
    assert business.status == "open"
    response = client.post(
        f"/businesses/{business.pk}/status/", {"occurred_on": _d(timezone.localdate())}
    )
    assert response.status_code == 302
    business.refresh_from_db()
    assert business.status == "closed"
    assert "Reopen the business" in client.get(f"/businesses/{business.pk}/").text


def test_link_hotspot_page(client_for, officer_a, units):
    business = make_business(officer_a, units["a"])
    inspect(officer_a, business, drug_findings=True)
    hotspot = hotspot_create(
        actor=officer_a,
        name="Tụ điểm sau quán",
        kind="hotspot",
        commune=units["a"],
        detected_on=timezone.localdate(),
        activities=["use"],
    )
    client = client_for(officer_a)
    response = client.post(f"/businesses/{business.pk}/hotspot/", {"hotspot": hotspot.pk})
    assert response.status_code == 302
    assert "Tụ điểm sau quán" in client.get(f"/businesses/{business.pk}/").text


def test_list_filters_search_and_empty_state(client_for, officer_a, units):
    today = timezone.localdate()
    old = make_business(officer_a, units["a"], name="Khách sạn Sông Hậu", kind="hotel")
    inspect(officer_a, old, days_ago=300)
    fresh = make_business(officer_a, units["a"], name="Karaoke Ngọc Lan", owner_name="Đỗ Văn Ý")
    inspect(officer_a, fresh, days_ago=5)
    client = client_for(officer_a)
    page = client.get("/businesses/", {"inspected_before": _d(today - 100 * DAY)}).text
    assert "Khách sạn Sông Hậu" in page and "Karaoke Ngọc Lan" not in page
    page = client.get("/businesses/", {"q": "do van y"}).text
    assert "Karaoke Ngọc Lan" in page and "Khách sạn Sông Hậu" not in page
    page = client.get("/businesses/", {"kind": "hotel"}).text
    assert "Khách sạn Sông Hậu" in page and "Karaoke Ngọc Lan" not in page
    page = client.get("/businesses/", {"q": "khong co"}).text
    assert "No business matches these filters." in page
    htmx = client.get("/businesses/", {"q": "ngoc lan"}, headers={"HX-Request": "true"})
    assert "<html" not in htmx.text and "Karaoke Ngọc Lan" in htmx.text


def test_list_sorts(client_for, officer_a, units):
    make_business(officer_a, units["a"], name="B quán")
    make_business(officer_a, units["a"], name="A quán")
    page = client_for(officer_a).get("/businesses/", {"sort": "-name"}).text
    assert page.index("B quán") < page.index("A quán")


def test_list_query_count_does_not_grow(client_for, officer_a, units, django_assert_num_queries):
    client = client_for(officer_a)

    def add(start, stop):
        for i in range(start, stop):
            business = make_business(officer_a, units["a"], name=f"Quán {i}")
            inspect(officer_a, business, drug_findings=True, officers=[officer_a])

    add(0, 3)
    client.get("/businesses/")
    with CaptureQueriesContext(connection) as first:
        client.get("/businesses/")
        client.get("/businesses/inspections/")
    add(3, 6)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get("/businesses/")
        client.get("/businesses/inspections/")


def test_export_is_logged(client_for, officer_a, units):
    make_business(officer_a, units["a"])
    response = client_for(officer_a).get("/businesses/", {"format": "xlsx", "kind": "karaoke"})
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert AccessLog.objects.filter(record_type="business", action="export").exists()
