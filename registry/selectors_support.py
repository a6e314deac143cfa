"""Reads for who helps each person, review campaigns and the data-quality page. Every read of a
scoped model starts from `visible_to(user)` (or `countable_by(user)` for figures that show no
record); review campaigns are not personal records and are cut to the campaigns that cover the
user's jurisdiction."""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.shortcuts import get_object_or_404

from accounts.choices import Role
from accounts.models import Agency
from accounts.scoping import Access, RecordType, grant_for, path_q
from areas.choices import Level
from areas.selectors import commune_list

from . import selectors
from .choices import DocumentKind, ReviewOutcome, ReviewStatus, SupporterRole
from .models import (
    Contact,
    DrugTest,
    Person,
    PersonDocument,
    PersonEvent,
    ReviewCampaign,
    ReviewItem,
    Supporter,
)

# ---- Who helps each person ------------------------------------------------------------------


def supporter_can(*, user, access: Access = Access.READ) -> bool:
    """Whether the user's grant reaches supporters at all (pages show or hide the section with
    it; rows still come only from `supporter_list`)."""
    # The rule of every record under a person that says more than who the person is (the
    # same as tests and contacts: a grant with every field).
    return selectors.person_check_can(user=user, access=access)


def supporter_list(*, user, access: Access = Access.READ) -> QuerySet[Supporter]:
    return Supporter.objects.visible_to(user, access).select_related(
        "person", "agency", "user", "created_by", "ended_by"
    )


def supporter_get(*, user, pk, person_pk=None, access: Access = Access.READ) -> Supporter:
    """The assignment, or 404 when out of scope; with `person_pk`, also 404 when it is another
    person's (a URL cannot pair a visible person with any assignment)."""
    qs = supporter_list(user=user, access=access)
    if person_pk is not None:
        qs = qs.filter(person_id=person_pk)
    return get_object_or_404(qs, pk=pk)


def person_supporters(*, user, person: Person) -> list[Supporter]:
    """A person's supporters: the current ones first (by role), then the past ones."""
    rows = list(supporter_list(user=user).filter(person_id=person.pk).order_by("-start_on", "-id"))
    order = {role: index for index, role in enumerate(SupporterRole.values)}
    return sorted(
        rows, key=lambda s: (s.ended_on is not None, order.get(s.role, 0) if s.is_active else 0)
    )


def supporter_active_for(*, actor, person: Person) -> list[Supporter]:
    """The person's current assignments, for the rules that refuse a second leader or the
    same assignment twice (the actor may write the person: the services check it first)."""
    return list(
        Supporter.objects.visible_to(actor, Access.WRITE)
        .active()
        .filter(person_id=person.pk)
        .select_related("agency", "user")
    )


def supporter_lock(*, actor, pk) -> Supporter:
    """The row locked for a write, within the actor's write scope (404 otherwise)."""
    qs = Supporter.objects.visible_to(actor, Access.WRITE).select_for_update(of=("self",))
    return get_object_or_404(qs, pk=pk)


def _ancestor_paths(path: str) -> list[str]:
    parts = path.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def supporter_agency_choices(*, user) -> QuerySet[Agency]:
    """Active agencies that may support people of the user's jurisdiction: those of the units
    above it (the province's departments and organisations) and those within it (commune
    committees, commune organisations). The service checks that the agency's unit covers the
    person's commune."""
    if not getattr(user, "is_authenticated", False) or not user.scope_unit_id:
        return Agency.objects.none()
    path = user.scope_unit.path
    return (
        Agency.objects.filter(is_active=True)
        .filter(Q(unit__path__in=_ancestor_paths(path)) | path_q("unit__path", path))
        .select_related("unit")
        .order_by("unit__level", "name")
    )


# ---- Review campaigns -------------------------------------------------------------------------

# Who opens and closes a review: the province's police and administrators.
REVIEW_MANAGER_ROLES = (Role.PROVINCIAL_POLICE, Role.ADMIN)


def review_campaign_can_view(*, user) -> bool:
    """Campaigns and their figures (counts, no record): any user with a grant on people."""
    return grant_for(user, RecordType.PERSON).access >= Access.COUNT


