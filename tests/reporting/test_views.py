"""Pages and API: periods, the receiver's table, the report page's actions, query counts."""

import datetime

import pytest
from django.utils import timezone

from reporting import services
from reporting.models import Report, ReportPeriod, ReportStatus

from ..factories import make_person
from .helpers import NARRATIVE, past_period, ready_report, submitted_report

pytestmark = pytest.mark.django_db


def test_admin_creates_a_year_on_the_page_and_by_api(client_for, administrator):
    client = client_for(administrator)
    response = client.post("/reports/", {"year": 2031, "window": "decree"})
    assert response.status_code == 302
    assert ReportPeriod.objects.filter(year=2031).count() == 2
    page = client.get("/reports/").text
    assert "14/06/2031" in page and "20/12/2031" in page
    response = client.post(
        "/api/v1/report-periods/create-year/", {"year": 2032}, content_type="application/json"
    )
    assert response.status_code == 201 and len(response.json()) == 2
    again = client.post(
        "/api/v1/report-periods/create-year/", {"year": 2032}, content_type="application/json"
    )
    assert again.status_code == 400 and "year" in again.json()


def test_others_cannot_create_periods(client_for, pc04):
    client = client_for(pc04)
    assert client.post("/reports/", {"year": 2031}).status_code == 404
    response = client.post(
        "/api/v1/report-periods/create-year/", {"year": 2031}, content_type="application/json"
    )
    assert response.status_code == 403


def test_commune_flow_on_the_pages(client_for, officer_a, pc04, units):
    period = past_period()
    make_person(officer_a, units["a"], registered_on=period.starts_on)
    client = client_for(officer_a)
    response = client.post(f"/reports/periods/{period.pk}/open/")
    report = Report.objects.get(unit=units["a"], period=period)
    assert response["Location"] == f"/reports/{report.pk}/"
    response = client.post(f"/reports/{report.pk}/submit/", follow=True)
    assert "Build the figures before submitting." in response.text or "Lập" in response.text
    data = {**NARRATIVE, "limitations": "", "recommendations": "", "document_number": "15/BC-CAX"}
    data["signer"] = "Nguyễn Văn A"
    assert client.post(f"/reports/{report.pk}/save/", data).status_code == 302
    assert client.post(f"/reports/{report.pk}/build/").status_code == 302
    page = client.get(f"/reports/{report.pk}/").text
    assert "report-figures" in page
    assert client.post(f"/reports/{report.pk}/submit/").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    # PC04 returns without a reason: refused on the form, then with one.
    pc = client_for(pc04)
    response = pc.post(f"/reports/{report.pk}/return/", {"reason": ""})
    assert response.status_code == 400
    pc.post(f"/reports/{report.pk}/return/", {"reason": "Thiếu số liệu"})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED


def test_receiver_table_on_time_late_missing(client_for, officer_a, officer_b, pc04, units):
    period = past_period()
    late = submitted_report(officer_a, period)
    assert late.submitted_on_time is False
    on_time = ready_report(officer_b, period)
    services.report_submit(actor=officer_b, report=on_time)
    ReportPeriod.objects.filter(pk=period.pk).update(
        due_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    # b submitted "on time" when the due date is moved after its submission
    Report.objects.filter(pk=on_time.pk).update(submitted_on_time=True)
    page = client_for(pc04).get(f"/reports/periods/{period.pk}/").text
    assert "report-on_time" in page and "report-late" in page and "report-missing" in page
    # a commune sees its own row only
    own = client_for(officer_a).get(f"/reports/periods/{period.pk}/").text
    assert units["a"].name in own and units["b"].name not in own


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_and_api_queries_do_not_grow(client_for, pc04, officer_a, officer_b, units):
    """N reports and 2N reports: the same number of queries."""
    from .helpers import future_period

    client = client_for(pc04)
    first, second = past_period(), future_period()
    services.report_open(actor=officer_a, period=first)
    services.report_open(actor=officer_b, period=first)
    client.get("/reports/all/")
    counts = {url: _count(client, url) for url in ("/reports/all/", "/api/v1/reports/")}
    services.report_open(actor=officer_a, period=second)
    services.report_open(actor=officer_b, period=second)
    assert Report.objects.count() == 4
    assert {url: _count(client, url) for url in counts} == counts
    assert _count(client, f"/reports/periods/{first.pk}/") == _count(
        client, f"/reports/periods/{second.pk}/"
    )


def test_admin_adjusts_a_period_in_django_admin(client_for, administrator):
    period = past_period()
    client = client_for(administrator)
    url = f"/django-admin/reporting/reportperiod/{period.pk}/change/"
    assert client.get(url).status_code == 200
    assert client.get("/django-admin/reporting/reportperiod/").status_code == 200
