"""Rehab placements: open on a decision with the term derived from LegalTerm data (per law,
measure and how many times), end with an outcome. Completing opens the post-rehab management
period; quitting or absconding from voluntary rehab raises "compulsory-rehab dossier
required" as due work."""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access
from common.text import nfc
from registry import selectors as registry_selectors
from registry.choices import Category, Law, Measure, PeriodKind, PostRehabBasis, TaskKind
from registry.models import law_on, period_end_date
from registry.services.events import category_on, person_change_category
from registry.services.periods import period_open
from registry.services.work import task_raise

from . import selectors
from .choices import (
    COMPULSORY_FORMS,
    FORM_FACILITY_MEASURE,
    VOLUNTARY_FORMS,
    PlacementEventKind,
    PlacementForm,
    PlacementOutcome,
)
from .models import PlacementEvent, RehabPlacement

ADULT_AGE = 18
MIN_MINOR_AGE = 12


def placement_measure(form: str) -> str | None:
    """The legal term a placement of this form follows (psychosis treatment has none)."""
    if form in VOLUNTARY_FORMS:
        return Measure.REHAB_VOLUNTARY
    if form == PlacementForm.COMPULSORY_ADULT:
        return Measure.REHAB_COMPULSORY_ADULT
    if form == PlacementForm.COMPULSORY_MINOR:
        return Measure.REHAB_COMPULSORY_MINOR
    return None


def post_rehab_basis(placement: RehabPlacement) -> str | None:
    if placement.form in VOLUNTARY_FORMS:
        return PostRehabBasis.VOLUNTARY_REHAB
    if placement.form == PlacementForm.COMPULSORY_MINOR:
        return PostRehabBasis.MINOR_COMPULSORY
    if placement.form == PlacementForm.COMPULSORY_ADULT:
        return PostRehabBasis.ADULT_COMPULSORY
    return None


def _months_before(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(person, day: datetime.date) -> tuple[int, bool]:
    """The person's age on a day, and whether it is exact (a date of birth is known)."""
    born = person.date_of_birth
    if born:
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day)), True
    return day.year - person.birth_year, False


def _check_write(*, actor, person) -> None:
    if not selectors.placement_can(user=actor, access=Access.WRITE):
        raise PermissionError(_("You may not record rehab placements."))
    if (
        not registry_selectors.person_list(user=actor, access=Access.WRITE)
        .filter(pk=person.pk)
        .exists()
    ):
        raise PermissionError(_("The person is outside your jurisdiction."))


def _check_placement_write(*, actor, placement) -> bool:
    """A write on an existing placement: by whoever writes the person (the commune police,
    the province) or, for a facility officer, a placement at their facility. Returns whether
    the actor writes the person too (what the completion's follow-up needs)."""
    if not selectors.placement_can(user=actor, access=Access.WRITE):
        raise PermissionError(_("You may not record rehab placements."))
    if (
        registry_selectors.person_list(user=actor, access=Access.WRITE)
        .filter(pk=placement.person_id)
        .exists()
    ):
        return True
    if (
        not selectors.placement_list(user=actor, access=Access.WRITE)
        .filter(pk=placement.pk)
        .exists()
    ):
        raise PermissionError(_("The placement is outside your jurisdiction."))
    return False


def _age_errors(person, form: str, start_on: datetime.date) -> dict:
    if form not in COMPULSORY_FORMS:
        return {}
    age, exact = age_on(person, start_on)
    if form == PlacementForm.COMPULSORY_MINOR:
        if not exact and age in (MIN_MINOR_AGE, ADULT_AGE):
            return {
                "form": _(
                    "Only the birth year is known: enter the date of birth to tell whether the "
                    "person is a minor on the start date."
                )
            }
        if age >= ADULT_AGE:
            return {"form": _("The person is 18 or older on the start date: choose adult.")}
        if age < MIN_MINOR_AGE:
            return {"form": _("Compulsory rehab does not apply under the age of 12.")}
    if form == PlacementForm.COMPULSORY_ADULT:
        if not exact and age == ADULT_AGE:
            return {
                "form": _(
                    "Only the birth year is known: enter the date of birth to tell whether the "
                    "person is 18 on the start date."
                )
            }
        if age < ADULT_AGE:
            return {"form": _("The person is under 18 on the start date: choose minor.")}
    return {}


