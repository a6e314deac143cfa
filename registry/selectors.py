"""Every read of the registry starts from `visible_to(user)`."""

from django.db import models as db
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from accounts.scoping import Access, grant_for, path_q
from accounts.selectors import officer_list
from areas.choices import Level
from common.text import fold

from .choices import Category, ContactKind, EventKind, TaskStatus, VerificationState
from .models import (
    LegalTerm,
    ManagementPeriod,
    Person,
    PersonDocument,
    PersonEvent,
    Task,
)
from .models.checks import Contact, DrugTest
from .models.imports import ImportJob
from .models.moves import PersonResidence
from .models.prior_records import PriorRecord


def person_list(*, user, access: Access = Access.READ) -> QuerySet[Person]:
    return Person.objects.visible_to(user, access).select_related(
        "residence_unit", "responsible_officer", "permanent_residence_unit"
    )


def person_get(*, user, pk, access: Access = Access.READ) -> Person:
    """The person, or 404 when out of the user's scope (never 403: existence is not told)."""
    return get_object_or_404(person_list(user=user, access=access), pk=pk)


def person_lock(*, pk) -> Person:
    """The row locked for a write (services check the scope themselves)."""
    return Person.objects.select_for_update().select_related("residence_unit").get(pk=pk)


def person_events(*, user, person: Person) -> QuerySet[PersonEvent]:
    visible = Person.objects.visible_to(user).filter(pk=person.pk)
    return PersonEvent.objects.filter(person__in=visible).select_related("author")


def person_national_id_holder(*, national_id: str, exclude_pk=None) -> Person | None:
    """Unscoped: who holds this CCCD. Used only to refuse a duplicate; callers must not
    reveal the holder unless the user can see them (`person_list`)."""
    if not national_id:
        return None
    qs = Person.objects.filter(national_id=national_id)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.only("pk", "scope_path").first()


def person_counts(*, user) -> dict:
    """Counts by category over what the user may count (dashboards: no records shown)."""
    qs = Person.objects.countable_by(user)
    figures = qs.aggregate(
        total=Count("id"),
        incomplete=Count("id", filter=Q(national_id="")),
        special=Count("id", filter=Q(special_management=True)),
        **{c.value: Count("id", filter=Q(category=c.value)) for c in Category},
    )
    figures["by_category"] = [(c, figures[c.value]) for c in Category]
    return figures


def person_document_can(*, user, access: Access = Access.READ) -> bool:
    """Whether the user's grant reaches people's documents at all (pages show or hide the
    section with it; rows still come only from `person_document_list`)."""
    return PersonDocument.objects.grant_allows(user, access)


def person_document_list(
    *, user, person: Person, access: Access = Access.READ
) -> QuerySet[PersonDocument]:
    return (
        PersonDocument.objects.visible_to(user, access)
        .filter(person=person)
        .select_related("uploaded_by")
    )


def person_document_get(*, user, pk, person_pk=None) -> PersonDocument:
    """The document, or 404 when out of the user's scope; with `person_pk`, also 404 when the
    document is another person's (a URL cannot pair a visible person with any file)."""
    qs = PersonDocument.objects.visible_to(user).select_related("uploaded_by")
    if person_pk is not None:
        qs = qs.filter(person_id=person_pk)
    return get_object_or_404(qs, pk=pk)


def task_open_for(*, person: Person, kind: str) -> Task | None:
    """Unscoped, for the rules that raise due work."""
    return Task.objects.filter(person=person, kind=kind, status=TaskStatus.OPEN).first()


def task_lock(*, pk) -> Task:
    return Task.objects.select_for_update().select_related("unit").get(pk=pk)


def task_list(*, user, access: Access = Access.READ) -> QuerySet[Task]:
    return Task.objects.visible_to(user, access).select_related("person", "owner", "unit")


def task_get(*, user, pk, access: Access = Access.READ) -> Task:
    return get_object_or_404(task_list(user=user, access=access), pk=pk)


