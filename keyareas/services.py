"""Every write of the key areas app, keyword-only, in one transaction with the event and the
change log. Refusals name the field and the reason."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access
from common.text import fold, nfc

from . import selectors
from .choices import CheckFinding, EvaluationResult, KeyAreaStatus, KeyAreaStep, MeasureStatus
from .models import Evaluation, KeyArea, KeyAreaEvent, Measure, watch_months


def _d(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _check_write(*, actor, key_area: KeyArea | None = None) -> None:
    if not selectors.keyarea_can(user=actor, access=Access.WRITE):
        raise PermissionError(_("Only the province designates and follows key areas."))
    if key_area is not None and not selectors.keyarea_writable(user=actor, pk=key_area.pk):
        raise PermissionError(_("The key area is outside your jurisdiction."))


def _log(*, actor, record, action, before=None) -> None:
    change_log_record(
        user=actor,
        action=action,
        record=(getattr(record, "log_record_type", record._meta.model_name), str(record.pk)),
        before=before,
        after=snapshot(record),
    )


def _day_errors(field, day, *, after=None, label="") -> dict:
    if day is None:
        return {field: _("Enter the date.")}
    if day > timezone.localdate():
        return {field: _("The date cannot be in the future.")}
    if after is not None and day < after:
        return {field: label % {"date": _d(after)}}
    return {}


def _event(*, actor, key_area, step, occurred_on, document_number="", finding="", note=""):
    event = KeyAreaEvent(
        key_area=key_area,
        step=step,
        occurred_on=occurred_on,
        document_number=nfc(document_number or ""),
        finding=finding,
        note=(note or "").strip(),
        author=actor,
    )
    event.full_clean()
    event.save()
    return event


def common_path(paths: list[str]) -> str:
    """The deepest unit path holding every path ("92.31135" and "92.31120" -> "92")."""
    parts = [p.split(".") for p in paths]
    shared = []
    for segments in zip(*parts, strict=False):
        if len(set(segments)) != 1:
            break
        shared.append(segments[0])
    return ".".join(shared)


@transaction.atomic
def keyarea_designate(
    *,
    actor,
    name: str,
    communes,
    reason: str,
    designated_on: datetime.date | None,
    designation_document: str,
) -> KeyArea:
    """The province designates a key area (its first event)."""
    _check_write(actor=actor)
    communes = list(communes or ())
    errors: dict = {}
    if not communes:
        errors["communes"] = _("Choose at least one commune.")
    else:
        allowed = set(
            selectors.keyarea_communes(user=actor)
            .filter(pk__in=[c.pk for c in communes])
            .values_list("pk", flat=True)
        )
        if any(c.pk not in allowed for c in communes):
            errors["communes"] = _("Choose current communes within your jurisdiction.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for the designation.")
    if not (designation_document or "").strip():
        errors["designation_document"] = _("The designation needs its document number.")
    errors.update(_day_errors("designated_on", designated_on))
    if errors:
        raise ValidationError(errors)
    key_area = KeyArea(
        name=nfc(name or ""),
        reason=reason.strip(),
        designated_on=designated_on,
        designation_document=nfc(designation_document),
        scope_path=common_path([c.path for c in communes]),
        status=KeyAreaStatus.DESIGNATED,
        status_on=designated_on,
        created_by=actor,
    )
    key_area.search_folded = fold(" ".join([key_area.name, *(c.name for c in communes)]))
    key_area.full_clean()
    key_area.save()
    key_area.communes.set(communes)
    _log(actor=actor, record=key_area, action=ChangeAction.CREATE)
    _event(
        actor=actor,
        key_area=key_area,
        step=KeyAreaStep.DESIGNATE,
        occurred_on=designated_on,
        document_number=designation_document,
    )
    return key_area


@transaction.atomic
def measure_add(*, actor, key_area: KeyArea, title: str, owner: str, deadline) -> Measure:
    _check_write(actor=actor, key_area=key_area)
    errors = {}
    if key_area.status != KeyAreaStatus.DESIGNATED:
        errors["title"] = _("Measures are planned while the area is being transformed.")
    if deadline is None:
        errors["deadline"] = _("Enter the deadline.")
    elif deadline < key_area.designated_on:
        errors["deadline"] = _("The deadline is before the designation (%(date)s).") % {
            "date": _d(key_area.designated_on)
        }
    if errors:
        raise ValidationError(errors)
    measure = Measure(
        key_area=key_area,
        title=nfc(title or ""),
        owner=nfc(owner or ""),
        deadline=deadline,
        created_by=actor,
    )
    measure.full_clean()
    measure.save()
    _log(actor=actor, record=measure, action=ChangeAction.CREATE)
    return measure


@transaction.atomic
def measure_set_status(
    *, actor, measure: Measure, status: str, done_on: datetime.date | None = None
) -> Measure:
    _check_write(actor=actor, key_area=measure.key_area)
    if status not in MeasureStatus.values:
        raise ValidationError({"status": _("Choose the status.")})
    errors = {}
    if status == MeasureStatus.DONE:
        errors = _day_errors(
            "done_on",
            done_on,
            after=measure.key_area.designated_on,
            label=_("The date is before the designation (%(date)s)."),
        )
    if errors:
        raise ValidationError(errors)
    before = snapshot(measure)
    measure.status = status
    measure.done_on = done_on if status == MeasureStatus.DONE else None
    measure.save()
    _log(actor=actor, record=measure, action=ChangeAction.UPDATE, before=before)
    return measure


@transaction.atomic
def evaluation_add(
    *, actor, key_area: KeyArea, evaluated_on, result: str, note: str = ""
) -> Evaluation:
    _check_write(actor=actor, key_area=key_area)
    errors = _day_errors(
        "evaluated_on",
        evaluated_on,
        after=key_area.designated_on,
        label=_("The date is before the designation (%(date)s)."),
    )
    if result not in EvaluationResult.values:
        errors["result"] = _("Choose the result.")
    if errors:
        raise ValidationError(errors)
    evaluation = Evaluation(
        key_area=key_area,
        evaluated_on=evaluated_on,
        result=result,
        note=(note or "").strip(),
        created_by=actor,
    )
    evaluation.full_clean()
    evaluation.save()
    _log(actor=actor, record=evaluation, action=ChangeAction.CREATE)
    return evaluation


@transaction.atomic
def keyarea_transform(
    *, actor, key_area: KeyArea, occurred_on, document_number: str, note: str = ""
) -> KeyArea:
    """Declare the area transformed (the document is required); its watch starts."""
    _check_write(actor=actor, key_area=key_area)
    key_area = selectors.keyarea_lock(pk=key_area.pk)
    errors = {}
    if key_area.status != KeyAreaStatus.DESIGNATED:
        errors["occurred_on"] = _("Only an area being transformed can be declared transformed.")
    else:
        errors = _day_errors(
            "occurred_on",
            occurred_on,
            after=key_area.status_on,
            label=_("The date is before the current status began (%(date)s)."),
        )
    if not (document_number or "").strip():
        errors["document_number"] = _("The declaration needs its document number.")
    if errors:
        raise ValidationError(errors)
    before = snapshot(key_area)
    key_area.status, key_area.status_on = KeyAreaStatus.TRANSFORMED, occurred_on
    key_area.transformed_on = occurred_on
    key_area.transformation_document = nfc(document_number)
    key_area.watch_until = occurred_on + relativedelta(months=watch_months())
    key_area.last_checked_on = occurred_on
    key_area.save()
    _event(
        actor=actor,
        key_area=key_area,
        step=KeyAreaStep.TRANSFORM,
        occurred_on=occurred_on,
        document_number=document_number,
        note=note,
    )
    _log(actor=actor, record=key_area, action=ChangeAction.UPDATE, before=before)
    return key_area


@transaction.atomic
def keyarea_check(*, actor, key_area: KeyArea, checked_on, finding: str, note: str = "") -> KeyArea:
    """A watch check of a transformed area; complex again ("tái phức tạp") reopens it and
    is counted."""
    _check_write(actor=actor, key_area=key_area)
    key_area = selectors.keyarea_lock(pk=key_area.pk)
    if key_area.status != KeyAreaStatus.TRANSFORMED:
        raise ValidationError({"finding": _("Only a transformed area under watch is checked.")})
    errors = _day_errors(
        "checked_on",
        checked_on,
        after=key_area.last_checked_on,
        label=_("The date is before the last check (%(date)s)."),
    )
    if finding not in CheckFinding.values:
        errors["finding"] = _("Choose the finding.")
    if errors:
        raise ValidationError(errors)
    before = snapshot(key_area)
    _event(
        actor=actor,
        key_area=key_area,
        step=KeyAreaStep.CHECK,
        occurred_on=checked_on,
        finding=finding,
        note=note,
    )
    if finding == CheckFinding.RELAPSED:
        key_area.relapse_count += 1
        key_area.status, key_area.status_on = KeyAreaStatus.DESIGNATED, checked_on
        key_area.watch_until = key_area.last_checked_on = None
        _event(actor=actor, key_area=key_area, step=KeyAreaStep.RELAPSE, occurred_on=checked_on)
    else:
        key_area.last_checked_on = checked_on
    key_area.save()
    _log(actor=actor, record=key_area, action=ChangeAction.UPDATE, before=before)
    return key_area