def _event(*, actor, placement, kind, occurred_on, note, basis_number="") -> None:
    event = PlacementEvent(
        placement=placement,
        kind=kind,
        occurred_on=occurred_on,
        note=note,
        basis_number=basis_number,
        author=actor,
    )
    event.full_clean()
    event.save()


def _date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


@transaction.atomic
def placement_open(
    *,
    actor,
    person,
    form: str,
    start_on: datetime.date | None,
    decision_number: str,
    decision_date: datetime.date | None,
    decision_body: str,
    facility=None,
    law: str = "",
    law_reason: str = "",
    months: int | None = None,
    months_reason: str = "",
    note: str = "",
) -> RehabPlacement:
    """Open a placement. The law is the one in force on the start date unless another is
    given with a reason; the duration is the legal term's default unless another is given,
    refused outside the legal range without a reason. Refused when it overlaps another
    placement of the person."""
    _check_write(actor=actor, person=person)
    person = registry_selectors.person_lock(pk=person.pk)
    errors: dict = {}
    if form not in PlacementForm.values:
        errors["form"] = _("Choose a form of rehab from the list.")
    if start_on is None:
        errors["start_on"] = _("Enter the start date.")
    elif start_on > timezone.localdate():
        errors["start_on"] = _("The start cannot be in the future.")
    if decision_date and decision_date > timezone.localdate():
        errors["decision_date"] = _("The decision date cannot be in the future.")
    in_force = law_on(start_on) if start_on else ""
    law = law or in_force
    law_reason = (law_reason or "").strip()
    if law and law not in Law.values:
        errors["law"] = _("Choose a law from the list.")
    elif law and in_force and law != in_force and not law_reason:
        errors["law_reason"] = _(
            "On %(date)s the law in force is %(law)s: say why this placement follows another."
        ) % {"date": _date(start_on), "law": Law(in_force).label}
    measure_needed = FORM_FACILITY_MEASURE.get(form)
    if measure_needed and facility is None and form != PlacementForm.VOLUNTARY_COMMUNITY:
        errors["facility"] = _("Choose the facility.")
    if facility is not None:
        if not selectors.facility_list(user=actor).filter(pk=facility.pk).exists():
            errors["facility"] = _("Choose a facility of your province.")
        elif not measure_needed or not facility.performs(measure_needed):
            errors["facility"] = _("This facility may not perform this form of rehab.")
    if start_on and form in PlacementForm.values:
        errors.update(_age_errors(person, form, start_on))
    measure = placement_measure(form)
    term = None
    occurrence = 1
    if measure and law in Law.values and "form" not in errors:
        occurrence = selectors.placement_count(person=person, forms=_same_measure(form)) + 1
        term = registry_selectors.legal_term_for(law=law, measure=measure, occurrence=occurrence)
        if term is None:
            errors["form"] = _(
                "No legal term is set for this form under %(law)s: ask an administrator to add it."
            ) % {"law": Law(law).label}
    if months is None and term is not None:
        months = term.default_months
    months_reason = (months_reason or "").strip()
    if months is None and "form" not in errors:
        errors["months"] = _("Enter the duration in months.")
    if term and months and not (term.min_months <= months <= term.max_months):
        if not months_reason:
            if term.min_months == term.max_months:
                message = _(
                    "The legal term is %(min)s months: say why this placement lasts "
                    "%(months)s months."
                )
            else:
                message = _(
                    "The legal term is %(min)s–%(max)s months: say why this placement lasts "
                    "%(months)s months."
                )
            errors["months_reason"] = message % {
                "min": term.min_months,
                "max": term.max_months,
                "months": months,
            }
    placement = RehabPlacement(
        person=person,
        form=form,
        facility=facility,
        legal_term=term,
        occurrence=occurrence,
        law=law,
        law_reason=law_reason,
        start_on=start_on,
        months=months or 1,
        months_reason=months_reason,
        planned_end_on=period_end_date(start_on, months) if start_on and months else start_on,
        decision_number=nfc((decision_number or "").strip()),
        decision_date=decision_date,
        decision_body=nfc((decision_body or "").strip()),
        note=(note or "").strip(),
        created_by=actor,
    )
    if start_on and placement.planned_end_on and "start_on" not in errors:
        other = selectors.placement_overlapping(
            person=person, start_on=start_on, end_on=placement.planned_end_on
        )
        if other is not None:
            errors["start_on"] = _(
                "This overlaps another placement of the person (%(form)s from %(start)s)."
            ) % {"form": other.get_form_display(), "start": _date(other.start_on)}
    try:
        placement.full_clean(exclude=[*errors, "legal_term", "planned_end_on"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)
    placement.save()
    _event(
        actor=actor,
        placement=placement,
        kind=PlacementEventKind.STARTED,
        occurred_on=start_on,
        note=_("%(form)s from %(start)s to %(end)s (%(months)s months, %(law)s).")
        % {
            "form": placement.get_form_display(),
            "start": _date(start_on),
            "end": _date(placement.planned_end_on),
            "months": placement.months,
            "law": placement.law,
        },
        basis_number=placement.decision_number,
    )
    change_log_record(
        user=actor, action=ChangeAction.CREATE, record=placement, after=snapshot(placement)
    )
    return placement


def _same_measure(form: str) -> list[str]:
    if form in VOLUNTARY_FORMS:
        return list(VOLUNTARY_FORMS)
    return [form]


@transaction.atomic
def placement_end(
    *,
    actor,
    placement: RehabPlacement,
    ended_on: datetime.date | None,
    outcome: str,
    end_note: str = "",
    certificate_number: str = "",
) -> RehabPlacement:
    """Record the end and its outcome. Completed (or released early) opens the post-rehab
    management period from the next day; quitting or absconding from voluntary rehab raises
    "compulsory-rehab dossier required"."""
    placement = selectors.placement_lock(pk=placement.pk)
    writes_person = _check_placement_write(actor=actor, placement=placement)
    before = snapshot(placement)
    errors: dict = {}
    if placement.ended_on:
        raise ValidationError(
            {
                "ended_on": _("This placement already ended on %(date)s.")
                % {"date": _date(placement.ended_on)}
            }
        )
    if outcome not in PlacementOutcome.values:
        errors["outcome"] = _("Choose the outcome from the list.")
    if ended_on is None:
        errors["ended_on"] = _("Enter the date it ended.")
    elif ended_on > timezone.localdate():
        errors["ended_on"] = _("The end cannot be in the future.")
    elif ended_on < placement.start_on:
        errors["ended_on"] = _("The end cannot be before the start (%(date)s).") % {
            "date": _date(placement.start_on)
        }
    elif placement.admitted_on and ended_on < placement.admitted_on:
        errors["ended_on"] = _("The end cannot be before the admission (%(date)s).") % {
            "date": _date(placement.admitted_on)
        }
    elif outcome == PlacementOutcome.COMPLETED and ended_on < placement.planned_end_on:
        errors["outcome"] = _(
            "The term ends on %(date)s: an earlier end is not a completion (choose early "
            "release, quit, …)."
        ) % {"date": _date(placement.planned_end_on)}
    elif outcome == PlacementOutcome.EARLY_RELEASE:
        if placement.form not in COMPULSORY_FORMS:
            errors["outcome"] = _("Early release applies to compulsory rehab only.")
        else:
            earliest = _months_before(placement.planned_end_on, 6)
            latest = _months_before(placement.planned_end_on, 3)
            if not (earliest <= ended_on <= latest):
                errors["ended_on"] = _(
                    "Early release is 3 to 6 months before the end of the term: between "
                    "%(earliest)s and %(latest)s."
                ) % {"earliest": _date(earliest), "latest": _date(latest)}
    completes = outcome in (PlacementOutcome.COMPLETED, PlacementOutcome.EARLY_RELEASE)
    basis = post_rehab_basis(placement)
    if completes and basis and not (certificate_number or "").strip():
        errors["certificate_number"] = _(
            "Enter the number of the completion certificate: it is the basis of post-rehab "
            "management."
        )
    if errors:
        raise ValidationError(errors)
    placement.ended_on = ended_on
    placement.outcome = outcome
    placement.end_note = (end_note or "").strip()
    placement.full_clean()
    placement.save()
    _event(
        actor=actor,
        placement=placement,
        kind=PlacementEventKind.ENDED,
        occurred_on=ended_on,
        note=f"{placement.get_outcome_display()}."
        + (f" {placement.end_note}" if placement.end_note else ""),
        basis_number=(certificate_number or "").strip(),
    )
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=placement,
        before=before,
        after=snapshot(placement),
    )
    person = placement.person
    if completes and placement.form in COMPULSORY_FORMS:
        from .services_dossiers import dossier_complete_for

        dossier_complete_for(
            actor=actor, placement=placement, certificate_number=(certificate_number or "").strip()
        )
    if completes and basis and not writes_person:
        # A facility officer discharges; the commune police open post-rehab management.
        task_raise(
            person=person,
            kind=TaskKind.MANUAL,
            title=_("Open post-rehab management: %(form)s completed on %(date)s")
            % {"form": placement.get_form_display(), "date": _date(ended_on)},
            detail=_("Completion certificate %(number)s, recorded by the facility.")
            % {"number": certificate_number.strip()},
            due_on=ended_on + datetime.timedelta(days=1),
            actor=actor,
        )
    elif completes and basis:
        start = ended_on + datetime.timedelta(days=1)
        body = placement.facility.name if placement.facility else placement.decision_body
        period_open(
            actor=actor,
            person=person,
            kind=PeriodKind.POST_REHAB,
            basis=basis,
            start_on=start,
            decision_number=certificate_number.strip(),
            decision_date=ended_on,
            decision_body=body[:200],
            note=_("Opened on completing %(form)s.") % {"form": placement.get_form_display()},
        )
        if category_on(person=person, day=start) != Category.POST_REHAB:
            person_change_category(
                actor=actor,
                person=person,
                category=Category.POST_REHAB,
                occurred_on=start,
                basis_number=certificate_number.strip(),
                basis_date=ended_on,
                basis_body=body[:200],
            )
    if placement.is_voluntary and outcome in (PlacementOutcome.QUIT, PlacementOutcome.ABSCONDED):
        task_raise(
            person=person,
            kind=TaskKind.COMPULSORY_DOSSIER_REQUIRED,
            title=_("Compile the compulsory-rehab dossier: %(outcome)s voluntary rehab on %(date)s")
            % {"outcome": placement.get_outcome_display().lower(), "date": _date(ended_on)},
            detail=_(
                "The commune police chief compiles the dossier within 1 working day; it may be "
                "proposed only within 3 months of the violation."
            ),
            due_on=ended_on + datetime.timedelta(days=1),
            actor=actor,
        )
    return placement


