"""Every read of the treatment app."""

import calendar
import datetime

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from accounts.scoping import Access, can, path_q
from common.text import fold
from registry.models import Person, period_end_date

from .choices import TreatmentEventKind, TreatmentStatus
from .models import (
    TREATMENT_PSYCHOSIS,
    TREATMENT_SUBSTITUTION,
    DoseChange,
    PsychosisRecord,
    SubstitutionTreatment,
    TreatmentEvent,
    TreatmentImport,
)

# ---- Substitution treatment ---------------------------------------------------------------


def treatment_can(*, user, access: Access = Access.READ) -> bool:
    return can(user, TREATMENT_SUBSTITUTION, access)


def treatment_list(*, user, access: Access = Access.READ) -> QuerySet[SubstitutionTreatment]:
    return (
        SubstitutionTreatment.objects.visible_to(user, access)
        .filter(person__merged_into__isnull=True)
        .select_related("person", "person__residence_unit", "facility", "transferred_to")
    )


def treatment_get(*, user, pk: int, access: Access = Access.READ) -> SubstitutionTreatment:
    treatment = treatment_list(user=user, access=access).filter(pk=pk).first()
    if treatment is None:
        raise Http404
    return treatment


def treatment_lock(*, pk: int) -> SubstitutionTreatment:
    """The row locked for a write (services check the scope themselves)."""
    return (
        SubstitutionTreatment.objects.select_for_update(of=("self",))
        .select_related("person", "facility")
        .get(pk=pk)
    )


def treatment_active_of(*, person) -> SubstitutionTreatment | None:
    """Unscoped: the person's active enrolment (one at a time), for the rules."""
    return (
        SubstitutionTreatment.objects.active()
        .filter(person=person)
        .select_related("facility")
        .first()
    )


def treatment_events(*, treatment: SubstitutionTreatment) -> list[TreatmentEvent]:
    """The steps of an enrolment the caller already got through `treatment_get`."""
    return list(treatment.events.select_related("author", "to_facility"))


def treatment_doses(*, treatment: SubstitutionTreatment) -> list[DoseChange]:
    return list(treatment.doses.select_related("author"))


def treatment_last_event_on(*, treatment: SubstitutionTreatment) -> datetime.date | None:
    last = treatment.events.order_by("-occurred_on", "-id").first()
    return last.occurred_on if last else None


def person_treatments(*, user, person) -> list[SubstitutionTreatment]:
    return list(treatment_list(user=user).filter(person=person))


def treatment_positive_tests(*, user, start=None, end=None) -> int:
    """Positive drug tests dated inside an enrolment (from its start to its end, or today),
    of the enrolments the user sees: one query. Health does not see the tests; the count
    reveals none."""
    # One filter() call: every condition applies to the same test (one join).
    inside = Q(
        person__drug_tests__result="positive",
        person__drug_tests__tested_on__gte=F("start_on"),
    ) & (Q(ended_on__isnull=True) | Q(person__drug_tests__tested_on__lte=F("ended_on")))
    if start:
        inside &= Q(person__drug_tests__tested_on__gte=start)
    if end:
        inside &= Q(person__drug_tests__tested_on__lte=end)
    qs = treatment_list(user=user).filter(inside)
    return qs.aggregate(n=Count("person__drug_tests", distinct=True))["n"]


def _months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier (the last day of a shorter month)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def cohort_start_by(*, today: datetime.date, months: int) -> datetime.date:
    """Enrolments started on or before this day are at least `months` months old."""
    return _months_before(today, months)


def retained(*, start_on, ended_on, status, months: int) -> bool:
    """Still in treatment `months` months after the start: not ended before then (a transfer
    continues the treatment elsewhere)."""
    mark = period_end_date(start_on, months)
    if ended_on is None or ended_on > mark:
        return True
    return status == TreatmentStatus.TRANSFERRED


RETENTION_MONTHS = (3, 6, 12)


