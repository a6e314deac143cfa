"""Every write of the tips app, keyword-only, in one transaction with the event and the
change log. The tipster's identity never enters the change log (only that one was given)."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access
from cases import selectors as case_selectors
from common.text import fold, nfc
from registry.choices import TaskKind, TaskStatus
from registry.models import Task
from registry.services.work import task_close

from . import selectors
from .choices import TipChannel, TipResult, TipStep
from .models import CONTENT_MAX, Tip, TipEvent, Tipster, verify_within_days

REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _d(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _new_reference() -> str:
    while True:
        code = "TB-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(8))
        if not selectors.tip_reference_taken(reference=code):
            return code


def _check_write(*, actor, tip: Tip | None = None) -> None:
    if not selectors.tip_can(user=actor, access=Access.WRITE):
        raise PermissionError(_("You may not record tips."))
    if tip is not None and tip.pk and not selectors.tip_writable(user=actor, pk=tip.pk):
        raise PermissionError(_("The tip is outside your jurisdiction."))


def _log(*, actor, record, action, before=None) -> None:
    change_log_record(
        user=actor,
        action=action,
        record=(getattr(record, "log_record_type", record._meta.model_name), str(record.pk)),
        before=before,
        after=snapshot(record),
    )


def _event(*, actor, tip, step, occurred_on, unit=None, note="") -> TipEvent:
    event = TipEvent(
        tip=tip, step=step, occurred_on=occurred_on, unit=unit, note=note.strip(), author=actor
    )
    event.full_clean()
    event.save()
    return event


def _content_errors(content: str) -> dict:
    if not content:
        return {"content": _("Write what the tip says.")}
    if len(content) > CONTENT_MAX:
        return {
            "content": _("The content is too long: at most %(max)s characters.")
            % {"max": CONTENT_MAX}
        }
    return {}


def _day_errors(field: str, day, *, after=None, after_label="") -> dict:
    if day is None:
        return {field: _("Enter the date.")}
    if day > timezone.localdate():
        return {field: _("The date cannot be in the future.")}
    if after is not None and day < after:
        return {field: after_label % {"date": _d(after)}}
    return {}


def _save_tip(*, actor, tip: Tip, tipster: dict) -> Tip:
    tip.reference = _new_reference()
    tip.search_folded = fold(" ".join([tip.reference, tip.location, tip.content]))
    tip.full_clean()
    tip.save()
    _log(actor=actor, record=tip, action=ChangeAction.CREATE)
    identity = {k: nfc(v or "") for k, v in tipster.items()}
    if any(identity.values()):
        Tipster.objects.create(tip=tip, **identity)
        # Only that an identity was recorded: never the identity itself.
        change_log_record(
            user=actor,
            action=ChangeAction.CREATE,
            record=("tipster", str(tip.pk)),
            after={"tip": tip.pk, "identity": "confidential"},
        )
    _event(
        actor=actor,
        tip=tip,
        step=TipStep.RECEIVE,
        occurred_on=tip.received_on,
        unit=tip.received_unit,
    )
    return tip


def _tipster_errors(*, name, phone, address) -> dict:
    errors = {}
    if len(name or "") > 200:
        errors["tipster_name"] = _("At most 200 characters.")
    phone = (phone or "").strip()
    if phone and not (8 <= len([c for c in phone if c.isdigit()]) <= 15):
        errors["tipster_phone"] = _("Enter a phone number of 8 to 15 digits.")
    if len(address or "") > 255:
        errors["tipster_address"] = _("At most 255 characters.")
    return errors


@transaction.atomic
def tip_receive(
    *,
    actor,
    received_on: datetime.date | None,
    channel: str,
    content: str,
    commune=None,
    location: str = "",
    tipster_name: str = "",
    tipster_phone: str = "",
    tipster_address: str = "",
) -> Tip:
    """An officer records a tip received by their unit."""
    _check_write(actor=actor)
    content = (content or "").strip()
    errors = _content_errors(content)
    errors.update(_day_errors("received_on", received_on))
    if channel not in TipChannel.values:
        errors["channel"] = _("Choose the channel.")
    if (
        commune is not None
        and not selectors.tip_communes(user=actor).filter(pk=commune.pk).exists()
    ):
        errors["commune"] = _("Choose a current commune within your jurisdiction.")
    errors.update(_tipster_errors(name=tipster_name, phone=tipster_phone, address=tipster_address))
    if errors:
        raise ValidationError(errors)
    unit = actor.scope_unit
    tip = Tip(
        received_on=received_on,
        channel=channel,
        content=content,
        commune=commune,
        location=nfc(location or ""),
        received_unit=unit,
        received_by=actor,
        scope_path=unit.path,
    )
    return _save_tip(
        actor=actor,
        tip=tip,
        tipster={"name": tipster_name, "phone": tipster_phone, "address": tipster_address},
    )


@transaction.atomic
def tip_receive_public(
    *,
    content: str,
    commune,
    location: str = "",
    tipster_name: str = "",
    tipster_phone: str = "",
) -> Tip:
    """A tip sent through the public form (no login): received by the commune it concerns,
    whose officers verify it; only the province's designated role sees who sent it."""
    content = (content or "").strip()
    errors = _content_errors(content)
    if commune is None or not selectors.public_communes().filter(pk=commune.pk).exists():
        errors["commune"] = _("Choose the commune or ward the tip is about.")
    errors.update(_tipster_errors(name=tipster_name, phone=tipster_phone, address=""))
    if errors:
        raise ValidationError(errors)
    tip = Tip(
        received_on=timezone.localdate(),
        channel=TipChannel.ONLINE_FORM,
        content=content,
        commune=commune,
        location=nfc(location or ""),
        received_unit=commune,
        scope_path=commune.path,
        is_public=True,
    )
    return _save_tip(
        actor=None, tip=tip, tipster={"name": tipster_name, "phone": tipster_phone, "address": ""}
    )


