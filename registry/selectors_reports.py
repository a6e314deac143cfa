"""Aggregate reads for the periodic reports (reporting/ calls these; it never touches the
registry's tables). Every function answers for a unit path and a data window, from HISTORY:
where a person lived and which category they had on the window's last day are read from the
residence stints and the category events dated up to that day, not from today's columns.

Each function runs ONE aggregate query grouped by commune path, so a province build costs the
same number of queries as a commune build. Rows are counted as the report's counting principal
sees them: the whole province that contains the unit, counts only (``countable_by``)."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from accounts.choices import Role

from .choices import ContactKind, DrugTestResult, Ethnicity, EventKind
from .models import Contact, DrugTest, ManagementPeriod, Person, PersonEvent, PersonResidence

AGE_BANDS = ("lt14", "14_16", "16_18", "18_30", "ge30")


@dataclass(frozen=True)
class _Counter:
    """The principal a report counts as: the province containing the unit, count access only
    (reports hold aggregates, never a record)."""

    scope_unit: object
    role: str = Role.ADMIN
    is_authenticated: bool = True
    is_active: bool = True
    agency_id: None = None
    agency: None = None

    @property
    def scope_unit_id(self):
        return self.scope_unit.pk


def _counter(unit):
    province = unit
    while province.parent_id:
        province = province.parent
    return _Counter(scope_unit=province)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _in_path(field: str, path: str) -> Q:
    return Q(**{field: path}) | Q(**{f"{field}__startswith": path + "."})


def _ever_in(path: str, counter, prefix: str = "") -> Q:
    """A cheap pre-filter (indexed): people who live under `path` today or have a residence
    stint there; where they lived on the day is then decided by `_path_on`."""
    if path == counter.scope_unit.path:
        return Q()  # the whole province: `countable_by` already cuts the rows to it
    stints = (
        PersonResidence.objects.countable_by(counter)
        .filter(_in_path("scope_path", path))
        .values("person_id")
        .order_by()
    )
    # One indexed list of ids (a UNION) rather than an OR of a path test and a subquery,
    # which made PostgreSQL scan every person of the province for one commune's figures.
    here = (
        Person.objects.countable_by(counter)
        .filter(_in_path("scope_path", path))
        .values("pk")
        .order_by()
    )
    return Q(**{f"{prefix}pk__in": here.union(stints, all=True)})


def _path_on(day: datetime.date, counter):
    """The commune path where the person lived on `day`: the stint covering it, else (never
    moved) the person's commune."""
    stint = (
        PersonResidence.objects.countable_by(counter)
        .filter(person=OuterRef("pk"), started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .order_by("-started_on", "-id")
        .values("scope_path")[:1]
    )
    return Coalesce(Subquery(stint, output_field=CharField()), "scope_path")


def _category_on(day: datetime.date):
    """The category the events say on `day` (a corrected event is replaced by its correction)."""
    corrected = PersonEvent.objects.filter(corrects=OuterRef("pk"))
    latest = (
        PersonEvent.objects.filter(
            person=OuterRef("pk"), kind__in=PersonEvent.CATEGORY_KINDS, occurred_on__lte=day
        )
        .exclude(Exists(corrected))
        .order_by("-occurred_on", "-id")
        .values("category_after")[:1]
    )
    return Subquery(latest, output_field=CharField())


def _special_on(day: datetime.date):
    latest = (
        PersonEvent.objects.filter(
            person=OuterRef("pk"),
            kind__in=[EventKind.SPECIAL_ON, EventKind.SPECIAL_OFF],
            occurred_on__lte=day,
        )
        .order_by("-occurred_on", "-id")
        .values("kind")[:1]
    )
    return Subquery(latest, output_field=CharField())


def _age_band(day: datetime.date):
    whens = []
    for band, years in (("lt14", 14), ("14_16", 16), ("16_18", 18), ("18_30", 30)):
        limit = _years_before(day, years)
        whens.append(When(date_of_birth__isnull=False, date_of_birth__gt=limit, then=Value(band)))
        whens.append(When(date_of_birth__isnull=True, birth_year__gt=limit.year, then=Value(band)))
    return Case(*whens, default=Value("ge30"), output_field=CharField())


def _ethnic_group():
    return Case(
        When(ethnicity=Ethnicity.KINH, then=Value("kinh")),
        When(ethnicity="", then=Value("")),
        default=Value("other"),
        output_field=CharField(),
    )


def people_at(*, unit, path: str, end: datetime.date, ids: bool = False):
    """People who had a category on `end`, where they lived then, grouped by commune path,
    category, sex, age band, ethnic group and special management. With `ids`, the person ids
    (the drill-down) instead of counts."""
    counter = _counter(unit)
    qs = (
        Person.objects.countable_by(counter)
        .filter(_ever_in(path, counter))
        .annotate(
            r_path=_path_on(end, counter),
            r_category=_category_on(end),
            r_special=_special_on(end),
        )
    )
    if ids:
        return qs.filter(_in_path("r_path", path), r_category__isnull=False).exclude(r_category="")
    # The counts: each history subquery is evaluated once per person (in the SELECT and
    # grouped by position); the rows outside the path or without a category on the day, a
    # few groups, are dropped here rather than by repeating the subqueries in a WHERE.
    rows = (
        qs.annotate(r_age=_age_band(end), r_eth=_ethnic_group())
        .values("r_path", "r_category", "sex", "r_age", "r_eth", "r_special")
        .order_by()
        .annotate(n=Count("pk"))
    )
    return [row for row in rows if row["r_category"] and _under(row["r_path"], path)]


def _under(value: str | None, path: str) -> bool:
    return value is not None and (value == path or value.startswith(path + "."))


def people_new(*, unit, path: str, start: datetime.date, end: datetime.date):
    """People new to their category in the window: a category event (the registration
    included) dated in the window, and a category on the window end other than the one before
    the window. Grouped by where they lived at the window end and that category."""
    counter = _counter(unit)
    corrected = PersonEvent.objects.filter(corrects=OuterRef("pk"))
    entered = PersonEvent.objects.filter(
        person=OuterRef("pk"),
        kind__in=PersonEvent.CATEGORY_KINDS,
        occurred_on__gte=start,
        occurred_on__lte=end,
    ).exclude(Exists(corrected))
    before = (
        PersonEvent.objects.filter(
            person=OuterRef("pk"), kind__in=PersonEvent.CATEGORY_KINDS, occurred_on__lt=start
        )
        .exclude(Exists(corrected))
        .order_by("-occurred_on", "-id")
        .values("category_after")[:1]
    )
    rows = (
        Person.objects.countable_by(counter)
        .filter(_ever_in(path, counter))
        .filter(Exists(entered))
        .annotate(
            r_path=_path_on(end, counter),
            r_before=Coalesce(Subquery(before, output_field=CharField()), Value("")),
            r_category=_category_on(end),
        )
        .values("r_path", "r_category", "r_before")
        .order_by()
        .annotate(n=Count("pk"))
    )
    # As in people_at: filtered here, so that each subquery runs once per person.
    out: dict[tuple[str, str], int] = {}
    for row in rows:
        if row["r_category"] and row["r_category"] != row["r_before"]:
            if _under(row["r_path"], path):
                key = (row["r_path"], row["r_category"])
                out[key] = out.get(key, 0) + row["n"]
    return [{"r_path": p, "r_category": c, "n": n} for (p, c), n in sorted(out.items())]


def checks_in_window(*, unit, path: str, start: datetime.date, end: datetime.date):
    """Drug tests (all, positive) and contacts dated in the window, by where the person lived
    at the window end: {commune path: {"tests": n, "positive": n, "contacts": n}}."""
    counter = _counter(unit)
    out: dict[str, dict[str, int]] = {}
    tests = (
        DrugTest.objects.countable_by(counter)
        .filter(tested_on__gte=start, tested_on__lte=end)
        .filter(_ever_in(path, counter, "person__"))
        .annotate(r_path=_path_on_related(end, counter))
        .filter(_in_path("r_path", path))
        .values("r_path")
        .order_by()
        .annotate(tests=Count("pk"), positive=Count("pk", filter=Q(result=DrugTestResult.POSITIVE)))
    )
    for row in tests:
        out.setdefault(row["r_path"], {}).update(tests=row["tests"], positive=row["positive"])
    contacts = (
        Contact.objects.countable_by(counter)
        .filter(contacted_on__gte=start, contacted_on__lte=end)
        .exclude(kind=ContactKind.TEST)
        .filter(_ever_in(path, counter, "person__"))
        .annotate(r_path=_path_on_related(end, counter))
        .filter(_in_path("r_path", path))
        .values("r_path")
        .order_by()
        .annotate(contacts=Count("pk"))
    )
    for row in contacts:
        out.setdefault(row["r_path"], {})["contacts"] = row["contacts"]
    return out


def _path_on_related(day, counter):
    stint = (
        PersonResidence.objects.countable_by(counter)
        .filter(person=OuterRef("person_id"), started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .order_by("-started_on", "-id")
        .values("scope_path")[:1]
    )
    return Coalesce(Subquery(stint, output_field=CharField()), "person__scope_path")


def periods_in_window(*, unit, path: str, start: datetime.date, end: datetime.date):
    """Management periods opened and ending in the window, by kind and commune path:
    [{"r_path", "kind", "opened", "ending"}]."""
    counter = _counter(unit)
    ends_on = Coalesce("ended_on", "extended_to", "planned_end_on")
    opened = Q(start_on__gte=start, start_on__lte=end)
    ending = Q(r_end__gte=start, r_end__lte=end)
    return list(
        ManagementPeriod.objects.countable_by(counter)
        .filter(_ever_in(path, counter, "person__"))
        .annotate(r_path=_path_on_related(end, counter), r_end=ends_on)
        .filter(_in_path("r_path", path))
        .filter(opened | ending)
        .values("r_path", "kind")
        .order_by()
        .annotate(opened=Count("pk", filter=opened), ending=Count("pk", filter=ending))
    )


def people_at_persons(*, user, unit, end: datetime.date, category: str = "", special=False):
    """The persons behind a people figure (the drill-down), cut to what `user` may read:
    those who lived under `unit` and had `category` (any, when empty) on `end`, or were under
    special management then."""
    counted = people_at(unit=unit, path=unit.path, end=end, ids=True)
    if category:
        counted = counted.filter(r_category=category)
    if special:
        counted = counted.filter(r_special=EventKind.SPECIAL_ON)
    return (
        Person.objects.visible_to(user)
        .filter(pk__in=counted.values("pk"))
        .select_related("residence_unit")
        .order_by("full_name_folded", "pk")
    )
