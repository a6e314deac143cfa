"""Education at commune: compile the dossier, decide (number, date, body; the period from the
legal term `EDUCATION_AT_COMMUNE`, refused outside its range without a reason), end it
(completed on its last day, or early with a reason), or withdraw the dossier.

The registry calls `education_positive_test_rule` for every positive drug test (a hook
registered in apps.py): a test during the measure or within a year after its last day asks
for an addiction determination (DOMAIN.md §3). Which laws the rule applies under is a setting,
`REHAB_EDUCATION_DETERMINATION_LAWS` (default: both; DOMAIN.md names it under Law 73)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access
from common.text import nfc
from registry import selectors as registry_selectors
from registry.choices import Law, Measure, TaskKind
from registry.models import law_on, period_end_date

from . import selectors
from .choices import EducationStatus
from .models import EducationEvent, EducationMeasure

# After the last day of the measure, a positive test within this many months still asks for
# a determination (DOMAIN.md §3: "within 1 year after").
AFTER_MONTHS = 12


def _date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _check_write(*, actor, person) -> None:
    if not selectors.followup_can(user=actor, access=Access.WRITE):
        raise PermissionError(_("You may not record education at commune."))
    if (
        not registry_selectors.person_list(user=actor, access=Access.WRITE)
        .filter(pk=person.pk)
        .exists()
    ):
        raise PermissionError(_("The person is outside your jurisdiction."))


def _lock(*, actor, measure) -> EducationMeasure:
    person = registry_selectors.person_lock(pk=measure.person_id)
    _check_write(actor=actor, person=person)
    measure = selectors.education_lock(pk=measure.pk)
    measure.person = person
    return measure


def _event(*, actor, measure, status, occurred_on, document_number="", note="") -> None:
    event = EducationEvent(
        measure=measure,
        status=status,
        occurred_on=occurred_on,
        document_number=document_number,
        note=note,
        author=actor,
    )
    event.full_clean()
    event.save()


def _finish(measure, errors: dict, *, actor, before=None) -> None:
    try:
        measure.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)
    measure.save()
    change_log_record(
        user=actor,
        action=ChangeAction.CREATE if before is None else ChangeAction.UPDATE,
        record=measure,
        before=before,
        after=snapshot(measure),
    )


@transaction.atomic
def education_compile(
    *,
    actor,
    person,
    compiled_on: datetime.date | None,
    grounds: str,
    dossier_number: str = "",
    note: str = "",
) -> EducationMeasure:
    """Compile the dossier of education at commune; one open measure per person."""
    _check_write(actor=actor, person=person)
    person = registry_selectors.person_lock(pk=person.pk)
    errors: dict = {}
    if compiled_on is None:
        errors["compiled_on"] = _("Enter the date the dossier was compiled.")
    elif compiled_on > timezone.localdate():
        errors["compiled_on"] = _("The date cannot be in the future.")
    if not (grounds or "").strip():
        errors["grounds"] = _("State the grounds for the measure.")
    current = selectors.education_open_for(person=person)
    if current is not None:
        errors["compiled_on"] = _(
            "The person already has an open education at commune (dossier of %(date)s)."
        ) % {"date": _date(current.compiled_on)}
    measure = EducationMeasure(
        person=person,
        status=EducationStatus.COMPILED,
        compiled_on=compiled_on,
        dossier_number=nfc((dossier_number or "").strip()),
        grounds=nfc((grounds or "").strip()),
        created_by=actor,
    )
    _finish(measure, errors, actor=actor)
    _event(
        actor=actor,
        measure=measure,
        status=EducationStatus.COMPILED,
        occurred_on=compiled_on,
        document_number=measure.dossier_number,
        note=nfc((note or "").strip()),
    )
    return measure


@transaction.atomic
def education_decide(
    *,
    actor,
    measure: EducationMeasure,
    decision_number: str,
    decision_date: datetime.date | None,
    decision_body: str,
    start_on: datetime.date | None = None,
    months: int | None = None,
    months_reason: str = "",
    note: str = "",
) -> EducationMeasure:
    """The commune chairman's decision: number, date and body are required; the period starts
    on the decision date unless another start is given, and lasts the legal term's default
    unless another duration is given (outside the legal range, with a reason)."""
    measure = _lock(actor=actor, measure=measure)
    before = snapshot(measure)
    if measure.status != EducationStatus.COMPILED:
        raise ValidationError({"decision_number": _("Only a compiled dossier can be decided.")})
    errors: dict = {}
    today = timezone.localdate()
    if not (decision_number or "").strip():
        errors["decision_number"] = _("Enter the decision number.")
    if not (decision_body or "").strip():
        errors["decision_body"] = _("Enter the deciding body.")
    if decision_date is None:
        errors["decision_date"] = _("Enter the decision date.")
    elif decision_date > today:
        errors["decision_date"] = _("The decision date cannot be in the future.")
    elif decision_date < measure.compiled_on:
        errors["decision_date"] = _(
            "The decision cannot precede the dossier (compiled on %(date)s)."
        ) % {"date": _date(measure.compiled_on)}
    start = start_on or decision_date
    if start is not None and "decision_date" not in errors:
        if start > today:
            errors["start_on"] = _("The start cannot be in the future.")
        elif decision_date and start < decision_date:
            errors["start_on"] = _("The measure starts on or after its decision.")
    term = None
    if start is not None:
        term = registry_selectors.legal_term_for(
            law=law_on(start), measure=Measure.EDUCATION_AT_COMMUNE
        )
        if term is None:
            errors["months"] = _(
                "No legal term is set for education at commune under %(law)s: ask an "
                "administrator to add it."
            ) % {"law": Law(law_on(start)).label}
    if months is None and term is not None:
        months = term.default_months
    months_reason = (months_reason or "").strip()
    if term and months and not (term.min_months <= months <= term.max_months):
        if not months_reason:
            errors["months_reason"] = _(
                "The legal term is %(min)s–%(max)s months: say why this measure lasts "
                "%(months)s months."
            ) % {"min": term.min_months, "max": term.max_months, "months": months}
    measure.status = EducationStatus.DECIDED
    measure.decision_number = nfc((decision_number or "").strip())
    measure.decision_date = decision_date
    measure.decision_body = nfc((decision_body or "").strip())
    measure.start_on = start
    measure.law = law_on(start) if start else ""
    measure.legal_term = term
    measure.months = months
    measure.months_reason = months_reason
    if start and months:
        measure.planned_end_on = period_end_date(start, months)
    _finish(measure, errors, actor=actor, before=before)
    _event(
        actor=actor,
        measure=measure,
        status=EducationStatus.DECIDED,
        occurred_on=decision_date,
        document_number=measure.decision_number,
        note=_("From %(start)s to %(end)s (%(months)s months). %(note)s")
        % {
            "start": _date(start),
            "end": _date(measure.planned_end_on),
            "months": months,
            "note": nfc((note or "").strip()),
        },
    )
    return measure


@transaction.atomic
def education_end(
    *,
    actor,
    measure: EducationMeasure,
    ended_on: datetime.date | None,
    status: str,
    end_note: str = "",
    document_number: str = "",
) -> EducationMeasure:
    """Record the end: completed on the planned last day, or ended early with a reason."""
    measure = _lock(actor=actor, measure=measure)
    before = snapshot(measure)
    if measure.status != EducationStatus.DECIDED:
        raise ValidationError({"ended_on": _("Only a measure under way can end.")})
    errors: dict = {}
    end_note = nfc((end_note or "").strip())
    if status not in (EducationStatus.COMPLETED, EducationStatus.ENDED_EARLY):
        errors["status"] = _("Choose completed or ended early.")
    if ended_on is None:
        errors["ended_on"] = _("Enter the date it ended.")
    elif ended_on > timezone.localdate():
        errors["ended_on"] = _("The end cannot be in the future.")
    elif ended_on < measure.start_on:
        errors["ended_on"] = _("The end cannot be before the start (%(date)s).") % {
            "date": _date(measure.start_on)
        }
    elif status == EducationStatus.COMPLETED and ended_on != measure.planned_end_on:
        errors["status"] = _(
            "The measure is completed on its last day (%(date)s); for another end choose "
            "ended early."
        ) % {"date": _date(measure.planned_end_on)}
    elif status == EducationStatus.ENDED_EARLY:
        if ended_on >= measure.planned_end_on:
            errors["ended_on"] = _("An early end comes before the last day (%(date)s).") % {
                "date": _date(measure.planned_end_on)
            }
        if not end_note:
            errors["end_note"] = _("Say why the measure ended early.")
    measure.status = status
    measure.ended_on = ended_on
    measure.end_note = end_note
    _finish(measure, errors, actor=actor, before=before)
    _event(
        actor=actor,
        measure=measure,
        status=status,
        occurred_on=ended_on,
        document_number=nfc((document_number or "").strip()),
        note=end_note,
    )
    return measure


@transaction.atomic
def education_withdraw(
    *, actor, measure: EducationMeasure, withdrawn_on: datetime.date | None, reason: str
) -> EducationMeasure:
    """Withdraw a dossier that was not decided, with the reason."""
    measure = _lock(actor=actor, measure=measure)
    before = snapshot(measure)
    errors: dict = {}
    if measure.status != EducationStatus.COMPILED:
        errors["reason"] = _("Only a dossier not yet decided can be withdrawn.")
    if not (reason or "").strip():
        errors["reason"] = _("Say why the dossier is withdrawn.")
    if withdrawn_on is None:
        errors["withdrawn_on"] = _("Enter the date.")
    elif withdrawn_on > timezone.localdate() or withdrawn_on < measure.compiled_on:
        errors["withdrawn_on"] = _("The date must lie between the dossier and today.")
    if errors:
        raise ValidationError(errors)
    measure.status = EducationStatus.WITHDRAWN
    measure.ended_on = withdrawn_on
    measure.end_note = nfc(reason.strip())
    _finish(measure, {}, actor=actor, before=before)
    _event(
        actor=actor,
        measure=measure,
        status=EducationStatus.WITHDRAWN,
        occurred_on=withdrawn_on,
        note=measure.end_note,
    )
    return measure


def _rule_laws() -> tuple[str, ...]:
    return tuple(getattr(settings, "REHAB_EDUCATION_DETERMINATION_LAWS", Law.values))


def education_positive_test_rule(*, person, test) -> list[dict]:
    """For the registry's positive-test hook: a positive test during education at commune or
    within a year after its last day asks for an addiction determination."""
    if test.law not in _rule_laws():
        return []
    for measure in selectors.education_decided_of(person=person):
        last = measure.last_day
        if measure.start_on is None or last is None or test.tested_on < measure.start_on:
            continue
        until = period_end_date(last + datetime.timedelta(days=1), AFTER_MONTHS)
        if test.tested_on > until:
            continue
        during = test.tested_on <= last
        day = _date(test.tested_on)
        return [
            {
                "kind": TaskKind.DETERMINATION_REQUIRED,
                "title": _("Addiction determination required: positive drug test of %(day)s")
                % {"day": day},
                "detail": (
                    _(
                        "Positive drug test of %(day)s during education at commune "
                        "(decision %(number)s, %(start)s – %(end)s)."
                    )
                    if during
                    else _(
                        "Positive drug test of %(day)s within a year after education at "
                        "commune (decision %(number)s, %(start)s – %(end)s)."
                    )
                )
                % {
                    "day": day,
                    "number": measure.decision_number,
                    "start": _date(measure.start_on),
                    "end": _date(last),
                },
                "due_on": test.tested_on
                + datetime.timedelta(
                    days=int(getattr(settings, "REGISTRY_DETERMINATION_DUE_DAYS", 5))
                ),
            }
        ]
    return []
