"""Pages and API of the treatment app: lists with a constant query count, refusals as JSON
naming the field, the overview figures linking to their lists, the template, the menu."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from treatment.models import SubstitutionTreatment

from ..factories import make_person
from .helpers import enrol, flag, hospital, site

pytestmark = pytest.mark.django_db


@pytest.fixture
def mmt(health, units):
    return site(health, units["a"])


def _patients(officer, health, units, facility, n, offset=0):
    for i in range(n):
        person = make_person(officer, units["a"], full_name=f"Bệnh Nhân {offset + i}")
        enrol(health, person, facility, code=f"MMT-{offset + i:03d}")


def _count(django_assert_num_queries, client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    "url", ["/treatment/substitution/", "/api/v1/substitution-treatments/", "/treatment/"]
)
def test_lists_cost_the_same_for_2n_rows(
    client_for, officer_a, health, units, mmt, url, django_assert_num_queries
):
    client = client_for(officer_a)
    _patients(officer_a, health, units, mmt, 3)
    few = _count(django_assert_num_queries, client, url)
    _patients(officer_a, health, units, mmt, 3, offset=10)
    assert _count(django_assert_num_queries, client, url) == few


def test_psychosis_list_costs_the_same_for_2n_rows(client_for, officer_a, health, units):
    hosp = hospital(health, units["province"])
    client = client_for(officer_a)
    for i in range(2):
        flag(health, make_person(officer_a, units["a"], full_name=f"Người {i}"), hosp)
    few = _count(None, client, "/api/v1/psychosis/")
    page = _count(None, client, "/treatment/psychosis/")
    for i in range(2, 6):
        flag(health, make_person(officer_a, units["a"], full_name=f"Người {i}"), hosp)
    assert _count(None, client, "/api/v1/psychosis/") == few
    assert _count(None, client, "/treatment/psychosis/") == page


def test_accent_free_search_sort_and_filters(client_for, officer_a, health, units, mmt):
    person = make_person(officer_a, units["a"], full_name="Đặng Văn Đông")
    enrol(health, person, mmt, code="DD-1")
    _patients(officer_a, health, units, mmt, 2)
    client = client_for(health)
    page = client.get("/treatment/substitution/", {"q": "dang van dong"}).text
    assert "DD-1" in page and "MMT-000" not in page
    rows = client.get("/api/v1/substitution-treatments/", {"sort": "name"}).json()["results"]
    assert rows[0]["person_name"].startswith("Bệnh")
    assert client.get("/treatment/substitution/", {"status": "dropped_out"}).text.count("DD-1") == 0
    empty = client.get("/treatment/substitution/", {"q": "khong co ai"}).text
    assert 'class="empty"' in empty


def test_api_refusals_are_structured_400s(client_for, health, person_a, mmt):
    client = client_for(health)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        "/api/v1/substitution-treatments/",
        {"person": person_a.pk, "facility": mmt.pk, "patient_code": "X1", "start_on": future},
        content_type="application/json",
    )
    assert response.status_code == 400 and "start_on" in response.json()
    assert not SubstitutionTreatment.objects.exists()
    ok = client.post(
        "/api/v1/substitution-treatments/",
        {
            "person": person_a.pk,
            "facility": mmt.pk,
            "patient_code": "X1",
            "start_on": timezone.localdate().isoformat(),
        },
        content_type="application/json",
    )
    assert ok.status_code == 201
    pk = ok.json()["id"]
    bad = client.post(
        f"/api/v1/substitution-treatments/{pk}/status/",
        {"status": "completed", "occurred_on": "2000-01-01"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "occurred_on" in bad.json()
    detail = client.get(f"/api/v1/substitution-treatments/{pk}/").json()
    assert [e["kind"] for e in detail["events"]] == ["enrolled"]


def test_health_form_finds_the_person_by_citizen_id(client_for, health, officer_a, units, mmt):
    person = make_person(
        officer_a, units["a"], full_name="Phạm Văn Lộc", national_id="092090000777", birth_year=1990
    )
    client = client_for(health)
    data = {
        "national_id": "092090000888",
        "facility": mmt.pk,
        "patient_code": "L-1",
        "drug": "methadone",
        "start_on": timezone.localdate().strftime("%d/%m/%Y"),
    }
    response = client.post("/treatment/substitution/new/", data)
    assert response.status_code == 400 and "ask the commune police" in response.text
    data["national_id"] = person.national_id
    response = client.post("/treatment/substitution/new/", data)
    assert response.status_code == 302
    assert SubstitutionTreatment.objects.get(person=person).patient_code == "L-1"


def test_overview_figures_link_to_their_lists(client_for, officer_a, health, units, mmt):
    _patients(officer_a, health, units, mmt, 2)
    page = client_for(officer_a).get("/treatment/").text
    assert 'id="fig-active" href="/treatment/substitution/?status=in_treatment">2<' in page
    assert 'id="fig-cohort-3"' in page


def test_export_is_an_xlsx_of_the_filtered_rows(client_for, officer_a, health, units, mmt):
    _patients(officer_a, health, units, mmt, 2)
    response = client_for(health).get("/treatment/substitution/?format=xlsx&q=benh nhan 1")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    text = " ".join(str(c) for row in book.active.iter_rows(values_only=True) for c in row if c)
    assert "MMT-001" in text and "MMT-000" not in text


def test_template_has_vietnamese_headers(client_for, health):
    response = client_for(health).get("/treatment/imports/substitution/template.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in book.active[1]]
    assert headers[:3] == ["Họ và tên", "Năm sinh", "Số CCCD"]
    assert client_for(health).get("/treatment/imports/other/template.xlsx").status_code == 404


def test_imports_are_health_only(client_for, officer_a, pc04):
    for user in (officer_a, pc04):
        assert client_for(user).get("/treatment/imports/").status_code == 404


def test_menu_and_person_section(client_for, officer_a, health, person_a, mmt):
    enrol(health, person_a, mmt, code="SEC-1")
    page = client_for(officer_a).get(f"/people/{person_a.pk}/").text
    assert "SEC-1" in page and 'href="/treatment/"' in page
    assert 'id="enrol-person"' not in page
    health_page = client_for(health).get(f"/people/{person_a.pk}/").text
    assert "SEC-1" in health_page
