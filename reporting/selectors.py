"""Reads of the reports, cut to the user's jurisdiction (out of scope: 404)."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.scoping import Access, RecordType, can
from areas.choices import Level
from areas.models import AdminUnit

from .models import RECORD_TYPE, Report, ReportEvent, ReportPeriod, ReportStatus


def period_list():
    return ReportPeriod.objects.all()


def period_get(*, pk) -> ReportPeriod:
    return get_object_or_404(ReportPeriod, pk=pk)


def report_can(*, user, access: Access = Access.READ) -> bool:
    return can(user, RECORD_TYPE, access)


def person_can_read(*, user) -> bool:
    return can(user, RecordType.PERSON, Access.READ)


def figure_people(*, user, report, end, category: str = "", special: bool = False):
    from registry.selectors_reports import people_at_persons

    return people_at_persons(
        user=user, unit=report.unit, end=end, category=category, special=special
    )


def report_list(*, user, access: Access = Access.READ):
    return (
        Report.objects.visible_to(user, access)
        .select_related("period", "unit")
        .order_by("-period__ends_on", "scope_path", "-version")
    )


def report_get(*, user, pk, access: Access = Access.READ) -> Report:
    qs = report_list(user=user, access=access).prefetch_related(
        Prefetch("events", queryset=ReportEvent.objects.select_related("actor"))
    )
    return get_object_or_404(qs, pk=pk)


def report_lock(*, user, pk, access: Access = Access.WRITE) -> Report:
    qs = Report.objects.visible_to(user, access).select_for_update(of=("self",))
    report = qs.filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def report_build_lock(*, pk) -> Report | None:
    """The build task's own read: the report was checked when the build was asked."""
    return Report.objects.filter(pk=pk).select_for_update().select_related("period", "unit").first()


def report_mark_build_failed(*, pk, message: str) -> Report | None:
    Report.objects.filter(pk=pk).update(build_state="failed", build_error=message)
    return Report.objects.filter(pk=pk).first()


def report_set_submitted(*, pk, at, on_time: bool) -> None:
    """Demo seeding only (services.demo_backdate)."""
    Report.objects.filter(pk=pk).update(submitted_at=at, submitted_on_time=on_time)
    ReportEvent.objects.filter(report_id=pk, kind="submitted").update(at=at)


def report_versions(*, user, report: Report) -> list[Report]:
    return list(report_list(user=user).filter(period_id=report.period_id, unit_id=report.unit_id))


def report_current(*, period, unit) -> Report | None:
    """The unit's current version for the period (the last one)."""
    return (
        Report.objects.filter(period=period, unit=unit)
        .exclude(status=ReportStatus.SUPERSEDED)
        .order_by("-version")
        .first()
    )


def received_reports(*, period, units) -> list[Report]:
    return list(
        Report.objects.filter(
            period=period, unit__in=units, status=ReportStatus.RECEIVED
        ).select_related("unit")
    )


def reporting_units(*, user) -> list[AdminUnit]:
    """The units that report to or within the user's unit: the unit itself and its communes."""
    unit = user.scope_unit
    if unit is None:
        return []
    return list(
        AdminUnit.objects.current()
        .within(unit)
        .filter(level__in=[Level.PROVINCE, Level.COMMUNE])
        .order_by("level", "name")
    )


def receiver_table(*, user, period) -> list[dict]:
    """Per unit in the user's jurisdiction: its current report and whether it came on time,
    late, or is missing. Two queries whatever the number of units."""
    units = reporting_units(user=user)
    reports = {
        r.unit_id: r
        for r in report_list(user=user)
        .filter(period=period)
        .exclude(status=ReportStatus.SUPERSEDED)
    }
    rows = []
    for unit in units:
        report = reports.get(unit.pk)
        if report is None or report.status == ReportStatus.DRAFT:
            state = "missing"
        elif report.status == ReportStatus.RETURNED:
            state = "returned"
        elif report.submitted_on_time:
            state = "on_time"
        else:
            state = "late"
        rows.append({"unit": unit, "report": report, "state": state})
    return rows
