"""Import of people from Excel: a list as a commune keeps it, the preview of every bad row,
the choice (write nothing / exactly the good rows), the task's failure, the limits."""

import datetime
import io
import zipfile
from unittest import mock

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from accounts.models import AccessLog, ChangeLog
from registry import services
from registry.choices import Category, EventKind, ImportStatus, Sex
from registry.import_files import write_template
from registry.models import ImportJob, Person, PersonEvent

from ..factories import cccd, make_person
from .imports_helpers import (
    EXPECTED_ERRORS,
    EXPECTED_WARNINGS,
    GOOD_ROWS,
    MAPPING,
    commune_list_xlsx,
    issues_of,
    workbook_bytes,
    xlsx_upload,
)


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }
    return location


@pytest.fixture
def registered(officer_a, officer_b, units, person_a, person_b):
    """A person of commune A with a CCCD, and commune B's person_b (with one)."""
    here = make_person(officer_a, units["a"], full_name="Châu Văn Tèo", national_id=cccd(1990, "M"))
    return {"here": here.national_id, "elsewhere": person_b.national_id}


@pytest.fixture
def commune_file(registered):
    return commune_list_xlsx(
        registered_here=registered["here"], registered_elsewhere=registered["elsewhere"]
    )


def upload(client, content, capture, name="danh-sach.xlsx", **data):
    with capture(execute=True):
        return client.post("/people/import/", {"file": xlsx_upload(content, name), **data})


def post(client, url, data, capture):
    with capture(execute=True):
        return client.post(url, data)


def latest_job() -> ImportJob:
    return ImportJob.objects.latest("id")


