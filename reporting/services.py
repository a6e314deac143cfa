"""Writes of the periodic reports: periods, and a report's life (open, write the narrative,
build, submit, receive, return, correct in a new version). Keyword-only, atomic, with the
report's history event and the change log in the same transaction."""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction, Role
from accounts.scoping import Access
from areas.choices import Level

from . import documents, indicators, selectors
from .models import BuildState, PeriodKind, Report, ReportEvent, ReportPeriod, ReportStatus

logger = logging.getLogger(__name__)

# Decree 09/2019/ND-CP: the data of a year's reports run from 15/12 of the previous year; the
# six-month report to 14/06 (due 20/06), the annual report to 14/12 (due 20/12).
DECREE_WINDOWS = {
    PeriodKind.H1: ((-1, 12, 15), (0, 6, 14), (0, 6, 20)),
    PeriodKind.YEAR: ((-1, 12, 15), (0, 12, 14), (0, 12, 20)),
}
CALENDAR_WINDOWS = {
    PeriodKind.H1: ((0, 1, 1), (0, 6, 30), (0, 7, 5)),
    PeriodKind.YEAR: ((0, 1, 1), (0, 12, 31), (1, 1, 5)),
}
PERIOD_FIELDS = ["kind", "year", "starts_on", "ends_on", "due_on", "due_day_on_time", "note"]
REPORT_FIELDS = ["status", "version", *Report.HEADER_FIELDS, *Report.NARRATIVE_FIELDS]


def _day(year, spec):
    offset, month, day = spec
    return datetime.date(year + offset, month, day)


def _check_admin(actor) -> None:
    if not (actor.is_active and actor.role == Role.ADMIN):
        raise PermissionError(_("Only administrators manage reporting periods."))


def _event(*, report, kind, actor, note=""):
    return ReportEvent.objects.create(report=report, kind=kind, actor=actor, note=note)


def _log(*, actor, record, action, before=None, fields=REPORT_FIELDS):
    change_log_record(
        user=actor, action=action, record=record, before=before, after=snapshot(record, fields)
    )


# ---- periods -----------------------------------------------------------------------------


@transaction.atomic
def period_create(
    *,
    actor,
    kind: str,
    year: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    due_on: datetime.date,
    due_day_on_time: bool = True,
    note: str = "",
) -> ReportPeriod:
    _check_admin(actor)
    period = ReportPeriod(
        kind=kind,
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        due_on=due_on,
        due_day_on_time=due_day_on_time,
        note=note.strip(),
    )
    if starts_on and ends_on and starts_on > ends_on:
        raise ValidationError({"ends_on": _("The window must end after it starts.")})
    if ends_on and due_on and due_on < ends_on:
        raise ValidationError({"due_on": _("The due date cannot be before the window ends.")})
    period.full_clean()
    period.save()
    _log(actor=actor, record=period, action=ChangeAction.CREATE, fields=PERIOD_FIELDS)
    return period


@transaction.atomic
def period_create_year(*, actor, year: int, window: str = "decree") -> list[ReportPeriod]:
    """The six-month and annual periods of a year, with the windows of Decree 09/2019 (or the
    calendar year when `window` is "calendar"). A period that exists is kept."""
    _check_admin(actor)
    table = CALENDAR_WINDOWS if window == "calendar" else DECREE_WINDOWS
    created = []
    for kind, (start, end, due) in table.items():
        starts_on, ends_on = _day(year, start), _day(year, end)
        if ReportPeriod.objects.filter(
            kind=kind, year=year, starts_on=starts_on, ends_on=ends_on
        ).exists():
            continue
        created.append(
            period_create(
                actor=actor,
                kind=kind,
                year=year,
                starts_on=starts_on,
                ends_on=ends_on,
                due_on=_day(year, due),
            )
        )
    if not created:
        raise ValidationError({"year": _("The periods of this year already exist.")})
    return created


# ---- reports -----------------------------------------------------------------------------


def agency_name(unit) -> str:
    """The official (Vietnamese) name of the reporting agency, as the document prints it."""
    if unit.level == Level.PROVINCE:
        return f"Phòng PC04 - Công an {unit.name}"
    return f"Công an {unit.name}"


def _is_receiver(actor, report) -> bool:
    """The unit above the report's unit (PC04 of the province) receives it."""
    unit = actor.scope_unit
    return (
        unit is not None
        and unit.pk != report.unit_id
        and report.scope_path.startswith(unit.path + ".")
    )


