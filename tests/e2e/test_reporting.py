"""The periodic report's flow in a real browser: a commune officer opens the current period's
report, writes the narrative, builds the figures, reads them, downloads the PDF and the XLSX
and submits; PC04 sees it on time, receives it, and returns another commune's report with a
reason. Buttons are found by their form's action, so the test holds in either language."""

import datetime
import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from reporting import services
from reporting.models import PeriodKind, Report, ReportPeriod, ReportStatus
from tests.factories import make_person, make_user

from .conftest import pdf_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


def _button(page, action: str):
    return page.locator(f"form[action$='/{action}/'] button[type=submit]")


def test_commune_reports_and_pc04_receives(open_context, live_server, units, log_in, tmp_path):
    today = datetime.date.today()
    officer = make_user("officer_a", "commune_officer", units["a"], first_name="Hòa")
    officer_b = make_user("officer_b", "commune_officer", units["b"])
    pc04 = make_user("pc04_user", "provincial_police", units["province"])
    period = ReportPeriod.objects.create(
        kind=PeriodKind.H1,
        year=today.year,
        starts_on=today - datetime.timedelta(days=170),
        ends_on=today + datetime.timedelta(days=10),
        due_on=today + datetime.timedelta(days=16),
    )
    registered = today - datetime.timedelta(days=100)
    make_person(officer, units["a"], registered_on=registered, full_name="Nguyễn Văn Đức")
    make_person(
        officer,
        units["a"],
        registered_on=registered,
        full_name="Trần Thị Lan",
        sex="F",
        birth_year=1995,
        category="addicted",
    )
    # Commune B has submitted already (through the services, as its officer would).
    other = services.report_open(actor=officer_b, period=period)
    services.report_update(
        actor=officer_b, report=other, situation="Ổn định.", results="Có.", tasks_ahead="Tiếp."
    )
    services.report_build(report_id=other.pk, actor=officer_b)
    other.refresh_from_db()
    services.report_submit(actor=officer_b, report=other)

    # xa1 opens the period's report from the menu.
    page = open_context().new_page()
    log_in(page, officer)
    page.locator("header nav a[href='/reports/']").click()
    page.locator(f"a[href='/reports/periods/{period.pk}/']").click()
    _button(page, "open").click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    report = Report.objects.get(unit=units["a"], period=period)

    # Submitting at once is refused: nothing written, nothing built.
    _button(page, "submit").click()
    expect(page.locator(".messages")).to_be_visible()
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DRAFT

    page.locator("#id_situation").fill("Tình hình cơ bản ổn định.")
    page.locator("#id_results").fill("Đã quản lý 2 người.")
    page.locator("#id_tasks_ahead").fill("Tiếp tục rà soát.")
    page.locator("#id_document_number").fill("15/BC-CAX")
    _button(page, "save").click()
    _button(page, "build").click()
    figures = page.locator("table.report-figures")
    expect(figures).to_be_visible()
    total = figures.locator("tbody tr").first.locator("td.num").first
    expect(total).to_have_text("2")

    # The documents: the PDF has the motto and the title; the XLSX's numbers are numbers.
    pdf = page.request.get(f"{live_server.url}/reports/{report.pk}/download/pdf/")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.body(), tmp_path)
    assert MOTTO in text and "Kết quả công tác phòng, chống ma túy" in text
    xlsx = page.request.get(f"{live_server.url}/reports/{report.pk}/download/xlsx/")
    book = load_workbook(io.BytesIO(xlsx.body()))
    assert book.worksheets[0].cell(row=4, column=4).value == 2

    _button(page, "submit").click()
    expect(page.locator(f"form[action$='/{report.pk}/submit/']")).to_have_count(0)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED

    # PC04 sees it on time, receives it, and returns commune B's report with a reason.
    pc = open_context().new_page()
    log_in(pc, pc04)
    pc.goto(f"{live_server.url}/reports/periods/{period.pk}/")
    row_a = pc.locator("tbody tr").filter(has_text=units["a"].name)
    expect(row_a.locator(".badge")).to_have_class(re.compile("report-on_time"))
    row_a.locator(f"a[href='/reports/{report.pk}/']").click()
    _button(pc, "receive").click()
    expect(pc.locator(f"form[action$='/{report.pk}/receive/']")).to_have_count(0)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.RECEIVED

    pc.goto(f"{live_server.url}/reports/{other.pk}/")
    pc.locator("details.report-return summary").click()
    _button(pc, "return").click()  # no reason: refused, the field says why
    expect(
        pc.locator("details.report-return .errors, details.report-return .error")
    ).not_to_have_count(0)
    pc.locator("#id_reason").fill("Thiếu số liệu người sau cai nghiện.")
    _button(pc, "return").click()
    expect(pc.locator("details.report-return")).to_have_count(0)
    other.refresh_from_db()
    assert other.status == ReportStatus.RETURNED
    assert other.return_reason == "Thiếu số liệu người sau cai nghiện."