@transaction.atomic
def placement_admit(
    *, actor, placement: RehabPlacement, admitted_on: datetime.date | None, note: str = ""
) -> RehabPlacement:
    """Record the day the learner arrived at the facility: not before the placement's start,
    not in the future, once, and only while the placement has not ended."""
    placement = selectors.placement_lock(pk=placement.pk)
    _check_placement_write(actor=actor, placement=placement)
    before = snapshot(placement)
    errors: dict = {}
    if placement.ended_on:
        errors["admitted_on"] = _("This placement already ended on %(date)s.") % {
            "date": _date(placement.ended_on)
        }
    elif placement.admitted_on:
        errors["admitted_on"] = _("The admission was already recorded: %(date)s.") % {
            "date": _date(placement.admitted_on)
        }
    elif placement.facility_id is None:
        errors["admitted_on"] = _("This placement is not at a facility.")
    elif admitted_on is None:
        errors["admitted_on"] = _("Enter the date of admission.")
    elif admitted_on > timezone.localdate():
        errors["admitted_on"] = _("The admission cannot be in the future.")
    elif admitted_on < placement.start_on:
        errors["admitted_on"] = _("The admission cannot be before the start (%(date)s).") % {
            "date": _date(placement.start_on)
        }
    if errors:
        raise ValidationError(errors)
    placement.admitted_on = admitted_on
    placement.full_clean()
    placement.save()
    _event(
        actor=actor,
        placement=placement,
        kind=PlacementEventKind.ADMITTED,
        occurred_on=admitted_on,
        note=(note or "").strip(),
    )
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=placement,
        before=before,
        after=snapshot(placement),
    )
    return placement
