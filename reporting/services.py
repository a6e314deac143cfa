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

from . import documents, indicators, kinds, selectors
from .entered import ENTERED
from .models import (
    BuildState,
    EnteredFigure,
    PeriodKind,
    Report,
    ReportEvent,
    ReportPeriod,
    ReportStatus,
    Target,
    TargetKind,
)

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


def agency_name(unit, agency=None) -> str:
    """The official (Vietnamese) name of the reporting agency, as the document prints it."""
    if agency is not None:
        return agency.name
    if unit.level == Level.PROVINCE:
        return f"Phòng PC04 - Công an {unit.name}"
    return f"Công an {unit.name}"


def _is_receiver(actor, report) -> bool:
    """The unit above the report's unit (PC04 of the province) receives it; a department's or
    organisation's report goes to PC04 of its province."""
    unit = actor.scope_unit
    if unit is None:
        return False
    if report.agency_id:
        return actor.role == Role.PROVINCIAL_POLICE and (
            report.scope_path == unit.path or report.scope_path.startswith(unit.path + ".")
        )
    return unit.pk != report.unit_id and report.scope_path.startswith(unit.path + ".")


def is_owner(actor, report) -> bool:
    """The report is the actor's own unit's (or own department's or organisation's)."""
    agency = kinds.reporting_agency(actor)
    return report.unit_id == actor.scope_unit_id and report.agency_id == (
        agency.pk if agency else None
    )


@transaction.atomic
def report_open(*, actor, period: ReportPeriod, unit=None) -> Report:
    """The user's unit's current report for the period, opened as a draft if there is none."""
    if not selectors.report_can(user=actor, access=Access.WRITE):
        raise PermissionError(_("You may not write reports."))
    unit = unit or actor.scope_unit
    if unit is None or unit.pk != actor.scope_unit_id:
        raise ValidationError({"unit": _("A unit writes its own report only.")})
    agency = kinds.reporting_agency(actor)
    if actor.role in kinds.AGENCY_ROLES and agency is None:
        raise ValidationError(
            {"agency": _("Your account is not attached to a department or organisation.")}
        )
    return _open(period=period, unit=unit, agency=agency, actor=actor)


def _open(*, period, unit, agency, actor, kind="created") -> Report:
    current = selectors.report_current(period=period, unit=unit, agency=agency)
    if current is not None:
        return current
    report = Report(
        period=period,
        unit=unit,
        agency=agency,
        template=kinds.template_for(unit=unit, agency=agency),
        scope_path=unit.path,
        agency_name=agency_name(unit, agency),
        signer=actor.get_full_name() if actor is not None else "",
    )
    report.full_clean()
    report.save()
    _event(report=report, kind=kind, actor=actor)
    if actor is not None:
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
    sections = {s.field for s in report.sections}
    errors = {}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        if name in Report.NARRATIVE_FIELDS and name not in sections:
            if (value or "").strip():
                errors[name] = _("This report's template has no such section.")
            continue
        setattr(report, name, (value or "").strip())
    if errors:
        raise ValidationError(errors)
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
    actor_id = actor.pk
    _after_commit(lambda: dispatch_build(report.pk, actor_id))
    return report


def _broker_down_message() -> str:
    return _(
        "Building is unavailable right now (the task queue does not answer). The build stays "
        "queued and starts by itself when the service is back."
    )


def dispatch_build(report_id: int, actor_id: int | None) -> bool:
    """Send the build to the workers. With the broker (Redis) down the web app goes on: the
    report stays queued, says so, and the periodic requeue sends it again later."""
    from .tasks import report_build

    try:
        report_build.apply_async((report_id, actor_id), retry=False)
    except Exception:  # noqa: BLE001 - kombu's and redis's errors alike: the broker is down
        logger.warning("report %s: the build could not be queued", report_id, exc_info=True)
        selectors.report_queued_note(pk=report_id, note=_broker_down_message())
        return False
    return True


# A build still queued after this long was lost (broker down, worker killed): sent again.
REQUEUE_AFTER = datetime.timedelta(minutes=10)


def requeue_builds(*, now=None) -> int:
    """Send again the builds queued for longer than REQUEUE_AFTER (Celery beat, every few
    minutes). Building twice gives the same figures, so a duplicate does no harm."""
    now = now or timezone.now()
    stale = selectors.report_stale_builds(before=now - REQUEUE_AFTER)
    sent = 0
    for pk in stale:
        if dispatch_build(pk, None):
            # Touch it, so that it is not sent again before REQUEUE_AFTER has passed.
            selectors.report_queued_note(pk=pk, note="", at=now)
            sent += 1
    return sent


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
            report.build_error = _write_documents_safely(report)
            report.save()
            _event(report=report, kind="built", actor=actor, note=report.build_error)
            return report
    except Exception as error:  # noqa: BLE001 - the report says why; the worker logs it
        if not isinstance(error, ValidationError):
            logger.exception("report %s: build failed", report_id)
        message = _message(error)
        report = selectors.report_mark_build_failed(pk=report_id, message=message)
        if report is not None:
            _event(report=report, kind="build_failed", actor=actor, note=message)
        return report


