"""Every read of the registry starts from `visible_to(user)`."""

from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.shortcuts import get_object_or_404

from accounts.scoping import Access

from .choices import Category, EventKind, TaskStatus
from .models import (
    LegalTerm,
    ManagementPeriod,
    Person,
    PersonDocument,
    PersonEvent,
    Task,
)
from .models.checks import Contact, DrugTest


def person_list(*, user, access: Access = Access.READ) -> QuerySet[Person]:
    return Person.objects.visible_to(user, access).select_related(
        "residence_unit", "responsible_officer"
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


def period_due(*, user, until, owner=None, limit: int = 1000) -> QuerySet[ManagementPeriod]:
    """Open periods whose term ends on or before `until` (overdue ones included), soonest
    first, bounded: one query whatever the number of rows."""
    qs = (
        period_list(user=user)
        .open()
        .filter(term_end__lte=until)
        .select_related("legal_term", "person__responsible_officer")
    )
    if owner is not None:
        qs = qs.filter(person__responsible_officer=owner)
    return qs.order_by("term_end", "id")[:limit]


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


def person_contacts(*, user, person: Person, limit: int = 100) -> QuerySet[Contact]:
    """A person's contacts, tests included (each test has its contact), newest first."""
    return (
        contact_list(user=user)
        .filter(person_id=person.pk)
        .select_related("drug_test__tested_by")
        .order_by("-contacted_on", "-id")[:limit]
    )


def person_check_due(
    *, user, cutoff, categories, owner=None, limit: int = 1000
) -> QuerySet[Person]:
    """People of `categories` last checked (test or contact; never: registered) on or before
    `cutoff`, longest unchecked first, each with `last_checked_on`. One bounded query."""
    tests = DrugTest.objects.filter(person_id=OuterRef("pk")).order_by("-tested_on")
    contacts = Contact.objects.filter(person_id=OuterRef("pk")).order_by("-contacted_on")
    registered = PersonEvent.objects.filter(
        person_id=OuterRef("pk"), kind=EventKind.REGISTERED
    ).order_by("occurred_on")
    last_test = Subquery(tests.values("tested_on")[:1])
    last_contact = Subquery(contacts.values("contacted_on")[:1])
    since = Coalesce(Subquery(registered.values("occurred_on")[:1]), TruncDate("created_at"))
    qs = person_list(user=user).filter(category__in=list(categories))
    if owner is not None:
        qs = qs.filter(responsible_officer=owner)
    return (
        qs.annotate(
            # The later of the last test and the last contact; the registration when neither.
            # GREATEST ignores NULLs on PostgreSQL but is NULL with any NULL on SQLite: the
            # COALESCE that follows covers the second case, and each subquery runs once per
            # row in the first.
            last_checked_on=Coalesce(
                Greatest(last_test, last_contact), last_test, last_contact, since
            )
        )
        .filter(last_checked_on__lte=cutoff)
        .order_by("last_checked_on", "id")[:limit]
    )
