import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import AccessLog
from cases import services
from cases.models import DrugCase, PlantingSite, Seizure, Suspect

from .helpers import ago, make_case, make_site, move

pytestmark = pytest.mark.django_db


def _d(day) -> str:
    return f"{day:%d/%m/%Y}"


def test_record_a_case_from_the_form(client_for, officer_a, units):
    client = client_for(officer_a)
    page = client.get("/cases/new/")
    assert page.status_code == 200 and 'name="kinds"' in page.text
    response = client.post(
        "/cases/new/",
        {
            "number": "27",
            "detected_on": _d(ago(3)),
            "commune": units["a"].pk,
            "kinds": ["dealing", "possession"],
            "route": "courier",
            "ring": "cross_border",
            "is_model_trial": "on",
            "description": "Nhận bưu phẩm chứa ma túy tổng hợp",
        },
    )
    case = DrugCase.objects.get(number="27")
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert case.route_verified is False and case.is_model_trial and case.ring == "cross_border"


def test_case_form_keeps_input_and_names_the_field(client_for, officer_a, units):
    make_case(officer_a, units["a"], number="27", days_ago=3)
    response = client_for(officer_a).post(
        "/cases/new/",
        {
            "number": "27",
            "detected_on": _d(ago(2)),
            "commune": units["a"].pk,
            "kinds": ["dealing"],
            "ring": "none",
            "description": "Mô tả giữ lại",
        },
    )
    assert response.status_code == 400
    assert "Case number: Case number 27 is already used" in response.text
    assert "Mô tả giữ lại" in response.text


def test_stage_form_refuses_trial_before_charge(client_for, officer_a, units):
    case = move(officer_a, make_case(officer_a, units["a"]), "charge", "indict", start_days_ago=20)
    client = client_for(officer_a)
    response = client.post(
        f"/cases/{case.pk}/stage/",
        {"step": "try", "occurred_on": _d(ago(30)), "outcome": "5 năm tù"},
    )
    assert response.status_code == 400
    assert "The trial cannot be dated before the indictment" in response.text
    response = client.post(
        f"/cases/{case.pk}/stage/",
        {"step": "try", "occurred_on": _d(ago(1)), "outcome": "5 năm tù"},
    )
    assert response.status_code == 302
    page = client.get(f"/cases/{case.pk}/").text
    assert "5 năm tù" in page and 'id="case-timeline"' in page


def test_suspect_picker_and_add(client_for, officer_a, units, person_a):
    case = make_case(officer_a, units["a"])
    client = client_for(officer_a)
    page = client.get(f"/cases/{case.pk}/suspects/", {"pq": "nguyen van duc"})
    assert f'value="{person_a.pk}"' in page.text
    response = client.post(f"/cases/{case.pk}/suspects/", {"person": person_a.pk, "role": "dealer"})
    assert response.status_code == 302
    assert Suspect.objects.get(case=case).person == person_a
    # The detail page shows the person and logs the view of a person's record.
    before = AccessLog.objects.count()
    assert person_a.full_name in client.get(f"/cases/{case.pk}/").text
    assert AccessLog.objects.count() == before + 1
    # The person's page lists the case.
    assert f"/cases/{case.pk}/" in client.get(f"/people/{person_a.pk}/").text


def test_person_picker_answers_bad_search_text_with_the_fields_error(
    client_for, officer_a, units, person_a
):
    """A NUL byte in the search text was sent to the database (PostgreSQL refuses it: a 500);
    it, and a text longer than a name, now get the field's error and no choices."""
    case = make_case(officer_a, units["a"])
    client = client_for(officer_a)
    for text in ("nguyen\x00van", "n" * 121):
        for url in ("/cases/pick-person/", f"/cases/{case.pk}/suspects/"):
            response = client.get(url, {"pq": text})
            assert response.status_code == 200, url
            assert response.context["people"] == [], url
            assert response.context["pq_form"].errors["pq"], url
            assert 'class="error"' in response.text, url
    assert f'value="{person_a.pk}"' in client.get("/cases/pick-person/", {"pq": "van duc"}).text
    data = {"pq": "a\x00", "person": person_a.pk, "role": "dealer"}
    response = client.post(f"/cases/{case.pk}/suspects/", data)
    assert response.status_code == 302  # the search text is not part of what is saved