def person_category_events(*, person: Person) -> list[PersonEvent]:
    """The events that set the category, oldest first, without those a correction replaced
    (the correction stands in their place)."""
    events = PersonEvent.objects.filter(
        person_id=person.pk, kind__in=PersonEvent.CATEGORY_KINDS
    ).order_by("occurred_on", "id")
    events = list(events)
    corrected = {e.corrects_id for e in events if e.corrects_id}
    return [e for e in events if e.pk not in corrected]


def person_event_is_corrected(*, event: PersonEvent) -> bool:
    return PersonEvent.objects.filter(corrects_id=event.pk).exists()


def person_event_get(*, user, person: Person, pk) -> PersonEvent:
    return get_object_or_404(person_events(user=user, person=person), pk=pk)


# ---- Management periods ----------------------------------------------------------------------


def period_can(*, user, access: Access = Access.READ) -> bool:
    """Whether the user's grant reaches management periods at all (pages show or hide the
    section with it; rows still come only from `period_list`)."""
    return ManagementPeriod.objects.grant_allows(user, access)


def period_list(*, user, access: Access = Access.READ) -> QuerySet[ManagementPeriod]:
    return (
        ManagementPeriod.objects.visible_to(user, access)
        .with_end()
        .select_related("person", "person__residence_unit", "created_by")
    )


def period_get(*, user, pk, person_pk=None, access: Access = Access.READ) -> ManagementPeriod:
    """The period, or 404 when out of scope; with `person_pk`, also 404 when the period is
    another person's (a URL cannot pair a visible person with any period)."""
    qs = period_list(user=user, access=access)
    if person_pk is not None:
        qs = qs.filter(person_id=person_pk)
    return get_object_or_404(qs, pk=pk)


def person_periods(*, user, person: Person) -> QuerySet[ManagementPeriod]:
    """A person's periods, the most recent first."""
    return (
        ManagementPeriod.objects.visible_to(user)
        .filter(person_id=person.pk)
        .with_end()
        .select_related("created_by", "renews")
        .order_by("-start_on", "-id")
    )


def period_lock(*, pk) -> ManagementPeriod:
    """The row locked for a write (services check the scope themselves)."""
    return ManagementPeriod.objects.select_for_update().select_related("legal_term").get(pk=pk)


