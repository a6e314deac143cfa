"""Every read of the rehab app."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.choices import Role, Sector
from accounts.scoping import Access, can

from .choices import LIST_SECTOR, FacilityList
from .models import (
    REHAB_DETERMINATION,
    REHAB_DOSSIER,
    REHAB_FOLLOWUP,
    REHAB_PLACEMENT,
    AddictionDetermination,
    Dossier,
    DossierEvent,
    DossierFile,
    EducationEvent,
    EducationMeasure,
    Facility,
    FacilityListPublication,
    PlacementEvent,
    PostRehabCertificate,
    PostRehabRelapse,
    PostRehabSupport,
    RehabPlacement,
    ServiceReached,
    StageDeadline,
    VoluntaryRegistration,
    province_path,
)


def _user_sector(user) -> str | None:
    if user.role == Role.PROVINCIAL_POLICE:
        return Sector.POLICE
    if user.role == Role.DEPARTMENT and user.agency_id:
        return user.agency.sector
    return None


def facility_lists_managed(*, user) -> list[str]:
    """The lists this user may keep: all of them for an administrator; for Health its lists,
    for the provincial police theirs; none for anyone else."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if not user.scope_unit_id:
        return []
    if user.role == Role.ADMIN:
        return list(FacilityList.values)
    sector = _user_sector(user)
    return [lst for lst, owner in LIST_SECTOR.items() if sector and owner == sector]


def facility_can_manage(*, user, facility_list: str | None = None) -> bool:
    lists = facility_lists_managed(user=user)
    return facility_list in lists if facility_list else bool(lists)


def facility_list(*, user) -> QuerySet[Facility]:
    return Facility.objects.readable_by(user).select_related("unit")


def facility_get(*, user, pk: int) -> Facility:
    facility = facility_list(user=user).filter(pk=pk).first()
    if facility is None:
        raise Http404
    return facility


def facility_manage_get(*, user, pk: int) -> Facility:
    """A facility this user may edit: in their scope and on a list they keep; else 404."""
    facility = facility_get(user=user, pk=pk)
    if not facility_can_manage(user=user, facility_list=facility.facility_list):
        raise Http404
    if not user.scope_unit.contains(facility.unit):
        raise Http404
    return facility


def facility_choices(*, user, measure: str | None = None) -> QuerySet[Facility]:
    """Active facilities of the user's province (for forms), optionally those performing a
    measure (filtered in Python by the caller: the measures are a JSON list)."""
    return facility_list(user=user).filter(is_active=True)


def facility_published_candidates(*, province_path_: str, facility_list_: str):
    return (
        Facility.objects.in_province(province_path_)
        .on_list(facility_list_)
        .filter(is_active=True)
        .select_related("unit", "unit__parent")
        .order_by("unit__name", "name", "id")
    )


def publication_latest(*, province: str, facility_list_: str) -> FacilityListPublication | None:
    return (
        FacilityListPublication.objects.in_province(province)
        .filter(facility_list=facility_list_)
        .select_related("province")
        .latest_first()
        .first()
    )


def publication_list(*, user) -> QuerySet[FacilityListPublication]:
    return (
        FacilityListPublication.objects.in_province(province_path(user))
        .select_related("province")
        .latest_first()
    )


# ---- Addiction determinations -----------------------------------------------------------


def determination_can(*, user, access: Access = Access.READ) -> bool:
    return can(user, REHAB_DETERMINATION, access)


def determination_list(*, user, access: Access = Access.READ) -> QuerySet[AddictionDetermination]:
    return (
        AddictionDetermination.objects.visible_to(user, access)
        .filter(person__merged_into__isnull=True)
        .select_related("person", "person__residence_unit", "facility")
    )


def determination_get(*, user, pk: int) -> AddictionDetermination:
    determination = determination_list(user=user).filter(pk=pk).first()
    if determination is None:
        raise Http404
    return determination


def person_determinations(*, user, person) -> list[AddictionDetermination]:
    return list(determination_list(user=user).filter(person=person))


def health_person_q(user) -> Q:
    """The people Health sees (identity only): under special management, with an open
    "determination required" task, or with a determination recorded."""
    from registry.choices import TaskKind, TaskStatus
    from registry.models import Task

    asked = Task.objects.filter(
        kind=TaskKind.DETERMINATION_REQUIRED, status=TaskStatus.OPEN, person__isnull=False
    ).values("person_id")
    determined = AddictionDetermination.objects.values("person_id")
    return Q(special_management=True) | Q(pk__in=asked) | Q(pk__in=determined)


# ---- Rehab placements -------------------------------------------------------------------


