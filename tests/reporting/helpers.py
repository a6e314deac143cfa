"""Builders for the reporting tests."""

import datetime

from django.utils import timezone

from reporting import services
from reporting.models import PeriodKind, ReportPeriod

TODAY = timezone.localdate()


def past_period(kind=PeriodKind.H1) -> ReportPeriod:
    """A period whose window lies in the past: the previous year's H1 or annual window."""
    year = TODAY.year - 1 if TODAY < datetime.date(TODAY.year, 6, 21) else TODAY.year
    start = datetime.date(year - 1, 12, 15)
    end = datetime.date(year, 6, 14) if kind == PeriodKind.H1 else datetime.date(year, 12, 14)
    if end > TODAY:
        year -= 1
        start = datetime.date(year - 1, 12, 15)
        end = datetime.date(year, 6, 14) if kind == PeriodKind.H1 else datetime.date(year, 12, 14)
    period, _ = ReportPeriod.objects.get_or_create(
        kind=kind,
        year=year,
        starts_on=start,
        ends_on=end,
        defaults={"due_on": end + datetime.timedelta(days=6)},
    )
    return period


def future_period() -> ReportPeriod:
    year = TODAY.year + 2
    return ReportPeriod.objects.create(
        kind=PeriodKind.H1,
        year=year,
        starts_on=datetime.date(year - 1, 12, 15),
        ends_on=datetime.date(year, 6, 14),
        due_on=datetime.date(year, 6, 20),
    )


NARRATIVE = {
    "situation": "Tình hình ổn định.",
    "results": "Đã quản lý đầy đủ.",
    "tasks_ahead": "Tiếp tục rà soát.",
}


def ready_report(actor, period):
    """A draft with the narrative written and the figures built."""
    report = services.report_open(actor=actor, period=period)
    services.report_update(actor=actor, report=report, **NARRATIVE)
    services.report_build_request(actor=actor, report=report)
    report.refresh_from_db()
    return report


def submitted_report(actor, period):
    report = ready_report(actor, period)
    return services.report_submit(actor=actor, report=report)
