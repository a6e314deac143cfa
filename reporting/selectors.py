"""Reads of the reports, cut to the user's jurisdiction (out of scope: 404)."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.scoping import Access, RecordType, can
from areas.choices import Level
from areas.models import AdminUnit

from .kinds import AGENCY_ROLES, REPORTING_AGENCY_KINDS, Template, reporting_agency
from .models import (
    RECORD_TYPE,
    EnteredFigure,
    Report,
    ReportEvent,
    ReportPeriod,
    ReportStatus,
    Target,
)


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
        .select_related("period", "unit", "agency")
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


def report_current(*, period, unit, agency=None) -> Report | None:
    """The unit's (or its department's or organisation's) current version for the period."""
    return (
        Report.objects.filter(period=period, unit=unit, agency=agency)
        .exclude(status=ReportStatus.SUPERSEDED)
        .order_by("-version")
        .first()
    )


def received_reports(*, period, units) -> list[Report]:
    return list(
        Report.objects.filter(
            period=period, unit__in=units, agency=None, status=ReportStatus.RECEIVED
        ).select_related("unit")
    )


def reporting_units(*, user) -> list[AdminUnit]:
    """The units that report to or within the user's unit: the unit itself and its communes."""
    unit = user.scope_unit
    if unit is None or reporting_agency(user) is not None:
        return []
    return list(
        AdminUnit.objects.current()
        .within(unit)
        .filter(level__in=[Level.PROVINCE, Level.COMMUNE])
        .order_by("level", "name")
    )


def reporting_agencies(*, user):
    """The departments and mass organisations that report within the user's jurisdiction (a
    department's or organisation's user: its own only)."""
    from accounts.models import Agency

    unit = user.scope_unit
    if unit is None:
        return []
    own = reporting_agency(user)
    if own is not None:
        return [own]
    return list(
        Agency.objects.filter(kind__in=REPORTING_AGENCY_KINDS, is_active=True)
        .filter(path_q_unit(unit))
        .select_related("unit")
        .order_by("kind", "name")
    )


def path_q_unit(unit):
    from django.db.models import Q

    return Q(unit__path=unit.path) | Q(unit__path__startswith=unit.path + ".")


def _state(report) -> str:
    if report is None or report.status == ReportStatus.DRAFT:
        return "missing"
    if report.status == ReportStatus.RETURNED:
        return "returned"
    return "on_time" if report.submitted_on_time else "late"


def receiver_table(*, user, period) -> list[dict]:
    """Per reporting unit in the user's jurisdiction (communes, the province, departments and
    mass organisations): its current report and whether it came on time, late, or is missing.
    Three queries whatever the number of units."""
    reports = {
        (r.unit_id, r.agency_id): r
        for r in report_list(user=user)
        .filter(period=period)
        .exclude(status=ReportStatus.SUPERSEDED)
    }
    rows = []
    for unit in reporting_units(user=user):
        report = reports.get((unit.pk, None))
        kind = Template.PROVINCE if unit.level == Level.PROVINCE else Template.COMMUNE
        rows.append(
            {
                "unit": unit,
                "agency": None,
                "name": unit.name,
                "kind": kind,
                "report": report,
                "state": _state(report),
            }
        )
    for agency in reporting_agencies(user=user):
        report = reports.get((agency.unit_id, agency.pk))
        kind = Template.ORGANISATION if agency.kind == "organisation" else Template.DEPARTMENT
        rows.append(
            {
                "unit": agency.unit,
                "agency": agency,
                "name": agency.name,
                "kind": kind,
                "report": report,
                "state": _state(report),
            }
        )
    return rows


# ---- targets and entered figures -----------------------------------------------------------


def entered_of(*, period, unit, agency=None) -> list[EnteredFigure]:
    return list(
        EnteredFigure.objects.filter(period=period, unit=unit, agency=agency).select_related(
            "entered_by"
        )
    )


def entered_lock(*, period, unit, agency, code) -> EnteredFigure | None:
    return (
        EnteredFigure.objects.select_for_update()
        .filter(period=period, unit=unit, agency=agency, code=code)
        .first()
    )


def entered_list(*, user, period=None):
    qs = EnteredFigure.objects.visible_to(user).select_related(
        "period", "unit", "agency", "entered_by"
    )
    if period is not None:
        qs = qs.filter(period=period)
    return qs.order_by("-period__ends_on", "scope_path", "agency__name", "code")


def entered_get(*, user, pk) -> EnteredFigure:
    return get_object_or_404(entered_list(user=user), pk=pk)


def targets_of(*, unit, agency=None, year: int) -> list[Target]:
    return list(
        Target.objects.filter(
            unit=unit, agency=agency, year_from__lte=year, year_to__gte=year
        ).order_by("code", "year_from")
    )


def target_overlaps(*, unit, agency, code, year_from, year_to) -> bool:
    return Target.objects.filter(
        unit=unit, agency=agency, code=code, year_from__lte=year_to, year_to__gte=year_from
    ).exists()


def target_list(*, user):
    return (
        Target.objects.visible_to(user)
        .select_related("unit", "agency", "created_by")
        .order_by("scope_path", "agency__name", "year_from", "code")
    )


def target_get(*, user, pk, access: Access = Access.READ) -> Target:
    return get_object_or_404(Target.objects.visible_to(user, access), pk=pk)


