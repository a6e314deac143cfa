"""Every write of the treatment app: enrolments in substitution treatment with their status
events and doses, the drug-induced psychosis list with the special-management flag, and the
post-rehab management that a completed treatment opens.

Health writes these records but may not write the person (its grant on people is identity-only
reading). The two steps on the person that follow from Health's records — the special-
management flag (SPECIAL_ON/SPECIAL_OFF events) and the due work of the commune police — are
written here under the record's authority, the same way `registry.services.events.
person_set_special_management` writes them (that service requires the person write grant,
which Health does not have)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access
from common.text import nfc
from registry import selectors as registry_selectors
from registry.choices import EventKind, PeriodKind, PostRehabBasis, TaskKind
from registry.models import PersonEvent, law_on
from registry.services.periods import period_open
from registry.services.work import task_close_rule, task_raise
from rehab import selectors as rehab_selectors
from rehab.choices import FacilityKind, FacilityMeasure

from . import selectors
from .choices import (
    ENDING_STATUSES,
    Drug,
    PsychosisEndReason,
    TreatmentEventKind,
    TreatmentStatus,
)
from .models import DoseChange, PsychosisRecord, SubstitutionTreatment, TreatmentEvent

# Due work raised for the commune police: days to act.
DROPOUT_DUE_DAYS = 2
PSYCHOSIS_DUE_DAYS = 3


def _date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _check_writer(*, actor, person, can_write) -> None:
    """Views answer 404 before this; here it is the last guard."""
    if not can_write:
        raise PermissionError(_("You may not record treatment."))
    if person is None or not selectors.people_in_area(user=actor).filter(pk=person.pk).exists():
        raise ValidationError({"person": _("Choose a person registered in your area.")})


def _born_errors(person, day, field) -> dict:
    if day is None:
        return {}
    if person.date_of_birth and day < person.date_of_birth:
        return {
            field: _("The date cannot be before the person's birth (%(date)s).")
            % {"date": _date(person.date_of_birth)}
        }
    if person.birth_year and day.year < person.birth_year:
        return {
            field: _("The date cannot be before the person's birth year (%(year)s).")
            % {"year": person.birth_year}
        }
    return {}


def _future_errors(day, field) -> dict:
    if day and day > timezone.localdate():
        return {field: _("The date cannot be in the future.")}
    return {}


def _substitution_facility_errors(*, actor, facility, field="facility") -> dict:
    if (
        facility is None
        or not rehab_selectors.facility_list(user=actor).filter(pk=facility.pk).exists()
    ):
        return {field: _("Choose a facility of your province.")}
    if facility.kind != FacilityKind.SUBSTITUTION or not facility.performs(
        FacilityMeasure.SUBSTITUTION
    ):
        return {field: _("This facility is not an active substitution-treatment site.")}
    return {}


def _collect(instance, errors: dict, exclude=()) -> None:
    try:
        instance.full_clean(exclude=[*exclude, *errors])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _event(*, actor, treatment, kind, occurred_on, note="", to_facility=None) -> TreatmentEvent:
    event = TreatmentEvent(
        treatment=treatment,
        kind=kind,
        occurred_on=occurred_on,
        to_facility=to_facility,
        note=note,
        author=actor,
    )
    event.full_clean()
    event.save()
    return event


# ---- Enrolment ----------------------------------------------------------------------------


@transaction.atomic
def treatment_enrol(
    *,
    actor,
    person,
    facility,
    patient_code: str,
    start_on: datetime.date | None,
    drug: str = Drug.METHADONE,
    dose_mg: Decimal | None = None,
    note: str = "",
) -> SubstitutionTreatment:
    """Enrol a registered person at a substitution-treatment site. Refused: a start before the
    person's birth or in the future, a second active enrolment of the person, a facility that
    is not a substitution site of the actor's province."""
    _check_writer(
        actor=actor,
        person=person,
        can_write=selectors.treatment_can(user=actor, access=Access.WRITE),
    )
    person = registry_selectors.person_lock(pk=person.pk)
    errors: dict = {}
    errors.update(_substitution_facility_errors(actor=actor, facility=facility))
    if start_on is None:
        errors["start_on"] = _("Enter the start of treatment.")
    errors.update(_future_errors(start_on, "start_on"))
    if "start_on" not in errors:
        errors.update(_born_errors(person, start_on, "start_on"))
    active = selectors.treatment_active_of(person=person)
    if active is not None:
        errors["person"] = _(
            "This person is already in treatment at %(facility)s since %(date)s (patient code "
            "%(code)s): record how that treatment ended first."
        ) % {
            "facility": active.facility.name,
            "date": _date(active.start_on),
            "code": active.patient_code,
        }
    if dose_mg is not None and dose_mg <= 0:
        errors["dose_mg"] = _("The dose must be more than 0 mg.")
    treatment = SubstitutionTreatment(
        person=person,
        facility=facility,
        patient_code=nfc((patient_code or "").strip()),
        drug=drug or Drug.METHADONE,
        start_on=start_on,
        status=TreatmentStatus.IN_TREATMENT,
        status_on=start_on,
        note=(note or "").strip(),
        created_by=actor,
    )
    _collect(treatment, errors, exclude=["status_on"] if start_on is None else [])
    try:
        with transaction.atomic():
            treatment.save()
    except IntegrityError as exc:  # enrolled concurrently by another request
        raise ValidationError(
            {"person": _("This person is already in treatment: record how it ended first.")}
        ) from exc
    _event(
        actor=actor,
        treatment=treatment,
        kind=TreatmentEventKind.ENROLLED,
        occurred_on=start_on,
        note=_("%(drug)s at %(facility)s, patient code %(code)s.")
        % {
            "drug": treatment.get_drug_display(),
            "facility": facility.name,
            "code": treatment.patient_code,
        },
    )
    if dose_mg is not None:
        DoseChange.objects.create(
            treatment=treatment, changed_on=start_on, dose_mg=dose_mg, author=actor
        )
    change_log_record(
        user=actor, action=ChangeAction.CREATE, record=treatment, after=snapshot(treatment)
    )
    return treatment


