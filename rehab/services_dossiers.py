"""Compulsory-rehab dossiers: compile, move through the stages in order (each with its date,
officer, document number and files), decide with the legal term checked, enforce through the
placement service, complete with the placement. The next stage's deadline (StageDeadline rows
counted on the working-day calendar) is kept on the dossier for the due list."""

import calendar
import datetime
import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access
from common.text import nfc
from common.workdays import add_working_days
from registry import selectors as registry_selectors
from registry.choices import Law, Measure, TaskKind
from registry.models import law_on
from registry.models.people import LAW_120_FROM
from registry.services.documents import (
    _clean_original_name,
    _document_file_errors,
    _sha256,
)
from registry.services.work import task_close_rule

from . import selectors
from .choices import (
    NEXT_STAGES,
    DeadlineStep,
    DeadlineUnit,
    DossierStage,
    FacilityKind,
    PlacementForm,
)
from .models import Dossier, DossierEvent, DossierFile
from .services_placements import ADULT_AGE, MIN_MINOR_AGE, age_on

# How long after the last violation a dossier may still be compiled.
VIOLATION_MONTHS = 3
DOSSIER_FIELDS = [
    "stage",
    "stage_on",
    "law",
    "law_reason",
    "next_step",
    "next_due_on",
    "decision_number",
    "decision_date",
    "court",
    "months",
    "months_reason",
    "closed_reason",
    "high_risk",
]


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _check_write(*, actor, person) -> None:
    if not selectors.dossier_can(user=actor, access=Access.WRITE):
        raise PermissionError(_("You may not keep compulsory-rehab dossiers."))
    if (
        not registry_selectors.person_list(user=actor, access=Access.WRITE)
        .filter(pk=person.pk)
        .exists()
    ):
        raise PermissionError(_("The person is outside your jurisdiction."))


def deadline_after(*, law: str, step: str, day: datetime.date) -> datetime.date | None:
    """The last day for a step begun on `day`, from the StageDeadline row of the law (None
    when no row is set)."""
    row = selectors.stage_deadline(law=law, step=step)
    if row is None:
        return None
    if row.unit == DeadlineUnit.HOURS:
        # Stages are recorded by date: a step within N hours is due N/24 days later.
        return day + datetime.timedelta(days=math.ceil(row.amount / 24))
    return add_working_days(day, row.amount)


def next_deadline(*, law: str, stage: str, day: datetime.date) -> tuple[str, datetime.date | None]:
    """The stage expected next after `stage` reached on `day`, and its deadline."""
    if stage == DossierStage.COMPILED:
        return DossierStage.OPEN_FOR_READING, deadline_after(
            law=law, step=DeadlineStep.COMPILE, day=day
        )
    if stage == DossierStage.OPEN_FOR_READING:
        read_until = deadline_after(law=law, step=DeadlineStep.READ, day=day)
        if read_until is None:
            return DossierStage.SUBMITTED, None
        return DossierStage.SUBMITTED, deadline_after(
            law=law, step=DeadlineStep.SUBMIT, day=read_until
        )
    if stage in (DossierStage.SUBMITTED, DossierStage.COURT_QUESTIONS):
        return DossierStage.DECIDED, None  # the court's own time
    if stage == DossierStage.DECIDED:
        return DossierStage.ENFORCED, deadline_after(law=law, step=DeadlineStep.ENFORCE, day=day)
    if stage == DossierStage.ENFORCED:
        return DossierStage.COMPLETED, None
    return "", None


def _minor_errors(person, last_violation_on: datetime.date) -> tuple[bool, dict]:
    """Adult or minor from the age on the date of the last violation."""
    age, exact = age_on(person, last_violation_on)
    if not exact and age in (MIN_MINOR_AGE, ADULT_AGE):
        return False, {
            "last_violation_on": _(
                "Only the birth year is known: enter the person's date of birth to tell their "
                "age on the date of the violation."
            )
        }
    if age < MIN_MINOR_AGE:
        return False, {
            "last_violation_on": _(
                "The person was under 12 on the date of the violation: compulsory rehab does "
                "not apply."
            )
        }
    return age < ADULT_AGE, {}