@transaction.atomic
def report_open(*, actor, period: ReportPeriod, unit=None) -> Report:
    """The user's unit's current report for the period, opened as a draft if there is none."""
    if not selectors.report_can(user=actor, access=Access.WRITE):
        raise PermissionError(_("You may not write reports."))
    unit = unit or actor.scope_unit
    if unit is None or unit.pk != actor.scope_unit_id:
        raise ValidationError({"unit": _("A unit writes its own report only.")})
    current = selectors.report_current(period=period, unit=unit)
    if current is not None:
        return current
    report = Report(
        period=period,
        unit=unit,
        scope_path=unit.path,
        agency_name=agency_name(unit),
        signer=actor.get_full_name() if hasattr(actor, "get_full_name") else "",
    )
    report.full_clean()
    report.save()
    _event(report=report, kind="created", actor=actor)
    _log(actor=actor, record=report, action=ChangeAction.CREATE)
    return report


def _check_editable(report: Report) -> None:
    if report.is_frozen:
        raise ValidationError({"status": _("A submitted report cannot change.")})
    if report.status == ReportStatus.RETURNED:
        raise ValidationError({"status": _("A returned report is corrected in a new version.")})


@transaction.atomic
def report_update(*, actor, report: Report, **fields) -> Report:
    """Write the narrative sections, the document number and the signer of a draft."""
    report = selectors.report_lock(user=actor, pk=report.pk)
    _check_editable(report)
    before = snapshot(report, REPORT_FIELDS)
    allowed = {*Report.NARRATIVE_FIELDS, *Report.HEADER_FIELDS}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        setattr(report, name, (value or "").strip())
    report.full_clean()
    report.save()
    _event(report=report, kind="edited", actor=actor)
    _log(actor=actor, record=report, action=ChangeAction.UPDATE, before=before)
    return report


def _after_commit(callback) -> None:
    transaction.on_commit(callback)


def _check_buildable(report: Report, today: datetime.date) -> None:
    _check_editable(report)
    if report.period.starts_on > today:
        raise ValidationError({"period": _("The period's data window has not started yet.")})


@transaction.atomic
def report_build_request(*, actor, report: Report) -> Report:
    """Ask for the figures to be built (in the background; at once when tasks run eagerly)."""
    report = selectors.report_lock(user=actor, pk=report.pk)
    _check_buildable(report, timezone.localdate())
    report.build_state = BuildState.QUEUED
    report.build_error = ""
    report.save(update_fields=["build_state", "build_error", "updated_at"])
    from .tasks import report_build

    actor_id = actor.pk
    _after_commit(lambda: report_build.delay(report.pk, actor_id))
    return report


def report_build(*, report_id: int, actor=None) -> Report | None:
    """Build the figures. A failure leaves the previous figures and status as they were, and
    says why on the report."""
    try:
        with transaction.atomic():
            report = selectors.report_build_lock(pk=report_id)
            if report is None:
                return None
            _check_buildable(report, timezone.localdate())
            report.build_state = BuildState.RUNNING
            report.save(update_fields=["build_state"])
            report.figures = figures_for(report)
            report.built_at = timezone.now()
            report.build_state = BuildState.DONE
            report.build_error = ""
            documents.write_documents(report)
            report.save()
            _event(report=report, kind="built", actor=actor)
            return report
    except Exception as error:  # noqa: BLE001 - the report says why; the worker logs it
        if not isinstance(error, ValidationError):
            logger.exception("report %s: build failed", report_id)
        message = _message(error)
        report = selectors.report_mark_build_failed(pk=report_id, message=message)
        if report is not None:
            _event(report=report, kind="build_failed", actor=actor, note=message)
        return report


