"""/api/v1/person-imports/: upload, poll with the report, map, confirm; refusals as JSON;
a constant number of queries, for the list and for the check of the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from registry import services
from registry.choices import ImportStatus
from registry.models import ImportJob, Person

from ..factories import cccd, make_person
from .imports_helpers import (
    EXPECTED_ERRORS,
    EXPECTED_WARNINGS,
    GOOD_ROWS,
    MAPPING,
    commune_list_xlsx,
    workbook_bytes,
    xlsx_upload,
)

API = "/api/v1/person-imports/"


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }


def _issues(rows, level):
    return {
        (row["row"], issue["field"], issue["code"])
        for row in rows
        for issue in row["issues"]
        if issue["level"] == level
    }


def test_the_whole_import_through_the_api(
    client_for, officer_a, officer_b, units, person_a, person_b, django_capture_on_commit_callbacks
):
    here = make_person(officer_a, units["a"], full_name="Châu Văn Tèo", national_id=cccd(1990))
    content = commune_list_xlsx(
        registered_here=here.national_id, registered_elsewhere=person_b.national_id
    )
    client = client_for(officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(API, {"file": xlsx_upload(content), "default_unit": units["a"].pk})
    assert response.status_code == 201, response.json()
    job_id = response.json()["id"]
    job = client.get(f"{API}{job_id}/").json()
    assert job["status"] == "mapping"
    assert [c["key"] for c in job["columns"]][-2:] == [None, None]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{API}{job_id}/mapping/", {"mapping": MAPPING}, content_type="application/json"
        )
    assert response.status_code == 200, response.json()
    job = client.get(f"{API}{job_id}/").json()
    assert job["status"] == "ready"
    assert (job["good_rows"], job["bad_rows"], job["warning_rows"]) == (4, 12, 2)
    rows = job["report"]["rows"]
    assert _issues(rows, "error") == EXPECTED_ERRORS
    assert _issues(rows, "warning") == EXPECTED_WARNINGS
    assert all("values" not in row for row in rows)  # the API report: problems only
    assert {row["row"] for row in rows} == {r for r, _f, _c in EXPECTED_ERRORS | EXPECTED_WARNINGS}
    assert job["columns"][1]["samples"][0] == "Nguyễn Văn An"
    # The list names no one: no report, no first values of the columns.
    listed = client.get(API).json()["results"][0]
    assert listed["report"] == {} and all("samples" not in c for c in listed["columns"])

    # Another commune's officer: 404 on the job and on the choice.
    other = client_for(officer_b)
    assert other.get(f"{API}{job_id}/").status_code == 404
    response = other.post(
        f"{API}{job_id}/confirm/", {"mode": "good_rows"}, content_type="application/json"
    )
    assert response.status_code == 404

    client = client_for(officer_a)
    response = client.post(
        f"{API}{job_id}/confirm/", {"mode": "all"}, content_type="application/json"
    )
    assert response.status_code == 400 and "mode" in response.json()
    people = Person.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{API}{job_id}/confirm/", {"mode": "good_rows"}, content_type="application/json"
        )
    assert response.status_code == 200
    job = client.get(f"{API}{job_id}/").json()
    assert job["status"] == "done" and job["result"]["written"] == len(GOOD_ROWS)
    assert Person.objects.count() == people + len(GOOD_ROWS)
    # Chosen once: a second choice is refused, naming the field.
    response = client.post(
        f"{API}{job_id}/confirm/", {"mode": "nothing"}, content_type="application/json"
    )
    assert response.status_code == 400 and "mode" in response.json()


def test_refusals_name_the_field(client_for, officer_a, units, django_capture_on_commit_callbacks):
    client = client_for(officer_a)
    response = client.post(API, {"file": xlsx_upload(b"%PDF-1.4", "ds.xlsx")})
    assert response.status_code == 400 and "file" in response.json()
    response = client.post(API, {})
    assert response.status_code == 400 and "file" in response.json()
    book = Workbook()
    book.active.append(["Họ tên", "Giới tính", "Năm sinh", "Cột lạ"])
    book.active.append(["Lê Văn A", "Nam", 1990, "?"])
    with django_capture_on_commit_callbacks(execute=True):
        job_id = client.post(API, {"file": xlsx_upload(workbook_bytes(book))}).json()["id"]
    assert ImportJob.objects.get(pk=job_id).status == ImportStatus.MAPPING
    bad = {"0": "full_name", "1": "full_name", "2": "birth_year", "3": ""}
    response = client.post(
        f"{API}{job_id}/mapping/", {"mapping": bad}, content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"column_0", "column_1"}
    response = client.post(
        f"{API}{job_id}/mapping/",
        {"mapping": {"0": "", "1": "sex", "2": "birth_year", "3": ""}},
        content_type="application/json",
    )
    assert response.status_code == 400 and "mapping" in response.json()  # no full name
    response = client.post(
        f"{API}{job_id}/mapping/",
        {"mapping": {"0": "full_name", "1": "no_such_field"}},
        content_type="application/json",
    )
    assert response.status_code == 400 and "column_1" in response.json()


def test_list_query_count_does_not_grow(client_for, officer_a, units, pc04):
    def make_jobs(n):
        for _i in range(n):
            book = Workbook()
            book.active.append(["Họ tên", "Năm sinh"])
            services.import_job_create(
                actor=officer_a, upload=xlsx_upload(workbook_bytes(book)), default_unit=units["a"]
            )

    client = client_for(pc04)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(API)
        assert response.status_code == 200
        return len(queries), response.json()["count"]

    make_jobs(3)
    few, n = count()
    make_jobs(3)
    many, m = count()
    assert (n, m) == (3, 6)
    assert few == many
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/people/import/")
    assert page.status_code == 200
    make_jobs(3)
    with CaptureQueriesContext(connection) as more:
        client.get("/people/import/")
    assert len(queries) == len(more)


def _people_file(n: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Năm sinh", "Giới tính", "Số CCCD", "Xã/Phường", "Phân loại"])
    for i in range(n):
        communes = ("P. Ninh Kiều", "Phường Xuân Khánh", "Cái Khế", "Không Có")
        sheet.append(
            [f"Người Số {i}", 1990, "Nam", cccd(1990), communes[i % 4], ("SDTP", "QLSC")[i % 2]]
        )
    return workbook_bytes(book)


def test_the_check_costs_the_same_queries_for_more_rows(officer_a, units):
    """Communes are resolved once per distinct name, IDs and names are looked up once per
    batch: the check of 2N rows costs what N cost."""

    def check(n):
        job = services.import_job_create(
            actor=officer_a, upload=xlsx_upload(_people_file(n)), default_unit=units["a"]
        )
        with CaptureQueriesContext(connection) as queries:
            services.import_job_check(job_id=job.pk)
        job.refresh_from_db()
        assert job.status == ImportStatus.READY and job.total_rows == n
        return len(queries)

    assert check(40) == check(80)