@transaction.atomic
def treatment_set_status(
    *,
    actor,
    treatment: SubstitutionTreatment,
    status: str,
    occurred_on: datetime.date | None,
    to_facility=None,
    new_patient_code: str = "",
    note: str = "",
) -> SubstitutionTreatment:
    """Record how an enrolment ends: dropped out, transferred (a new enrolment opens at the
    other site the same day), completed, died. Refused: a date before the last event, before
    the start or in the future; an enrolment that already ended. A drop-out raises follow-up
    work for the commune police; a completion asks them to open post-rehab management."""
    treatment = selectors.treatment_lock(pk=treatment.pk)
    _check_writer(
        actor=actor,
        person=treatment.person,
        can_write=selectors.treatment_can(user=actor, access=Access.WRITE),
    )
    before = snapshot(treatment)
    errors: dict = {}
    if treatment.ended_on:
        raise ValidationError(
            {
                "status": _("This treatment already ended on %(date)s (%(status)s).")
                % {"date": _date(treatment.ended_on), "status": treatment.get_status_display()}
            }
        )
    if status not in ENDING_STATUSES:
        errors["status"] = _("Choose dropped out, transferred, completed or died.")
    if occurred_on is None:
        errors["occurred_on"] = _("Enter the date.")
    else:
        errors.update(_future_errors(occurred_on, "occurred_on"))
        last = selectors.treatment_last_event_on(treatment=treatment)
        if "occurred_on" not in errors and last and occurred_on < last:
            errors["occurred_on"] = _(
                "The date cannot be before the last status change (%(date)s)."
            ) % {"date": _date(last)}
    if status == TreatmentStatus.TRANSFERRED:
        if to_facility is not None and to_facility.pk == treatment.facility_id:
            errors["to_facility"] = _("Choose another facility than the current one.")
        else:
            facility_errors = _substitution_facility_errors(
                actor=actor, facility=to_facility, field="to_facility"
            )
            if to_facility is None:
                facility_errors = {"to_facility": _("Choose the facility the patient moves to.")}
            errors.update(facility_errors)
    elif to_facility is not None:
        errors["to_facility"] = _("A facility is given only for a transfer.")
    if errors:
        raise ValidationError(errors)
    treatment.status = status
    treatment.status_on = occurred_on
    treatment.ended_on = occurred_on
    treatment.transferred_to = to_facility if status == TreatmentStatus.TRANSFERRED else None
    treatment.save()
    _event(
        actor=actor,
        treatment=treatment,
        kind=status,
        occurred_on=occurred_on,
        to_facility=treatment.transferred_to,
        note=(note or "").strip(),
    )
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=treatment,
        before=before,
        after=snapshot(treatment),
    )
    person = treatment.person
    if status == TreatmentStatus.TRANSFERRED:
        treatment_enrol(
            actor=actor,
            person=person,
            facility=to_facility,
            patient_code=new_patient_code or treatment.patient_code,
            start_on=occurred_on,
            drug=treatment.drug,
            dose_mg=_current_dose(treatment),
            note=_("Transferred from %(facility)s.") % {"facility": treatment.facility.name},
        )
    elif status == TreatmentStatus.DROPPED_OUT:
        today = timezone.localdate()
        task_raise(
            person=person,
            kind=TaskKind.SUBSTITUTION_DROPOUT,
            title=_("%(name)s dropped out of substitution treatment at %(facility)s on %(date)s")
            % {
                "name": person.full_name,
                "facility": treatment.facility.name,
                "date": _date(occurred_on),
            },
            detail=_(
                "Check on the person. Quitting substitution treatment may lead to a "
                "compulsory-rehab dossier, proposed only within 3 months of it."
            ),
            due_on=max(today, occurred_on) + datetime.timedelta(days=DROPOUT_DUE_DAYS),
            actor=actor,
        )
    return treatment


