"""Demo data of the periodic reports: the previous year's six-month and annual periods with
the demo communes' reports built and submitted (PC04 received them; one was returned and
resubmitted as version 2; one is missing), PC04's consolidated annual report, and the current
year's periods open. Re-runnable: the demo's previous reports are deleted first."""

import datetime

from django.core.exceptions import ValidationError

from reporting import services
from reporting.models import PeriodKind, ReportPeriod

NARRATIVE = {
    "situation": (
        "Tình hình tội phạm và tệ nạn ma túy trên địa bàn cơ bản được kiểm soát; "
        "vẫn còn tình trạng tụ tập sử dụng trái phép chất ma túy tại một số khu nhà trọ."
    ),
    "results": (
        "Đã rà soát, lập danh sách, quản lý người sử dụng trái phép chất ma túy, người nghiện; "
        "phối hợp xét nghiệm, xác định tình trạng nghiện theo quy định."
    ),
    "limitations": "Một số trường hợp thường xuyên thay đổi nơi cư trú, khó quản lý.",
    "tasks_ahead": (
        "Tiếp tục rà soát, cập nhật danh sách; tăng cường quản lý sau cai nghiện; "
        "phối hợp các ban, ngành, đoàn thể tuyên truyền phòng, chống ma túy."
    ),
    "recommendations": "Đề nghị bố trí kinh phí cho công tác xét nghiệm.",
}


def _periods(admin, year) -> dict[str, ReportPeriod]:
    try:
        services.period_create_year(actor=admin, year=year)
    except ValidationError:
        pass  # already there: periods are configuration, kept between runs
    found = ReportPeriod.objects.filter(year=year, kind__in=[PeriodKind.H1, PeriodKind.YEAR])
    return {p.kind: p for p in found.order_by("starts_on", "ends_on")}


def _submit(officer, period, *, number, on_day):
    report = services.report_open(actor=officer, period=period)
    services.report_update(
        actor=officer,
        report=report,
        document_number=number,
        signer=officer.get_full_name(),
        signer_title="Trưởng Công an",
        **NARRATIVE,
    )
    services.report_build(report_id=report.pk, actor=officer)
    report.refresh_from_db()
    report = services.report_submit(actor=officer, report=report)
    services.demo_backdate(report=report, submitted_on=on_day)
    return report


def seed(*, province, users, today, rng):
    admin, pc04, xa1, xa2 = users["admin"], users["pc04"], users["xa1"], users["xa2"]
    services.demo_reset(actor=admin)
    previous = _periods(admin, today.year - 1)
    current = _periods(admin, today.year)
    h1, year = previous[PeriodKind.H1], previous[PeriodKind.YEAR]

    # xa1: both of last year's reports on time, received.
    for period, number in ((h1, "15/BC-CAP"), (year, "32/BC-CAP")):
        report = _submit(xa1, period, number=number, on_day=period.due_on)
        services.report_receive(actor=pc04, report=report)
    # xa2: the six-month report is missing; the annual one came late, was returned and
    # resubmitted as version 2.
    late = _submit(xa2, year, number="40/BC-CAP", on_day=year.due_on + datetime.timedelta(days=3))
    late = services.report_return(
        actor=pc04, report=late, reason="Thiếu số liệu người sau cai nghiện; đề nghị bổ sung."
    )
    corrected = services.report_correct(actor=xa2, report=late)
    services.report_update(
        actor=xa2,
        report=corrected,
        results=NARRATIVE["results"] + " Đã bổ sung số liệu quản lý sau cai nghiện.",
    )
    services.report_build(report_id=corrected.pk, actor=xa2)
    corrected.refresh_from_db()
    corrected = services.report_submit(actor=xa2, report=corrected)
    services.demo_backdate(report=corrected, submitted_on=year.due_on + datetime.timedelta(days=5))
    services.report_receive(actor=pc04, report=corrected)
    # PC04's annual report, consolidating the received reports.
    province_report = services.report_open(actor=pc04, period=year)
    services.report_update(
        actor=pc04, report=province_report, document_number="120/BC-PC04", **NARRATIVE
    )
    services.report_build(report_id=province_report.pk, actor=pc04)
    # The current year's annual report: xa1 has started it (narrative not yet written).
    if current[PeriodKind.YEAR].starts_on <= today:
        services.report_open(actor=xa1, period=current[PeriodKind.YEAR])
    return rng