def target_lock(*, user, pk) -> Target:
    target = Target.objects.visible_to(user, Access.WRITE).select_for_update().filter(pk=pk).first()
    if target is None:
        raise Http404
    return target


def previous_period(period) -> ReportPeriod | None:
    """The same period a year earlier ("cùng kỳ"): same kind, the latest that ended before."""
    return (
        ReportPeriod.objects.filter(kind=period.kind, year=period.year - 1)
        .order_by("-ends_on")
        .first()
    )


def previous_figures(*, report) -> dict | None:
    """The figures of the unit's report for the same period a year earlier (its entered
    figures when it has no built report)."""
    period = previous_period(report.period)
    if period is None:
        return None
    earlier = report_current(period=period, unit=report.unit, agency=report.agency)
    if earlier is not None and earlier.built_at:
        return earlier.figures or {}
    rows = entered_of(period=period, unit=report.unit, agency=report.agency)
    if not rows:
        return None
    return {
        "entered": {
            row.code: {"value": int(row.value) if row.value == int(row.value) else float(row.value)}
            for row in rows
        }
    }


# ---- the scheduled task and the due list ---------------------------------------------------


def report_writers(*, report):
    """The active users who write the report: its unit's officers and leaders (PC04 for the
    province), or its department's or organisation's users."""
    from accounts.choices import Role
    from accounts.models import User

    users = User.objects.filter(is_active=True, scope_unit_id=report.unit_id)
    if report.agency_id:
        return list(users.filter(agency_id=report.agency_id, role__in=AGENCY_ROLES))
    roles = [Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER, Role.PROVINCIAL_POLICE]
    return list(users.filter(role__in=roles))


def report_due(*, user, until):
    """The user's own unit's (or department's or organisation's) reports still to submit for
    periods due on or before `until`."""
    if not report_can(user=user, access=Access.WRITE) or user.scope_unit_id is None:
        return None
    agency = reporting_agency(user)
    return (
        Report.objects.visible_to(user, Access.WRITE)
        .filter(
            unit_id=user.scope_unit_id,
            agency=agency,
            status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED],
            period__due_on__lte=until,
        )
        .select_related("period", "unit", "agency")
    )


# ---- the year-end scorecard ----------------------------------------------------------------


def scorecard(*, user, year: int) -> list[dict]:
    """Per reporting unit in the user's jurisdiction, for the year's periods (six months and
    year): how many reports came on time, late or are missing, and, from its annual report,
    how many targets were met out of those judged. Ranked on targets met (share), then on
    timeliness. A fixed number of queries whatever the number of units. A report not yet due
    counts only once it has come (on time); until its due date it is not missing."""
    today = timezone.localdate()
    periods = list(ReportPeriod.objects.filter(year=year, kind__in=["h1", "year"]))
    rows: dict[tuple, dict] = {}
    for period in periods:
        for row in receiver_table(user=user, period=period):
            key = (row["unit"].pk, row["agency"].pk if row["agency"] else None)
            entry = rows.setdefault(
                key,
                {
                    "name": row["name"],
                    "kind": row["kind"],
                    "unit": row["unit"],
                    "agency": row["agency"],
                    "on_time": 0,
                    "late": 0,
                    "missing": 0,
                    "targets": 0,
                    "met": 0,
                    "annual": None,
                },
            )
            state = "missing" if row["state"] == "returned" else row["state"]
            if state == "missing" and period.due_on >= today:
                continue  # not due yet
            entry[state] += 1
            if period.kind == "year" and row["report"] is not None:
                entry["annual"] = row["report"]
                judged = [
                    t
                    for t in (row["report"].figures or {}).get("targets") or []
                    if t.get("met") is not None
                ]
                entry["targets"] = len(judged)
                entry["met"] = sum(1 for t in judged if t["met"])
    result = list(rows.values())
    for entry in result:
        entry["periods"] = entry["on_time"] + entry["late"] + entry["missing"]
        entry["met_share"] = (
            round(100 * entry["met"] / entry["targets"]) if entry["targets"] else None
        )
    result.sort(
        key=lambda e: (
            -(e["met_share"] if e["met_share"] is not None else -1),
            -e["on_time"],
            e["missing"],
            e["late"],
            e["name"],
        )
    )
    for rank, entry in enumerate(result, 1):
        entry["rank"] = rank
    return result


# ---- the build queue and the scheduled task: the system's own reads and marks --------------


def report_queued_note(*, pk, note: str, at=None) -> None:
    """Say why a queued build waits (the broker is down), or clear it when sent again."""
    fields = {"build_error": note}
    if at is not None:
        fields["updated_at"] = at
    Report.objects.filter(pk=pk, build_state="queued").update(**fields)


def report_stale_builds(*, before, limit: int = 500) -> list[int]:
    return list(
        Report.objects.filter(build_state="queued", updated_at__lt=before).values_list(
            "pk", flat=True
        )[:limit]
    )


def report_owners_of(*, period) -> set[tuple]:
    """(unit id, agency id) of every report of the period."""
    return set(Report.objects.filter(period=period).values_list("unit_id", "agency_id"))


def reports_pending(*, periods):
    return Report.objects.filter(
        period__in=periods, status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED]
    ).select_related("period", "unit", "agency")


def report_mark_once(*, pk, field: str, value) -> bool:
    """Set a mark (reminded, late) if not set yet; False when another run set it first."""
    return bool(Report.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(**{field: value}))