def _write_documents_safely(report) -> str:
    """The PDF and XLSX; a failure there keeps the figures (the documents are made again at
    the next build and at submission) and says so."""
    try:
        with transaction.atomic():
            documents.write_documents(report)
    except Exception as error:  # noqa: BLE001 - the figures are kept; the error is shown
        logger.exception("report %s: documents failed", report.pk)
        return _(
            "The figures were built, but the documents (PDF, XLSX) could not be made "
            "(%(error)s). Build again to retry."
        ) % {"error": type(error).__name__}
    return ""


def _message(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    return _("The figures could not be built (%(error)s).") % {"error": type(error).__name__}


def figures_for(report: Report) -> dict:
    period = report.period
    end = min(period.ends_on, timezone.localdate())
    sector = report.agency.sector if report.agency_id else None
    codes = kinds.system_codes(report.template, sector)
    if codes == []:
        figures = {
            "window": [period.starts_on.isoformat(), end.isoformat()],
            "totals": {},
            "breakdowns": {},
            "communes": {},
        }
    else:
        figures = indicators.compute(unit=report.unit, start=period.starts_on, end=end, codes=codes)
    if report.template == kinds.Template.PROVINCE:
        figures["consolidated"] = consolidate(report)
    figures["entered"] = entered_for(report)
    figures["targets"] = targets_for(report, figures)
    return figures


def _number(value):
    """A decimal as JSON data: an int when whole."""
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


def entered_for(report: Report) -> dict:
    """The unit's entered figures of the period, as they were entered (with their source)."""
    rows = selectors.entered_of(period=report.period, unit=report.unit, agency=report.agency)
    return {
        row.code: {
            "value": _number(row.value),
            "source": row.source,
            "entered_by": str(row.entered_by) if row.entered_by else "",
            "entered_at": row.entered_at.isoformat(),
        }
        for row in rows
    }


def _value_of(figures: dict, code: str):
    if code in (figures.get("entered") or {}):
        return figures["entered"][code]["value"]
    return (figures.get("totals") or {}).get(code)


def targets_for(report: Report, figures: dict) -> list[dict]:
    """Each target of the unit for the period's year: its value, the figure of this period and
    of the same period a year earlier, and whether it is met (judged on the year's report or a
    longer range; a six-month or shorter report shows the progress only)."""
    period = report.period
    targets = selectors.targets_of(unit=report.unit, agency=report.agency, year=period.year)
    if not targets:
        return []
    previous = selectors.previous_figures(report=report)
    judged = period.kind in (PeriodKind.YEAR, PeriodKind.RANGE)
    rows = []
    for target in targets:
        value = _value_of(figures, target.code)
        rows.append(
            {
                "code": target.code,
                "kind": target.kind,
                "years": [target.year_from, target.year_to],
                "direction": target.direction,
                "target": _number(target.value),
                "source": target.source,
                "value": value,
                "previous": None if previous is None else _value_of(previous, target.code),
                "met": target.is_met(value) if judged else None,
            }
        )
    return rows


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
    if not is_owner(actor, report):
        raise ValidationError({"status": _("Only the unit itself submits its report.")})
    _check_editable(report)
    errors = {}
    for name in kinds.required_sections(report.template):
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
    try:
        with transaction.atomic():
            documents.write_documents(report)  # the final narrative; frozen from now on
    except Exception as error:
        logger.exception("report %s: documents failed at submission", report.pk)
        raise ValidationError(
            {
                "figures": _(
                    "The documents (PDF, XLSX) could not be made (%(error)s); the report was "
                    "not submitted. Try again."
                )
                % {"error": type(error).__name__}
            }
        ) from error
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
    if not is_owner(actor, report):
        raise ValidationError({"status": _("Only the unit itself corrects its report.")})
    if report.status != ReportStatus.RETURNED:
        raise ValidationError({"status": _("Only a returned report is corrected.")})
    report.status = ReportStatus.SUPERSEDED
    report.save(update_fields=["status", "updated_at"])
    new = Report(
        period=report.period,
        unit=report.unit,
        agency=report.agency,
        template=report.template,
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
    EnteredFigure.objects.visible_to(actor).delete()
    Target.objects.visible_to(actor).delete()
    return count


def demo_backdate(*, report: Report, submitted_on: datetime.date) -> None:
    """Demo seeding only: date a submission as if it was made on `submitted_on`."""
    at = timezone.make_aware(datetime.datetime.combine(submitted_on, datetime.time(9, 30)))
    selectors.report_set_submitted(
        pk=report.pk, at=at, on_time=report.period.is_on_time(submitted_on)
    )


# ---- targets and entered figures -----------------------------------------------------------

TARGET_FIELDS = ["code", "kind", "year_from", "year_to", "direction", "value", "source"]
ENTERED_FIELDS = ["code", "value", "source"]


def _owner_of(actor):
    """The unit (and department or organisation) the actor writes targets and figures for."""
    if not selectors.report_can(user=actor, access=Access.WRITE) or actor.scope_unit is None:
        raise PermissionError(_("You may not write reports."))
    agency = kinds.reporting_agency(actor)
    if actor.role in kinds.AGENCY_ROLES and agency is None:
        raise ValidationError(
            {"agency": _("Your account is not attached to a department or organisation.")}
        )
    return actor.scope_unit, agency


@transaction.atomic
def target_create(
    *,
    actor,
    code: str,
    kind: str,
    year_from: int,
    year_to: int | None = None,
    value,
    direction: str = "at_least",
    source: str = "",
) -> Target:
    unit, agency = _owner_of(actor)
    from .entered import target_choices

    errors = {}
    if code not in dict(target_choices()):
        errors["code"] = _("Choose a figure from the list.")
    if kind == TargetKind.YEAR:
        year_to = year_from
    elif not year_to:
        errors["year_to"] = _("A whole-plan target needs the plan's last year.")
    elif year_to < year_from:
        errors["year_to"] = _("The plan cannot end before it starts.")
    if value is not None and value < 0:
        errors["value"] = _("A target cannot be negative.")
    if code in ENTERED and ENTERED[code].percent and value is not None and value > 100:
        errors["value"] = _("A share cannot be over 100%.")
    if not errors and selectors.target_overlaps(
        unit=unit, agency=agency, code=code, year_from=year_from, year_to=year_to
    ):
        errors["code"] = _("This figure already has a target for these years.")
    if errors:
        raise ValidationError(errors)
    target = Target(
        unit=unit,
        agency=agency,
        scope_path=unit.path,
        code=code,
        kind=kind,
        year_from=year_from,
        year_to=year_to,
        direction=direction,
        value=value,
        source=(source or "").strip(),
        created_by=actor,
    )
    target.full_clean()
    target.save()
    _log(actor=actor, record=target, action=ChangeAction.CREATE, fields=TARGET_FIELDS)
    return target


@transaction.atomic
def target_delete(*, actor, target: Target) -> None:
    unit, agency = _owner_of(actor)
    target = selectors.target_lock(user=actor, pk=target.pk)
    if target.unit_id != unit.pk or target.agency_id != (agency.pk if agency else None):
        raise ValidationError({"code": _("Only the unit that set a target removes it.")})
    before = snapshot(target, TARGET_FIELDS)
    _log(actor=actor, record=target, action=ChangeAction.DEACTIVATE, before=before, fields=[])
    target.delete()


@transaction.atomic
def entered_set(*, actor, period: ReportPeriod, code: str, value, source: str) -> EnteredFigure:
    """Enter (or correct) one of the unit's figures for the period, with its source. Refused
    once the unit's report of the period is submitted: it keeps the figures it was sent with."""
    unit, agency = _owner_of(actor)
    errors = {}
    definition = ENTERED.get(code)
    if definition is None:
        errors["code"] = _("Choose a figure from the list.")
    if value is None:
        errors["value"] = _("Enter the figure.")
    elif value < 0:
        errors["value"] = _("A figure cannot be negative.")
    elif definition and definition.percent and value > 100:
        errors["value"] = _("A share cannot be over 100%.")
    if not (source or "").strip():
        errors["source"] = _("Say where the figure comes from.")
    report = selectors.report_current(period=period, unit=unit, agency=agency)
    if report is not None and report.is_frozen:
        errors["period"] = _(
            "The report of this period has been submitted; its figures no longer change."
        )
    if errors:
        raise ValidationError(errors)
    figure = selectors.entered_lock(period=period, unit=unit, agency=agency, code=code)
    before = snapshot(figure, ENTERED_FIELDS) if figure else None
    if figure is None:
        figure = EnteredFigure(
            period=period, unit=unit, agency=agency, scope_path=unit.path, code=code
        )
    figure.value = value
    figure.source = source.strip()
    figure.entered_by = actor
    figure.entered_at = timezone.now()
    figure.full_clean()
    figure.save()
    _log(
        actor=actor,
        record=figure,
        action=ChangeAction.UPDATE if before else ChangeAction.CREATE,
        before=before,
        fields=ENTERED_FIELDS,
    )
    return figure


# ---- the scheduled task: open, remind, mark late --------------------------------------------

# Reports are opened for every reporting unit this many days before the window ends, and
# units are reminded this many days before the due date.
OPEN_DAYS_BEFORE_END = 30
REMIND_DAYS_BEFORE_DUE = 7
# Periods whose due date is further back than this are left alone (no reopening of old years).
KEEP_DAYS_AFTER_DUE = 60


def _reporting_owners(province):
    """Every reporting unit of the province: (unit, agency) for each commune, the province
    (PC04) and each department and mass organisation."""
    from accounts.models import Agency
    from areas.models import AdminUnit

    units = (
        AdminUnit.objects.current()
        .within(province)
        .filter(level__in=[Level.PROVINCE, Level.COMMUNE])
    )
    owners = [(unit, None) for unit in units]
    agencies = (
        Agency.objects.filter(kind__in=kinds.REPORTING_AGENCY_KINDS, is_active=True)
        .filter(selectors.path_q_unit(province))
        .select_related("unit")
    )
    owners += [(agency.unit, agency) for agency in agencies]
    return owners


def _email_configured() -> bool:
    from django.conf import settings

    return bool(getattr(settings, "EMAIL_HOST", "")) and settings.EMAIL_HOST != "localhost"


def _remind_by_email(report, recipients) -> int:
    from django.core.mail import send_mail

    addresses = sorted({u.email for u in recipients if u.email})
    if not addresses:
        return 0
    with translation_override():
        subject = _("Report due on %(date)s: %(period)s") % {
            "date": f"{report.period.due_on:%d/%m/%Y}",
            "period": report.period.title,
        }
        body = _(
            "The %(period)s report of %(unit)s is due on %(date)s and has not been submitted."
        ) % {
            "period": report.period.title,
            "unit": report.reporter_name,
            "date": f"{report.period.due_on:%d/%m/%Y}",
        }
    send_mail(subject, body, None, addresses, fail_silently=True)
    return len(addresses)


def translation_override():
    from django.conf import settings
    from django.utils import translation

    return translation.override(settings.LANGUAGE_CODE)


def periods_tick(*, today: datetime.date | None = None) -> dict:
    """The daily scheduled run (Celery beat). Idempotent: running it twice on a day changes
    nothing the second time.
    1. opens, for every reporting unit, the report of each period whose window ends within
       OPEN_DAYS_BEFORE_END days (or has ended and is not long overdue);
    2. reminds the units whose report is not submitted REMIND_DAYS_BEFORE_DUE days before the
       due date (the due list shows it; an email goes out when mail is configured);
    3. marks late the reports still not submitted once the due date has passed."""
    from areas.models import AdminUnit

    today = today or timezone.localdate()
    done = {"opened": 0, "reminded": 0, "emails": 0, "late": 0}
    open_from = today + datetime.timedelta(days=OPEN_DAYS_BEFORE_END)
    recent = today - datetime.timedelta(days=KEEP_DAYS_AFTER_DUE)
    periods = list(
        ReportPeriod.objects.filter(
            ends_on__lte=open_from, starts_on__lte=today, due_on__gte=recent
        )
    )
    provinces = list(AdminUnit.objects.current().filter(level=Level.PROVINCE))
    for period in periods:
        with transaction.atomic():
            existing = selectors.report_owners_of(period=period)
            for province in provinces:
                for unit, agency in _reporting_owners(province):
                    key = (unit.pk, agency.pk if agency else None)
                    if key in existing:
                        continue
                    _open(period=period, unit=unit, agency=agency, actor=None, kind="opened")
                    existing.add(key)
                    done["opened"] += 1
    pending = selectors.reports_pending(periods=periods)
    email = _email_configured()
    for report in pending.filter(
        reminded_on__isnull=True,
        period__due_on__gte=today,
        period__due_on__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE_DUE),
    ):
        with transaction.atomic():
            if not selectors.report_mark_once(pk=report.pk, field="reminded_on", value=today):
                continue
            _event(report=report, kind="reminded", actor=None)
            done["reminded"] += 1
            if email:
                recipients = selectors.report_writers(report=report)
                done["emails"] += _remind_by_email(report, recipients)
    for report in pending.filter(marked_late_at__isnull=True, period__due_on__lte=today):
        if report.period.is_on_time(today):
            continue
        with transaction.atomic():
            if not selectors.report_mark_once(
                pk=report.pk, field="marked_late_at", value=timezone.now()
            ):
                continue
            _event(report=report, kind="late", actor=None)
            done["late"] += 1
    return done