@pytest.fixture
def mapped_job(client_for, officer_a, units, commune_file, django_capture_on_commit_callbacks):
    """The commune's list uploaded by its officer and its columns matched: ready to choose."""
    client = client_for(officer_a)
    response = upload(client, commune_file, django_capture_on_commit_callbacks)
    job = latest_job()
    assert response.status_code == 302 and response["Location"] == f"/people/import/{job.pk}/"
    assert job.status == ImportStatus.MAPPING
    data = {f"column_{k}": v for k, v in MAPPING.items()}
    response = post(
        client, f"/people/import/{job.pk}/mapping/", data, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.READY, job.error
    return job


# ---- Reading a commune's list -----------------------------------------------------------------


def test_header_found_under_title_rows_and_unknown_columns_asked(
    client_for, officer_a, commune_file, django_capture_on_commit_callbacks
):
    client = client_for(officer_a)
    upload(client, commune_file, django_capture_on_commit_callbacks)
    job = latest_job()
    assert job.status == ImportStatus.MAPPING
    assert (job.sheet_name, job.header_row) == ("DS T6", 4)
    keys = {c["letter"]: c["key"] for c in job.columns}
    assert keys == {
        "A": "",
        "B": "full_name",
        "C": "date_of_birth",
        "D": "sex",
        "E": "national_id",
        "F": "former_id",
        "G": "residence_unit",
        "H": "category",
        "I": None,
        "J": None,
    }
    # The samples come from the first data rows (the row of column numbers is skipped).
    samples = {c["letter"]: c["samples"] for c in job.columns}
    assert samples["B"] == ["Nguyễn Văn An", "Trần Thị Bé", "Lê Văn Cường"]
    assert samples["E"][0] == "92090001234"
    page = client.get(f"/people/import/{job.pk}/")
    assert page.status_code == 200
    # The mapping form: one choice per column, the recognised ones chosen.
    assert 'name="column_8"' in page.text and 'name="column_1"' in page.text
    assert Person.objects.filter(full_name="Nguyễn Văn An").count() == 0


def test_preview_lists_every_bad_row_with_column_and_reason(mapped_job):
    job = mapped_job
    assert issues_of(job, "error") == EXPECTED_ERRORS
    assert issues_of(job, "warning") == EXPECTED_WARNINGS
    rows = {row["row"]: row for row in job.report["rows"]}
    assert set(rows) == set(range(6, 22))  # the blank row and the signature line are not rows
    assert {n for n, row in rows.items() if row["status"] != "error"} == GOOD_ROWS
    assert (job.total_rows, job.good_rows, job.bad_rows, job.warning_rows, job.skipped_rows) == (
        16,
        4,
        12,
        2,
        1,
    )
    # Each problem names its column as the file does.
    by_key = {
        (row["row"], issue["code"]): issue for row in job.report["rows"] for issue in row["issues"]
    }
    assert (by_key[(9, "date")]["column"], by_key[(9, "date")]["header"]) == ("C", "Ngày sinh")
    assert by_key[(10, "invalid")]["column"] == "E"
    assert by_key[(11, "commune_unknown")]["header"] == "Phường/Xã"
    assert by_key[(20, "required")]["field"] == "category"
    # The duplicate rows name each other.
    assert "14" in by_key[(13, "duplicate_in_file")]["message"]
    assert "13" in by_key[(14, "duplicate_in_file")]["message"]
    # Registered here: the person is named by number; elsewhere: not where, not who.
    here = Person.objects.get(full_name="Châu Văn Tèo")
    assert f"#{here.pk}" in by_key[(15, "already_registered")]["message"]
    assert rows[15]["registered_id"] == here.pk
    assert rows[16]["registered_id"] is None
    elsewhere = by_key[(16, "already_registered")]["message"]
    assert "#" not in elsewhere and "Cái Khế" not in elsewhere and "Bích" not in elsewhere
    # The values the good rows will be written with, read as the list meant them.
    values = {n: rows[n]["values"] for n in GOOD_ROWS}
    assert values[6]["national_id"] == "092090001234"
    assert values[6]["date_of_birth"] == "1990-09-05"
    assert values[7]["former_id"] == "012345678" and values[7]["category"] == "addicted"
    assert values[8]["former_id"] == "123456789" and not values[8].get("national_id")
    assert values[8]["birth_year"] == 1988 and values[8]["category"] == "illicit_user"
    assert values[17]["category"] == "post_rehab"
    assert not any(rows[n]["values"] for n in rows if n not in GOOD_ROWS)
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.READY


def test_preview_page_shows_every_problem(client_for, officer_a, mapped_job):
    client = client_for(officer_a)
    page = client.get(f"/people/import/{mapped_job.pk}/")
    assert page.status_code == 200
    html = page.text
    for row, _field, _code in EXPECTED_ERRORS | EXPECTED_WARNINGS:
        assert f">{row}</td>" in html
    assert 'value="good_rows"' in html and 'value="nothing"' in html
    # Viewing the report is viewing personal records: logged.
    assert AccessLog.objects.filter(user=officer_a, detail=f"import {mapped_job.pk}").exists()
    errors_only = client.get(f"/people/import/{mapped_job.pk}/", {"show": "errors"}).text
    assert ">17</td>" not in errors_only and ">9</td>" in errors_only
    report = client.get(f"/people/import/{mapped_job.pk}/report.xlsx")
    book = load_workbook(io.BytesIO(b"".join(report.streaming_content)))
    lines = list(book.active.iter_rows(min_row=3, values_only=True))
    assert len(lines) == len(EXPECTED_ERRORS) + len(EXPECTED_WARNINGS)


def test_writing_nothing_writes_nothing(
    client_for, officer_a, mapped_job, django_capture_on_commit_callbacks, private_dir
):
    people = Person.objects.count()
    response = post(
        client_for(officer_a),
        f"/people/import/{mapped_job.pk}/confirm/",
        {"mode": "nothing"},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    job = ImportJob.objects.get(pk=mapped_job.pk)
    assert job.status == ImportStatus.CANCELLED
    assert job.result == {"mode": "nothing", "written": 0}
    assert Person.objects.count() == people
    # The rows' values and the file are not kept.
    assert not any(row.get("values") for row in job.report["rows"])
    assert not job.file and not [p for p in private_dir.rglob("*") if p.is_file()]
    # A second choice is refused.
    client = client_for(officer_a)
    response = post(
        client,
        f"/people/import/{job.pk}/confirm/",
        {"mode": "good_rows"},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    assert Person.objects.count() == people


def test_writing_the_good_rows_writes_exactly_them(
    client_for, officer_a, units, mapped_job, django_capture_on_commit_callbacks
):
    before = set(Person.objects.values_list("pk", flat=True))
    client = client_for(officer_a)
    response = post(
        client,
        f"/people/import/{mapped_job.pk}/confirm/",
        {"mode": "good_rows"},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    job = ImportJob.objects.get(pk=mapped_job.pk)
    assert job.status == ImportStatus.DONE, job.error
    new = Person.objects.exclude(pk__in=before).order_by("pk")
    assert [p.full_name for p in new] == [
        "Nguyễn Văn An",
        "Trần Thị Bé",
        "Lê Văn Cường",
        "Nguyễn Văn Đức",
    ]
    assert job.result["written"] == 4 and job.result["person_ids"] == [p.pk for p in new]
    an, be, cuong, duc = new
    assert (an.national_id, an.date_of_birth, an.sex) == (
        "092090001234",
        datetime.date(1990, 9, 5),
        "M",
    )
    assert an.address == "12 Trần Phú"
    assert (be.former_id, be.sex, be.category, be.birth_year) == (
        "012345678",
        "F",
        "addicted",
        1995,
    )
    assert (cuong.national_id, cuong.former_id, cuong.birth_year) == ("", "123456789", 1988)
    assert cuong.category == "illicit_user"
    assert duc.category == "post_rehab"
    assert {p.residence_unit for p in new} == {units["a"]}
    assert {p.created_by for p in new} == {officer_a}
    # Each with its registration event (history, author), as a form entry makes it.
    for person in new:
        events = list(PersonEvent.objects.filter(person=person))
        assert [e.kind for e in events] == [EventKind.REGISTERED]
        assert events[0].author == officer_a and events[0].category_after == person.category
        assert ChangeLog.objects.filter(
            record_type="person", record_id=str(person.pk), action="create"
        ).exists()
    # The registration says where it came from.
    assert "danh-sach.xlsx" in an.events.get().note and "6" in an.events.get().note
    assert "17" in duc.events.get().note
    # The result page says how many were written.
    page = client.get(f"/people/import/{job.pk}/")
    assert page.status_code == 200 and "4" in page.text
    assert not job.file


def test_out_of_jurisdiction_rows_are_refused_but_the_province_may_write_them(
    client_for, pc04, units, commune_file, django_capture_on_commit_callbacks
):
    client = client_for(pc04)
    upload(client, commune_file, django_capture_on_commit_callbacks)
    job = latest_job()
    data = {f"column_{k}": v for k, v in MAPPING.items()}
    post(client, f"/people/import/{job.pk}/mapping/", data, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    errors = issues_of(job, "error")
    assert (12, "residence_unit", "commune_outside") not in errors
    assert 12 not in {row for row, _f, _c in errors}
    # The province sees who holds the CCCD registered in commune B.
    rows = {row["row"]: row for row in job.report["rows"]}
    assert rows[16]["registered_id"] is not None


def test_the_task_fails_without_a_partial_write(
    client_for, officer_a, mapped_job, django_capture_on_commit_callbacks
):
    people = Person.objects.count()
    real = services.imports.person_create_many
    calls = []

    def flaky(**kwargs):
        calls.append([entry["full_name"] for entry in kwargs["entries"]])
        if len(calls) == 2:
            raise RuntimeError("worker lost mid-write")
        return real(**kwargs)

    client = client_for(officer_a)
    with (
        mock.patch.object(services.imports, "WRITE_BATCH", 2),
        mock.patch.object(services.imports, "person_create_many", side_effect=flaky),
    ):
        response = post(
            client,
            f"/people/import/{mapped_job.pk}/confirm/",
            {"mode": "good_rows"},
            django_capture_on_commit_callbacks,
        )
    assert response.status_code == 302
    assert len(calls) == 2 and len(calls[0]) == 2
    job = ImportJob.objects.get(pk=mapped_job.pk)
    assert job.status == ImportStatus.FAILED
    assert "RuntimeError" in job.error and "worker lost" not in job.error
    assert job.result.get("written") == 0
    assert Person.objects.count() == people  # the two rows written before are rolled back
    page = client.get(f"/people/import/{job.pk}/")
    assert "RuntimeError" in page.text


def test_a_row_refused_at_write_time_fails_the_whole_write(
    client_for, officer_a, units, mapped_job, django_capture_on_commit_callbacks
):
    # Between the check and the write, someone registers row 6's CCCD.
    make_person(officer_a, units["a"], full_name="Người Khác", national_id="092090001234")
    people = Person.objects.count()
    post(
        client_for(officer_a),
        f"/people/import/{mapped_job.pk}/confirm/",
        {"mode": "good_rows"},
        django_capture_on_commit_callbacks,
    )
    job = ImportJob.objects.get(pk=mapped_job.pk)
    assert job.status == ImportStatus.FAILED
    assert "6" in job.error
    assert Person.objects.count() == people


def test_a_dead_worker_leaves_the_job_failed(client_for, officer_a, mapped_job):
    job = mapped_job
    job.status = ImportStatus.WRITING
    job.heartbeat_at = timezone.now() - datetime.timedelta(minutes=10)
    job.save()
    people = Person.objects.count()
    page = client_for(officer_a).get(f"/people/import/{job.pk}/")
    assert page.status_code == 200
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.error
    assert Person.objects.count() == people
    # A redelivered task finds the job failed and writes nothing.
    services.import_job_write(job_id=job.pk)
    assert Person.objects.count() == people


def test_a_running_job_polls_and_refreshes_when_done(client_for, officer_a, mapped_job):
    client = client_for(officer_a)
    job = mapped_job
    job.status = ImportStatus.CHECKING
    job.processed_rows, job.total_rows = 500, 1000
    job.heartbeat_at = timezone.now()
    job.save()
    page = client.get(f"/people/import/{job.pk}/")
    assert 'hx-trigger="every 1s"' in page.text
    assert f'href="/people/import/{job.pk}/"' in page.text  # the refresh link, without JS
    partial = client.get(f"/people/import/{job.pk}/", headers={"HX-Request": "true"})
    assert partial.status_code == 200 and 'value="50"' in partial.text
    job.status = ImportStatus.READY
    job.save()
    partial = client.get(f"/people/import/{job.pk}/", headers={"HX-Request": "true"})
    assert partial["HX-Refresh"] == "true"


# ---- Who may see and choose ---------------------------------------------------------------------


def test_another_communes_officer_cannot_reach_the_job(
    client_for, officer_b, mapped_job, django_capture_on_commit_callbacks
):
    client = client_for(officer_b)
    for url in ("", "mapping/", "report.xlsx"):
        assert client.get(f"/people/import/{mapped_job.pk}/{url}").status_code == 404
    response = post(
        client,
        f"/people/import/{mapped_job.pk}/confirm/",
        {"mode": "good_rows"},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 404
    assert client.get(f"/api/v1/person-imports/{mapped_job.pk}/").status_code == 404
    assert mapped_job.original_name not in client.get("/people/import/").text
    assert ImportJob.objects.get(pk=mapped_job.pk).status == ImportStatus.READY


def test_only_the_uploader_chooses(
    client_for, pc04, mapped_job, django_capture_on_commit_callbacks
):
    client = client_for(pc04)
    assert client.get(f"/people/import/{mapped_job.pk}/").status_code == 200
    response = post(
        client,
        f"/people/import/{mapped_job.pk}/confirm/",
        {"mode": "good_rows"},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 404
    assert ImportJob.objects.get(pk=mapped_job.pk).status == ImportStatus.READY


def test_users_who_cannot_write_people_have_no_import(client_for, reader, health):
    for user in (reader, health):
        client = client_for(user)
        assert client.get("/people/import/").status_code == 404
        assert client.get("/people/import/template.xlsx").status_code == 404
        assert client.get("/api/v1/person-imports/").status_code == 404


def test_the_list_page_links_to_the_import_for_writers(client_for, officer_a, health):
    assert 'href="/people/import/"' in client_for(officer_a).get("/people/").text


# ---- File refusals ------------------------------------------------------------------------------


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("danh-sach.xls", "XLSX"),  # right bytes, wrong extension
        ("danh-sach.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),  # old .xls
        ("danh-sach.xlsx", b"%PDF-1.4 not a workbook"),
        ("danh-sach.xlsx", "ZIP"),  # a zip, but no workbook in it
        ("danh-sach.xlsx", b"PK\x03\x04 broken zip"),
        ("danh-sach.xlsx", b""),
    ],
)
def test_refused_files(
    client_for, officer_a, name, content, django_capture_on_commit_callbacks, private_dir
):
    if content == "XLSX":
        content = workbook_bytes(Workbook())
    elif content == "ZIP":
        content = _zip_without_workbook()
    response = upload(client_for(officer_a), content, django_capture_on_commit_callbacks, name)
    assert response.status_code == 400
    assert 'id="id_file"' in response.text and 'class="error"' in response.text
    assert not ImportJob.objects.exists()
    assert not [p for p in private_dir.rglob("*") if p.is_file()]


def test_refused_when_too_large(
    client_for, officer_a, commune_file, settings, django_capture_on_commit_callbacks
):
    settings.UPLOAD_MAX_BYTES = 1000
    response = upload(client_for(officer_a), commune_file, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and not ImportJob.objects.exists()


def test_too_many_rows_fail_the_job(
    client_for, officer_a, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(services.imports, "MAX_ROWS", 3)
    book = Workbook()
    book.active.append(["Họ và tên", "Năm sinh", "Giới tính", "Phân loại"])
    for i in range(5):
        book.active.append([f"Người {i}", 1990, "Nam", "SDTP"])
    upload(client_for(officer_a), workbook_bytes(book), django_capture_on_commit_callbacks)
    job = latest_job()
    assert job.status == ImportStatus.FAILED and "3" in job.error
    assert not Person.objects.filter(full_name__startswith="Người ").exists()


def test_a_file_without_a_header_fails_with_the_reason(
    client_for, officer_a, django_capture_on_commit_callbacks
):
    book = Workbook()
    book.active.append(["Nguyễn Văn A", 1990, "Nam"])
    upload(client_for(officer_a), workbook_bytes(book), django_capture_on_commit_callbacks)
    job = latest_job()
    assert job.status == ImportStatus.FAILED and job.error


# ---- The template -------------------------------------------------------------------------------


def test_template_has_instructions_and_imports_back_without_mapping(
    client_for, officer_a, units, django_capture_on_commit_callbacks
):
    client = client_for(officer_a)
    response = client.get("/people/import/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(book.sheetnames) == 2
    sheet, guide = book.worksheets
    header = [c.value for c in sheet[1]]
    assert len(header) >= 10
    cccd_column = header.index(next(h for h in header if "CCCD" in h)) + 1
    assert sheet.cell(row=2, column=cccd_column).number_format == "@"
    assert sheet.cell(row=2, column=cccd_column).value == "092090001234"
    guide_rows = list(guide.iter_rows(values_only=True))
    assert len([r for r in guide_rows[1:] if r and r[0] in header]) == len(header)
    # Each choice column lists its allowed values.
    allowed = {r[0]: r[3] for r in guide_rows[1:] if r and r[0] in header}
    category_label = str(services.imports.column_for("category").label)
    assert all(str(c.label) in allowed[category_label] for c in Category)
    sex_label = str(services.imports.column_for("sex").label)
    assert all(str(s.label) in allowed[sex_label] for s in Sex)
    # Filled in (the example row left in place), it imports with no mapping step.
    typed = {
        "full_name": "Phan Văn Tú",
        "sex": "Nam",
        "date_of_birth": "12/12/1992",
        "national_id": "092092001111",
        "residence_unit": "Ninh Kiều",
        "category": "nghi nghiện",
    }
    for key, value in typed.items():
        title = str(services.imports.column_for(key).label)
        sheet.cell(row=3, column=header.index(title) + 1, value=value)
    upload(client, workbook_bytes(book), django_capture_on_commit_callbacks)
    job = latest_job()
    assert job.status == ImportStatus.READY, (job.status, job.error, job.columns)
    assert job.skipped_rows == 1  # the example row
    assert [r["row"] for r in job.report["rows"]] == [3]
    assert job.report["rows"][0]["status"] == "ok", job.report["rows"][0]["issues"]
    assert job.report["rows"][0]["values"]["category"] == "suspected_addiction"


def test_template_in_memory_matches_the_columns():
    buffer = io.BytesIO()
    write_template(buffer)
    book = load_workbook(buffer)
    header = [c.value for c in book.worksheets[0][1]]
    labels = [str(c.label) for c in services.imports.active_columns() if c.template]
    assert header == labels


def test_template_offers_the_allowed_values_as_drop_downs():
    buffer = io.BytesIO()
    write_template(buffer)
    sheet = load_workbook(buffer).worksheets[0]
    header = [c.value for c in sheet[1]]
    lists = {
        header[next(iter(rule.sqref.ranges)).min_col - 1]: rule.formula1
        for rule in sheet.data_validations.dataValidation
    }
    sex = str(services.imports.column_for("sex").label)
    assert all(str(s.label) in lists[sex] for s in Sex)
    category = str(services.imports.column_for("category").label)
    assert all(str(c.label) in lists[category] for c in Category)
    # Abbreviations may still be typed: no error box.
    assert not any(r.showErrorMessage for r in sheet.data_validations.dataValidation)


def test_the_registration_is_checked_as_the_write_would(
    client_for, officer_a, django_capture_on_commit_callbacks
):
    book = Workbook()
    book.active.append(
        ["Họ và tên", "Năm sinh", "Giới tính", "Phân loại", "Ngày lập hồ sơ", "Số quyết định",
         "Cán bộ phụ trách"]
    )  # fmt: skip
    book.active.append(["Một", 1990, "Nam", "SDTP", "01/02/2024", "12/QĐ", "officer_a"])
    book.active.append(["Hai", 1990, "Nam", "SDTP", "01/02/1980", "", ""])
    book.active.append(["Ba", 1990, "Nam", "SDTP", "01/02/2099", "", ""])
    book.active.append(["Bốn", 1990, "Nam", "SDTP", "", "x" * 61, ""])
    book.active.append(["Năm", 1990, "Nam", "SDTP", "", "", "ai đó"])
    upload(
        client_for(officer_a),
        workbook_bytes(book),
        django_capture_on_commit_callbacks,
        default_unit=officer_a.scope_unit.pk,
    )
    job = latest_job()
    assert job.status == ImportStatus.READY, job.error
    assert issues_of(job, "error") == {
        (3, "registered_on", "invalid"),
        (4, "registered_on", "invalid"),
        (5, "basis_number", "invalid"),
        (6, "responsible_officer", "officer_unknown"),
    }
    values = job.report["rows"][0]["values"]
    assert values["registered_on"] == "2024-02-01" and values["responsible_officer"] == officer_a.pk
