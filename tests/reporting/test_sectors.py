"""Departments and mass organisations report too, each with its own template; PC04 sees per
period which units submitted, on time or late, and which are missing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from reporting import services
from reporting.kinds import Template
from reporting.models import ReportStatus

from ..factories import make_agency, make_person, make_user
from .helpers import past_period

pytestmark = pytest.mark.django_db

SECTOR_NARRATIVE = {
    "results": "Tổ chức 12 buổi tuyên truyền tại trường học.",
    "limitations": "Kinh phí hạn chế; nguyên nhân: chưa bố trí dự toán.",
    "recommendations": "Đề nghị bố trí kinh phí.",
}


@pytest.fixture
def youth(units):
    agency = make_agency("Thành đoàn", "organisation", "youth_union", units["province"])
    return make_user("youth_user", "organisation", units["province"], agency=agency)


def test_a_department_opens_its_own_report_with_its_template(health, pc04):
    period = past_period()
    report = services.report_open(actor=health, period=period)
    assert report.agency == health.agency
    assert report.template == Template.DEPARTMENT
    assert report.agency_name == "Sở Y tế"
    assert [s.field for s in report.sections] == [
        "results",
        "limitations",
        "recommendations",
        "tasks_ahead",
    ]
    # PC04's own (province) report is a different report of the same unit.
    province = services.report_open(actor=pc04, period=period)
    assert province.pk != report.pk and province.template == Template.PROVINCE
    assert services.report_open(actor=health, period=period).pk == report.pk


def test_a_mass_organisation_has_the_organisation_template(youth):
    report = services.report_open(actor=youth, period=past_period())
    assert report.template == Template.ORGANISATION and report.agency == youth.agency


def test_a_department_user_without_agency_is_refused(units):
    user = make_user("no_agency", "department", units["province"])
    with pytest.raises(ValidationError) as exc:
        services.report_open(actor=user, period=past_period())
    assert "agency" in exc.value.message_dict


def test_sector_report_needs_its_own_sections_to_submit(health):
    report = services.report_open(actor=health, period=past_period())
    services.report_build_request(actor=health, report=report)
    report.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.report_submit(actor=health, report=report)
    assert set(exc.value.message_dict) == {"results", "limitations", "recommendations"}
    assert "Write this section before submitting." in exc.value.message_dict["limitations"]
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_sector_report_counts_its_sector_figures_province_wide(health, officer_a, units):
    make_person(officer_a, units["a"], category="addicted")
    report = services.report_open(actor=health, period=past_period())
    services.report_update(actor=health, report=report, **SECTOR_NARRATIVE)
    services.report_build_request(actor=health, report=report)
    report.refresh_from_db()
    totals = report.figures["totals"]
    # Health reports addicts and psychosis, not the police's drug tests.
    assert "people_addicted" in totals and "special_management" in totals
    assert "tests_total" not in totals and "people_total" not in totals
    report = services.report_submit(actor=health, report=report)
    assert report.status == ReportStatus.SUBMITTED and report.pdf_file and report.xlsx_file


def test_pc04_receives_and_returns_a_department_report(health, pc04, officer_a):
    report = services.report_open(actor=health, period=past_period())
    services.report_update(actor=health, report=report, **SECTOR_NARRATIVE)
    services.report_build_request(actor=health, report=report)
    report = services.report_submit(actor=health, report=report)
    # A commune is not above a department.
    with pytest.raises(Exception):  # noqa: B017 - out of scope: 404
        services.report_receive(actor=officer_a, report=report)
    returned = services.report_return(actor=pc04, report=report, reason="Thiếu số liệu.")
    assert returned.status == ReportStatus.RETURNED
    new = services.report_correct(actor=health, report=returned)
    assert new.version == 2 and new.agency == health.agency
    assert (
        new.template == Template.DEPARTMENT and new.limitations == SECTOR_NARRATIVE["limitations"]
    )


def test_narrative_of_another_template_cannot_be_written(health):
    report = services.report_open(actor=health, period=past_period())
    with pytest.raises(ValidationError) as exc:
        services.report_update(actor=health, report=report, situation="x")
    assert "no such section" in exc.value.message_dict["situation"][0]


def test_api_refuses_a_section_of_another_template_with_json(client_for, health):
    report = services.report_open(actor=health, period=past_period())
    response = client_for(health).patch(
        f"/api/v1/reports/{report.pk}/", {"situation": "x"}, content_type="application/json"
    )
    assert response.status_code == 400 and "situation" in response.json()


def test_pc04_sees_who_submitted_on_time_late_or_is_missing(
    client_for, pc04, health, youth, officer_a, units
):
    period = past_period()
    late = services.report_open(actor=health, period=period)
    services.report_update(actor=health, report=late, **SECTOR_NARRATIVE)
    services.report_build_request(actor=health, report=late)
    services.report_submit(actor=health, report=late)
    services.demo_backdate(report=late, submitted_on=period.due_on + datetime.timedelta(days=3))
    client = client_for(pc04)
    page = client.get(f"/reports/periods/{period.pk}/")
    rows = {r["name"]: r["state"] for r in page.context["rows"]}
    assert rows["Sở Y tế"] == "late"
    assert rows["Thành đoàn"] == "missing"
    assert rows[units["a"].name] == "missing"
    # Filter by kind of unit and by state.
    page = client.get(f"/reports/periods/{period.pk}/", {"kind": "organisation"})
    assert [r["name"] for r in page.context["rows"]] == ["Thành đoàn"]
    page = client.get(f"/reports/periods/{period.pk}/", {"state": "late"})
    assert [r["name"] for r in page.context["rows"]] == ["Sở Y tế"]
    assert page.context["counts"]["late"] == 1


def test_a_department_sees_only_its_own_row(client_for, health, youth):
    period = past_period()
    page = client_for(health).get(f"/reports/periods/{period.pk}/")
    assert [r["name"] for r in page.context["rows"]] == ["Sở Y tế"]
    assert page.context["own"]["agency"] == health.agency


def test_period_overview_query_count_is_constant(client_for, pc04, health, units):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    period = past_period()
    client = client_for(pc04)
    client.get(f"/reports/periods/{period.pk}/")  # warm the session

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/reports/periods/{period.pk}/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(3):
        agency = make_agency(f"Hội {n}", "organisation", "other", units["province"])
        user = make_user(f"org{n}", "organisation", units["province"], agency=agency)
        services.report_open(actor=user, period=period)
    services.report_open(actor=health, period=period)
    assert count() == before


def test_department_report_page_and_form_show_its_sections(client_for, health):
    report = services.report_open(actor=health, period=past_period())
    client = client_for(health)
    page = client.get(report.get_absolute_url())
    form = page.context["narrative_form"]
    assert "situation" not in form.fields
    assert list(form.fields)[:3] == ["results", "limitations", "recommendations"]
    response = client.post(f"/reports/{report.pk}/save/", {**SECTOR_NARRATIVE})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.results == SECTOR_NARRATIVE["results"]


def test_department_pdf_prints_its_agency_and_sections(health):
    from reporting import documents

    report = services.report_open(actor=health, period=past_period())
    services.report_update(actor=health, report=report, **SECTOR_NARRATIVE)
    context = documents._context(report)
    assert context["is_agency"] and not context["is_province"]
    assert [s["heading"] for s in context["sections"]][:3] == [
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "II. HẠN CHẾ, KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
    ]


def test_report_list_finds_a_department_by_name(client_for, pc04, health):
    services.report_open(actor=health, period=past_period())
    page = client_for(pc04).get("/reports/all/", {"q": "Y tế"})
    assert [r.reporter_name for r in page.context["page"]] == ["Sở Y tế"]