def treatment_figures(*, user, start: datetime.date, end: datetime.date, today) -> dict:
    """The effectiveness figures (004 §III.4) over the enrolments the user sees, in a fixed
    number of queries whatever their number: in treatment now, new in the window, drop-outs in
    the window, retention at 3, 6 and 12 months, positive tests in treatment."""
    qs = treatment_list(user=user)
    counts = qs.aggregate(
        active=Count("pk", filter=Q(status=TreatmentStatus.IN_TREATMENT)),
        new=Count("pk", filter=Q(start_on__gte=start, start_on__lte=end)),
        dropouts=Count(
            "pk",
            filter=Q(status=TreatmentStatus.DROPPED_OUT, ended_on__gte=start, ended_on__lte=end),
        ),
    )
    oldest = cohort_start_by(today=today, months=min(RETENTION_MONTHS))
    rows = list(
        qs.filter(start_on__lte=oldest).order_by().values_list("start_on", "ended_on", "status")
    )
    retention = []
    for months in RETENTION_MONTHS:
        limit = cohort_start_by(today=today, months=months)
        cohort = [r for r in rows if r[0] <= limit]
        kept = sum(
            1 for s, e, st in cohort if retained(start_on=s, ended_on=e, status=st, months=months)
        )
        retention.append(
            {
                "months": months,
                "cohort": len(cohort),
                "retained": kept,
                "percent": round(100 * kept / len(cohort), 1) if cohort else None,
                "start_by": limit,
            }
        )
    return {
        **counts,
        "retention": retention,
        "positive_tests": treatment_positive_tests(user=user, start=start, end=end),
    }


# ---- Drug-induced psychosis ---------------------------------------------------------------


def psychosis_can(*, user, access: Access = Access.READ) -> bool:
    return can(user, TREATMENT_PSYCHOSIS, access)


def psychosis_list(*, user, access: Access = Access.READ) -> QuerySet[PsychosisRecord]:
    return (
        PsychosisRecord.objects.visible_to(user, access)
        .filter(person__merged_into__isnull=True)
        .select_related("person", "person__residence_unit", "facility")
    )


def psychosis_get(*, user, pk: int, access: Access = Access.READ) -> PsychosisRecord:
    record = psychosis_list(user=user, access=access).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def psychosis_lock(*, pk: int) -> PsychosisRecord:
    return (
        PsychosisRecord.objects.select_for_update(of=("self",))
        .select_related("person", "facility")
        .get(pk=pk)
    )


def psychosis_open_of(*, person) -> PsychosisRecord | None:
    """Unscoped: the person's open diagnosis (one at a time), for the rules."""
    return PsychosisRecord.objects.open().filter(person=person).first()


def person_psychosis(*, user, person) -> list[PsychosisRecord]:
    return list(psychosis_list(user=user).filter(person=person))


# ---- People: Health's view and the matching of list rows -----------------------------------


def health_person_q() -> Q:
    """The people Health sees (identity only) because of this app: enrolled in substitution
    treatment or on the psychosis list."""
    return Q(pk__in=SubstitutionTreatment.objects.values("person_id")) | Q(
        pk__in=PsychosisRecord.objects.values("person_id")
    )


def people_in_area(*, user) -> QuerySet[Person]:
    """The registered people of the user's unit, for matching the rows of a list Health hands
    over (the list is Health's; the match reveals only who is already registered). Unscoped
    by grant, cut to the user's unit path."""
    if not getattr(user, "scope_unit_id", None):
        return Person.objects.none()
    return Person.objects.filter(
        path_q("scope_path", user.scope_unit.path), merged_into__isnull=True
    ).select_related("residence_unit")