def placement_can(*, user, access: Access = Access.READ) -> bool:
    return can(user, REHAB_PLACEMENT, access)


def placement_list(*, user, access: Access = Access.READ) -> QuerySet[RehabPlacement]:
    return (
        RehabPlacement.objects.visible_to(user, access)
        .filter(person__merged_into__isnull=True)
        .select_related("person", "person__residence_unit", "facility")
    )


def placement_get(*, user, pk: int, access: Access = Access.READ) -> RehabPlacement:
    placement = placement_list(user=user, access=access).filter(pk=pk).first()
    if placement is None:
        raise Http404
    return placement


def placement_lock(*, pk: int) -> RehabPlacement:
    """The row locked for a write (services check the scope themselves)."""
    return (
        RehabPlacement.objects.select_for_update(of=("self",))
        .select_related("person", "facility")
        .get(pk=pk)
    )


def placement_events(*, placement: RehabPlacement) -> list[PlacementEvent]:
    """The steps of a placement the caller already got through `placement_get`."""
    return list(placement.events.select_related("author"))


def person_placements(*, user, person) -> list[RehabPlacement]:
    return list(placement_list(user=user).filter(person=person))


def placement_count(*, person, forms) -> int:
    """Unscoped, for the rule that picks the legal term (how many times before)."""
    return RehabPlacement.objects.filter(person=person, form__in=forms).count()


def placement_overlapping(*, person, start_on, end_on, exclude_pk=None):
    """Unscoped: another placement of the person covering part of [start_on, end_on]."""
    from django.db.models.functions import Coalesce

    qs = (
        RehabPlacement.objects.filter(person=person)
        .annotate(until=Coalesce("ended_on", "planned_end_on"))
        .filter(start_on__lte=end_on, until__gte=start_on)
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def placement_due(*, user, until, owner=None) -> QuerySet[RehabPlacement]:
    """Open placements whose term ends by `until` (providers notify the commune police at
    least 30 days before completion)."""
    qs = (
        placement_list(user=user)
        .open()
        .filter(planned_end_on__lte=until)
        .select_related("person__responsible_officer")
    )
    if owner is not None:
        qs = qs.filter(person__responsible_officer=owner)
    return qs


# ---- Facility officers and their learners ------------------------------------------------


def facility_person_q(user) -> Q:
    """The "facility" person restriction: the people with a placement (any, past or open) at
    a facility of the officer's agency. No agency, no facility: nobody."""
    if not user.agency_id:
        return Q(pk__in=[])
    placed = RehabPlacement.objects.filter(facility__agency_id=user.agency_id).values("person_id")
    return Q(pk__in=placed)


def facility_placement_q(user) -> Q:
    """The "facility" placement restriction: the placements at a facility of the officer's
    agency."""
    if not user.agency_id:
        return Q(pk__in=[])
    return Q(facility__agency_id=user.agency_id)


def facility_agency_choices(*, user):
    """The rehab facility agencies of the user's province (a facility's officers' agency)."""
    from accounts.choices import AgencyKind
    from accounts.models import Agency
    from accounts.scoping import path_q

    path = province_path(user)
    if not path:
        return Agency.objects.none()
    return Agency.objects.filter(
        path_q("unit__path", path), kind=AgencyKind.REHAB_FACILITY, is_active=True
    ).order_by("name", "id")


def learner_can(*, user) -> bool:
    """The learners page: a facility officer of an agency that runs a facility."""
    return (
        getattr(user, "is_authenticated", False)
        and user.role == Role.FACILITY_OFFICER
        and placement_can(user=user, access=Access.WRITE)
        and bool(user.agency_id)
    )


def learner_list(*, user) -> QuerySet[RehabPlacement]:
    """The placements at the officer's facilities that have not ended (in stay, or waiting
    for admission), soonest end first."""
    return (
        placement_list(user=user, access=Access.WRITE)
        .filter(facility__agency_id=user.agency_id)
        .open()
        .order_by("planned_end_on", "id")
    )


def person_first_test_on(*, person):
    """Unscoped, for the rule that a determination cannot predate the person's first drug
    test (Health does not see the tests themselves)."""
    from django.db.models import Min

    from registry.models import DrugTest

    return DrugTest.objects.filter(person=person).aggregate(first=Min("tested_on"))["first"]


# ---- Compulsory-rehab dossiers ----------------------------------------------------------


def dossier_can(*, user, access: Access = Access.READ) -> bool:
    return can(user, REHAB_DOSSIER, access)


def dossier_list(*, user, access: Access = Access.READ) -> QuerySet[Dossier]:
    return (
        Dossier.objects.visible_to(user, access)
        .filter(person__merged_into__isnull=True)
        .select_related("person", "person__residence_unit", "placement")
    )


def dossier_get(*, user, pk: int, access: Access = Access.READ) -> Dossier:
    dossier = dossier_list(user=user, access=access).filter(pk=pk).first()
    if dossier is None:
        raise Http404
    return dossier


def dossier_lock(*, pk: int) -> Dossier:
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("person", "person__residence_unit")
        .get(pk=pk)
    )