def review_campaign_can_manage(*, user) -> bool:
    """Open and close campaigns: provincial police and administrators at the province."""
    return bool(
        review_campaign_can_view(user=user)
        and user.role in REVIEW_MANAGER_ROLES
        and user.scope_unit.level == Level.PROVINCE
    )


def review_item_can(*, user, access: Access = Access.READ) -> bool:
    """Whether the user's grant reaches review items (the people) at all."""
    return selectors.person_check_can(user=user, access=access)


def review_campaign_list(*, user) -> QuerySet[ReviewCampaign]:
    """The campaigns that cover the user's jurisdiction (opened above or at it) or lie within
    it."""
    if not review_campaign_can_view(user=user):
        return ReviewCampaign.objects.none()
    path = user.scope_unit.path
    return ReviewCampaign.objects.filter(
        Q(scope_path__in=_ancestor_paths(path)) | Q(scope_path__startswith=path + ".")
    ).select_related("unit", "opened_by", "closed_by")


def review_campaign_get(*, user, pk) -> ReviewCampaign:
    return get_object_or_404(review_campaign_list(user=user), pk=pk)


def review_campaign_lock(*, pk) -> ReviewCampaign:
    return ReviewCampaign.objects.select_for_update().get(pk=pk)


def review_people_to_include(*, actor, categories) -> QuerySet:
    """(person id, category) of every person of `categories` the actor's jurisdiction counts
    (merged duplicates never): the people a campaign the actor opens covers. Unordered, and
    exactly these two columns in this order: the service copies the rows with one
    `INSERT … SELECT` over this query's SQL."""
    return (
        Person.objects.countable_by(actor)
        .filter(category__in=list(categories))
        .order_by()
        .values_list("pk", "category")
    )


def _outcome_counts() -> dict:
    return {
        "total": Count("id"),
        "reviewed": Count("id", filter=~Q(outcome="")),
        "confirmed": Count("id", filter=Q(outcome=ReviewOutcome.CONFIRMED)),
        "corrected": Count("id", filter=Q(outcome=ReviewOutcome.CORRECTED)),
        "not_found": Count("id", filter=Q(outcome=ReviewOutcome.NOT_FOUND)),
    }


def _progress_row(figures: dict, *, overdue: bool) -> dict:
    total = figures.get("total", 0)
    reviewed = figures.get("reviewed", 0)
    row = {
        "total": total,
        "reviewed": reviewed,
        "confirmed": figures.get("confirmed", 0),
        "corrected": figures.get("corrected", 0),
        "not_found": figures.get("not_found", 0),
        "pending": total - reviewed,
        "percent": round(100 * reviewed / total, 1) if total else None,
    }
    # Whatever is still unreviewed after the deadline is overdue.
    row["overdue"] = row["pending"] if overdue else 0
    return row


def review_summaries(*, user, campaigns, today: datetime.date) -> dict[int, dict]:
    """Each campaign's progress over the people the user may count: one query."""
    by_id = {c.pk: c for c in campaigns}
    figures = (
        ReviewItem.objects.countable_by(user)
        .filter(campaign_id__in=list(by_id))
        .values("campaign_id")
        .annotate(**_outcome_counts())
        .order_by()
    )
    found = {row["campaign_id"]: row for row in figures}
    return {
        pk: _progress_row(found.get(pk, {}), overdue=campaign.is_overdue(today))
        for pk, campaign in by_id.items()
    }


def review_progress(*, user, campaign: ReviewCampaign, today: datetime.date) -> dict:
    """Progress per commune within both the campaign and the user's jurisdiction: every
    commune (none left out because nobody there is in scope), with the totals. Two queries
    whatever the number of communes or people."""
    overdue = campaign.is_overdue(today)
    scope = user.scope_unit
    unit = scope if campaign.unit.contains(scope) else campaign.unit
    figures = (
        ReviewItem.objects.countable_by(user)
        .filter(campaign=campaign)
        .values("person__residence_unit_id")
        .annotate(**_outcome_counts())
        .order_by()
    )
    by_commune = {row["person__residence_unit_id"]: row for row in figures}
    rows = []
    totals = dict.fromkeys(("total", "reviewed", "confirmed", "corrected", "not_found"), 0)
    for commune in commune_list(within=unit):
        found = by_commune.get(commune.pk, {})
        for key in totals:
            totals[key] += found.get(key, 0)
        rows.append({"commune": commune, **_progress_row(found, overdue=overdue)})
    return {"rows": rows, "total": _progress_row(totals, overdue=overdue), "overdue": overdue}