def _event(
    *,
    actor,
    dossier,
    stage,
    occurred_on,
    officer_name="",
    document_number="",
    note="",
    asked_on=None,
    due_on=None,
) -> DossierEvent:
    event = DossierEvent(
        dossier=dossier,
        stage=stage,
        occurred_on=occurred_on,
        officer_name=nfc((officer_name or "").strip())
        or (actor.get_full_name() if actor else "")
        or str(actor or "—"),
        document_number=nfc((document_number or "").strip()),
        note=nfc((note or "").strip()),
        asked_on=asked_on,
        due_on=due_on,
        author=actor,
    )
    event.full_clean()
    event.save()
    return event


def _check_files(files) -> dict:
    problems = []
    for upload in files or ():
        name = _clean_original_name(upload.name)
        _type, errors = _document_file_errors(kind="decision", upload=upload, original_name=name)
        problems.extend(f"{name}: {e}" for e in errors)
    return {"files": problems} if problems else {}


def _save_files(*, actor, event: DossierEvent, files) -> list[DossierFile]:
    saved = []
    try:
        for upload in files or ():
            name = _clean_original_name(upload.name)
            content_type, _errors = _document_file_errors(
                kind="decision", upload=upload, original_name=name
            )
            row = DossierFile(
                event=event,
                title=name,
                original_name=name,
                content_type=content_type,
                size=upload.size,
                sha256=_sha256(upload),
                uploaded_by=actor,
            )
            upload.seek(0)
            row.file.save("upload", upload, save=False)
            saved.append(row)
            row.save()
            change_log_record(
                user=actor,
                action=ChangeAction.CREATE,
                record=("rehab_dossier_file", str(row.pk)),
                after=snapshot(row, ["event", "original_name", "content_type", "size", "sha256"]),
            )
    except Exception:
        for row in saved:
            row.file.storage.delete(row.file.name)
        raise
    return saved


@transaction.atomic
def dossier_compile(
    *,
    actor,
    person,
    last_violation_on: datetime.date | None,
    compiled_on: datetime.date | None,
    grounds: str,
    document_number: str = "",
    officer_name: str = "",
    law: str = "",
    law_reason: str = "",
    high_risk: bool = False,
    note: str = "",
    files=(),
) -> Dossier:
    """Compile a dossier (stage 1). Adult or minor from the age on the last violation; refused
    more than 3 months after it, under 12, or while another dossier of the person is open.
    Closes the person's open "compulsory-rehab dossier required" task."""
    _check_write(actor=actor, person=person)
    person = registry_selectors.person_lock(pk=person.pk)
    today = timezone.localdate()
    errors: dict = {}
    is_minor = False
    if last_violation_on is None:
        errors["last_violation_on"] = _("Enter the date of the last violation.")
    elif last_violation_on > today:
        errors["last_violation_on"] = _("The violation cannot be in the future.")
    else:
        is_minor, age_errors = _minor_errors(person, last_violation_on)
        errors.update(age_errors)
    if compiled_on is None:
        errors["compiled_on"] = _("Enter the date the dossier was compiled.")
    elif compiled_on > today:
        errors["compiled_on"] = _("The date cannot be in the future.")
    elif last_violation_on and "last_violation_on" not in errors:
        if compiled_on < last_violation_on:
            errors["compiled_on"] = _("The dossier cannot be compiled before the violation.")
        elif compiled_on > add_months(last_violation_on, VIOLATION_MONTHS):
            errors["compiled_on"] = _(
                "A dossier may be compiled only within 3 months of the last violation (until "
                "%(date)s)."
            ) % {"date": _date(add_months(last_violation_on, VIOLATION_MONTHS))}
    grounds = nfc((grounds or "").strip())
    if not grounds:
        errors["grounds"] = _("Say why the person is proposed for compulsory rehab.")
    in_force = law_on(compiled_on) if compiled_on else ""
    law = law or in_force
    law_reason = nfc((law_reason or "").strip())
    if law and law not in Law.values:
        errors["law"] = _("Choose a law from the list.")
    elif law and in_force and law != in_force and not law_reason:
        errors["law_reason"] = _(
            "On %(date)s the law in force is %(law)s: say why this dossier follows another."
        ) % {"date": _date(compiled_on), "law": Law(in_force).label}
    other = selectors.dossier_open_for(person=person)
    if other is not None:
        errors["person"] = _("The person already has an open dossier (compiled on %(date)s).") % {
            "date": _date(other.compiled_on)
        }
    errors.update(_check_files(files))
    if errors:
        raise ValidationError(errors)
    next_step, due = next_deadline(law=law, stage=DossierStage.COMPILED, day=compiled_on)
    dossier = Dossier(
        person=person,
        is_minor=is_minor,
        law=law,
        law_reason=law_reason,
        last_violation_on=last_violation_on,
        grounds=grounds,
        high_risk=bool(high_risk),
        stage=DossierStage.COMPILED,
        stage_on=compiled_on,
        compiled_on=compiled_on,
        next_step=next_step,
        next_due_on=due,
        created_by=actor,
    )
    dossier.full_clean()
    dossier.save()
    event = _event(
        actor=actor,
        dossier=dossier,
        stage=DossierStage.COMPILED,
        occurred_on=compiled_on,
        officer_name=officer_name,
        document_number=document_number,
        note=note,
    )
    _save_files(actor=actor, event=event, files=files)
    change_log_record(
        user=actor, action=ChangeAction.CREATE, record=dossier, after=snapshot(dossier)
    )
    task_close_rule(
        person=person,
        kind=TaskKind.COMPULSORY_DOSSIER_REQUIRED,
        result=_("Dossier compiled on %(date)s.") % {"date": _date(compiled_on)},
        actor=actor,
    )
    return dossier


