"""The proposed class of a commune from its figures and the criteria of the year: pure
functions, no database (communes/selectors.py gathers the figures)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .choices import CLASS_RANK, Criterion, DrugClass


@dataclass
class Figures:
    """A commune's figures of a year: people with a category on the last day, places of use
    active during the year, hotspots that re-emerged in it, arrests and planting found."""

    users: int = 0  # illicit users and addicts
    use_places: int = 0
    re_emerged: int = 0
    arrests: int = 0
    planting_m2: Decimal = Decimal(0)
    planting_plants: int = 0
    population: int | None = None
    on_drug_route: bool = False

    def as_json(self) -> dict:
        return {
            "users": self.users,
            "use_places": self.use_places,
            "re_emerged": self.re_emerged,
            "arrests": self.arrests,
            "planting_m2": float(self.planting_m2),
            "planting_plants": self.planting_plants,
            "population": self.population,
            "on_drug_route": self.on_drug_route,
        }

    @property
    def any_drug_figure(self) -> bool:
        return bool(
            self.users
            or self.use_places
            or self.re_emerged
            or self.arrests
            or self.planting_m2
            or self.planting_plants
        )


@dataclass
class CriterionResult:
    code: str
    label: str
    value: str  # the figure as shown ("12 / 3.400 = 0,353 %")
    threshold: str
    met: bool | None  # None: unknown (no population entered)


@dataclass
class Proposal:
    figures: Figures
    results: list[CriterionResult] = field(default_factory=list)
    met: int = 0
    unknown: int = 0
    proposed: str = DrugClass.DRUG_FREE

    @property
    def rank(self) -> int:
        return CLASS_RANK[self.proposed]

    def as_json(self) -> dict:
        return {
            **self.figures.as_json(),
            "met": [r.code for r in self.results if r.met],
            "unknown": [r.code for r in self.results if r.met is None],
        }


def _n(value, decimals=None) -> str:
    """A number as the active language writes it (1.000 / 0,600 in Vietnamese)."""
    if isinstance(value, Decimal) and decimals is None:
        value = value.normalize()
        decimals = max(0, -value.as_tuple().exponent)
    return number_format(value, decimal_pos=decimals, force_grouping=True)


def _pct(value: Decimal) -> str:
    return f"{_n(value)} %"


def _of(count: int, population: int | None, share: Decimal | None) -> str:
    text = f"{_n(count)} / {_n(population) if population else '—'}"
    return text + (f" = {_n(share, 3)} %" if share is not None else "")


def _share(count: int, population: int | None) -> Decimal | None:
    if not population:
        return None
    return Decimal(count) * 100 / Decimal(population)


def propose(figures: Figures, criteria) -> Proposal:
    """The class that the criteria give for these figures. Type I when at least
    `type_1_min` criteria are met, type II when at least `type_2_min`, type III when some
    drug figure is not zero, else drug-free (a re-emerged hotspot is a drug figure)."""
    users_share = _share(figures.users, figures.population)
    arrests_share = _share(figures.arrests, figures.population)
    results = [
        CriterionResult(
            Criterion.USERS,
            str(Criterion.USERS.label),
            _of(figures.users, figures.population, users_share),
            "≥ " + _pct(criteria.users_share_pct),
            None if users_share is None else users_share >= criteria.users_share_pct,
        ),
        CriterionResult(
            Criterion.USE_PLACES,
            str(Criterion.USE_PLACES.label),
            _n(figures.use_places),
            f"≥ {_n(criteria.use_places)}",
            figures.use_places >= criteria.use_places,
        ),
        CriterionResult(
            Criterion.ARRESTS,
            str(Criterion.ARRESTS.label),
            _of(figures.arrests, figures.population, arrests_share),
            "≥ " + _pct(criteria.arrests_share_pct),
            None if arrests_share is None else arrests_share >= criteria.arrests_share_pct,
        ),
        CriterionResult(
            Criterion.PLANTING,
            str(Criterion.PLANTING.label),
            f"{_n(Decimal(figures.planting_m2))} m², {_n(figures.planting_plants)}",
            f"≥ {_n(criteria.planting_m2)} m² {_('or')} ≥ {_n(criteria.planting_plants)}",
            figures.planting_m2 >= criteria.planting_m2
            or figures.planting_plants >= criteria.planting_plants,
        ),
        CriterionResult(
            Criterion.ROUTE,
            str(Criterion.ROUTE.label),
            str(_("yes") if figures.on_drug_route else _("no")),
            str(_("yes")),
            figures.on_drug_route,
        ),
    ]
    met = sum(1 for r in results if r.met)
    unknown = sum(1 for r in results if r.met is None)
    if met >= criteria.type_1_min:
        proposed = DrugClass.TYPE_I
    elif met >= criteria.type_2_min:
        proposed = DrugClass.TYPE_II
    elif figures.any_drug_figure or figures.on_drug_route:
        proposed = DrugClass.TYPE_III
    else:
        proposed = DrugClass.DRUG_FREE
    return Proposal(figures=figures, results=results, met=met, unknown=unknown, proposed=proposed)
