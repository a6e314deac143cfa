"""Every read of the registry starts from `visible_to(user)`."""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.scoping import Access

from .choices import Category, TaskStatus
from .models import Person, PersonDocument, PersonEvent, Task


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