def _current_dose(treatment) -> Decimal | None:
    last = treatment.doses.order_by("-changed_on", "-id").first()
    return last.dose_mg if last else None


@transaction.atomic
def dose_change_record(
    *,
    actor,
    treatment: SubstitutionTreatment,
    changed_on: datetime.date | None,
    dose_mg: Decimal | None,
    note: str = "",
) -> DoseChange:
    """A new daily dose from a date, inside an active enrolment."""
    treatment = selectors.treatment_lock(pk=treatment.pk)
    _check_writer(
        actor=actor,
        person=treatment.person,
        can_write=selectors.treatment_can(user=actor, access=Access.WRITE),
    )
    errors: dict = {}
    if treatment.ended_on:
        errors["changed_on"] = _("This treatment has ended: no dose can be added.")
    elif changed_on is None:
        errors["changed_on"] = _("Enter the date.")
    elif changed_on < treatment.start_on:
        errors["changed_on"] = _("The date cannot be before the start of treatment (%(date)s).") % {
            "date": _date(treatment.start_on)
        }
    else:
        errors.update(_future_errors(changed_on, "changed_on"))
    if dose_mg is None or dose_mg <= 0:
        errors["dose_mg"] = _("The dose must be more than 0 mg.")
    dose = DoseChange(
        treatment=treatment,
        changed_on=changed_on,
        dose_mg=dose_mg,
        note=(note or "").strip()[:255],
        author=actor,
    )
    _collect(dose, errors)
    dose.save()
    change_log_record(user=actor, action=ChangeAction.CREATE, record=dose, after=snapshot(dose))
    return dose


@transaction.atomic
def treatment_open_post_rehab(
    *,
    actor,
    treatment: SubstitutionTreatment,
    decision_number: str,
    decision_date: datetime.date | None,
    decision_body: str,
):
    """The commune police open the post-rehab management that a completed treatment calls for
    (1 year, Measure POST_REHAB_SUBSTITUTION), from the day after the completion, through the
    registry's period service (which checks their write grant and the overlap). It starts on
    the day after the completion, or on the decision's date when that is later."""
    treatment = selectors.treatment_lock(pk=treatment.pk)
    if treatment.status != TreatmentStatus.COMPLETED:
        raise ValidationError(
            {"status": _("Only a completed treatment opens post-rehab management.")}
        )
    if treatment.events.filter(kind=TreatmentEventKind.POST_REHAB).exists():
        raise ValidationError(
            {"status": _("Post-rehab management has already been opened for this treatment.")}
        )
    # From the day after the completion, or from the decision when it came later (a period
    # starts on or after its decision).
    start = treatment.ended_on + datetime.timedelta(days=1)
    if decision_date and decision_date > start:
        start = decision_date
    period = period_open(
        actor=actor,
        person=treatment.person,
        kind=PeriodKind.POST_REHAB,
        basis=PostRehabBasis.SUBSTITUTION,
        start_on=start,
        decision_number=decision_number,
        decision_date=decision_date,
        decision_body=decision_body,
        note=_("After substitution treatment completed at %(facility)s on %(date)s.")
        % {"facility": treatment.facility.name, "date": _date(treatment.ended_on)},
    )
    _event(
        actor=actor,
        treatment=treatment,
        kind=TreatmentEventKind.POST_REHAB,
        occurred_on=start,
        note=_("Post-rehab management from %(start)s to %(end)s, decision %(number)s.")
        % {
            "start": _date(period.start_on),
            "end": _date(period.planned_end_on),
            "number": period.decision_number,
        },
    )
    return period


# ---- Drug-induced psychosis ---------------------------------------------------------------


def _special(*, actor, person, on: bool, day, note: str, basis_body: str = "") -> None:
    """The special-management flag with its event, as the registry service writes it."""
    if person.special_management == on:
        return
    event = PersonEvent(
        person=person,
        kind=EventKind.SPECIAL_ON if on else EventKind.SPECIAL_OFF,
        occurred_on=day,
        law=law_on(day),
        basis_body=basis_body[:200],
        note=note,
        author=actor,
    )
    event.full_clean()
    event.save()
    before = snapshot(person, ["special_management"])
    person.special_management = on
    person.save(update_fields=["special_management", "updated_at"])
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=person,
        before=before,
        after=snapshot(person, ["special_management"]),
    )