def _measure(dossier: Dossier) -> str:
    return Measure.REHAB_COMPULSORY_MINOR if dossier.is_minor else Measure.REHAB_COMPULSORY_ADULT


def _form(dossier: Dossier) -> str:
    return PlacementForm.COMPULSORY_MINOR if dossier.is_minor else PlacementForm.COMPULSORY_ADULT


def _decision_errors(dossier, *, decision_number, decision_date, court, months, months_reason):
    """The court's decision: number, date, court and duration all required; the duration
    within the legal term of the law (the new law when decided from 01/07/2026 on a dossier
    begun before) for an adult or a minor, or with a reason. Returns (errors, law, term)."""
    errors: dict = {}
    if not decision_number:
        errors["decision_number"] = _("Enter the number of the court's decision.")
    if decision_date is None:
        errors["decision_date"] = _("Enter the date of the court's decision.")
    if not court:
        errors["court"] = _("Enter the court that decided.")
    if months is None:
        errors["months"] = _("Enter the duration decided, in months.")
    law = dossier.law
    if decision_date and law == Law.LAW_73_2021 and decision_date >= LAW_120_FROM:
        law = Law.LAW_120_2025
    occurrence = selectors.placement_count(person=dossier.person, forms=[_form(dossier)]) + 1
    term = registry_selectors.legal_term_for(
        law=law, measure=_measure(dossier), occurrence=occurrence
    )
    if term is None:
        errors["months"] = _(
            "No legal term is set for this measure under %(law)s: ask an administrator to add it."
        ) % {"law": Law(law).label}
    elif months and not (term.min_months <= months <= term.max_months) and not months_reason:
        if term.min_months == term.max_months:
            message = _(
                "The legal term is %(min)s months: say why the decision sets %(months)s months."
            )
        else:
            message = _(
                "The legal term is %(min)s–%(max)s months: say why the decision sets %(months)s "
                "months."
            )
        errors["months_reason"] = message % {
            "min": term.min_months,
            "max": term.max_months,
            "months": months,
        }
    return errors, law, term


def _facility_errors(dossier, facility) -> dict:
    from .choices import FacilityMeasure

    if facility is None:
        return {"facility": _("Choose the facility the person was taken to.")}
    if dossier.is_minor:
        if facility.kind not in (FacilityKind.REFORM_SCHOOL, FacilityKind.PUBLIC_REHAB) or (
            not facility.performs(FacilityMeasure.COMPULSORY_MINOR)
        ):
            return {
                "facility": _(
                    "A minor goes to a reform school or a public facility that takes minors."
                )
            }
    elif facility.kind != FacilityKind.PUBLIC_REHAB or not facility.performs(
        FacilityMeasure.COMPULSORY_ADULT
    ):
        return {"facility": _("An adult goes to a public rehab facility for compulsory rehab.")}
    return {}


PLACEMENT_FIELD = {
    "start_on": "occurred_on",
    "decision_date": "decision_date",
    "facility": "facility",
    "form": "facility",
    "months": "months",
    "months_reason": "months_reason",
    "law_reason": "law_reason",
}


