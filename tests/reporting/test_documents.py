"""The PDF (Decree 30 layout, Vietnamese title and motto) and the XLSX (numbers are numbers),
written by the build, frozen at submission, downloaded through a scoped, logged view."""

import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from accounts.models import AccessLog
from reporting import services

from ..factories import make_person
from .helpers import past_period, ready_report, submitted_report

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_has_the_title_and_the_motto(client_for, officer_a, units, tmp_path):
    period = past_period()
    make_person(officer_a, units["a"], registered_on=period.starts_on)
    report = ready_report(officer_a, period)
    response = client_for(officer_a).get(f"/reports/{report.pk}/download/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "r.pdf"
    path.write_bytes(_body(response))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Kết quả công tác phòng, chống ma túy" in text
    assert AccessLog.objects.filter(record_type="report", record_id=str(report.pk)).exists()


def test_xlsx_numbers_are_numbers(client_for, officer_a, units):
    period = past_period()
    make_person(officer_a, units["a"], registered_on=period.starts_on)
    make_person(officer_a, units["a"], registered_on=period.starts_on, sex="F", birth_year=1995)
    report = ready_report(officer_a, period)
    response = client_for(officer_a).get(f"/reports/{report.pk}/download/xlsx/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(_body(response)))
    assert book.sheetnames[:2] == ["Bieu 1 - So lieu", "Bieu 2 - Phan tich"]
    sheet = book["Bieu 1 - So lieu"]
    assert [c.value for c in sheet[3]] == ["STT", "Chỉ tiêu", "Đơn vị tính", "Số lượng"]
    first = [c.value for c in sheet[4]]
    assert first[3] == 2 and isinstance(first[3], int)
    split = book["Bieu 2 - Phan tich"]
    assert [c.value for c in split[4]][2:5] == [2, 1, 1]


def test_documents_are_frozen_after_submission(officer_a, units):
    period = past_period()
    report = submitted_report(officer_a, period)
    names = (report.pdf_file.name, report.xlsx_file.name)
    assert all(names)
    make_person(officer_a, units["a"], registered_on=period.starts_on)
    with pytest.raises(Exception):  # noqa: B017 - refused, whatever the exact kind
        services.report_build_request(actor=officer_a, report=report)
    report.refresh_from_db()
    assert (report.pdf_file.name, report.xlsx_file.name) == names


def test_province_xlsx_has_the_communes_sheet(client_for, officer_a, pc04, units):
    period = past_period()
    make_person(officer_a, units["a"], registered_on=period.starts_on)
    report = ready_report(pc04, period)
    book = load_workbook(
        io.BytesIO(_body(client_for(pc04).get(f"/reports/{report.pk}/download/xlsx/")))
    )
    sheet = book["Bieu 3 - Cap xa"]
    assert sheet.cell(row=4, column=2).value == units["a"].name
    assert sheet.cell(row=4, column=3).value == 1


def test_other_commune_downloads_answer_404(client_for, officer_a, officer_b):
    report = ready_report(officer_b, past_period())
    client = client_for(officer_a)
    for kind in ("pdf", "xlsx"):
        assert client.get(f"/reports/{report.pk}/download/{kind}/").status_code == 404


def test_rewritten_documents_keep_the_new_files_and_drop_the_old(
    officer_a, units, django_capture_on_commit_callbacks
):
    """Documents written twice (built, then submitted with the final narrative): after the
    commit the report's files exist and the first ones are gone."""
    from django.db import transaction

    from reporting import documents

    report = ready_report(officer_a, past_period())
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        documents.write_documents(report)
        report.save()
    first = (report.pdf_file.name, report.xlsx_file.name)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        documents.write_documents(report)
        report.save()
    storage = report.pdf_file.storage
    assert storage.exists(report.pdf_file.name) and storage.exists(report.xlsx_file.name)
    assert (report.pdf_file.name, report.xlsx_file.name) != first
    assert not any(storage.exists(name) for name in first)


def test_a_document_missing_from_the_store_answers_404(client_for, officer_a, units):
    report = submitted_report(officer_a, past_period())
    report.pdf_file.storage.delete(report.pdf_file.name)
    client = client_for(officer_a)
    assert client.get(f"/reports/{report.pk}/download/pdf/").status_code == 404
    assert client.get(f"/reports/{report.pk}/download/xlsx/").status_code == 200