@transaction.atomic
def psychosis_record(
    *,
    actor,
    person,
    diagnosed_on: datetime.date | None,
    facility,
    physician_name: str,
    note: str = "",
) -> PsychosisRecord:
    """Health enters a diagnosis of drug-induced psychosis: the person goes under special
    management (SPECIAL_ON on the person's history) and the commune police get the due work
    of managing them."""
    _check_writer(
        actor=actor,
        person=person,
        can_write=selectors.psychosis_can(user=actor, access=Access.WRITE),
    )
    person = registry_selectors.person_lock(pk=person.pk)
    errors: dict = {}
    if (
        facility is None
        or not rehab_selectors.facility_list(user=actor).filter(pk=facility.pk).exists()
    ):
        errors["facility"] = _("Choose a facility of your province.")
    if diagnosed_on is None:
        errors["diagnosed_on"] = _("Enter the date of diagnosis.")
    errors.update(_future_errors(diagnosed_on, "diagnosed_on"))
    if "diagnosed_on" not in errors:
        errors.update(_born_errors(person, diagnosed_on, "diagnosed_on"))
    current = selectors.psychosis_open_of(person=person)
    if current is not None:
        errors["person"] = _(
            "This person is already on the psychosis list since %(date)s: end that entry first."
        ) % {"date": _date(current.diagnosed_on)}
    record = PsychosisRecord(
        person=person,
        diagnosed_on=diagnosed_on,
        facility=facility,
        physician_name=nfc((physician_name or "").strip()),
        note=(note or "").strip(),
        created_by=actor,
    )
    _collect(record, errors)
    record.save()
    change_log_record(user=actor, action=ChangeAction.CREATE, record=record, after=snapshot(record))
    _special(
        actor=actor,
        person=person,
        on=True,
        day=diagnosed_on,
        note=_("Drug-induced psychosis diagnosed by %(facility)s (%(physician)s).")
        % {"facility": facility.name, "physician": record.physician_name},
        basis_body=facility.name,
    )
    task_raise(
        person=person,
        kind=TaskKind.PSYCHOSIS_MANAGEMENT,
        title=_(
            "%(name)s: drug-induced psychosis (%(facility)s, %(date)s): organise special management"
        )
        % {"name": person.full_name, "facility": facility.name, "date": _date(diagnosed_on)},
        detail=_(
            "Name the responsible officer, keep in touch with the family and the health "
            "station, and arrange treatment at the psychiatric hospital when needed."
        ),
        due_on=timezone.localdate() + datetime.timedelta(days=PSYCHOSIS_DUE_DAYS),
        actor=actor,
    )
    return record


@transaction.atomic
def psychosis_end(
    *,
    actor,
    record: PsychosisRecord,
    ended_on: datetime.date | None,
    end_reason: str,
    end_note: str = "",
) -> PsychosisRecord:
    """End a psychosis entry (recovered, treated): special management ends (SPECIAL_OFF) and
    the due work closes."""
    record = selectors.psychosis_lock(pk=record.pk)
    _check_writer(
        actor=actor,
        person=record.person,
        can_write=selectors.psychosis_can(user=actor, access=Access.WRITE),
    )
    if record.ended_on:
        raise ValidationError(
            {
                "ended_on": _("This entry already ended on %(date)s.")
                % {"date": _date(record.ended_on)}
            }
        )
    errors: dict = {}
    if end_reason not in PsychosisEndReason.values:
        errors["end_reason"] = _("Choose the reason from the list.")
    if ended_on is None:
        errors["ended_on"] = _("Enter the date.")
    elif ended_on < record.diagnosed_on:
        errors["ended_on"] = _("The end cannot be before the diagnosis (%(date)s).") % {
            "date": _date(record.diagnosed_on)
        }
    else:
        errors.update(_future_errors(ended_on, "ended_on"))
    if errors:
        raise ValidationError(errors)
    before = snapshot(record)
    record.ended_on = ended_on
    record.end_reason = end_reason
    record.end_note = (end_note or "").strip()
    record.ended_by = actor
    record.save()
    change_log_record(
        user=actor, action=ChangeAction.UPDATE, record=record, before=before, after=snapshot(record)
    )
    person = registry_selectors.person_lock(pk=record.person_id)
    reason = record.get_end_reason_display()
    _special(
        actor=actor,
        person=person,
        on=False,
        day=ended_on,
        note=_("Drug-induced psychosis ended: %(reason)s.") % {"reason": reason}
        + (f" {record.end_note}" if record.end_note else ""),
        basis_body=record.facility.name,
    )
    task_close_rule(
        person=person,
        kind=TaskKind.PSYCHOSIS_MANAGEMENT,
        result=_("Psychosis ended on %(date)s: %(reason)s")
        % {"date": _date(ended_on), "reason": reason},
        actor=actor,
    )
    return record
