"""Periods with the Decree 09/2019 defaults, and a report's life with every refusal."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from reporting import services
from reporting.models import BuildState, PeriodKind, ReportPeriod, ReportStatus

from ..factories import make_person
from .helpers import NARRATIVE, future_period, past_period, ready_report, submitted_report

pytestmark = pytest.mark.django_db


# ---- periods ------------------------------------------------------------------------------


def test_year_periods_follow_decree_09(administrator):
    h1, year = services.period_create_year(actor=administrator, year=2027)
    assert (h1.kind, h1.starts_on, h1.ends_on, h1.due_on) == (
        PeriodKind.H1,
        datetime.date(2026, 12, 15),
        datetime.date(2027, 6, 14),
        datetime.date(2027, 6, 20),
    )
    assert (year.starts_on, year.ends_on, year.due_on) == (
        datetime.date(2026, 12, 15),
        datetime.date(2027, 12, 14),
        datetime.date(2027, 12, 20),
    )
    assert h1.is_on_time(datetime.date(2027, 6, 20))
    assert not h1.is_on_time(datetime.date(2027, 6, 21))


def test_calendar_window_and_twice_refused(administrator):
    h1, year = services.period_create_year(actor=administrator, year=2028, window="calendar")
    assert h1.starts_on == datetime.date(2028, 1, 1) and year.ends_on == datetime.date(2028, 12, 31)
    with pytest.raises(ValidationError) as exc:
        services.period_create_year(actor=administrator, year=2028, window="calendar")
    assert "year" in exc.value.message_dict


def test_only_administrators_manage_periods(pc04):
    with pytest.raises(PermissionError):
        services.period_create_year(actor=pc04, year=2029)
    assert not ReportPeriod.objects.filter(year=2029).exists()


def test_due_day_not_on_time_when_configured(administrator):
    period = services.period_create(
        actor=administrator,
        kind=PeriodKind.RANGE,
        year=2030,
        starts_on=datetime.date(2030, 1, 1),
        ends_on=datetime.date(2030, 3, 31),
        due_on=datetime.date(2030, 4, 5),
        due_day_on_time=False,
    )
    assert not period.is_on_time(datetime.date(2030, 4, 5))
    with pytest.raises(ValidationError) as exc:
        services.period_create(
            actor=administrator,
            kind=PeriodKind.RANGE,
            year=2030,
            starts_on=datetime.date(2030, 5, 1),
            ends_on=datetime.date(2030, 6, 30),
            due_on=datetime.date(2030, 6, 1),
        )
    assert "due_on" in exc.value.message_dict


# ---- reports -------------------------------------------------------------------------------


def test_build_submit_receive(officer_a, pc04, units):
    period = past_period()
    make_person(officer_a, units["a"], registered_on=period.starts_on)
    report = ready_report(officer_a, period)
    assert report.build_state == BuildState.DONE
    assert report.figures["totals"]["people_total"] == 1
    assert report.agency_name == f"Công an {units['a'].name}"
    report = services.report_submit(actor=officer_a, report=report)
    assert report.status == ReportStatus.SUBMITTED and report.submitted_on_time is False
    report = services.report_receive(actor=pc04, report=report)
    assert report.status == ReportStatus.RECEIVED
    kinds = [e.kind for e in report.events.all()]
    assert kinds == ["created", "edited", "built", "submitted", "received"]
    with pytest.raises(ValidationError, match="already"):
        services.report_receive(actor=pc04, report=report)


def test_submitted_figures_are_frozen(officer_a, units):
    period = past_period()
    report = submitted_report(officer_a, period)
    frozen = report.figures
    make_person(officer_a, units["a"], registered_on=period.starts_on)
    with pytest.raises(ValidationError):
        services.report_build_request(actor=officer_a, report=report)
    with pytest.raises(ValidationError):
        services.report_update(actor=officer_a, report=report, situation="khác")
    report.refresh_from_db()
    assert report.figures == frozen and report.situation == NARRATIVE["situation"]


def test_building_twice_gives_identical_figures(officer_a, units):
    period = past_period()
    make_person(officer_a, units["a"], registered_on=period.starts_on)
    report = ready_report(officer_a, period)
    first = report.figures
    services.report_build_request(actor=officer_a, report=report)
    report.refresh_from_db()
    assert report.figures == first


def test_submit_refused_without_narrative_or_build(officer_a):
    period = past_period()
    report = services.report_open(actor=officer_a, period=period)
    with pytest.raises(ValidationError) as exc:
        services.report_submit(actor=officer_a, report=report)
    assert {"situation", "results", "tasks_ahead", "figures"} <= set(exc.value.message_dict)


def test_build_refused_before_the_window_starts(officer_a):
    report = services.report_open(actor=officer_a, period=future_period())
    with pytest.raises(ValidationError) as exc:
        services.report_build_request(actor=officer_a, report=report)
    assert "period" in exc.value.message_dict


def test_a_failed_build_leaves_no_half_report(officer_a, monkeypatch):
    period = past_period()
    report = services.report_open(actor=officer_a, period=period)

    def boom(report):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "figures_for", boom)
    services.report_build_request(actor=officer_a, report=report)
    report.refresh_from_db()
    assert report.build_state == BuildState.FAILED and report.build_error
    assert report.figures == {} and report.built_at is None
    assert report.status == ReportStatus.DRAFT


def test_return_needs_a_reason_and_correction_makes_a_new_version(officer_a, pc04):
    period = past_period()
    report = submitted_report(officer_a, period)
    with pytest.raises(ValidationError) as exc:
        services.report_return(actor=pc04, report=report, reason="  ")
    assert "return_reason" in exc.value.message_dict
    report = services.report_return(actor=pc04, report=report, reason="Thiếu số liệu")
    assert report.status == ReportStatus.RETURNED
    with pytest.raises(ValidationError):
        services.report_update(actor=officer_a, report=report, situation="x")
    new = services.report_correct(actor=officer_a, report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUPERSEDED
    assert (new.version, new.previous_id, new.status) == (2, report.pk, ReportStatus.DRAFT)
    assert new.situation == report.situation
    services.report_build_request(actor=officer_a, report=new)
    new.refresh_from_db()
    new = services.report_submit(actor=officer_a, report=new)
    assert new.status == ReportStatus.SUBMITTED
    assert services.report_open(actor=officer_a, period=period).pk == new.pk


def test_only_the_unit_above_receives(officer_a, officer_b):
    report = submitted_report(officer_a, past_period())
    with pytest.raises(ValidationError):
        services.report_receive(actor=officer_a, report=report)
    with pytest.raises(Http404):
        services.report_receive(actor=officer_b, report=report)
    with pytest.raises(Http404):
        services.report_return(actor=officer_b, report=report, reason="x")


def test_reader_cannot_write(reader):
    with pytest.raises(PermissionError):
        services.report_open(actor=reader, period=past_period())


def test_province_report_consolidates_received_commune_reports(officer_a, pc04, units):
    period = past_period()
    make_person(officer_a, units["a"], registered_on=period.starts_on)
    commune = submitted_report(officer_a, period)
    services.report_receive(actor=pc04, report=commune)
    province = ready_report(pc04, period)
    assert province.figures["consolidated"]["reports"] == 1
    assert province.figures["consolidated"]["totals"]["people_total"] == 1
    assert province.figures["totals"]["people_total"] == 1


def test_corrections_since_submission_show_differences(client_for, officer_a, officer_b, units):
    period = past_period()
    report = submitted_report(officer_a, period)
    client = client_for(officer_a)
    page = client.get(f"/reports/{report.pk}/corrections/")
    assert page.status_code == 200 and not page.context["rows"]
    make_person(officer_a, units["a"], registered_on=period.starts_on)  # entered late
    rows = client.get(f"/reports/{report.pk}/corrections/").context["rows"]
    changed = {row["indicator"].code: (row["then"], row["now"]) for row in rows}
    assert changed["people_total"] == (0, 1)
    report.refresh_from_db()
    assert report.figures["totals"]["people_total"] == 0  # the submitted report is unchanged
    assert client_for(officer_b).get(f"/reports/{report.pk}/corrections/").status_code == 404