@transaction.atomic
def dossier_stage(
    *,
    actor,
    dossier: Dossier,
    stage: str,
    occurred_on: datetime.date | None,
    document_number: str = "",
    officer_name: str = "",
    note: str = "",
    reason: str = "",
    asked_on: datetime.date | None = None,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    court: str = "",
    months: int | None = None,
    months_reason: str = "",
    facility=None,
    files=(),
) -> Dossier:
    """Record the next stage of a dossier, in order. Refused out of order, before the previous
    stage, in the future, or without what the stage needs (decision: number, date, court,
    duration in the legal range or a reason; enforcement: the facility; withdrawal or
    rejection: the reason)."""
    dossier = selectors.dossier_lock(pk=dossier.pk)
    _check_write(actor=actor, person=dossier.person)
    before = snapshot(dossier, DOSSIER_FIELDS)
    today = timezone.localdate()
    errors: dict = {}
    if stage not in DossierStage.values or stage == DossierStage.COMPLETED:
        raise ValidationError({"stage": _("Choose a stage from the list.")})
    allowed = NEXT_STAGES[DossierStage(dossier.stage)]
    if stage not in allowed:
        raise ValidationError(
            {
                "stage": _("After “%(current)s” the dossier cannot go to “%(stage)s”.")
                % {
                    "current": dossier.get_stage_display(),
                    "stage": DossierStage(stage).label,
                }
            }
        )
    if occurred_on is None:
        errors["occurred_on"] = _("Enter the date of this stage.")
    elif occurred_on > today:
        errors["occurred_on"] = _("The date cannot be in the future.")
    elif occurred_on < dossier.stage_on:
        errors["occurred_on"] = _("The date cannot be before the previous stage (%(date)s).") % {
            "date": _date(dossier.stage_on)
        }
    document_number = nfc((document_number or "").strip())
    reason = nfc((reason or "").strip())
    months_reason = nfc((months_reason or "").strip())
    due_on = dossier.next_due_on if stage == dossier.next_step else None
    event_note = note
    if stage == DossierStage.SUBMITTED and not document_number:
        errors["document_number"] = _("Enter the number of the letter sending it to the court.")
    if stage in (DossierStage.WITHDRAWN, DossierStage.REJECTED) and not reason:
        errors["reason"] = _("Say why.")
    if stage == DossierStage.COURT_QUESTIONS:
        if asked_on is None:
            errors["asked_on"] = _("Enter the date the court's questions were received.")
        elif asked_on < dossier.stage_on:
            errors["asked_on"] = _("The questions cannot predate the previous stage.")
        elif occurred_on and asked_on > occurred_on:
            errors["asked_on"] = _("The questions cannot be received after they were answered.")
        else:
            due_on = deadline_after(law=dossier.law, step=DeadlineStep.ANSWER, day=asked_on)
    law, term = dossier.law, None
    if stage == DossierStage.DECIDED:
        decision_number = nfc((decision_number or "").strip())
        court = nfc((court or "").strip())
        decision_errors, law, term = _decision_errors(
            dossier,
            decision_number=decision_number,
            decision_date=decision_date,
            court=court,
            months=months,
            months_reason=months_reason,
        )
        errors.update(decision_errors)
        if decision_date and occurred_on and decision_date > occurred_on:
            errors["decision_date"] = _("The decision cannot be dated after this stage.")
        elif decision_date and decision_date < dossier.stage_on:
            errors["decision_date"] = _(
                "The decision cannot predate the previous stage (%(date)s)."
            ) % {"date": _date(dossier.stage_on)}
    if stage == DossierStage.ENFORCED:
        errors.update(_facility_errors(dossier, facility))
        if (
            facility is not None
            and not selectors.facility_list(user=actor).filter(pk=facility.pk).exists()
        ):
            errors["facility"] = _("Choose a facility of your province.")
    errors.update(_check_files(files))
    if errors:
        raise ValidationError(errors)
    if stage == DossierStage.DECIDED:
        if law != dossier.law:
            dossier.law_reason = _(
                "Begun under %(old)s and decided on %(date)s: the new law's terms apply."
            ) % {"old": dossier.law, "date": _date(decision_date)}
            event_note = f"{dossier.law_reason} {note or ''}".strip()
        dossier.law = law
        dossier.legal_term = term
        dossier.decision_number = decision_number
        dossier.decision_date = decision_date
        dossier.court = court
        dossier.months = months
        dossier.months_reason = months_reason
        document_number = document_number or decision_number
    if stage == DossierStage.ENFORCED:
        dossier.placement = _enforce(
            actor=actor, dossier=dossier, on=occurred_on, facility=facility
        )
    if stage in (DossierStage.WITHDRAWN, DossierStage.REJECTED):
        dossier.closed_reason = reason
        event_note = f"{reason} {note or ''}".strip()
    if stage != DossierStage.COURT_QUESTIONS:
        dossier.stage = stage
    dossier.stage_on = occurred_on
    if stage == DossierStage.COURT_QUESTIONS:
        # Questions answered: the court decides next, on its own time.
        dossier.next_step, dossier.next_due_on = DossierStage.DECIDED, None
    else:
        dossier.next_step, dossier.next_due_on = next_deadline(
            law=dossier.law, stage=stage, day=occurred_on
        )
    dossier.full_clean()
    dossier.save()
    event = _event(
        actor=actor,
        dossier=dossier,
        stage=stage,
        occurred_on=occurred_on,
        officer_name=officer_name,
        document_number=document_number,
        note=event_note,
        asked_on=asked_on if stage == DossierStage.COURT_QUESTIONS else None,
        due_on=due_on,
    )
    _save_files(actor=actor, event=event, files=files)
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=dossier,
        before=before,
        after=snapshot(dossier, DOSSIER_FIELDS),
    )
    return dossier


