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


SHOTS = __import__("pathlib").Path(
    __import__("os").environ.get(
        "REPORTING_SHOTS", str(__import__("pathlib").Path(__file__).parents[2] / "var" / "shots")
    )
)


def test_department_reports_and_pc04_sees_late_and_missing(
    open_context, live_server, units, log_in
):
    """Health enters its figures and a target, writes its sections, builds and submits its
    report; PC04's overview shows it, a department that submitted late and the units that
    are missing, filtered by kind."""
    from tests.factories import make_agency

    today = datetime.date.today()
    health_agency = make_agency("Sở Y tế", "department", "health", units["province"])
    health = make_user("yte", "department", units["province"], agency=health_agency)
    education_agency = make_agency(
        "Sở Giáo dục và Đào tạo", "department", "education", units["province"]
    )
    education = make_user("sgd", "department", units["province"], agency=education_agency)
    make_agency("Thành đoàn", "organisation", "youth_union", units["province"])
    pc04 = make_user("pc04_user", "provincial_police", units["province"])
    period = ReportPeriod.objects.create(
        kind=PeriodKind.YEAR,
        year=today.year - 1,
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today - datetime.timedelta(days=40),
        due_on=today + datetime.timedelta(days=5),
    )
    # Education submitted, but after the due date (dated back as the demo does).
    late = services.report_open(actor=education, period=period)
    services.report_update(
        actor=education, report=late, results="Có.", limitations="Ít.", recommendations="Không."
    )
    services.report_build(report_id=late.pk, actor=education)
    late.refresh_from_db()
    services.report_submit(actor=education, report=late)
    services.demo_backdate(report=late, submitted_on=period.due_on + datetime.timedelta(days=2))

    page = open_context().new_page()
    log_in(page, health)
    page.goto(f"{live_server.url}/reports/periods/{period.pk}/")
    expect(page.locator("tbody tr")).to_have_count(1)  # its own row only
    _button(page, "open").click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    report = Report.objects.get(agency=health_agency, period=period)
    expect(page.locator("#id_situation")).to_have_count(0)  # not in a department's template

    # Its figures that the system cannot count, with their source.
    page.goto(f"{live_server.url}/reports/periods/{period.pk}/figures/")
    page.locator("#id_code").select_option("officers_trained")
    page.locator("#id_value").fill("40")
    page.locator("#id_source").fill("Danh sách tập huấn ngày 12/5")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("table.report-entered")).to_contain_text("Danh sách tập huấn ngày 12/5")
    page.goto(f"{live_server.url}/reports/targets/")
    page.locator("#id_code").select_option("officers_trained")
    page.locator("#id_year_from").fill(str(period.year))
    page.locator("#id_value").fill("30")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("table.report-target-list tbody tr")).to_have_count(1)

    page.goto(f"{live_server.url}/reports/{report.pk}/")
    page.locator("#id_results").fill("Tập huấn 40 cán bộ y tế.")
    page.locator("#id_limitations").fill("Kinh phí hạn chế; nguyên nhân: chưa có dự toán.")
    page.locator("#id_recommendations").fill("Bố trí kinh phí năm sau.")
    _button(page, "save").click()
    _button(page, "build").click()
    expect(page.locator("table.report-entered")).to_contain_text("40")
    expect(page.locator("table.report-targets")).to_be_visible()
    expect(page.locator("table.report-targets .report-on_time")).to_have_count(1)  # met
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "department_report.png"), full_page=True)
    _button(page, "submit").click()
    expect(page.locator(f"form[action$='/{report.pk}/submit/']")).to_have_count(0)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED

    # PC04: Health on time, Education late, the Youth Union and the communes missing.
    pc = open_context().new_page()
    log_in(pc, pc04)
    pc.goto(f"{live_server.url}/reports/periods/{period.pk}/")
    rows = pc.locator("tbody tr")
    expect(rows.filter(has_text="Sở Y tế").locator(".badge")).to_have_class(
        re.compile("report-on_time")
    )
    expect(rows.filter(has_text="Sở Giáo dục").locator(".badge")).to_have_class(
        re.compile("report-late")
    )
    expect(rows.filter(has_text="Thành đoàn").locator(".badge")).to_have_class(
        re.compile("report-missing")
    )
    pc.screenshot(path=str(SHOTS / "pc04_overview.png"), full_page=True)
    pc.locator("a[href='?kind=department']").click()
    expect(pc.locator("tbody tr")).to_have_count(2)
    pc.locator("a.report-late").click()
    expect(pc.locator("tbody tr")).to_have_count(1)
    expect(pc.locator("tbody tr")).to_contain_text("Sở Giáo dục")