def person_match(*, user, national_id: str, full_name: str, birth_year: int | None):
    """(status, person, candidates): by citizen ID; else by the folded name and birth year
    when exactly one registered person of the user's unit has them."""
    people = people_in_area(user=user)
    if national_id:
        person = people.filter(national_id=national_id).first()
        if person:
            return "matched", person, 1
    if full_name and birth_year:
        candidates = list(
            people.filter(full_name_folded=fold(full_name), birth_year=birth_year)[:2]
        )
        if len(candidates) == 1:
            return "matched", candidates[0], 1
        if len(candidates) > 1:
            return "ambiguous", None, len(candidates)
    return "unmatched", None, 0


def person_for_health(*, user, pk: int) -> Person:
    """A person of the user's unit, by id (the enrolment form from the person page or a
    match)."""
    person = people_in_area(user=user).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


# ---- Imports ------------------------------------------------------------------------------


def import_list(*, user) -> QuerySet[TreatmentImport]:
    return TreatmentImport.objects.for_user(user).select_related("facility", "created_by")


def import_get(*, user, pk: int) -> TreatmentImport:
    job = import_list(user=user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def import_lock(*, pk: int) -> TreatmentImport:
    return TreatmentImport.objects.select_for_update().get(pk=pk)


def treatment_at_facility(*, facility, patient_code: str) -> SubstitutionTreatment | None:
    """Unscoped: the enrolment with this patient code at the facility (latest)."""
    return (
        SubstitutionTreatment.objects.filter(facility=facility, patient_code=patient_code)
        .order_by("-start_on", "-id")
        .first()
    )


def treatment_latest_of(*, person, facility) -> SubstitutionTreatment | None:
    return (
        SubstitutionTreatment.objects.filter(person=person, facility=facility)
        .order_by("-start_on", "-id")
        .first()
    )


# ---- Post-rehab management after a completed treatment ------------------------------------


def treatment_post_rehab_due(*, user, owner=None) -> QuerySet[SubstitutionTreatment]:
    """Completed enrolments of the people the user may write whose post-rehab management has
    not been opened yet (the commune police propose it within 2 working days)."""
    qs = (
        treatment_list(user=user)
        .filter(status=TreatmentStatus.COMPLETED)
        .exclude(events__kind=TreatmentEventKind.POST_REHAB)
        .select_related("person__responsible_officer")
    )
    if owner is not None:
        qs = qs.filter(person__responsible_officer=owner)
    return qs


# ---- Report figures -----------------------------------------------------------------------


def treatment_report_rows(*, user, path: str, start, end) -> list[dict]:
    """Per commune path: in treatment at the end of the window, new in it, drop-outs in it.
    One aggregate query, count access (reports hold aggregates, never a record)."""
    active_at_end = Q(start_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=end))
    return list(
        SubstitutionTreatment.objects.countable_by(user)
        .filter(path_q("person__scope_path", path), person__merged_into__isnull=True)
        .values("person__scope_path")
        .annotate(
            active=Count("pk", filter=active_at_end),
            new=Count("pk", filter=Q(start_on__gte=start, start_on__lte=end)),
            dropouts=Count(
                "pk",
                filter=Q(
                    status=TreatmentStatus.DROPPED_OUT, ended_on__gte=start, ended_on__lte=end
                ),
            ),
        )
        .order_by()
    )


def psychosis_report_rows(*, user, path: str, start, end) -> list[dict]:
    """Per commune path: people on the psychosis list at the end of the window (distinct
    people), and those put on it in the window. One aggregate query."""
    open_at_end = Q(diagnosed_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=end))
    return list(
        PsychosisRecord.objects.countable_by(user)
        .filter(path_q("person__scope_path", path), person__merged_into__isnull=True)
        .values("person__scope_path")
        .annotate(
            flagged=Count("person", filter=open_at_end, distinct=True),
            new=Count("pk", filter=Q(diagnosed_on__gte=start, diagnosed_on__lte=end)),
        )
        .order_by()
    )


def treated_person_ids():
    """Unscoped: the ids of the people ever enrolled in substitution treatment (the rehab
    dashboard counts them only through the user's countable people)."""
    return SubstitutionTreatment.objects.values("person_id")