def period_overlapping(
    *, person: Person, kind: str, start_on, end_on, exclude_pk=None
) -> ManagementPeriod | None:
    """Unscoped, for the rule that refuses overlaps: a period of the same kind of the same
    person that covers any day from `start_on` to `end_on` (both included)."""
    qs = (
        ManagementPeriod.objects.with_end()
        .filter(person_id=person.pk, kind=kind, start_on__lte=end_on, occupied_until__gte=start_on)
        .order_by("start_on", "id")
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def period_due(*, user, until, owner=None) -> QuerySet[ManagementPeriod]:
    """Open periods whose term ends on or before `until` (overdue ones included): the due
    list counts and pages them in the database."""
    qs = (
        period_list(user=user)
        .open()
        .filter(term_end__lte=until)
        .select_related("legal_term", "person__responsible_officer")
    )
    if owner is not None:
        qs = qs.filter(person__responsible_officer=owner)
    return qs


def legal_term_notice_days() -> list[int]:
    """The distinct `due_days_before_end` of the legal terms (a handful of values)."""
    return sorted(set(LegalTerm.objects.values_list("due_days_before_end", flat=True)))


def legal_term_for(*, law: str, measure: str, occurrence: int = 1) -> LegalTerm | None:
    """The term that applies to a measure under a law (the latest `from_occurrence` not above
    `occurrence`). Legal terms are not personal data: unscoped."""
    return (
        LegalTerm.objects.filter(law=law, measure=measure, from_occurrence__lte=occurrence)
        .order_by("-from_occurrence")
        .first()
    )


def legal_term_list() -> QuerySet[LegalTerm]:
    return LegalTerm.objects.all()


# ---- Drug tests and contacts -----------------------------------------------------------------


def person_check_can(*, user, access: Access = Access.READ) -> bool:
    """Whether the user's grant reaches people's tests and contacts at all (pages show or hide
    the section with it; rows still come only from the lists below)."""
    return DrugTest.objects.grant_allows(user, access)


def drug_test_list(*, user, access: Access = Access.READ) -> QuerySet[DrugTest]:
    return DrugTest.objects.visible_to(user, access).select_related("person", "tested_by")


def drug_test_get(*, user, pk, access: Access = Access.READ) -> DrugTest:
    return get_object_or_404(drug_test_list(user=user, access=access), pk=pk)


def contact_list(*, user, access: Access = Access.READ) -> QuerySet[Contact]:
    return Contact.objects.visible_to(user, access).select_related("person", "officer", "drug_test")


def contact_get(*, user, pk, access: Access = Access.READ) -> Contact:
    return get_object_or_404(contact_list(user=user, access=access), pk=pk)


def person_contacts(
    *, user, person: Person, limit: int = 100, include_tests: bool = True
) -> QuerySet[Contact]:
    """A person's contacts, tests included (each test has its contact) unless
    `include_tests` is false, newest first."""
    qs = contact_list(user=user).filter(person_id=person.pk)
    if not include_tests:
        qs = qs.exclude(kind=ContactKind.TEST)
    return qs.select_related("drug_test__tested_by").order_by("-contacted_on", "-id")[:limit]


def person_drug_tests(*, user, person: Person, limit: int = 100) -> QuerySet[DrugTest]:
    """A person's drug tests, newest first."""
    return (
        drug_test_list(user=user).filter(person_id=person.pk).order_by("-tested_on", "-id")[:limit]
    )


def person_check_due(*, user, cutoff, categories, owner=None) -> QuerySet[Person]:
    """People of `categories` last checked (test or contact; never: registered) on or before
    `cutoff`: the due list counts and pages them in the database on Person.last_checked_on,
    which the services keep (registry/services/checks.py)."""
    qs = person_list(user=user).filter(category__in=list(categories), last_checked_on__lte=cutoff)
    if owner is not None:
        qs = qs.filter(responsible_officer=owner)
    return qs


# ---- The rest of the person record: prior record, overdue work, the national database -------


def prior_record_can(*, user, access: Access = Access.READ) -> bool:
    """Whether the user's grant reaches people's prior records at all (pages show or hide the
    section with it; rows still come only from `prior_record_list`)."""
    return PriorRecord.objects.grant_allows(user, access)


def prior_record_list(*, user, access: Access = Access.READ) -> QuerySet[PriorRecord]:
    return PriorRecord.objects.visible_to(user, access).select_related(
        "person", "created_by", "voided_by"
    )


def prior_record_get(*, user, pk, person_pk=None, access: Access = Access.READ) -> PriorRecord:
    """The entry, or 404 when out of scope; with `person_pk`, also 404 when it is another
    person's (a URL cannot pair a visible person with any entry)."""
    qs = prior_record_list(user=user, access=access)
    if person_pk is not None:
        qs = qs.filter(person_id=person_pk)
    return get_object_or_404(qs, pk=pk)


def prior_record_lock(*, pk) -> PriorRecord:
    """The row locked for a write (services check the scope themselves)."""
    return PriorRecord.objects.select_for_update().select_related("person").get(pk=pk)


def person_prior_records(*, user, person: Person) -> QuerySet[PriorRecord]:
    """A person's prior record, the most recent first, voided entries included (struck out)."""
    return prior_record_list(user=user).filter(person_id=person.pk).order_by("-year", "-id")


def person_overdue_exists(*, user, today) -> Exists:
    """An expression over people: the person has an open task, visible to the user, past its
    deadline (for a filter or an annotation: one subquery, whatever the number of rows)."""
    overdue = Task.objects.visible_to(user).filter(
        person_id=OuterRef("pk"), status=TaskStatus.OPEN, due_on__lt=today
    )
    return Exists(overdue)


def person_national_db_changes(*, user, since) -> QuerySet[Person]:
    """People whose record changed on or after `since` and who were not updated into the
    national population database since that change: the rows the police must load into it
    (003, 004). "Changed" is the row's last update, which checking the record does not move
    (services/states.py); an update recorded on the day of the change covers it."""
    return (
        person_list(user=user)
        .annotate(changed_on=TruncDate("updated_at"))
        .filter(changed_on__gte=since)
        .exclude(verification_state=VerificationState.UPDATED, verification_on__gte=F("changed_on"))
    )


# ---- Moving: residence history, the unit a person left, where people lived on a day --------
# (models/moves.py; services/moves.py writes the rows)


def residence_list(*, user, person: Person) -> QuerySet[PersonResidence]:
    """A person's residence history, oldest first (whoever sees the person sees it all)."""
    return (
        PersonResidence.objects.visible_to(user)
        .filter(person_id=person.pk)
        .select_related("unit", "started_by__author")
        .order_by("started_on", "id")
    )


def residence_history(*, person: Person, lock: bool = False) -> list[PersonResidence]:
    """Unscoped, for the services: the person's stints, oldest first (empty: never moved)."""
    qs = PersonResidence.objects.filter(person_id=person.pk)
    if lock:
        qs = qs.select_for_update(of=("self",))
    return list(qs.select_related("unit").order_by("started_on", "id"))


def person_registered_on(*, person: Person):
    """Unscoped: the first day of the person's record (the registration event's date, else
    the day the row was made)."""
    first = (
        PersonEvent.objects.filter(person_id=person.pk, kind=EventKind.REGISTERED)
        .order_by("occurred_on")
        .values_list("occurred_on", flat=True)
        .first()
    )
    return first or timezone.localtime(person.created_at).date()


def person_residence_on(*, person: Person, day) -> PersonResidence:
    """Where the person lived on `day` (reports of past periods count people there): the stint
    that started last on or before it; before the first stint, the first one; for a person
    who never moved, their current commune (an unsaved row). `unit` empty: outside the
    province."""
    stints = residence_history(person=person)
    if not stints:
        return PersonResidence(
            person=person, unit=person.residence_unit, scope_path=person.scope_path
        )
    current = stints[0]
    for stint in stints:
        if stint.started_on <= day:
            current = stint
    return current


def person_residence_path_on(day, ref: str = "pk"):
    """An expression over people (`ref` names the person's id): the unit path where the person
    lived on `day`, by the rule of `person_residence_on` ("" outside the province)."""
    stints = PersonResidence.objects.filter(person_id=OuterRef(ref))
    started = stints.filter(started_on__lte=day).order_by("-started_on", "-id")
    first = stints.order_by("started_on", "id")
    return db.functions.Coalesce(
        db.Subquery(started.values("scope_path")[:1]),
        db.Subquery(first.values("scope_path")[:1]),
        F("scope_path"),
        output_field=db.CharField(),
    )


def person_residence_unit_on(day, ref: str = "pk"):
    """Like `person_residence_path_on`, the unit's id (NULL outside the province)."""
    stints = PersonResidence.objects.filter(person_id=OuterRef(ref))
    started = stints.filter(started_on__lte=day).order_by("-started_on", "-id")
    first = stints.order_by("started_on", "id")
    return db.Case(
        db.When(Exists(started), then=db.Subquery(started.values("unit_id")[:1])),
        db.When(Exists(stints), then=db.Subquery(first.values("unit_id")[:1])),
        default=F("residence_unit_id"),
        output_field=db.IntegerField(),
    )


def person_countable_on(*, user, day) -> QuerySet[Person]:
    """The people a user may count as living in their jurisdiction on `day` (reports of past
    periods), wherever they live now, each annotated with `residence_path_on`. Counts only:
    the grant's COUNT level is enough, and callers aggregate, never list. Callers apply
    their own "was registered by then" rule (the first stint also covers the days before
    the record began)."""
    if grant_for(user, Person.scope_record_type).access < Access.COUNT:
        return Person.objects.none()
    return (
        Person.objects.filter(merged_into__isnull=True)
        .annotate(residence_path_on=person_residence_path_on(day))
        .filter(path_q("residence_path_on", user.scope_unit.path))
    )


def person_count_by_unit_on(*, user, day) -> dict[str, int]:
    """{unit path: number of people who lived there on `day`} over the user's jurisdiction,
    from the residence history (one query)."""
    rows = (
        person_countable_on(user=user, day=day)
        .order_by()
        .values("residence_path_on")
        .annotate(n=Count("id"))
    )
    return {row["residence_path_on"]: row["n"] for row in rows}


def _reads_whole_records(user) -> bool:
    grant = grant_for(user, Person.scope_record_type)
    return grant.access >= Access.READ and grant.fields == "full" and not grant.only


def residence_former_list(*, user) -> QuerySet[PersonResidence]:
    """DESIGN.md's deliberate exception: the people who moved away from the user's
    jurisdiction, each as the last stint they lived in it (closed by a transfer, holding the
    record as it stood then). Only for grants that read whole records, never for people the
    user sees today, never merged records. Pages that show them log it (views_moves.py)."""
    if not _reads_whole_records(user):
        return PersonResidence.objects.none()
    in_scope = path_q("scope_path", user.scope_unit.path) & Q(ended_on__isnull=False)
    latest = (
        PersonResidence.objects.filter(in_scope, person_id=OuterRef("person_id"))
        .order_by("-ended_on", "-id")
        .values("pk")[:1]
    )
    return (
        PersonResidence.objects.filter(in_scope, person__merged_into__isnull=True)
        .filter(pk=db.Subquery(latest))
        .exclude(person__in=Person.objects.visible_to(user).values("pk"))
        .select_related("unit", "ended_by__author")
        .order_by("-ended_on", "-id")
    )


def residence_former_get(*, user, person_pk) -> PersonResidence:
    """The stint through which the user reads a person who moved away, or 404."""
    return get_object_or_404(residence_former_list(user=user), person_id=person_pk)


def person_outside_get(*, user, pk) -> Person:
    """A person who moved out of the province (unit path ""), for a provincial user of that
    province to record their return; 404 for anyone else."""
    scope = getattr(user, "scope_unit", None)
    if grant_for(user, Person.scope_record_type).access < Access.WRITE or (
        scope.level != Level.PROVINCE
    ):
        raise Http404
    outside = Person.objects.filter(scope_path="", merged_into__isnull=True).filter(
        path_q("residence_unit__path", scope.path)
    )
    return get_object_or_404(outside.select_related("residence_unit"), pk=pk)


def _former_cut(stint: PersonResidence):
    """The move day and the moment the transfer was recorded: the old unit reads what is dated
    before the first and was recorded before the second."""
    recorded = stint.ended_by.created_at if stint.ended_by_id else stint.created_at
    return stint.moved_out_on, recorded


def person_former_residences(*, stint: PersonResidence) -> QuerySet[PersonResidence]:
    """The stints up to the one the old unit reads through (where the person came from)."""
    return (
        PersonResidence.objects.filter(person_id=stint.person_id, started_on__lte=stint.started_on)
        .select_related("unit")
        .order_by("started_on", "id")
    )


def person_former_events(*, stint: PersonResidence) -> QuerySet[PersonEvent]:
    """The history as the old unit knew it: events dated before the move and recorded before
    the transfer, and the transfer itself."""
    moved_on, recorded = _former_cut(stint)
    return (
        PersonEvent.objects.filter(person_id=stint.person_id)
        .filter(Q(occurred_on__lt=moved_on, created_at__lte=recorded) | Q(pk=stint.ended_by_id))
        .select_related("author", "corrects")
        .order_by("occurred_on", "id")
    )


def person_former_contacts(*, stint: PersonResidence, limit: int = 100) -> QuerySet[Contact]:
    """Contacts and tests dated before the move and recorded before the transfer."""
    moved_on, recorded = _former_cut(stint)
    return (
        Contact.objects.filter(
            person_id=stint.person_id, contacted_on__lt=moved_on, created_at__lte=recorded
        )
        .select_related("officer", "drug_test__tested_by")
        .order_by("-contacted_on", "-id")[:limit]
    )


# ---- Caseloads: who is responsible for whom -------------------------------------------------


def caseload_officers(*, user) -> QuerySet[User]:
    """The officers of the user's jurisdiction, and anyone (a departed officer too) still
    responsible for people the user sees, each with `caseload` (people) and `open_tasks`.
    One query."""
    people = Person.objects.visible_to(user)
    caseload = (
        people.filter(responsible_officer=OuterRef("pk"))
        .order_by()
        .values("responsible_officer")
        .annotate(n=Count("id"))
        .values("n")
    )
    tasks = (
        Task.objects.visible_to(user)
        .filter(status=TaskStatus.OPEN, owner=OuterRef("pk"))
        .order_by()
        .values("owner")
        .annotate(n=Count("id"))
        .values("n")
    )
    holders = people.filter(responsible_officer__isnull=False).values("responsible_officer")
    return (
        User.objects.filter(Q(pk__in=officer_list(user=user).values("pk")) | Q(pk__in=holders))
        .select_related("scope_unit")
        .annotate(
            caseload=db.functions.Coalesce(db.Subquery(caseload), 0),
            open_tasks=db.functions.Coalesce(db.Subquery(tasks), 0),
        )
        .order_by("-is_active", "last_name", "first_name", "username")
    )


def caseload_unassigned_count(*, user) -> int:
    return Person.objects.visible_to(user).filter(responsible_officer__isnull=True).count()


def caseload_people(
    *, user, officer, unit=None, category: str = "", access: Access = Access.WRITE
) -> QuerySet[Person]:
    """The people in an officer's caseload that the user may change, optionally those of one
    unit (and below) or one category."""
    qs = Person.objects.visible_to(user, access).filter(responsible_officer=officer)
    if unit is not None:
        qs = qs.filter(path_q("scope_path", unit.path))
    if category:
        qs = qs.filter(category=category)
    return qs


# ---- Duplicates and merged records -------------------------------------------------------------


def person_merged_into(*, pk) -> int | None:
    """Unscoped: the record a merged duplicate now lives in (None if not merged). Callers
    redirect only to a survivor the user may see (`person_get`)."""
    return Person.objects.filter(pk=pk).values_list("merged_into_id", flat=True).first()


def person_duplicate_candidates(
    *, user, full_name: str, birth_year, exclude_pk=None, limit: int = 20
) -> tuple[list[Person], int]:
    """Possible duplicates at entry: the people with the same folded name and birth year. The
    ones the user may see (at most `limit`, the same commune first is up to the caller), and
    how many others exist elsewhere (counted, never shown: the province resolves them)."""
    folded = fold(full_name or "")
    if not folded or not birth_year:
        return [], 0
    same = Person.objects.filter(
        full_name_folded=folded, birth_year=birth_year, merged_into__isnull=True
    )
    mine = person_list(user=user).filter(full_name_folded=folded, birth_year=birth_year)
    if exclude_pk:
        same, mine = same.exclude(pk=exclude_pk), mine.exclude(pk=exclude_pk)
    elsewhere = same.exclude(pk__in=mine.values("pk")).count()
    return list(mine.order_by("id")[:limit]), elsewhere


def person_duplicate_groups(*, user) -> QuerySet:
    """Groups of people the user sees with the same folded name and birth year (dicts of
    `full_name_folded`, `birth_year`, `size`), largest first."""
    return (
        Person.objects.visible_to(user)
        .order_by()
        .values("full_name_folded", "birth_year")
        .annotate(size=Count("id"))
        .filter(size__gt=1)
        .order_by("-size", "full_name_folded", "birth_year")
    )


def person_duplicate_members(*, user, groups) -> QuerySet[Person]:
    """The people of the given groups (one query for a page of groups)."""
    keys = Q(pk__in=[])
    for group in groups:
        keys |= Q(full_name_folded=group["full_name_folded"], birth_year=group["birth_year"])
    return person_list(user=user).filter(keys).order_by("full_name_folded", "birth_year", "id")


def person_relations() -> list:
    """Every foreign key that points at Person, found from the model's metadata (hidden
    relations such as `related_name="+"` included), so that a new model is covered as soon
    as it exists. Many-to-many relations are reached through their through model's key."""
    return [
        rel
        for rel in Person._meta.get_fields(include_hidden=True)
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)
    ]