def review_item_list(
    *, user, campaign: ReviewCampaign, access: Access = Access.READ
) -> QuerySet[ReviewItem]:
    return (
        ReviewItem.objects.visible_to(user, access)
        .filter(campaign_id=campaign.pk)
        .select_related(
            "campaign",
            "person",
            "person__residence_unit",
            "person__responsible_officer",
            "reviewed_by",
        )
    )


def review_item_get(
    *, user, campaign: ReviewCampaign, pk, access: Access = Access.READ
) -> ReviewItem:
    """The item, or 404 when out of scope or of another campaign."""
    return get_object_or_404(review_item_list(user=user, campaign=campaign, access=access), pk=pk)


def review_item_lock(*, actor, campaign: ReviewCampaign, person: Person) -> ReviewItem | None:
    """The person's item in the campaign, locked, if the actor may write it; None when the
    person is not in the campaign (or not in the actor's jurisdiction: the same answer)."""
    return (
        ReviewItem.objects.visible_to(actor, Access.WRITE)
        .select_for_update(of=("self",))
        .filter(campaign_id=campaign.pk, person_id=person.pk)
        .select_related("campaign")
        .first()
    )


def review_pending_by_commune(*, user, owner=None, limit: int = 1000) -> QuerySet:
    """The unreviewed people of open campaigns in the user's jurisdiction, counted per campaign
    and commune (`owner`: only the people that officer is responsible for). One bounded
    query."""
    qs = ReviewItem.objects.visible_to(user).pending().filter(campaign__status=ReviewStatus.OPEN)
    if owner is not None:
        qs = qs.filter(person__responsible_officer=owner)
    return (
        qs.values(
            "campaign_id",
            "campaign__name",
            "campaign__deadline",
            "person__residence_unit_id",
            "person__residence_unit__name",
        )
        .annotate(pending=Count("id"))
        .order_by("campaign__deadline", "campaign_id", "person__residence_unit__name")[:limit]
    )


# ---- Data quality ("đúng, đủ, sạch, sống") ----------------------------------------------------


def data_quality_can(*, user, people: bool = False) -> bool:
    """The figures: any grant on people (counts show no record). The people to fix: a grant
    that reaches full records (the list says who was not checked, who has no photo)."""
    if people:
        return selectors.person_check_can(user=user)
    return grant_for(user, RecordType.PERSON).access >= Access.COUNT


# The population-database states that count as verified (an update into the national database
# follows a verification).
VERIFIED_STATES = ("verified", "updated")


def verification_states() -> tuple[str, ...] | None:
    """The verified states of Person.verification_state, or None while the register has no
    such field (the page then shows the column as not available)."""
    try:
        field = Person._meta.get_field("verification_state")
    except FieldDoesNotExist:
        return None
    values = {value for value, _label in field.choices or ()}
    return tuple(s for s in VERIFIED_STATES if s in values) or None


def _quality_annotations(*, user, checked_since: datetime.date) -> dict:
    """Per person: a contact or test after `checked_since`; a photo; the document number of
    the event that set the current category (corrected entries left out)."""
    contacts = Contact.objects.countable_by(user).filter(
        person_id=OuterRef("pk"), contacted_on__gt=checked_since
    )
    tests = DrugTest.objects.countable_by(user).filter(
        person_id=OuterRef("pk"), tested_on__gt=checked_since
    )
    photos = PersonDocument.objects.countable_by(user).filter(
        person_id=OuterRef("pk"), kind=DocumentKind.PHOTO
    )
    current = (
        PersonEvent.objects.filter(person_id=OuterRef("pk"), kind__in=PersonEvent.CATEGORY_KINDS)
        .exclude(Exists(PersonEvent.objects.filter(corrects_id=OuterRef("pk"))))
        .order_by("-occurred_on", "-id")
    )
    return {
        "q_checked": Exists(contacts) | Exists(tests),
        "q_photo": Exists(photos),
        "q_basis": Subquery(current.values("basis_number")[:1]),
    }