def dossier_of_placement_lock(*, placement) -> Dossier | None:
    """Unscoped and locked, for the rule that completes a dossier with its placement."""
    return Dossier.objects.select_for_update().filter(placement=placement).first()


def dossier_events(*, dossier: Dossier) -> list[DossierEvent]:
    """The stages of a dossier the caller already got through `dossier_get`, with files."""
    return list(dossier.events.select_related("author").prefetch_related("files"))


def dossier_file_get(*, user, pk: int, file_pk: int) -> DossierFile:
    dossier = dossier_get(user=user, pk=pk)
    found = DossierFile.objects.filter(pk=file_pk, event__dossier=dossier).first()
    if found is None:
        raise Http404
    return found


def person_dossiers(*, user, person) -> list[Dossier]:
    return list(dossier_list(user=user).filter(person=person))


def dossier_open_for(*, person) -> Dossier | None:
    """Unscoped, for the rule of one open dossier per person."""
    return Dossier.objects.filter(person=person).open().first()


def dossier_due(*, user, owner=None) -> QuerySet[Dossier]:
    """Open dossiers with a next step due (the due list)."""
    qs = (
        dossier_list(user=user)
        .open()
        .filter(next_due_on__isnull=False)
        .select_related("person__responsible_officer")
    )
    if owner is not None:
        qs = qs.filter(person__responsible_officer=owner)
    return qs


def stage_deadline(*, law: str, step: str) -> StageDeadline | None:
    """Not personal data: unscoped."""
    return StageDeadline.objects.filter(law=law, step=step).first()


# ---- Post-rehab follow-up ---------------------------------------------------------------


def followup_can(*, user, access: Access = Access.READ) -> bool:
    """The follow-up records share the grants of placements; reading them also needs the
    registry's periods (the person's full record)."""
    from registry import selectors as registry_selectors

    return can(user, REHAB_FOLLOWUP, access) and registry_selectors.period_can(
        user=user, access=access
    )


def post_rehab_period_get(*, user, pk: int, access: Access = Access.READ):
    """A post-rehab management period in the user's scope, else 404."""
    from registry import selectors as registry_selectors
    from registry.choices import PeriodKind

    if not followup_can(user=user, access=access):
        raise Http404
    period = registry_selectors.period_get(user=user, pk=pk, access=access)
    if period.kind != PeriodKind.POST_REHAB:
        raise Http404
    return period


def support_list(*, user, access: Access = Access.READ) -> QuerySet[PostRehabSupport]:
    return (
        PostRehabSupport.objects.visible_to(user, access)
        .filter(person__merged_into__isnull=True)
        .select_related("person", "person__residence_unit", "period")
    )


def relapse_list(*, user, access: Access = Access.READ) -> QuerySet[PostRehabRelapse]:
    return (
        PostRehabRelapse.objects.visible_to(user, access)
        .filter(person__merged_into__isnull=True)
        .select_related("person", "person__residence_unit", "period", "task")
    )


def certificate_list(*, user, access: Access = Access.READ) -> QuerySet[PostRehabCertificate]:
    return (
        PostRehabCertificate.objects.visible_to(user, access)
        .filter(person__merged_into__isnull=True)
        .select_related("person", "person__residence_unit", "period")
    )


def period_followup(*, user, period) -> dict:
    """The supports, relapses and certificate of a period the caller already got through
    `post_rehab_period_get` (three queries)."""
    return {
        "supports": list(support_list(user=user).filter(period=period)),
        "relapses": list(relapse_list(user=user).filter(period=period)),
        "certificate": certificate_list(user=user).filter(period=period).first(),
    }


