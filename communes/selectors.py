"""Every read of the communes app. The proposal of every commune of the user's scope is
computed in a constant number of grouped queries (one per source: people, hotspots, arrests,
planting; plus the criteria, the communes' data, decisions and targets), never per commune.

The figures are counts, read as the province counts them (`countable_by` of the province's
principal, as the reports do) and cut to the communes the user may read."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils import timezone

from accounts.scoping import Access, can, path_q
from areas.choices import Era, Level
from areas.models import AdminUnit
from cases.choices import SuspectEventKind
from cases.selectors import case_countable, planting_countable, suspect_event_rows
from hotspots.choices import ACTIVE_STATUSES, HotspotStep
from hotspots.models import HotspotEvent
from hotspots.selectors import hotspot_countable
from registry.choices import Category
from registry.selectors_reports import _counter, people_at

from .choices import RECORD_TYPE, TARGET_RECORD_TYPE, DrugClass
from .models import ClassificationCriteria, CommuneClassification, CommuneYearData, DrugFreeTarget
from .proposal import Figures, Proposal, propose

# The categories the first criterion counts (DOMAIN §4: "users + addicts").
USER_CATEGORIES = (Category.ILLICIT_USER, Category.ADDICTED)


def status_can(*, user, access: Access = Access.READ) -> bool:
    return can(user, RECORD_TYPE, access)


def target_can(*, user, access: Access = Access.READ) -> bool:
    return can(user, TARGET_RECORD_TYPE, access)


def province_of(unit: AdminUnit) -> AdminUnit:
    province = unit
    while province.parent_id:
        province = province.parent
    return province


# ---- communes -----------------------------------------------------------------------------
def commune_list(*, user, access: Access = Access.READ) -> QuerySet[AdminUnit]:
    """The current communes the user may read the status of."""
    if not status_can(user=user, access=access) or not user.scope_unit_id:
        return AdminUnit.objects.none()
    return AdminUnit.objects.communes().within(user.scope_unit).order_by("name")


def former_districts(*, communes) -> QuerySet[AdminUnit]:
    """The pre-2025 districts whose communes became these communes (a filter: people still
    think in the old districts)."""
    return (
        AdminUnit.objects.filter(
            era=Era.LEGACY, level=Level.DISTRICT, children__successor__in=communes
        )
        .distinct()
        .order_by("name")
    )


def commune_get(*, user, pk, access: Access = Access.READ) -> AdminUnit:
    commune = commune_list(user=user, access=access).filter(pk=pk).first()
    if commune is None:
        raise Http404
    return commune


def target_commune_get(*, user, pk) -> AdminUnit:
    """A commune whose drug-free target the user may register."""
    if not target_can(user=user, access=Access.WRITE) or not user.scope_unit_id:
        raise Http404
    commune = AdminUnit.objects.communes().within(user.scope_unit).filter(pk=pk).first()
    if commune is None:
        raise Http404
    return commune


# ---- criteria -----------------------------------------------------------------------------
def criteria_versions(*, province) -> QuerySet[ClassificationCriteria]:
    return ClassificationCriteria.objects.filter(
        Q(province__isnull=True) | Q(province=province)
    ).order_by("-applies_from", "province_id")


def criteria_for(*, province, year: int) -> ClassificationCriteria:
    """The province's latest version applying from `year` or before, else the national
    one; one query."""
    versions = list(
        ClassificationCriteria.objects.filter(
            Q(province__isnull=True) | Q(province=province), applies_from__lte=year
        ).order_by("-applies_from")
    )
    own = [v for v in versions if v.province_id is not None]
    if own or versions:
        return (own or versions)[0]
    return _default_criteria()


def _default_criteria() -> ClassificationCriteria:
    """The national default as its data migration loads it, unsaved: the proposal still
    works on a database emptied of migration data (a flushed test database)."""
    from importlib import import_module

    default = import_module("communes.migrations.0002_load_criteria").DEFAULT
    return ClassificationCriteria(province=None, **default)


def criteria_get(*, province, year: int) -> ClassificationCriteria | None:
    return ClassificationCriteria.objects.filter(province=province, applies_from=year).first()


# ---- figures --------------------------------------------------------------------------------
def year_window(
    year: int, today: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    """Calendar year; the current year up to today."""
    today = today or timezone.localdate()
    return datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)


def _commune_path(path: str | None) -> str | None:
    """'92.31135' of '92.31135' or of anything below it."""
    if not path:
        return None
    parts = path.split(".")
    return ".".join(parts[:2]) if len(parts) >= 2 else None


def _year_data(*, scope, year) -> dict[str, CommuneYearData]:
    """The latest data of each commune of `year` or before, one query."""
    rows = CommuneYearData.objects.filter(path_q("scope_path", scope.path), year__lte=year)
    latest: dict[str, CommuneYearData] = {}
    for row in rows.order_by("year"):
        latest[row.scope_path] = row
    return latest


def commune_figures(*, scope: AdminUnit, year: int, today=None) -> dict[str, Figures]:
    """Figures by commune path, for every commune under `scope` (a province or a commune).
    Five queries whatever the number of communes."""
    start, end = year_window(year, today)
    counter = _counter(scope)
    figures: dict[str, Figures] = defaultdict(Figures)
    # 1. People with a category on the last day, where they lived then (from history).
    for row in people_at(unit=scope, path=scope.path, end=end):
        if row["r_category"] in USER_CATEGORIES:
            path = _commune_path(row["r_path"])
            if path:
                figures[path].users += row["n"]
    # 2. Hotspots: places of use active at some time in the year; those that re-emerged in it.
    in_year = Q(occurred_on__gte=start, occurred_on__lte=end)
    status_before = (
        HotspotEvent.objects.filter(hotspot=OuterRef("pk"), occurred_on__lt=start)
        .order_by("-occurred_on", "-id")
        .values("status_after")[:1]
    )
    active_in_year = HotspotEvent.objects.filter(
        in_year, hotspot=OuterRef("pk"), status_after__in=ACTIVE_STATUSES
    )
    re_emerged = HotspotEvent.objects.filter(
        in_year, hotspot=OuterRef("pk"), step=HotspotStep.RE_EMERGE
    )
    use = Q(activity_use=True) | Q(activity_harbouring=True)
    rows = (
        hotspot_countable(user=counter)
        .filter(path_q("scope_path", scope.path), detected_on__lte=end)
        .annotate(
            s_before=Subquery(status_before),
            active=Exists(active_in_year),
            re_emerged=Exists(re_emerged),
        )
        .values("scope_path")
        .annotate(
            use_places=Count("pk", filter=use & (Q(s_before__in=ACTIVE_STATUSES) | Q(active=True))),
            re_emerged_n=Count("pk", filter=Q(re_emerged=True)),
        )
        .order_by()
    )
    for row in rows:
        f = figures[row["scope_path"]]
        f.use_places += row["use_places"]
        f.re_emerged += row["re_emerged_n"]
    # 3. Suspects arrested in the year, where the case is.
    cases = case_countable(user=counter).filter(path_q("scope_path", scope.path))
    for row in suspect_event_rows(cases=cases, start=start, end=end):
        if row["kind"] == SuspectEventKind.ARREST:
            figures[row["suspect__case__scope_path"]].arrests += row["n"]
    # 4. Planting found in the year: area and plants.
    planting = (
        planting_countable(user=counter)
        .filter(path_q("scope_path", scope.path), found_on__gte=start, found_on__lte=end)
        .values("scope_path")
        .annotate(area=Sum("area_m2"), plants=Sum("plant_count"))
        .order_by()
    )
    for row in planting:
        f = figures[row["scope_path"]]
        f.planting_m2 += Decimal(row["area"] or 0)
        f.planting_plants += row["plants"] or 0
    # 5. Population and route, entered by the province.
    for path, data in _year_data(scope=scope, year=year).items():
        figures[path].population = data.population
        figures[path].on_drug_route = data.on_drug_route
    return figures


# ---- decisions and targets ------------------------------------------------------------------
def decision_list(*, user, access: Access = Access.READ) -> QuerySet[CommuneClassification]:
    return CommuneClassification.objects.visible_to(user, access).select_related(
        "commune", "decided_by"
    )


def decisions_of(*, user, commune) -> QuerySet[CommuneClassification]:
    return decision_list(user=user).filter(commune=commune)


def current_decisions(*, user, year: int, communes=None) -> dict[int, CommuneClassification]:
    """The latest decision of each commune for `year` (one query)."""
    latest = {}
    rows = CommuneClassification.objects.visible_to(user, Access.COUNT).filter(year=year)
    if communes is not None and len(communes) == 1:
        rows = rows.filter(commune=communes[0])
    for row in rows.order_by("created_at", "id"):
        latest[row.commune_id] = row
    return latest


def target_list(*, user, access: Access = Access.COUNT) -> QuerySet[DrugFreeTarget]:
    return DrugFreeTarget.objects.visible_to(user, access).select_related("created_by")


def targets_of(*, user, commune) -> QuerySet[DrugFreeTarget]:
    return DrugFreeTarget.objects.visible_to(user).filter(commune=commune)


def current_targets(*, user) -> dict[int, DrugFreeTarget]:
    """The latest registration of each commune (one query)."""
    latest = {}
    rows = DrugFreeTarget.objects.visible_to(user, Access.COUNT)
    for row in rows.order_by("registered_on", "created_at", "id"):
        latest[row.commune_id] = row
    return latest


def year_data_list(*, user, access: Access = Access.READ) -> QuerySet[CommuneYearData]:
    return CommuneYearData.objects.visible_to(user, access)


def year_data_of(*, user, commune) -> QuerySet[CommuneYearData]:
    return CommuneYearData.objects.visible_to(user).filter(commune=commune).order_by("-year")


def year_data_lock(*, commune, year) -> CommuneYearData | None:
    return CommuneYearData.objects.select_for_update().filter(commune=commune, year=year).first()


# ---- the status rows ------------------------------------------------------------------------
@dataclass
class StatusRow:
    commune: AdminUnit
    year: int
    proposal: Proposal
    decision: CommuneClassification | None
    target: DrugFreeTarget | None

    @property
    def proposed(self) -> str:
        return self.proposal.proposed

    @property
    def proposed_label(self) -> str:
        return DrugClass(self.proposed).label

    @property
    def decided(self) -> str:
        return self.decision.drug_class if self.decision else ""

    @property
    def differs(self) -> bool:
        return self.decision is not None and self.decision.drug_class != self.proposed


def status_rows(*, user, year: int, communes=None, today=None) -> list[StatusRow]:
    """Proposed and decided class of every commune the user may read (or of `communes`,
    a subset), in a constant number of queries."""
    if communes is None:
        communes = commune_list(user=user)
    communes = list(communes)
    if not communes:
        return []
    # One commune (its page): its figures only; else every commune of the user's scope.
    scope = communes[0] if len(communes) == 1 else user.scope_unit
    province = province_of(user.scope_unit)
    criteria = criteria_for(province=province, year=year)
    figures = commune_figures(scope=scope, year=year, today=today)
    decisions = current_decisions(user=user, year=year, communes=communes)
    targets = current_targets(user=user)
    rows = []
    for commune in communes:
        proposal = propose(figures.get(commune.path) or Figures(), criteria)
        rows.append(
            StatusRow(
                commune=commune,
                year=year,
                proposal=proposal,
                decision=decisions.get(commune.pk),
                target=targets.get(commune.pk),
            )
        )
    return rows


def status_row(*, user, commune, year: int, today=None) -> StatusRow:
    return status_rows(user=user, year=year, communes=[commune], today=today)[0]


def decided_counts(*, user) -> dict:
    """Communes by decided class in the latest year with a decision (the dashboard's link):
    cheap, from the decisions only (the proposal reads every person's history)."""
    if not status_can(user=user, access=Access.COUNT) or not user.scope_unit_id:
        return {}
    decisions = CommuneClassification.objects.countable_by(user)
    year = decisions.order_by("-year").values_list("year", flat=True).first()
    from .models import drug_free_goal

    communes = AdminUnit.objects.communes().within(user.scope_unit).count()
    goal_percent, goal_year = drug_free_goal()
    result = {"communes": communes, "goal_percent": goal_percent, "goal_year": goal_year}
    if year is None:
        return {**result, "year": None, "classes": [], "total": 0}
    counts = dict.fromkeys(DrugClass.values, 0)
    for row in current_decisions(user=user, year=year).values():
        counts[row.drug_class] += 1
    classes = [
        {"value": value, "label": label, "count": counts[value]}
        for value, label in DrugClass.choices
    ]
    drug_free = counts[DrugClass.DRUG_FREE]
    return {
        **result,
        "year": year,
        "classes": classes,
        "total": sum(counts.values()),
        "undecided": communes - sum(counts.values()),
        "drug_free_share": round(100 * drug_free / communes, 1) if communes else None,
    }


def roadmap(*, user, today=None) -> dict:
    """The drug-free roadmap of the communes the user may count: by year, the communes
    planned to be drug-free by then (their current target year), those recognised drug-free
    for that year (latest decision), against the goal (≥ 50 % by 2030). Three queries."""
    from .models import drug_free_goal

    today = today or timezone.localdate()
    goal_percent, goal_year = drug_free_goal()
    if not user.scope_unit_id or not target_can(user=user, access=Access.COUNT):
        return {}
    total = AdminUnit.objects.communes().within(user.scope_unit).count()
    targets = current_targets(user=user)
    latest: dict[tuple[int, int], str] = {}
    decisions = CommuneClassification.objects.countable_by(user).order_by("created_at", "id")
    for commune_id, year, drug_class in decisions.values_list("commune_id", "year", "drug_class"):
        latest[(commune_id, year)] = drug_class
    recognised: dict[int, int] = defaultdict(int)
    for (_commune, year), drug_class in latest.items():
        if drug_class == DrugClass.DRUG_FREE:
            recognised[year] += 1
    first = min([today.year - 1, *recognised.keys()])
    last = max([goal_year, *(t.target_year for t in targets.values())])
    years = []
    for year in range(first, last + 1):
        planned = sum(1 for t in targets.values() if t.target_year <= year)
        years.append(
            {
                "year": year,
                "planned": planned,
                "planned_share": round(100 * planned / total, 1) if total else None,
                "recognised": recognised.get(year, 0),
                "recognised_share": (
                    round(100 * recognised.get(year, 0) / total, 1) if total else None
                ),
                "is_goal_year": year == goal_year,
            }
        )
    needed = -(-goal_percent * total // 100)  # ceiling
    planned_by_goal = sum(1 for t in targets.values() if t.target_year <= goal_year)
    return {
        "total": total,
        "registered": len(targets),
        "unregistered": total - len(targets),
        "goal_percent": goal_percent,
        "goal_year": goal_year,
        "needed": needed,
        "planned_by_goal": planned_by_goal,
        "short_by": max(0, needed - planned_by_goal),
        "years": years,
    }