def _enforce(*, actor, dossier: Dossier, on: datetime.date, facility):
    """The compulsory placement, through the placement service; its refusals are named on this
    form's fields."""
    from .services_placements import placement_open

    in_force = law_on(on)
    try:
        return placement_open(
            actor=actor,
            person=dossier.person,
            form=_form(dossier),
            start_on=on,
            decision_number=dossier.decision_number,
            decision_date=dossier.decision_date,
            decision_body=dossier.court,
            facility=facility,
            law=dossier.law,
            law_reason=(
                dossier.law_reason
                or _("The law of the court's decision (%(law)s).") % {"law": dossier.law}
            )
            if dossier.law != in_force
            else "",
            months=dossier.months,
            months_reason=dossier.months_reason,
            note=_("Enforcement of compulsory-rehab decision %(number)s.")
            % {"number": dossier.decision_number},
        )
    except ValidationError as exc:
        raise ValidationError(
            {
                PLACEMENT_FIELD.get(field, "occurred_on"): messages
                for field, messages in exc.message_dict.items()
            }
        ) from exc


def dossier_complete_for(*, actor, placement, certificate_number="") -> Dossier | None:
    """Called when a compulsory placement completes: its dossier is completed on that day,
    with the completion certificate as the stage's document."""
    dossier = selectors.dossier_of_placement_lock(placement=placement)
    if dossier is None or dossier.stage != DossierStage.ENFORCED:
        return None
    before = snapshot(dossier, DOSSIER_FIELDS)
    dossier.stage = DossierStage.COMPLETED
    dossier.stage_on = placement.ended_on
    dossier.next_step, dossier.next_due_on = "", None
    dossier.save()
    _event(
        actor=actor,
        dossier=dossier,
        stage=DossierStage.COMPLETED,
        occurred_on=placement.ended_on,
        document_number=certificate_number,
        note=placement.end_note,
    )
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=dossier,
        before=before,
        after=snapshot(dossier, DOSSIER_FIELDS),
    )
    return dossier


@transaction.atomic
def dossier_set_high_risk(*, actor, dossier: Dossier, high_risk: bool) -> Dossier:
    """Flag (or unflag) the person of an open dossier as eligible for compulsory rehab and at
    high risk of offending (003 §II.3)."""
    dossier = selectors.dossier_lock(pk=dossier.pk)
    _check_write(actor=actor, person=dossier.person)
    before = snapshot(dossier, DOSSIER_FIELDS)
    dossier.high_risk = bool(high_risk)
    dossier.save(update_fields=["high_risk", "updated_at"])
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=dossier,
        before=before,
        after=snapshot(dossier, DOSSIER_FIELDS),
    )
    return dossier
