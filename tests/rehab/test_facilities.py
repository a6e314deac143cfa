"""Facilities and their published lists: who keeps which list, validation, the public pages
and PDF, the API, the query counts."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import ChangeLog
from rehab import services
from rehab.models import Facility, FacilityListPublication

from .helpers import make_facility, provincial_police_user

pytestmark = pytest.mark.django_db
API = "/api/v1/facilities/"
TODAY = timezone.localdate()


# ---- services ---------------------------------------------------------------------------
def test_health_adds_a_determination_facility(health, units):
    facility = make_facility(health, units["a"], capacity=20, address="12 Hòa Bình")
    assert facility.facility_list == "determination"
    assert facility.owner_sector == "health"
    assert facility.name_folded == "tram y te phuong ninh kieu"
    assert ChangeLog.objects.filter(record_type="facility", record_id=str(facility.pk)).exists()


def test_health_may_not_keep_the_police_lists(health, units):
    with pytest.raises(PermissionError):
        make_facility(health, units["province"], kind="public_rehab", name="Cơ sở cai nghiện")


def test_provincial_police_keep_public_rehab_and_community_lists(units):
    pc04 = provincial_police_user(units)
    make_facility(pc04, units["province"], kind="public_rehab", name="Cơ sở cai nghiện số 1")
    make_facility(pc04, units["a"], kind="community", name="Tổ cai nghiện cộng đồng")
    with pytest.raises(PermissionError):
        make_facility(pc04, units["a"], kind="determination")


def test_commune_officer_and_reader_keep_no_list(officer_a, reader, units):
    for user in (officer_a, reader):
        with pytest.raises(PermissionError):
            make_facility(user, units["a"])


def test_administrator_keeps_every_list(administrator, units):
    make_facility(administrator, units["a"], kind="public_rehab", name="CS1")
    make_facility(administrator, units["a"], kind="substitution", name="Cơ sở Methadone")


def test_bad_input_names_field_and_reason(health, units):
    with pytest.raises(ValidationError) as exc:
        services.facility_create(
            actor=health,
            kind="determination",
            name="",
            unit=units["a"],
            measures=["compulsory_adult"],
            licence_date=TODAY + datetime.timedelta(days=3),
        )
    errors = exc.value.message_dict
    assert "cannot perform" in errors["measures"][0]
    assert "future" in errors["licence_date"][0]
    assert "name" in errors


def test_no_measure_refused(health, units):
    with pytest.raises(ValidationError) as exc:
        services.facility_create(
            actor=health, kind="determination", name="X", unit=units["a"], measures=[]
        )
    assert "measures" in exc.value.message_dict


def test_update_cannot_move_to_another_list(administrator, units):
    facility = make_facility(administrator, units["a"])
    with pytest.raises(ValidationError) as exc:
        services.facility_update(actor=administrator, facility=facility, kind="public_rehab")
    assert "kind" in exc.value.message_dict
    facility = services.facility_update(
        actor=administrator, facility=facility, kind="health_station", capacity=5
    )
    assert facility.kind == "health_station" and facility.capacity == 5


def test_publication_freezes_the_list(health, units):
    facility = make_facility(health, units["a"])
    make_facility(health, units["b"], name="Trạm cũ", is_active=False)
    publication = services.facility_list_publish(
        actor=health, facility_list="determination", number="45/TB-SYT", published_on=TODAY
    )
    assert [e["name"] for e in publication.entries] == [facility.name]
    assert publication.publisher == "Sở Y tế"
    services.facility_update(actor=health, facility=facility, name="Tên mới")
    publication.refresh_from_db()
    assert publication.entries[0]["name"] == "Trạm Y tế phường Ninh Kiều"


def test_publication_refusals(health, units):
    with pytest.raises(ValidationError) as exc:
        services.facility_list_publish(
            actor=health,
            facility_list="determination",
            number="",
            published_on=TODAY + datetime.timedelta(days=1),
        )
    errors = exc.value.message_dict
    assert "number" in errors and "published_on" in errors
    with pytest.raises(PermissionError):
        services.facility_list_publish(
            actor=health, facility_list="public_rehab", number="1", published_on=TODAY
        )
    with pytest.raises(ValidationError) as exc:
        services.facility_list_publish(
            actor=health, facility_list="determination", number="1", published_on=TODAY
        )
    assert "no active facility" in exc.value.message_dict["facility_list"][0]


# ---- pages ------------------------------------------------------------------------------
def test_public_list_and_pdf_need_no_login(client, health, units):
    make_facility(health, units["a"])
    services.facility_list_publish(
        actor=health,
        facility_list="determination",
        number="45/TB-SYT",
        published_on=datetime.date(2026, 11, 20),
    )
    page = client.get("/rehab/lists/92/")
    assert page.status_code == 200
    assert "20/11/2026" in page.text
    page = client.get("/rehab/lists/92/determination/")
    assert page.status_code == 200
    assert "Trạm Y tế phường Ninh Kiều" in page.text and "45/TB-SYT" in page.text
    pdf = client.get("/rehab/lists/92/determination/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client.get("/rehab/lists/92/public_rehab/pdf/").status_code == 404
    assert client.get("/rehab/lists/92/nonsense/").status_code == 404
    assert client.get("/rehab/lists/99/determination/").status_code == 404


def test_facility_pages_for_health(client_for, health, units):
    client = client_for(health)
    assert client.get("/rehab/facilities/new/").status_code == 200
    response = client.post(
        "/rehab/facilities/new/",
        {
            "kind": "determination",
            "name": "Bệnh viện Đa khoa",
            "unit": units["a"].pk,
            "licence_date": "01/02/2024",
            "measures": ["determination"],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    facility = Facility.objects.get(name="Bệnh viện Đa khoa")
    assert facility.licence_date == datetime.date(2024, 2, 1)
    page = client.get("/rehab/facilities/", {"q": "benh vien"})
    assert "Bệnh viện Đa khoa" in page.text
    assert f"/rehab/facilities/{facility.pk}/edit/" in page.text
    bad = client.post(
        f"/rehab/facilities/{facility.pk}/edit/",
        {"kind": "determination", "name": "Bệnh viện Đa khoa", "unit": units["a"].pk},
    )
    assert bad.status_code == 400 and "Bệnh viện Đa khoa" in bad.text
    response = client.post(
        "/rehab/facilities/publish/",
        {"facility_list": "determination", "number": "7/TB-SYT", "published_on": "01/12/2026"},
    )
    assert response.status_code == 302
    assert FacilityListPublication.objects.get().number == "7/TB-SYT"
    export = client.get("/rehab/facilities/", {"format": "xlsx"})
    assert export.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    text = " ".join(str(c) for row in book.active.iter_rows(values_only=True) for c in row if c)
    assert "Bệnh viện Đa khoa" in text


def test_facility_edit_of_other_sector_answers_404(client_for, health, administrator, units):
    facility = make_facility(administrator, units["a"], kind="public_rehab", name="CS số 1")
    client = client_for(health)
    assert client.get(f"/rehab/facilities/{facility.pk}/edit/").status_code == 404
    assert client.post(f"/rehab/facilities/{facility.pk}/edit/", {}).status_code == 404


def test_commune_officer_reads_but_cannot_manage(client_for, officer_a, health, units):
    facility = make_facility(health, units["b"])
    client = client_for(officer_a)
    page = client.get("/rehab/facilities/")
    assert page.status_code == 200 and facility.name in page.text
    assert "/edit/" not in page.text
    assert client.get("/rehab/facilities/new/").status_code == 404
    assert client.get(f"/rehab/facilities/{facility.pk}/edit/").status_code == 404
    assert client.get("/rehab/facilities/publish/").status_code == 404


def test_facility_list_page_query_count_is_constant(client_for, health, units):
    client = client_for(health)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/rehab/facilities/").status_code == 200
        return len(ctx.captured_queries)

    for i in range(2):
        make_facility(health, units["a"], name=f"Trạm {i}")
    few = count()
    for i in range(4):
        make_facility(health, units["b"], name=f"Trạm B{i}")
    assert count() == few


# ---- API --------------------------------------------------------------------------------
def test_api_create_list_update(client_for, health, units):
    client = client_for(health)
    response = client.post(
        API,
        {
            "kind": "determination",
            "name": "Trạm Y tế",
            "unit": units["a"].pk,
            "measures": ["determination"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert client.get(API, {"q": "tram y te"}).json()["count"] == 1
    response = client.patch(f"{API}{pk}/", {"capacity": 30}, content_type="application/json")
    assert response.status_code == 200 and response.json()["capacity"] == 30
    bad = client.post(
        API,
        {
            "kind": "determination",
            "name": "X",
            "unit": units["a"].pk,
            "measures": ["compulsory_adult"],
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and "measures" in bad.json()


def test_api_refuses_writes_outside_the_sector(client_for, officer_a, health, units):
    facility = make_facility(health, units["a"])
    client = client_for(officer_a)
    assert client.get(f"{API}{facility.pk}/").status_code == 200
    response = client.patch(
        f"{API}{facility.pk}/", {"capacity": 1}, content_type="application/json"
    )
    assert response.status_code == 403
    response = client.post(
        API,
        {
            "kind": "determination",
            "name": "X",
            "unit": units["a"].pk,
            "measures": ["determination"],
        },
        content_type="application/json",
    )
    assert response.status_code == 403


def test_api_publication(client_for, health, units):
    make_facility(health, units["a"])
    client = client_for(health)
    response = client.post(
        "/api/v1/facility-lists/",
        {"facility_list": "determination", "number": "1/TB", "published_on": str(TODAY)},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert len(response.json()["entries"]) == 1
    bad = client.post(
        "/api/v1/facility-lists/",
        {"facility_list": "determination", "number": "", "published_on": None},
        content_type="application/json",
    )
    assert bad.status_code == 400


def test_api_list_query_count_is_constant(client_for, health, units):
    client = client_for(health)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(API).status_code == 200
        return len(ctx.captured_queries)

    for i in range(2):
        make_facility(health, units["a"], name=f"Trạm {i}")
    few = count()
    for i in range(4):
        make_facility(health, units["a"], name=f"Trạm B{i}")
    assert count() == few