EDITABLE = ("received_on", "channel", "content", "commune", "location")


@transaction.atomic
def tip_update(*, actor, tip: Tip, **data) -> Tip:
    """Correct what was recorded of a tip (never its tipster, routing or result)."""
    _check_write(actor=actor, tip=tip)
    tip = selectors.tip_lock(pk=tip.pk)
    before = snapshot(tip)
    for field, value in data.items():
        if field not in EDITABLE:
            raise ValidationError({field: _("This field cannot be changed here.")})
        setattr(tip, field, value)
    tip.content = (tip.content or "").strip()
    tip.location = nfc(tip.location or "")
    errors = _content_errors(tip.content)
    errors.update(_day_errors("received_on", tip.received_on))
    if tip.channel not in TipChannel.values:
        errors["channel"] = _("Choose the channel.")
    if (
        tip.commune_id
        and "commune" in data
        and not selectors.tip_communes(user=actor).filter(pk=tip.commune_id).exists()
    ):
        errors["commune"] = _("Choose a current commune within your jurisdiction.")
    if errors:
        raise ValidationError(errors)
    tip.search_folded = fold(" ".join([tip.reference, tip.location, tip.content]))
    tip.full_clean()
    tip.save()
    _log(actor=actor, record=tip, action=ChangeAction.UPDATE, before=before)
    return tip


def _raise_task(*, actor, tip: Tip, unit, routed_on) -> Task:
    task = Task(
        kind=TaskKind.TIP_VERIFICATION,
        title=_("Verify citizen's tip %(ref)s") % {"ref": tip.reference},
        detail=reverse("tips:detail", args=[tip.pk]),
        unit=unit,
        scope_path=unit.path,
        owner=selectors.unit_commune_officer(unit=unit),
        due_on=routed_on + datetime.timedelta(days=verify_within_days()),
        created_by=actor,
    )
    task.full_clean(validate_constraints=False)
    task.save()
    change_log_record(user=actor, action=ChangeAction.CREATE, record=task, after=snapshot(task))
    return task


@transaction.atomic
def tip_route(*, actor, tip: Tip, unit, routed_on: datetime.date | None, note: str = "") -> Tip:
    """Send a tip to a unit for verification: the unit gets a "tip to verify" task (owned by
    its commune officer when there is one). Routing again moves the task."""
    _check_write(actor=actor, tip=tip)
    tip = selectors.tip_lock(pk=tip.pk)
    if tip.result != TipResult.PENDING:
        raise ValidationError({"unit": _("This tip has already been verified.")})
    errors = _day_errors(
        "routed_on",
        routed_on,
        after=tip.received_on,
        after_label=_("The date is before the tip was received (%(date)s)."),
    )
    if unit is None or not selectors.tip_route_units(user=actor).filter(pk=unit.pk).exists():
        errors["unit"] = _("Choose a unit within your jurisdiction.")
    elif tip.routed_unit_id == unit.pk:
        errors["unit"] = _("The tip is already routed to this unit.")
    if errors:
        raise ValidationError(errors)
    before = snapshot(tip)
    if tip.task_id and tip.task.status == TaskStatus.OPEN:
        task_close(
            actor=actor,
            task=tip.task,
            result=_("Routed to %(unit)s.") % {"unit": unit.name},
            status=TaskStatus.CANCELLED,
        )
    tip.routed_unit, tip.routed_on, tip.scope_path = unit, routed_on, unit.path
    tip.task = _raise_task(actor=actor, tip=tip, unit=unit, routed_on=routed_on)
    tip.save()
    _event(actor=actor, tip=tip, step=TipStep.ROUTE, occurred_on=routed_on, unit=unit, note=note)
    _log(actor=actor, record=tip, action=ChangeAction.UPDATE, before=before)
    return tip