def test_suspect_event_and_seizure_forms(client_for, officer_a, units):
    case = make_case(officer_a, units["a"])
    suspect = services.suspect_add(actor=officer_a, case=case, full_name="Hai Lúa", role="dealer")
    client = client_for(officer_a)
    response = client.post(
        f"/cases/{case.pk}/suspects/{suspect.pk}/event/",
        {"kind": "wanted", "occurred_on": _d(ago(5))},
    )
    assert response.status_code == 400 and "number of the decision" in response.text
    response = client.post(
        f"/cases/{case.pk}/seizures/",
        {"drug_type": "heroin", "quantity": "3", "unit": "tablets"},
    )
    assert response.status_code == 400 and "Unit: Heroin is counted in g, kg" in response.text
    response = client.post(
        f"/cases/{case.pk}/seizures/",
        {"drug_type": "heroin", "quantity": "3,5", "unit": "g"},
    )
    assert response.status_code == 302 and Seizure.objects.get().quantity == 3.5


def test_list_filters_sort_paginate_and_empty_state(client_for, officer_a, units):
    client = client_for(officer_a)
    assert "No drug case matches" in client.get("/cases/").text
    for n in range(55):
        make_case(officer_a, units["a"], number=f"{n:03d}", days_ago=100 + n)
    move(officer_a, DrugCase.objects.get(number="000"), "charge", start_days_ago=50)
    page = client.get("/cases/")
    assert page.context["page"].paginator.count == 55
    assert len(page.context["page"].object_list) == 50
    assert client.get("/cases/", {"page": 2}).context["page"].object_list[0]
    charged = client.get("/cases/", {"stage": "charged"}).context["page"].object_list
    assert [c.number for c in charged] == ["000"]
    first = client.get("/cases/", {"sort": "detected_on"}).context["page"].object_list[0]
    assert first.number == "054"


def test_list_query_count_does_not_grow(client_for, officer_a, units):
    client = client_for(officer_a)
    make_case(officer_a, units["a"], number="1")
    client.get("/cases/")
    with CaptureQueriesContext(connection) as few:
        client.get("/cases/")
    for n in range(2, 8):
        make_case(officer_a, units["a"], number=str(n))
    with CaptureQueriesContext(connection) as many:
        client.get("/cases/")
    assert len(many) == len(few)


def test_export_is_the_filtered_rows(client_for, officer_a, units):
    make_case(officer_a, units["a"], number="1", kinds=["transport"])
    make_case(officer_a, units["a"], number="2", kinds=["possession"])
    response = client_for(officer_a).get("/cases/", {"kind": "transport", "format": "xlsx"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    numbers = [row[0] for row in book.active.iter_rows(values_only=True)]
    assert "1" in numbers and "2" not in numbers


def test_planting_pages(client_for, officer_a, units):
    client = client_for(officer_a)
    assert "No planting site matches" in client.get("/cases/planting/").text
    response = client.post(
        "/cases/planting/new/",
        {
            "commune": units["a"].pk,
            "location": "Bãi bồi cù lao",
            "plant": "Cần sa",
            "area_m2": "120",
            "found_on": _d(timezone.localdate()),
        },
    )
    site = PlantingSite.objects.get()
    assert response.status_code == 302
    response = client.post(
        f"/cases/planting/{site.pk}/step/",
        {"step": "destroyed", "occurred_on": _d(timezone.localdate())},
    )
    assert response.status_code == 302
    page = client.get(f"/cases/planting/{site.pk}/").text
    assert "Record re-planting" in page
    assert make_site(officer_a, units["a"], location="Khác").pk
    destroyed = client.get("/cases/planting/", {"destroyed": "true"}).context["page"]
    assert [s.location for s in destroyed.object_list] == ["Bãi bồi cù lao"]
