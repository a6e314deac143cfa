"""Management periods: open, extend, end, and renew on a new decision.

Durations come from LegalTerm rows (per law and measure), never from constants here. Dates
follow the convention in registry/models/periods.py (the start day is day one; N months end on
the day before the same date N months later, or on the last day of a month that has no such
date). Every write locks the person first, so that two requests cannot both open overlapping
periods."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access
from common.text import nfc

from .. import selectors
from ..choices import EventKind, Law, PeriodEndReason, PeriodKind
from ..models import (
    ManagementPeriod,
    Person,
    PersonEvent,
    law_on,
    period_end_date,
    period_measure,
)


def _check_write(*, actor, person: Person) -> None:
    """Views answer 404 before this; here it is the last guard."""
    if not selectors.period_can(user=actor, access=Access.WRITE):
        raise PermissionError(_("You may not change management periods."))
    if not selectors.person_list(user=actor, access=Access.WRITE).filter(pk=person.pk).exists():
        raise PermissionError(_("The person is outside your jurisdiction."))


def _date(day: datetime.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _log(*, actor, period: ManagementPeriod, action, before=None) -> None:
    change_log_record(
        user=actor,
        action=action,
        record=(ManagementPeriod.log_record_type, str(period.pk)),
        before=before,
        after=snapshot(period),
    )


def _event(
    *,
    actor,
    period: ManagementPeriod,
    kind: str,
    occurred_on: datetime.date,
    note: str,
    basis_number: str = "",
    basis_date: datetime.date | None = None,
    basis_body: str = "",
) -> PersonEvent:
    """The step on the person's timeline, under the period's law."""
    event = PersonEvent(
        person=period.person,
        kind=kind,
        occurred_on=occurred_on,
        law=period.law,
        basis_number=basis_number,
        basis_date=basis_date,
        basis_body=basis_body,
        note=note,
        author=actor,
    )
    event.full_clean()
    event.save()
    return event


def _clean(period: ManagementPeriod, errors: dict, exclude=()) -> None:
    """Every reason at once: the service's and the model's."""
    try:
        period.full_clean(exclude=[*exclude, *errors])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _refuse_overlap(
    *, period: ManagementPeriod, start_on, end_on, field: str, exclude_pk=None
) -> None:
    other = selectors.period_overlapping(
        person=period.person,
        kind=period.kind,
        start_on=start_on,
        end_on=end_on,
        exclude_pk=exclude_pk,
    )
    if other is None:
        return
    other_end = other.ended_on or other.current_end
    raise ValidationError(
        {
            field: _(
                "This overlaps the %(kind)s from %(start)s to %(end)s (decision %(number)s): "
                "a person has one period of a kind at a time."
            )
            % {
                "kind": other.get_kind_display().lower(),
                "start": _date(other.start_on),
                "end": _date(other_end),
                "number": other.decision_number,
            }
        }
    )


def _decision_errors(decision_date) -> dict:
    if decision_date and decision_date > timezone.localdate():
        return {"decision_date": _("The decision date cannot be in the future.")}
    return {}


@transaction.atomic
def period_open(
    *,
    actor,
    person: Person,
    kind: str,
    start_on: datetime.date | None,
    decision_number: str,
    decision_date: datetime.date | None,
    decision_body: str,
    basis: str = "",
    law: str = "",
    law_reason: str = "",
    months: int | None = None,
    months_reason: str = "",
    note: str = "",
    renews: ManagementPeriod | None = None,
) -> ManagementPeriod:
    """Open a management period on its decision. The law is the one in force on the start
    date unless another is given with a reason; the duration is the legal term's default
    unless another is given (outside the legal range, with a reason). Refused when it would
    overlap another period of the same kind of the same person."""
    _check_write(actor=actor, person=person)
    person = selectors.person_lock(pk=person.pk)
    errors: dict = {}
    exclude = []
    if start_on is None:
        errors["start_on"] = _("Enter the start date.")
    law = law or (law_on(start_on) if start_on else "")
    measure = period_measure(kind, basis)
    term = None
    if measure and law in Law.values:
        term = selectors.legal_term_for(law=law, measure=measure)
        if term is None:
            errors["basis" if basis else "kind"] = _(
                "No legal term is set for this measure under %(law)s: ask an administrator to "
                "add it."
            ) % {"law": Law(law).label}
    if term is None:
        exclude.append("legal_term")
    if months is None and term is not None:
        months = term.default_months
    if months is None:
        exclude.append("months")
    period = ManagementPeriod(
        person=person,
        kind=kind,
        basis=basis or "",
        legal_term=term,
        start_on=start_on,
        law=law,
        law_reason=(law_reason or "").strip(),
        months=months,
        months_reason=(months_reason or "").strip(),
        decision_number=nfc((decision_number or "").strip()),
        decision_date=decision_date,
        decision_body=nfc((decision_body or "").strip()),
        renews=renews,
        created_by=actor,
    )
    if start_on and months and months > 0:
        period.planned_end_on = period_end_date(start_on, months)
    else:
        exclude.append("planned_end_on")
    errors.update(_decision_errors(decision_date))
    # Checked when the period is opened, against the term in force then (an administrator may
    # change the term later; the period keeps its months).
    if term and months and months > 0 and not (term.min_months <= months <= term.max_months):
        if not period.months_reason:
            errors["months_reason"] = _(
                "The legal term is %(min)s–%(max)s months: say why this period lasts "
                "%(months)s months."
            ) % {"min": term.min_months, "max": term.max_months, "months": months}
    _clean(period, errors, exclude)
    _refuse_overlap(
        period=period, start_on=period.start_on, end_on=period.planned_end_on, field="start_on"
    )
    period.save()
    text = _("%(kind)s from %(start)s to %(end)s (%(months)s months).") % {
        "kind": period.get_kind_display(),
        "start": _date(period.start_on),
        "end": _date(period.planned_end_on),
        "months": period.months,
    }
    if period.basis:
        text = f"{text} {period.get_basis_display()}."
    if note.strip():
        text = f"{text} {note.strip()}"
    _event(
        actor=actor,
        period=period,
        kind=EventKind.PERIOD_OPENED,
        occurred_on=period.start_on,
        note=text,
        basis_number=period.decision_number,
        basis_date=period.decision_date,
        basis_body=period.decision_body,
    )
    _log(actor=actor, period=period, action=ChangeAction.CREATE)
    return period


def _lock(*, actor, period: ManagementPeriod) -> ManagementPeriod:
    """Lock the person, then the period (always in this order), and check the actor."""
    person = selectors.person_lock(pk=period.person_id)
    _check_write(actor=actor, person=person)
    period = selectors.period_lock(pk=period.pk)
    period.person = person
    return period


@transaction.atomic
def period_extend(
    *,
    actor,
    period: ManagementPeriod,
    extended_to: datetime.date | None,
    extension_reason: str,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    decision_body: str = "",
) -> ManagementPeriod:
    """Extend an open period to a later last day, with the reason (and its decision, when
    there is one)."""
    period = _lock(actor=actor, period=period)
    before = snapshot(period)
    if period.ended_on:
        raise ValidationError(
            {
                "extended_to": _("This period ended on %(date)s; it cannot be extended.")
                % {"date": _date(period.ended_on)}
            }
        )
    errors = _decision_errors(decision_date)
    if extended_to is None:
        errors["extended_to"] = _("Enter the new last day.")
    elif extended_to <= period.current_end:
        errors["extended_to"] = _("The new last day must be after the current one (%(date)s).") % {
            "date": _date(period.current_end)
        }
    if not (extension_reason or "").strip():
        errors["extension_reason"] = _("Say why the period is extended.")
    if errors:
        raise ValidationError(errors)
    period.extended_to = extended_to
    period.extension_reason = extension_reason.strip()
    _clean(period, {})
    _refuse_overlap(
        period=period,
        start_on=period.start_on,
        end_on=extended_to,
        field="extended_to",
        exclude_pk=period.pk,
    )
    period.save()
    _event(
        actor=actor,
        period=period,
        kind=EventKind.PERIOD_EXTENDED,
        occurred_on=decision_date or timezone.localdate(),
        note=_("%(kind)s extended to %(date)s: %(reason)s")
        % {
            "kind": period.get_kind_display(),
            "date": _date(extended_to),
            "reason": period.extension_reason,
        },
        basis_number=nfc((decision_number or "").strip()),
        basis_date=decision_date,
        basis_body=nfc((decision_body or "").strip()),
    )
    _log(actor=actor, period=period, action=ChangeAction.UPDATE, before=before)
    return period


@transaction.atomic
def period_end(
    *,
    actor,
    period: ManagementPeriod,
    ended_on: datetime.date | None,
    end_reason: str,
    end_note: str = "",
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    decision_body: str = "",
) -> ManagementPeriod:
    """Record the end of a period: completed on the last day of its term, or earlier (ended
    early, moved away, died, replaced by a new decision, other)."""
    period = _lock(actor=actor, period=period)
    before = snapshot(period)
    if period.ended_on:
        raise ValidationError(
            {
                "ended_on": _("This period already ended on %(date)s.")
                % {"date": _date(period.ended_on)}
            }
        )
    errors = _decision_errors(decision_date)
    last_day = period.current_end
    if ended_on is None:
        errors["ended_on"] = _("Enter the date the period ended.")
    elif ended_on > timezone.localdate():
        errors["ended_on"] = _("The end cannot be in the future.")
    elif ended_on > last_day:
        errors["ended_on"] = _(
            "The term ends on %(date)s: the period cannot end after it (extend it first)."
        ) % {"date": _date(last_day)}
    elif end_reason == PeriodEndReason.COMPLETED and ended_on != last_day:
        errors["end_reason"] = _(
            "A period is completed on the last day of its term (%(date)s); for an earlier end "
            "choose another reason."
        ) % {"date": _date(last_day)}
    if end_reason and end_reason not in PeriodEndReason.values:
        errors["end_reason"] = _("Choose a reason from the list.")
    elif not end_reason:
        errors["end_reason"] = _("Choose why the period ended.")
    if errors:
        raise ValidationError(errors)
    period.ended_on = ended_on
    period.end_reason = end_reason
    period.end_note = (end_note or "").strip()
    _clean(period, {})
    period.save()
    text = _("%(kind)s ended: %(reason)s.") % {
        "kind": period.get_kind_display(),
        "reason": period.get_end_reason_display().lower(),
    }
    if period.end_note:
        text = f"{text} {period.end_note}"
    _event(
        actor=actor,
        period=period,
        kind=EventKind.PERIOD_ENDED,
        occurred_on=ended_on,
        note=text,
        basis_number=nfc((decision_number or "").strip()),
        basis_date=decision_date,
        basis_body=nfc((decision_body or "").strip()),
    )
    _log(actor=actor, period=period, action=ChangeAction.UPDATE, before=before)
    return period


@transaction.atomic
def period_renew(
    *,
    actor,
    period: ManagementPeriod,
    decision_number: str,
    decision_date: datetime.date | None,
    decision_body: str,
    start_on: datetime.date | None = None,
    law: str = "",
    law_reason: str = "",
    months: int | None = None,
    months_reason: str = "",
    note: str = "",
) -> ManagementPeriod:
    """Law 120/2025: use again during illicit-user management gives a new decision and a new
    year. The current period ends the day before the new one starts (reason "replaced by a
    new decision") and a new period opens from the new decision's date (or `start_on`), with
    the legal term in force then. Both or neither are written."""
    period = _lock(actor=actor, period=period)
    start = start_on or decision_date
    errors = _decision_errors(decision_date)
    if period.kind != PeriodKind.USER:
        errors["kind"] = _("Only illicit-user management is renewed by a new decision.")
    if period.ended_on:
        errors["start_on"] = _(
            "This period already ended on %(date)s: open a new period instead."
        ) % {"date": _date(period.ended_on)}
    elif start is None:
        errors["decision_date"] = _("Enter the date of the new decision.")
    elif start <= period.start_on:
        errors["start_on"] = _(
            "The new period must start after the current one's start (%(date)s)."
        ) % {"date": _date(period.start_on)}
    elif start > period.current_end:
        errors["start_on"] = _(
            "The current term ended on %(date)s: record its end and open a new period instead."
        ) % {"date": _date(period.current_end)}
    elif (law or law_on(start)) != Law.LAW_120_2025:
        errors["start_on"] = _(
            "A new decision renews the period under Law 120/2025 (from 01/07/2026); under Law "
            "73/2021 use during management calls for an addiction determination instead."
        )
    if errors:
        raise ValidationError(errors)
    period_end(
        actor=actor,
        period=period,
        ended_on=start - datetime.timedelta(days=1),
        end_reason=PeriodEndReason.NEW_DECISION,
        end_note=_("Replaced by decision %(number)s of %(date)s.")
        % {"number": decision_number.strip(), "date": _date(decision_date)},
        decision_number=decision_number,
        decision_date=decision_date,
        decision_body=decision_body,
    )
    return period_open(
        actor=actor,
        person=period.person,
        kind=period.kind,
        basis=period.basis,
        start_on=start,
        decision_number=decision_number,
        decision_date=decision_date,
        decision_body=decision_body,
        law=law,
        law_reason=law_reason,
        months=months,
        months_reason=months_reason,
        note=note,
        renews=period,
    )