def person_followup(*, user, person) -> list[dict]:
    """The person's post-rehab periods, each with its supports, relapses and certificate
    (four queries, whatever the number of periods)."""
    from registry import selectors as registry_selectors
    from registry.choices import PeriodKind

    if not followup_can(user=user):
        return []
    periods = list(
        registry_selectors.person_periods(user=user, person=person).filter(
            kind=PeriodKind.POST_REHAB
        )
    )
    if not periods:
        return []
    rows = {
        p.pk: {"period": p, "supports": [], "relapses": [], "certificate": None} for p in periods
    }
    for support in support_list(user=user).filter(period_id__in=rows):
        rows[support.period_id]["supports"].append(support)
    for relapse in relapse_list(user=user).filter(period_id__in=rows):
        rows[relapse.period_id]["relapses"].append(relapse)
    for certificate in certificate_list(user=user).filter(period_id__in=rows):
        rows[certificate.period_id]["certificate"] = certificate
    return list(rows.values())


def period_relapse_first(*, period) -> PostRehabRelapse | None:
    """Unscoped, for the rule that no certificate follows a relapse."""
    return PostRehabRelapse.objects.filter(period=period).order_by("occurred_on", "id").first()


def period_certificate(*, period) -> PostRehabCertificate | None:
    """Unscoped, for the rule of one certificate per period."""
    return PostRehabCertificate.objects.filter(period=period).first()


# ---- Voluntary-rehab registrations and services reached ---------------------------------


def registration_list(*, user, access: Access = Access.READ) -> QuerySet[VoluntaryRegistration]:
    return (
        VoluntaryRegistration.objects.visible_to(user, access)
        .filter(person__merged_into__isnull=True)
        .select_related("person", "person__residence_unit", "facility")
    )


def service_list(*, user, access: Access = Access.READ) -> QuerySet[ServiceReached]:
    return (
        ServiceReached.objects.visible_to(user, access)
        .filter(person__merged_into__isnull=True)
        .select_related("person", "person__residence_unit", "facility")
    )


def person_registrations(*, user, person) -> list[VoluntaryRegistration]:
    return list(registration_list(user=user).filter(person=person))


def person_services(*, user, person) -> list[ServiceReached]:
    return list(service_list(user=user).filter(person=person))


def registration_due(*, user, owner=None) -> QuerySet[VoluntaryRegistration]:
    """Registrations not followed by rehab (the due list): the person's latest registration,
    with a start deadline, and no placement started on or after it nor a compulsory-rehab
    dossier compiled since (the commune's answer when the person does not start)."""
    later_registration = VoluntaryRegistration.objects.filter(person=OuterRef("person")).filter(
        Q(registered_on__gt=OuterRef("registered_on"))
        | Q(registered_on=OuterRef("registered_on"), pk__gt=OuterRef("pk"))
    )
    started = RehabPlacement.objects.filter(
        person=OuterRef("person"), start_on__gte=OuterRef("registered_on")
    )
    dossier = Dossier.objects.filter(
        person=OuterRef("person"), compiled_on__gte=OuterRef("registered_on")
    )
    qs = (
        registration_list(user=user)
        .filter(start_due_on__isnull=False)
        .exclude(Exists(later_registration))
        .exclude(Exists(started))
        .exclude(Exists(dossier))
        .select_related("person__responsible_officer")
    )
    if owner is not None:
        qs = qs.filter(person__responsible_officer=owner)
    return qs


