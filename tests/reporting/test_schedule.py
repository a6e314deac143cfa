"""The daily scheduled run (Celery beat): it opens the period's reports for every reporting
unit, reminds the units before the due date (due list and, with mail configured, an email),
marks late the reports not submitted after it, and does nothing more when run again."""

import datetime

import pytest
from django.core import mail

from registry.due import due_list
from reporting import services, tasks
from reporting.models import Report, ReportEvent, ReportPeriod

from ..factories import make_agency, make_user
from .helpers import NARRATIVE

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(db):
    return ReportPeriod.objects.create(
        kind="h1",
        year=2031,
        starts_on=datetime.date(2030, 12, 15),
        ends_on=datetime.date(2031, 6, 14),
        due_on=datetime.date(2031, 6, 20),
    )


@pytest.fixture
def youth(units):
    agency = make_agency("Thành đoàn", "organisation", "youth_union", units["province"])
    return make_user(
        "youth_user", "organisation", units["province"], agency=agency, email="td@example.vn"
    )


def test_opens_every_reporting_unit_once(period, units, health, youth):
    from areas.models import AdminUnit

    assert services.periods_tick(today=datetime.date(2031, 1, 10))["opened"] == 0  # too early
    done = services.periods_tick(today=datetime.date(2031, 6, 1))
    communes = AdminUnit.objects.current().within(units["province"]).filter(level=3).count()
    assert done["opened"] == communes + 1 + 2  # communes, the province, Health, the Youth Union
    assert Report.objects.filter(period=period, agency=health.agency).get().template == (
        "department"
    )
    assert Report.objects.filter(period=period, agency=youth.agency).get().template == (
        "organisation"
    )
    assert ReportEvent.objects.filter(kind="opened").count() == done["opened"]
    again = services.periods_tick(today=datetime.date(2031, 6, 1))
    assert again == {"opened": 0, "reminded": 0, "emails": 0, "late": 0}
    assert Report.objects.filter(period=period).count() == done["opened"]


def test_reminds_before_due_once_with_email_when_configured(settings, period, officer_a, youth):
    settings.EMAIL_HOST = "smtp.example.vn"
    services.periods_tick(today=datetime.date(2031, 6, 1))
    done = services.periods_tick(today=datetime.date(2031, 6, 15))
    assert done["reminded"] == Report.objects.filter(period=period).count()
    assert done["emails"] == 1 and mail.outbox[0].to == ["td@example.vn"]
    assert "20/06/2031" in mail.outbox[0].subject
    assert services.periods_tick(today=datetime.date(2031, 6, 16))["reminded"] == 0
    assert len(mail.outbox) == 1


def test_no_email_without_mail_configured(settings, period, youth):
    settings.EMAIL_HOST = ""
    done = services.periods_tick(today=datetime.date(2031, 6, 15))
    assert done["reminded"] > 0 and done["emails"] == 0 and not mail.outbox


def test_submitted_reports_are_neither_reminded_nor_late(period, officer_a, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2031, 6, 16))
    services.periods_tick(today=datetime.date(2031, 6, 1))
    report = services.report_open(actor=officer_a, period=period)
    services.report_update(actor=officer_a, report=report, **NARRATIVE)
    services.report_build_request(actor=officer_a, report=report)
    services.report_submit(actor=officer_a, report=report)
    services.periods_tick(today=datetime.date(2031, 6, 15))
    done = services.periods_tick(today=datetime.date(2031, 6, 21))
    report.refresh_from_db()
    assert report.reminded_on is None and report.marked_late_at is None
    assert done["late"] == Report.objects.filter(period=period).count() - 1


def test_marks_late_after_the_due_day_only(period, officer_a):
    services.periods_tick(today=datetime.date(2031, 6, 1))
    assert services.periods_tick(today=datetime.date(2031, 6, 20))["late"] == 0  # on time
    done = services.periods_tick(today=datetime.date(2031, 6, 21))
    assert done["late"] == Report.objects.filter(period=period).count()
    assert services.periods_tick(today=datetime.date(2031, 6, 22))["late"] == 0
    mine = Report.objects.get(period=period, unit=officer_a.scope_unit)
    assert mine.marked_late_at and mine.events.filter(kind="late").exists()


def test_due_list_shows_the_units_report_to_submit(period, officer_a, officer_b, health):
    services.periods_tick(today=datetime.date(2031, 6, 1))
    items = [
        i
        for i in due_list(user=officer_a, today=datetime.date(2031, 6, 15))
        if i.kind == "report_due"
    ]
    assert len(items) == 1 and items[0].due_on == period.due_on
    mine = Report.objects.get(period=period, unit=officer_a.scope_unit, agency=None)
    assert items[0].url == mine.get_absolute_url()
    # Health sees its own report, not a commune's.
    health_items = [
        i for i in due_list(user=health, today=datetime.date(2031, 6, 15)) if i.kind == "report_due"
    ]
    assert [i.url for i in health_items] == [
        Report.objects.get(period=period, agency=health.agency).get_absolute_url()
    ]
    # Not yet due soon: not on the list.
    early = due_list(user=officer_a, today=datetime.date(2031, 6, 1))
    assert not [i for i in early if i.kind == "report_due"]


def test_the_task_runs_the_service(period, monkeypatch):
    seen = {}
    monkeypatch.setattr(services, "periods_tick", lambda: seen.setdefault("ran", {"opened": 0}))
    assert tasks.periods_tick.delay().get() == {"opened": 0}


def test_beat_schedules_the_task(settings):
    entries = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "reporting.tasks.periods_tick" in entries