def _case_errors(*, actor, tip: Tip, case) -> dict:
    """A case the tip may have led to: one the user may see, detected once the tip came."""
    if case is None:
        return {}
    if not case_selectors.case_list(user=actor).filter(pk=case.pk).exists():
        return {"led_to_case": _("Choose a drug case within your jurisdiction.")}
    if case.detected_on < tip.received_on:
        return {
            "led_to_case": _("The case was detected before the tip was received (%(date)s).")
            % {"date": _d(tip.received_on)}
        }
    return {}


@transaction.atomic
def tip_verify(
    *,
    actor,
    tip: Tip,
    result: str,
    verified_on: datetime.date | None,
    led_to_hotspot=None,
    led_to_person=None,
    led_to_case=None,
    outcome_note: str = "",
) -> Tip:
    """Record the verification result and what the tip led to; closes the verification task."""
    _check_write(actor=actor, tip=tip)
    tip = selectors.tip_lock(pk=tip.pk)
    errors: dict = {}
    if tip.result != TipResult.PENDING:
        errors["result"] = _("This tip has already been verified.")
    elif result not in (TipResult.TRUE, TipResult.FALSE, TipResult.PARTLY_TRUE):
        errors["result"] = _("Choose true, false or partly true.")
    errors.update(
        _day_errors(
            "verified_on",
            verified_on,
            after=tip.received_on,
            after_label=_("The date is before the tip was received (%(date)s)."),
        )
    )
    if led_to_hotspot is not None and not selectors.hotspot_for_link(
        user=actor, pk=led_to_hotspot.pk
    ):
        errors["led_to_hotspot"] = _("Choose a hotspot within your jurisdiction.")
    if led_to_person is not None and not selectors.person_for_link(user=actor, pk=led_to_person.pk):
        errors["led_to_person"] = _("Choose a person within your jurisdiction.")
    if result == TipResult.FALSE and (led_to_hotspot or led_to_person):
        errors.setdefault(
            "result", _("A false tip leads to nothing: remove the hotspot and the person.")
        )
    if result == TipResult.FALSE and led_to_case is not None:
        errors["led_to_case"] = _("A false tip leads to no case.")
    else:
        errors.update(_case_errors(actor=actor, tip=tip, case=led_to_case))
    if errors:
        raise ValidationError(errors)
    before = snapshot(tip)
    tip.result, tip.verified_on = result, verified_on
    tip.led_to_hotspot, tip.led_to_person = led_to_hotspot, led_to_person
    tip.led_to_case = led_to_case
    tip.outcome_note = (outcome_note or "").strip()
    tip.full_clean()
    tip.save()
    label = TipResult(result).label
    _event(
        actor=actor,
        tip=tip,
        step=TipStep.VERIFY,
        occurred_on=verified_on,
        unit=actor.scope_unit,
        note=str(label),
    )
    if tip.task_id and tip.task.status == TaskStatus.OPEN:
        task_close(
            actor=actor,
            task=tip.task,
            result=_("Verified: %(result)s.") % {"result": str(label).lower()},
        )
    _log(actor=actor, record=tip, action=ChangeAction.UPDATE, before=before)
    return tip


@transaction.atomic
def tip_link_case(*, actor, tip: Tip, case, note: str = "") -> Tip:
    """Name the drug case a verified tip led to, when the case is opened after the
    verification (or correct it)."""
    _check_write(actor=actor, tip=tip)
    tip = selectors.tip_lock(pk=tip.pk)
    if tip.result not in (TipResult.TRUE, TipResult.PARTLY_TRUE):
        raise ValidationError(
            {"led_to_case": _("Only a tip verified as true or partly true leads to a case.")}
        )
    if case is None:
        raise ValidationError({"led_to_case": _("Choose the drug case.")})
    errors = _case_errors(actor=actor, tip=tip, case=case)
    if not errors and tip.led_to_case_id == case.pk:
        errors = {"led_to_case": _("The tip is already linked to this drug case.")}
    if errors:
        raise ValidationError(errors)
    before = snapshot(tip)
    tip.led_to_case = case
    tip.save()
    _event(
        actor=actor,
        tip=tip,
        step=TipStep.LINK_CASE,
        occurred_on=timezone.localdate(),
        unit=actor.scope_unit,
        note=" — ".join(filter(None, [str(case), (note or "").strip()])),
    )
    _log(actor=actor, record=tip, action=ChangeAction.UPDATE, before=before)
    return tip
