"""Targets (yearly and whole-plan) and the figures a unit enters with their source: each
report shows them as entered, and each target with its value, the same period last year's and
whether it is met."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reporting import services
from reporting.models import EnteredFigure, PeriodKind, ReportPeriod, Target

from ..factories import make_person
from .helpers import NARRATIVE, past_period

pytestmark = pytest.mark.django_db


def _year_before(period):
    return ReportPeriod.objects.create(
        kind=period.kind,
        year=period.year - 1,
        starts_on=period.starts_on.replace(year=period.starts_on.year - 1),
        ends_on=period.ends_on.replace(year=period.ends_on.year - 1),
        due_on=period.due_on.replace(year=period.due_on.year - 1),
    )


def _built(actor, period):
    report = services.report_open(actor=actor, period=period)
    services.report_update(actor=actor, report=report, **NARRATIVE)
    services.report_build_request(actor=actor, report=report)
    report.refresh_from_db()
    return report


def test_entered_figures_are_shown_as_entered_with_their_source(officer_a):
    period = past_period(PeriodKind.YEAR)
    services.entered_set(
        actor=officer_a, period=period, code="awareness_sessions", value=12, source="Sổ theo dõi"
    )
    # Entered again: corrected, not doubled.
    services.entered_set(
        actor=officer_a, period=period, code="awareness_sessions", value=14, source="Sổ theo dõi"
    )
    assert EnteredFigure.objects.filter(code="awareness_sessions").count() == 1
    report = _built(officer_a, period)
    entered = report.figures["entered"]["awareness_sessions"]
    assert entered["value"] == 14 and entered["source"] == "Sổ theo dõi"
    assert entered["entered_by"]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"code": "nope", "value": 1, "source": "x"}, "code", "Choose a figure from the list."),
        ({"code": "news_items", "value": -1, "source": "x"}, "value", "cannot be negative"),
        ({"code": "schools_reached_pct", "value": 120, "source": "x"}, "value", "over 100%"),
        ({"code": "news_items", "value": 3, "source": "  "}, "source", "Say where the figure"),
        ({"code": "news_items", "value": None, "source": "x"}, "value", "Enter the figure."),
    ],
)
def test_bad_entered_figure_is_refused_naming_the_field(officer_a, fields, field, message):
    with pytest.raises(ValidationError) as exc:
        services.entered_set(actor=officer_a, period=past_period(), **fields)
    assert message in " ".join(exc.value.message_dict[field])
    assert not EnteredFigure.objects.exists()


def test_entered_figures_freeze_with_the_submitted_report(officer_a):
    period = past_period()
    report = _built(officer_a, period)
    services.report_submit(actor=officer_a, report=report)
    with pytest.raises(ValidationError) as exc:
        services.entered_set(
            actor=officer_a, period=period, code="news_items", value=3, source="Đài truyền thanh"
        )
    assert "period" in exc.value.message_dict


def test_a_reader_enters_no_figure(reader):
    with pytest.raises(PermissionError):
        services.entered_set(
            actor=reader, period=past_period(), code="news_items", value=3, source="x"
        )


def test_target_shows_value_previous_period_and_whether_met(officer_a, units):
    period = past_period(PeriodKind.YEAR)
    before = _year_before(period)
    services.entered_set(
        actor=officer_a, period=before, code="awareness_sessions", value=8, source="Sổ 2024"
    )
    services.entered_set(
        actor=officer_a, period=period, code="awareness_sessions", value=12, source="Sổ"
    )
    services.target_create(
        actor=officer_a, code="awareness_sessions", kind="year", year_from=period.year, value=10
    )
    services.target_create(
        actor=officer_a,
        code="new_total",
        kind="plan",
        year_from=period.year - 1,
        year_to=period.year + 3,
        value=0,
        direction="at_most",
        source="KH 199/KH-UBND",
    )
    make_person(officer_a, units["a"], category="addicted")
    report = _built(officer_a, period)
    rows = {row["code"]: row for row in report.figures["targets"]}
    sessions = rows["awareness_sessions"]
    assert (sessions["target"], sessions["value"], sessions["previous"], sessions["met"]) == (
        10,
        12,
        8,
        True,
    )
    plan = rows["new_total"]
    assert plan["kind"] == "plan" and plan["direction"] == "at_most"
    assert plan["value"] == report.figures["totals"]["new_total"]
    assert plan["met"] is (plan["value"] <= 0)
    page_rows = services.figures_for(report)["targets"]
    assert len(page_rows) == 2


def test_six_month_report_shows_progress_but_does_not_judge(officer_a):
    period = past_period(PeriodKind.H1)
    services.target_create(
        actor=officer_a, code="awareness_sessions", kind="year", year_from=period.year, value=10
    )
    report = _built(officer_a, period)
    (row,) = report.figures["targets"]
    assert row["value"] is None and row["met"] is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"code": "nope", "kind": "year", "year_from": 2026, "value": 1}, "code"),
        ({"code": "news_items", "kind": "plan", "year_from": 2026, "value": 1}, "year_to"),
        (
            {"code": "news_items", "kind": "plan", "year_from": 2026, "year_to": 2025, "value": 1},
            "year_to",
        ),
        ({"code": "news_items", "kind": "year", "year_from": 2026, "value": -2}, "value"),
        ({"code": "schools_reached_pct", "kind": "year", "year_from": 2026, "value": 101}, "value"),
    ],
)
def test_bad_target_is_refused_naming_the_field(officer_a, fields, field):
    with pytest.raises(ValidationError) as exc:
        services.target_create(actor=officer_a, **fields)
    assert field in exc.value.message_dict
    assert not Target.objects.exists()


def test_overlapping_target_is_refused(officer_a):
    services.target_create(
        actor=officer_a, code="news_items", kind="plan", year_from=2026, year_to=2030, value=50
    )
    with pytest.raises(ValidationError) as exc:
        services.target_create(
            actor=officer_a, code="news_items", kind="year", year_from=2028, value=10
        )
    assert "already has a target" in exc.value.message_dict["code"][0]


def test_only_the_unit_that_set_a_target_removes_it(officer_a, pc04):
    target = services.target_create(
        actor=officer_a, code="news_items", kind="year", year_from=2026, value=Decimal("5")
    )
    with pytest.raises(ValidationError):
        services.target_delete(actor=pc04, target=target)
    services.target_delete(actor=officer_a, target=target)
    assert not Target.objects.exists()


def test_target_page_adds_and_removes_after_confirmation(client_for, officer_a):
    client = client_for(officer_a)
    response = client.post(
        "/reports/targets/",
        {
            "code": "news_items",
            "kind": "year",
            "year_from": 2026,
            "direction": "at_least",
            "value": "20",
            "source": "KH 12",
        },
    )
    assert response.status_code == 302
    target = Target.objects.get()
    assert target.unit == officer_a.scope_unit and target.value == 20
    bad = client.post(
        "/reports/targets/",
        {
            "code": "news_items",
            "kind": "plan",
            "year_from": 2026,
            "direction": "at_least",
            "value": "20",
        },
    )
    assert bad.status_code == 400 and "year_to" in bad.context["form"].errors
    confirm = client.get(f"/reports/targets/{target.pk}/delete/")
    assert confirm.status_code == 200 and "Remove the target" in confirm.text
    assert Target.objects.exists()
    client.post(f"/reports/targets/{target.pk}/delete/")
    assert not Target.objects.exists()


def test_entered_page_saves_and_refuses_with_the_field(client_for, officer_a):
    period = past_period()
    client = client_for(officer_a)
    url = f"/reports/periods/{period.pk}/figures/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"code": "news_items", "value": "7", "source": "Đài xã"})
    assert response.status_code == 302
    bad = client.post(url, {"code": "news_items", "value": "7", "source": ""})
    assert bad.status_code == 400 and "source" in bad.context["form"].errors
    assert EnteredFigure.objects.get().value == 7


def test_department_enters_its_own_sector_figures(health, client_for):
    period = past_period(PeriodKind.YEAR)
    page = client_for(health).get(f"/reports/periods/{period.pk}/figures/")
    codes = [row["code"] for row in page.context["rows"]]
    assert "officers_trained" in codes and "household_commitments" not in codes
    figure = services.entered_set(
        actor=health, period=period, code="officers_trained", value=40, source="Danh sách"
    )
    assert figure.agency == health.agency


def test_report_page_shows_entered_and_targets(client_for, officer_a):
    period = past_period(PeriodKind.YEAR)
    services.entered_set(
        actor=officer_a, period=period, code="news_items", value=9, source="Đài truyền thanh xã"
    )
    services.target_create(
        actor=officer_a, code="news_items", kind="year", year_from=period.year, value=12
    )
    report = _built(officer_a, period)
    page = client_for(officer_a).get(report.get_absolute_url()).text
    assert "Đài truyền thanh xã" in page and "Not met" in page


def test_documents_carry_entered_figures_and_targets(officer_a):
    from reporting import documents

    period = past_period(PeriodKind.YEAR)
    services.entered_set(
        actor=officer_a, period=period, code="news_items", value=9, source="Đài xã"
    )
    services.target_create(
        actor=officer_a, code="news_items", kind="year", year_from=period.year, value=5
    )
    report = _built(officer_a, period)
    titles = [t["title"] for t in documents.tables(report)]
    assert any("tự thống kê" in t for t in titles) and any("chỉ tiêu" in t for t in titles)
    targets = next(t for t in documents.tables(report) if "chỉ tiêu" in t["title"])
    assert targets["rows"][0][-1] == "Đạt"


def test_api_enters_figures_and_targets_with_json_refusals(client_for, officer_a):
    period = past_period()
    client = client_for(officer_a)
    ok = client.post(
        "/api/v1/report-figures/",
        {"period": period.pk, "code": "news_items", "value": "4", "source": "Đài xã"},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["unit"] == officer_a.scope_unit_id
    bad = client.post(
        "/api/v1/report-figures/",
        {"period": period.pk, "code": "news_items", "value": "4", "source": ""},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "source" in bad.json()
    target = client.post(
        "/api/v1/report-targets/",
        {"code": "news_items", "kind": "plan", "year_from": 2026, "value": "4"},
        content_type="application/json",
    )
    assert target.status_code == 400 and "year_to" in target.json()
    target = client.post(
        "/api/v1/report-targets/",
        {"code": "news_items", "kind": "year", "year_from": 2026, "value": "4"},
        content_type="application/json",
    )
    assert target.status_code == 201
    assert client.delete(f"/api/v1/report-targets/{target.json()['id']}/").status_code == 204


def test_target_list_query_count_is_constant(client_for, officer_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(officer_a)
    services.target_create(actor=officer_a, code="news_items", kind="year", year_from=2026, value=1)
    client.get("/reports/targets/")

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    one = (count("/reports/targets/"), count("/api/v1/report-targets/"))
    for year in range(2027, 2031):
        services.target_create(
            actor=officer_a, code="news_items", kind="year", year_from=year, value=1
        )
    assert (count("/reports/targets/"), count("/api/v1/report-targets/")) == one


def _xlsx_rows(response):
    import io

    from openpyxl import load_workbook

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [row for row in book.active.iter_rows(values_only=True) if row and row[0]]


def test_target_list_xlsx_is_the_filtered_list_in_scope_and_logged(
    client_for, officer_a, officer_b, pc04, units
):
    from accounts.models import AccessLog

    services.target_create(
        actor=officer_a, code="news_items", kind="year", year_from=2026, value=4, source="KH 1"
    )
    services.target_create(actor=officer_a, code="news_items", kind="year", year_from=2027, value=5)
    services.target_create(actor=officer_b, code="news_items", kind="year", year_from=2026, value=7)
    own = _xlsx_rows(client_for(officer_a).get("/reports/targets/", {"format": "xlsx"}))
    data = [row for row in own if row[0] == units["a"].name]
    # Other communes' targets are not in a commune's file; numbers are numbers.
    assert not [row for row in own if row[0] == units["b"].name]
    assert sorted((row[4], row[7]) for row in data) == [(2026, 4), (2027, 5)]
    assert AccessLog.objects.filter(
        user=officer_a, action="export", record_type="report", record_id="targets"
    ).exists()
    # The same filter as the page: one year.
    year = _xlsx_rows(client_for(officer_a).get("/reports/targets/?year=2027&format=xlsx"))
    assert [row[4] for row in year if row[0] == units["a"].name] == [2027]
    # PC04 sees every commune's.
    province = _xlsx_rows(client_for(pc04).get("/reports/targets/", {"format": "xlsx"}))
    assert {units["a"].name, units["b"].name} <= {row[0] for row in province}


def test_target_list_links_its_xlsx_with_the_filter(client_for, officer_a):
    response = client_for(officer_a).get("/reports/targets/?year=2026&page=1")
    assert b"?year=2026&amp;format=xlsx" in response.content


def test_target_xlsx_query_count_is_constant(client_for, officer_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(officer_a)
    services.target_create(actor=officer_a, code="news_items", kind="year", year_from=2026, value=1)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/reports/targets/", {"format": "xlsx"})
            b"".join(response.streaming_content)
        return len(ctx.captured_queries)

    count()
    one = count()
    for year in range(2027, 2031):
        services.target_create(
            actor=officer_a, code="news_items", kind="year", year_from=year, value=1
        )
    assert count() == one
