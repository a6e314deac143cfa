"""The year-end scorecard: units ranked on targets met and on the timeliness of their reports,
as a page and as XLSX, cut to the viewer's jurisdiction."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from reporting import services

from .helpers import NARRATIVE, future_period, past_period

pytestmark = pytest.mark.django_db


def _submit(actor, period, *, late=False, narrative=NARRATIVE):
    report = services.report_open(actor=actor, period=period)
    services.report_update(actor=actor, report=report, **narrative)
    services.report_build_request(actor=actor, report=report)
    report = services.report_submit(actor=actor, report=report)
    shift = datetime.timedelta(days=3 if late else -1)
    services.demo_backdate(report=report, submitted_on=period.due_on + shift)
    return report


@pytest.fixture
def year_data(officer_a, officer_b):
    period = past_period("year")
    services.entered_set(actor=officer_a, period=period, code="news_items", value=10, source="s")
    services.entered_set(actor=officer_b, period=period, code="news_items", value=2, source="s")
    for officer in (officer_a, officer_b):
        services.target_create(
            actor=officer, code="news_items", kind="year", year_from=period.year, value=5
        )
    _submit(officer_a, period)
    _submit(officer_b, period, late=True)
    return period


def test_units_are_ranked_on_targets_met_then_timeliness(client_for, pc04, year_data, units):
    page = client_for(pc04).get("/reports/scorecard/", {"year": year_data.year})
    rows = page.context["rows"]
    names = [r["name"] for r in rows]
    assert names[0] == units["a"].name
    a, b = rows[0], next(r for r in rows if r["name"] == units["b"].name)
    assert (a["met"], a["targets"], a["on_time"]) == (1, 1, 1)
    assert (b["met"], b["targets"], b["late"]) == (0, 1, 1)
    assert names.index(units["b"].name) == 1  # a unit with a judged target ranks above none
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))


def test_scorecard_xlsx_has_the_same_ranking(client_for, pc04, year_data, units):
    response = client_for(pc04).get(
        "/reports/scorecard/", {"year": year_data.year, "format": "xlsx"}
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [row for row in book.active.iter_rows(values_only=True) if row and row[0] == 1]
    assert values[0][1] == units["a"].name and values[0][3] == 1


def test_a_report_not_yet_due_is_not_missing(client_for, pc04, units):
    period = future_period()
    rows = client_for(pc04).get("/reports/scorecard/", {"year": period.year}).context["rows"]
    commune = next(r for r in rows if r["name"] == units["a"].name)
    assert (commune["missing"], commune["periods"]) == (0, 0)
    # Once its due date has passed, the same absent report is missing.
    period.due_on = past_period().due_on
    period.save(update_fields=["due_on"])
    rows = client_for(pc04).get("/reports/scorecard/", {"year": period.year}).context["rows"]
    commune = next(r for r in rows if r["name"] == units["a"].name)
    assert (commune["missing"], commune["periods"]) == (1, 1)


def test_a_commune_sees_only_itself(client_for, officer_a, year_data, units):
    rows = (
        client_for(officer_a).get("/reports/scorecard/", {"year": year_data.year}).context["rows"]
    )
    assert [r["name"] for r in rows] == [units["a"].name]


def test_empty_year_and_bad_year(client_for, pc04):
    client = client_for(pc04)
    page = client.get("/reports/scorecard/", {"year": 2001})
    assert page.status_code == 200 and page.context["rows"] == []
    assert client.get("/reports/scorecard/", {"year": 1500}).status_code == 404


def test_scorecard_query_count_is_constant(client_for, pc04, year_data, officer_a, units):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ..factories import make_agency, make_user

    client = client_for(pc04)
    client.get("/reports/scorecard/", {"year": year_data.year})

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get("/reports/scorecard/", {"year": year_data.year})
        return len(ctx.captured_queries)

    before = count()
    agency = make_agency("Hội Nông dân", "organisation", "other", units["province"])
    user = make_user("farmers", "organisation", units["province"], agency=agency)
    _submit(
        user,
        year_data,
        narrative={"results": "Kết quả.", "limitations": "Hạn chế.", "recommendations": "Đề xuất."},
    )
    assert count() == before