def _message(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    return _("The figures could not be built (%(error)s).") % {"error": type(error).__name__}


def figures_for(report: Report) -> dict:
    period = report.period
    end = min(period.ends_on, timezone.localdate())
    figures = indicators.compute(unit=report.unit, start=period.starts_on, end=end)
    if report.unit.level == Level.PROVINCE:
        figures["consolidated"] = consolidate(report)
    return figures


def consolidate(report: Report) -> dict:
    """The sum of the figures of the communes' RECEIVED reports (PC04's consolidation)."""
    from areas.models import AdminUnit

    communes = AdminUnit.objects.communes().within(report.unit)
    received = selectors.received_reports(period=report.period, units=communes)
    totals: dict[str, int] = {}
    for child in received:
        for code, n in (child.figures.get("totals") or {}).items():
            totals[code] = totals.get(code, 0) + n
    return {
        "reports": len(received),
        "units": sorted(r.unit.name for r in received),
        "totals": totals,
    }


@transaction.atomic
def report_submit(*, actor, report: Report) -> Report:
    report = selectors.report_lock(user=actor, pk=report.pk)
    if report.unit_id != actor.scope_unit_id:
        raise ValidationError({"status": _("Only the unit itself submits its report.")})
    _check_editable(report)
    errors = {}
    for name in Report.REQUIRED_NARRATIVE:
        if not getattr(report, name).strip():
            errors[name] = _("Write this section before submitting.")
    if report.build_state != BuildState.DONE or not report.built_at:
        errors["figures"] = _("Build the figures before submitting.")
    if errors:
        raise ValidationError(errors)
    before = snapshot(report, REPORT_FIELDS)
    now = timezone.now()
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.submitted_on_time = report.period.is_on_time(timezone.localdate(now))
    documents.write_documents(report)  # the final narrative; frozen from now on
    report.save()
    _event(report=report, kind="submitted", actor=actor)
    _log(actor=actor, record=report, action=ChangeAction.UPDATE, before=before)
    return report


@transaction.atomic
def report_receive(*, actor, report: Report) -> Report:
    report = selectors.report_lock(user=actor, pk=report.pk)
    if not _is_receiver(actor, report):
        raise ValidationError({"status": _("Only the unit above receives this report.")})
    if report.status == ReportStatus.RECEIVED:
        raise ValidationError({"status": _("The report has already been received.")})
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError({"status": _("Only a submitted report can be received.")})
    before = snapshot(report, REPORT_FIELDS)
    report.status = ReportStatus.RECEIVED
    report.received_at = timezone.now()
    report.save()
    _event(report=report, kind="received", actor=actor)
    _log(actor=actor, record=report, action=ChangeAction.UPDATE, before=before)
    return report


@transaction.atomic
def report_return(*, actor, report: Report, reason: str) -> Report:
    report = selectors.report_lock(user=actor, pk=report.pk)
    if not _is_receiver(actor, report):
        raise ValidationError({"status": _("Only the unit above returns this report.")})
    if not (reason or "").strip():
        raise ValidationError({"return_reason": _("Say why the report is returned.")})
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError({"status": _("Only a submitted report can be returned.")})
    before = snapshot(report, REPORT_FIELDS)
    report.status = ReportStatus.RETURNED
    report.return_reason = reason.strip()
    report.save()
    _event(report=report, kind="returned", actor=actor, note=reason.strip())
    _log(actor=actor, record=report, action=ChangeAction.UPDATE, before=before)
    return report


@transaction.atomic
def report_correct(*, actor, report: Report) -> Report:
    """A returned report is corrected in a new version (a draft with the same narrative, to be
    built and submitted again); the returned version is kept, marked replaced."""
    report = selectors.report_lock(user=actor, pk=report.pk)
    if report.unit_id != actor.scope_unit_id:
        raise ValidationError({"status": _("Only the unit itself corrects its report.")})
    if report.status != ReportStatus.RETURNED:
        raise ValidationError({"status": _("Only a returned report is corrected.")})
    report.status = ReportStatus.SUPERSEDED
    report.save(update_fields=["status", "updated_at"])
    new = Report(
        period=report.period,
        unit=report.unit,
        scope_path=report.scope_path,
        agency_name=report.agency_name,
        version=report.version + 1,
        previous=report,
        **{name: getattr(report, name) for name in Report.HEADER_FIELDS},
        **{name: getattr(report, name) for name in Report.NARRATIVE_FIELDS},
    )
    new.full_clean()
    new.save()
    _event(report=report, kind="new_version", actor=actor, note=f"v{new.version}")
    _event(report=new, kind="created", actor=actor, note=f"v{report.version}")
    _log(actor=actor, record=new, action=ChangeAction.CREATE)
    return new


# ---- demo -------------------------------------------------------------------------------


@transaction.atomic
def demo_reset(*, actor) -> int:
    """Delete every report of the actor's jurisdiction (demo seeding only: `seed_demo`)."""
    reports = selectors.report_list(user=actor)
    reports.update(previous=None)
    count, _rows = reports.delete()
    return count


def demo_backdate(*, report: Report, submitted_on: datetime.date) -> None:
    """Demo seeding only: date a submission as if it was made on `submitted_on`."""
    at = timezone.make_aware(datetime.datetime.combine(submitted_on, datetime.time(9, 30)))
    selectors.report_set_submitted(
        pk=report.pk, at=at, on_time=report.period.is_on_time(submitted_on)
    )