def _quality_conditions(*, checked_categories, verified) -> dict[str, Q]:
    """Each criterion as a condition on the annotated people."""
    conditions = {
        "with_cccd": ~Q(national_id=""),
        "with_officer": Q(responsible_officer__isnull=False),
        "must_check": Q(category__in=list(checked_categories)),
        "checked": Q(category__in=list(checked_categories), q_checked=True),
        "with_photo": Q(q_photo=True),
        # NULL (no category event) and "" (no document number) both fail.
        "with_basis": Q(q_basis__gt=""),
    }
    if verified:
        conditions["verified"] = Q(verification_state__in=list(verified))
    return conditions


# The criteria each person is sorted by (see registry/quality.py), from which the figures are
# summed: "checked" counts among "must_check", "complete" needs the four it names.
QUALITY_FLAGS = ("with_cccd", "with_officer", "must_check", "checked", "with_photo", "with_basis")
COMPLETE_NEEDS = ("with_cccd", "with_officer", "with_photo", "with_basis")


def data_quality_figures(
    *, user, checked_since: datetime.date, checked_categories
) -> tuple[list[tuple], dict]:
    """The figures of every commune in the user's jurisdiction, as (commune, counts), and the
    totals. Two queries whatever the number of communes or people: the communes, and one
    aggregate that counts the people by commune and by which criteria they meet (each
    criterion computed once per person; at most 2^7 groups per commune), summed here."""
    verified = verification_states()
    conditions = _quality_conditions(checked_categories=checked_categories, verified=verified)
    flags = [*QUALITY_FLAGS, *(["verified"] if verified else [])]
    rows = (
        Person.objects.countable_by(user)
        .annotate(**_quality_annotations(user=user, checked_since=checked_since))
        .annotate(
            **{
                f"f_{name}": ExpressionWrapper(conditions[name], output_field=BooleanField())
                for name in flags
            }
        )
        .values("residence_unit_id", *(f"f_{name}" for name in flags))
        .annotate(n=Count("id"))
        .order_by()
    )
    keys = ["people", *flags, "complete"]
    by_commune: dict[int, dict] = {}
    for row in rows:
        figures = by_commune.setdefault(row["residence_unit_id"], dict.fromkeys(keys, 0))
        n = row["n"]
        met = {name for name in flags if row[f"f_{name}"]}
        figures["people"] += n
        for name in met:
            figures[name] += n
        if all(name in met for name in COMPLETE_NEEDS):
            figures["complete"] += n
    empty = dict.fromkeys(keys, 0)
    communes = [
        (commune, by_commune.get(commune.pk, empty))
        for commune in commune_list(within=user.scope_unit)
    ]
    totals = dict(empty)
    for _commune, figures in communes:
        for key in totals:
            totals[key] += figures.get(key, 0)
    return communes, totals


def data_quality_to_fix(
    *, user, commune, checked_since: datetime.date, checked_categories, problem: str = ""
) -> QuerySet[Person]:
    """The people of one commune with something to fix, each annotated with the criteria
    (`q_checked`, `q_photo`, `q_basis`); `problem` keeps one kind of problem only. One query
    per page."""
    verified = verification_states()
    conditions = _quality_conditions(checked_categories=checked_categories, verified=verified)
    problems = data_quality_problem_conditions(conditions)
    qs = (
        selectors.person_list(user=user)
        .filter(residence_unit_id=commune.pk)
        .annotate(**_quality_annotations(user=user, checked_since=checked_since))
    )
    if problem:
        qs = qs.filter(problems[problem]) if problem in problems else qs.none()
    else:
        any_problem = Q()
        for condition in problems.values():
            any_problem |= condition
        qs = qs.filter(any_problem)
    return qs.order_by("full_name_folded", "id")


def data_quality_problem_conditions(conditions: dict[str, Q]) -> dict[str, Q]:
    """What to fix, as conditions: the negation of each criterion."""
    problems = {
        "no_cccd": ~conditions["with_cccd"],
        "no_officer": ~conditions["with_officer"],
        "not_checked": conditions["must_check"] & ~Q(q_checked=True),
        "no_photo": ~conditions["with_photo"],
        "no_basis": Q(q_basis__isnull=True) | Q(q_basis=""),
    }
    if "verified" in conditions:
        problems["not_verified"] = ~conditions["verified"]
    return problems