def person_history_counts(*, person: Person) -> list[tuple[str, int]]:
    """Unscoped: how many records of each kind point at the person and would move in a merge
    (the merge page shows them). Callers show them only for people the user may change."""
    rows = []
    for rel in person_relations():
        if rel.related_model is Person or not getattr(rel.related_model, "merge_repoints", True):
            continue
        count = rel.related_model._base_manager.filter(**{rel.field.name: person.pk}).count()
        if count:
            rows.append((str(rel.related_model._meta.verbose_name_plural), count))
    return rows


# ---- Imports of people from spreadsheets -----------------------------------------------------


def import_job_can(*, user) -> bool:
    """Whether the user may import people at all (write grant on people, in full)."""
    return ImportJob.objects.grant_allows(user)


def import_job_list(*, user) -> QuerySet[ImportJob]:
    return ImportJob.objects.visible_to(user).select_related("user", "unit", "default_unit")


def import_job_get(*, user, pk, own: bool = False) -> ImportJob:
    """The import, or 404 when out of the user's scope; with `own`, also 404 unless the user
    uploaded it (only the uploader maps the columns and chooses what to write)."""
    qs = import_job_list(user=user)
    if own:
        qs = qs.filter(user=user)
    return get_object_or_404(qs, pk=pk)


def import_job_lock(*, pk, skip_locked: bool = False) -> ImportJob | None:
    """The row locked for a write (tasks and services check the scope themselves). With
    `skip_locked`, None when another transaction holds it (PostgreSQL: a task still writing)."""
    qs = ImportJob.objects.select_for_update(skip_locked=skip_locked, of=("self",))
    qs = qs.select_related("user__scope_unit", "default_unit")
    return qs.filter(pk=pk).first()


def person_national_id_holders(*, national_ids) -> dict[str, int]:
    """Unscoped: which of these CCCDs are registered, to whom (pk). Used only to refuse
    duplicates; callers must not reveal the holder unless the user can see them."""
    ids = [n for n in set(national_ids) if n]
    if not ids:
        return {}
    return dict(Person.objects.filter(national_id__in=ids).values_list("national_id", "pk"))


def person_visible_ids(*, user, pks) -> set[int]:
    """Which of these people the user may see."""
    return set(person_list(user=user).filter(pk__in=list(pks)).values_list("pk", flat=True))


def person_name_matches(*, user, names, unit_ids) -> list[dict]:
    """People the user sees with one of these folded names in one of these communes (likely
    duplicates of new entries; the caller compares birth years). One query."""
    if not names or not unit_ids:
        return []
    return list(
        person_list(user=user)
        .filter(full_name_folded__in=list(set(names)), residence_unit_id__in=list(set(unit_ids)))
        .values("pk", "full_name_folded", "birth_year", "residence_unit_id")
    )