def placement_open_on(*, person, day) -> RehabPlacement | None:
    """Unscoped: the person's placement covering `day` (started by then, not ended before)."""
    return (
        RehabPlacement.objects.filter(person=person, start_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .first()
    )


def person_last_determination_on(*, person):
    """Unscoped, for the Law 120 rule on registrations: the date of the person's latest
    determination, or None."""
    last = (
        AddictionDetermination.objects.filter(person=person)
        .order_by("-determined_on")
        .values_list("determined_on", flat=True)
        .first()
    )
    return last


# ---- Education at commune ---------------------------------------------------------------


def education_list(*, user, access: Access = Access.READ) -> QuerySet[EducationMeasure]:
    return (
        EducationMeasure.objects.visible_to(user, access)
        .filter(person__merged_into__isnull=True)
        .select_related("person", "person__residence_unit")
    )


def education_get(*, user, pk: int, access: Access = Access.READ) -> EducationMeasure:
    measure = education_list(user=user, access=access).filter(pk=pk).first()
    if measure is None:
        raise Http404
    return measure


def education_lock(*, pk: int) -> EducationMeasure:
    return EducationMeasure.objects.select_for_update(of=("self",)).get(pk=pk)


def education_events(*, measure: EducationMeasure) -> list[EducationEvent]:
    """The steps of a measure the caller already got through `education_get`."""
    return list(measure.events.select_related("author"))


def person_education(*, user, person) -> list[EducationMeasure]:
    return list(education_list(user=user).filter(person=person))


def education_open_for(*, person) -> EducationMeasure | None:
    """Unscoped, for the rule of one open measure per person."""
    return EducationMeasure.objects.filter(person=person).open().first()


def education_decided_of(*, person) -> list[EducationMeasure]:
    """Unscoped, for the positive-test rule: the person's measures that were decided (under
    way or ended), the latest first."""
    from .choices import EducationStatus

    return list(
        EducationMeasure.objects.filter(
            person=person,
            status__in=[
                EducationStatus.DECIDED,
                EducationStatus.COMPLETED,
                EducationStatus.ENDED_EARLY,
            ],
        ).order_by("-start_on", "-id")
    )


def education_due(*, user, until, owner=None) -> QuerySet[EducationMeasure]:
    """Measures under way whose period ends by `until` (overdue ones included: the end is not
    recorded yet), for the due list."""
    from .choices import EducationStatus

    qs = (
        education_list(user=user)
        .filter(status=EducationStatus.DECIDED, planned_end_on__lte=until)
        .select_related("person__responsible_officer")
    )
    if owner is not None:
        qs = qs.filter(person__responsible_officer=owner)
    return qs


# ---- The province rehab dashboard -------------------------------------------------------

# The people 001's > 80 % target speaks of: users and addicts with a management dossier, and
# those under post-rehab management.
MANAGED_CATEGORIES = ("illicit_user", "addicted", "post_rehab")
REACH_TARGET_PERCENT = 80


def reached_q() -> Q:
    """People who reached counselling, treatment, rehab or reintegration support: a service
    reached, a rehab placement (or psychosis treatment), post-rehab support, or what another
    app records (treatment: substitution treatment, through `rehab.hooks`)."""
    from .hooks import reached_sources

    # `IN (subquery)` rather than EXISTS: PostgreSQL hashes each subquery once (a hashed
    # SubPlan) instead of probing the three tables for every person (0.49 s to 0.1 s at 100k).
    q = (
        Q(pk__in=ServiceReached.objects.values("person_id"))
        | Q(pk__in=RehabPlacement.objects.values("person_id"))
        | Q(pk__in=PostRehabSupport.objects.values("person_id"))
    )
    for build in reached_sources():
        q |= Q(pk__in=build())
    return q


def dashboard_can(*, user) -> bool:
    """Whoever may count placements sees the dashboard (the steering committee too)."""
    return can(user, REHAB_PLACEMENT, Access.COUNT)


def dashboard_figures(*, user, start, end, today) -> dict:
    """The province rehab dashboard in four queries, whatever the number of rows: placements
    per form (in rehab now, started and completed in [start, end]); dossiers per stage (and
    overdue); managed people and those who reached a service."""
    from django.db.models import Count

    from registry.models import Person

    from .choices import CLOSED_STAGES, PlacementOutcome

    open_now = Q(start_on__lte=today, ended_on__isnull=True)
    started = Q(start_on__gte=start, start_on__lte=end)
    completed = Q(
        ended_on__gte=start,
        ended_on__lte=end,
        outcome__in=[PlacementOutcome.COMPLETED, PlacementOutcome.EARLY_RELEASE],
    )
    forms = {
        row["form"]: row
        for row in RehabPlacement.objects.countable_by(user)
        .filter(person__merged_into__isnull=True)
        .filter(open_now | started | completed)
        .values("form")
        .order_by()
        .annotate(
            now=Count("pk", filter=open_now),
            started=Count("pk", filter=started),
            completed=Count("pk", filter=completed),
        )
    }
    overdue = Q(next_due_on__lt=today) & ~Q(stage__in=CLOSED_STAGES)
    stages = {
        row["stage"]: row
        for row in Dossier.objects.countable_by(user)
        .filter(person__merged_into__isnull=True)
        .values("stage")
        .order_by()
        .annotate(n=Count("pk"), overdue=Count("pk", filter=overdue))
    }
    share = (
        Person.objects.countable_by(user)
        .filter(category__in=MANAGED_CATEGORIES)
        .aggregate(total=Count("pk"), reached=Count("pk", filter=reached_q()))
    )
    return {"forms": forms, "stages": stages, "share": share}


def reached_people(*, user, reached: str = ""):
    """The managed people in the user's scope, with `reached` (yes/no) narrowing them to those
    who reached a service or not: the list the dashboard's share links to."""
    from registry import selectors as registry_selectors

    people = (
        registry_selectors.person_list(user=user)
        .filter(category__in=MANAGED_CATEGORIES)
        .select_related("residence_unit")
        .order_by("full_name_folded", "id")
    )
    if reached == "yes":
        return people.filter(reached_q())
    if reached == "no":
        return people.exclude(reached_q())
    return people
