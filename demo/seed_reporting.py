"""Demo data of the periodic reports: the previous year's six-month and annual periods with
the demo communes' reports built and submitted (PC04 received them; one was returned and
resubmitted as version 2; one is missing), the Health department's and the Youth Union's
annual reports (the latter late; the other departments and organisations missing), targets
and figures entered by the units, PC04's consolidated annual report, and the current year's
periods open. Re-runnable: the demo's previous reports, targets and figures are deleted
first."""

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


SECTOR_NARRATIVE = {
    "results": (
        "Tổ chức tập huấn kiến thức phòng, chống ma túy cho cán bộ; phối hợp tuyên truyền "
        "tại cơ sở; thực hiện đúng nhiệm vụ được phân công trong kế hoạch của UBND thành phố."
    ),
    "limitations": (
        "Kinh phí bố trí cho công tác tuyên truyền còn hạn chế; nguyên nhân: chưa được giao "
        "dự toán riêng, lực lượng làm công tác phòng, chống ma túy còn kiêm nhiệm."
    ),
    "recommendations": "Đề nghị UBND thành phố bố trí kinh phí riêng cho công tác tuyên truyền.",
    "tasks_ahead": "Tiếp tục tuyên truyền trong đoàn viên, hội viên, người lao động.",
}


def _organisation_user(province):
    """The Youth Union's officer (a demo account without a password: its reports are seeded
    as the union would write them; the demo logins are seed_demo's)."""
    from accounts.choices import AgencyKind, Role, Sector
    from accounts.models import Agency, User

    agency = Agency.objects.filter(
        kind=AgencyKind.ORGANISATION, sector=Sector.YOUTH_UNION, unit=province
    ).first()
    if agency is None:
        return None
    user, created = User.objects.get_or_create(
        username="thanhdoan",
        defaults={
            "role": Role.ORGANISATION,
            "scope_unit": province,
            "agency": agency,
            "first_name": "Hùng",
            "last_name": "Nguyễn Quốc",
            "title": "Cán bộ Thành đoàn",
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _sector_report(user, period, *, number, on_day, entered, targets):
    for code, value, source in entered:
        services.entered_set(actor=user, period=period, code=code, value=value, source=source)
    for code, kind, years, value in targets:
        services.target_create(
            actor=user,
            code=code,
            kind=kind,
            year_from=years[0],
            year_to=years[1],
            value=value,
            source="Kế hoạch 199/KH-UBND",
        )
    report = services.report_open(actor=user, period=period)
    services.report_update(
        actor=user,
        report=report,
        document_number=number,
        signer=user.get_full_name(),
        signer_title="Phó Giám đốc" if user.role == "department" else "Phó Bí thư",
        **SECTOR_NARRATIVE,
    )
    services.report_build(report_id=report.pk, actor=user)
    report.refresh_from_db()
    report = services.report_submit(actor=user, report=report)
    services.demo_backdate(report=report, submitted_on=on_day)
    return report


def seed(*, province, users, today, rng):
    admin, pc04, xa1, xa2 = users["admin"], users["pc04"], users["xa1"], users["xa2"]
    services.demo_reset(actor=admin)
    previous = _periods(admin, today.year - 1)
    current = _periods(admin, today.year)
    h1, year = previous[PeriodKind.H1], previous[PeriodKind.YEAR]
    plan = (year.year, year.year + 4)

    # xa1's figures the system cannot count, and its targets (met).
    for code, value, source in (
        ("awareness_sessions", 11, "Sổ theo dõi tuyên truyền của Công an phường"),
        ("awareness_attendance", 2200, "Sổ theo dõi tuyên truyền của Công an phường"),
        ("household_commitments", 215, "Bản cam kết lưu tại Công an phường"),
    ):
        services.entered_set(actor=xa1, period=year, code=code, value=value, source=source)
    services.target_create(
        actor=xa1, code="awareness_sessions", kind="year", year_from=year.year, value=10
    )
    services.target_create(
        actor=xa1,
        code="household_commitments",
        kind="plan",
        year_from=plan[0],
        year_to=plan[1],
        value=200,
        source="Kế hoạch 199/KH-UBND",
    )

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
    # The Health department on time (its targets met), received; the Youth Union late (its
    # sessions target not met); the other departments and organisations missing.
    if users.get("yte") is not None and users["yte"].role == "department":
        health = _sector_report(
            users["yte"],
            year,
            number="85/BC-SYT",
            on_day=year.due_on - datetime.timedelta(days=2),
            entered=(
                ("officers_trained", 42, "Danh sách học viên lớp tập huấn tháng 5"),
                ("awareness_sessions", 14, "Báo cáo của các Trung tâm Y tế"),
            ),
            targets=(
                ("officers_trained", "year", (year.year, year.year), 30),
                ("awareness_sessions", "plan", plan, 12),
            ),
        )
        services.report_receive(actor=pc04, report=health)
    youth = _organisation_user(province)
    if youth is not None:
        _sector_report(
            youth,
            year,
            number="312-BC/TĐTN",
            on_day=year.due_on + datetime.timedelta(days=4),
            entered=(
                ("awareness_sessions", 20, "Báo cáo của các cơ sở Đoàn"),
                ("awareness_attendance", 1500, "Báo cáo của các cơ sở Đoàn"),
            ),
            targets=(("awareness_sessions", "year", (year.year, year.year), 24),),
        )
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
