"""The indicators of the periodic reports, defined ONCE: a code, a label, a unit of count and
the group (one aggregate query over the registry, grouped by commune) that computes them.
Higher apps (rehab, hotspots) add theirs with `register_group` and `register_indicator` from
their AppConfig.ready()."""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from registry import selectors_reports as sr
from registry.choices import Category, PeriodKind

PERSONS = _("persons")
TIMES = _("times")


@dataclass(frozen=True)
class Indicator:
    code: str
    label: object
    unit: object
    group: str
    breakdowns: tuple[str, ...] = ()
    order: int = 100
    people: bool = False  # counts persons: the figure has a drill-down list


@dataclass
class GroupResult:
    """What a group computes: per commune path, code -> value, and code -> breakdown."""

    values: dict[str, dict[str, int]] = field(default_factory=dict)
    breakdowns: dict[str, dict[str, dict[str, dict[str, int]]]] = field(default_factory=dict)

    def add(self, path, code, n=1, breakdown=None):
        row = self.values.setdefault(path, {})
        row[code] = row.get(code, 0) + n
        for dim, key in (breakdown or {}).items():
            cell = self.breakdowns.setdefault(path, {}).setdefault(code, {}).setdefault(dim, {})
            cell[key] = cell.get(key, 0) + n


_GROUPS: dict[str, Callable] = {}
_INDICATORS: dict[str, Indicator] = {}

BREAKDOWN_LABELS = {
    "sex": {"M": _("Male"), "F": _("Female")},
    "age": {
        "lt14": _("under 14"),
        "14_16": _("14 to under 16"),
        "16_18": _("16 to under 18"),
        "18_30": _("18 to under 30"),
        "ge30": _("30 and over"),
    },
    "ethnicity": {"kinh": _("Kinh"), "other": _("Other ethnic groups"), "": _("Not recorded")},
}
DIMENSION_LABELS = {"sex": _("Sex"), "age": _("Age"), "ethnicity": _("Ethnicity")}


def register_group(name: str, compute: Callable) -> None:
    """`compute(unit=, path=, start=, end=) -> GroupResult`, one aggregate query (or a fixed
    few) for every commune under `path`."""
    _GROUPS[name] = compute


def register_indicator(indicator: Indicator) -> None:
    _INDICATORS[indicator.code] = indicator


def indicators() -> list[Indicator]:
    return sorted(_INDICATORS.values(), key=lambda i: (i.order, i.code))


def indicator(code: str) -> Indicator | None:
    return _INDICATORS.get(code)


# ---- the registry's groups ---------------------------------------------------------------


def _people(*, unit, path, start, end) -> GroupResult:
    result = GroupResult()
    for row in sr.people_at(unit=unit, path=path, end=end):
        breakdown = {"sex": row["sex"], "age": row["r_age"], "ethnicity": row["r_eth"]}
        n = row["n"]
        result.add(row["r_path"], "people_total", n, breakdown)
        result.add(row["r_path"], f"people_{row['r_category']}", n, breakdown)
        if row["r_special"] == "special_on":
            result.add(row["r_path"], "special_management", n, breakdown)
    return result


def _new(*, unit, path, start, end) -> GroupResult:
    result = GroupResult()
    for row in sr.people_new(unit=unit, path=path, start=start, end=end):
        result.add(row["r_path"], "new_total", row["n"])
        result.add(row["r_path"], f"new_{row['r_category']}", row["n"])
    return result


def _checks(*, unit, path, start, end) -> GroupResult:
    result = GroupResult()
    for commune, row in sr.checks_in_window(unit=unit, path=path, start=start, end=end).items():
        result.add(commune, "tests_total", row.get("tests", 0))
        result.add(commune, "tests_positive", row.get("positive", 0))
        result.add(commune, "contacts", row.get("contacts", 0))
    return result


def _periods(*, unit, path, start, end) -> GroupResult:
    result = GroupResult()
    for row in sr.periods_in_window(unit=unit, path=path, start=start, end=end):
        result.add(row["r_path"], f"periods_{row['kind']}_opened", row["opened"])
        result.add(row["r_path"], f"periods_{row['kind']}_ending", row["ending"])
    return result


register_group("registry.people", _people)
register_group("registry.new", _new)
register_group("registry.checks", _checks)
register_group("registry.periods", _periods)

_BREAKDOWNS = ("sex", "age", "ethnicity")
register_indicator(
    Indicator(
        "people_total",
        _("People with illegal drug use under management"),
        PERSONS,
        "registry.people",
        _BREAKDOWNS,
        order=10,
        people=True,
    )
)
for _order, _category in enumerate(Category, start=11):
    register_indicator(
        Indicator(
            f"people_{_category.value}",
            _category.label,
            PERSONS,
            "registry.people",
            _BREAKDOWNS,
            order=_order,
            people=True,
        )
    )
register_indicator(
    Indicator(
        "special_management",
        _("Under special management (drug-induced psychosis)"),
        PERSONS,
        "registry.people",
        _BREAKDOWNS,
        order=20,
        people=True,
    )
)
register_indicator(
    Indicator("new_total", _("Newly identified in the period"), PERSONS, "registry.new", order=30)
)
for _order, _category in enumerate(Category, start=31):
    register_indicator(
        Indicator(
            f"new_{_category.value}",
            format_lazy("{}: {}", _("New"), _category.label),
            PERSONS,
            "registry.new",
            order=_order,
        )
    )
register_indicator(Indicator("tests_total", _("Drug tests"), TIMES, "registry.checks", order=40))
register_indicator(
    Indicator("tests_positive", _("Positive drug tests"), TIMES, "registry.checks", order=41)
)
register_indicator(
    Indicator("contacts", _("Contacts, visits and talks"), TIMES, "registry.checks", order=42)
)
for _order, _kind in enumerate(PeriodKind, start=0):
    register_indicator(
        Indicator(
            f"periods_{_kind.value}_opened",
            format_lazy("{}: {}", _kind.label, _("opened in the period")),
            PERSONS,
            "registry.periods",
            order=50 + 2 * _order,
        )
    )
    register_indicator(
        Indicator(
            f"periods_{_kind.value}_ending",
            format_lazy("{}: {}", _kind.label, _("ending in the period")),
            PERSONS,
            "registry.periods",
            order=51 + 2 * _order,
        )
    )


# ---- computing --------------------------------------------------------------------------


@contextlib.contextmanager
def _no_jit():
    """PostgreSQL: the groups' queries run without JIT compilation.

    A group reads each person's history through correlated subqueries (the stint, the
    category and the special management on the day), which the planner prices at millions
    (it cannot tell that each runs one short index probe), well above `jit_above_cost`
    (100,000) and `jit_optimize_above_cost` (500,000). JIT then compiles and optimises every
    expression of the query before running it: at 100k people that took 0.8-1.4 s of the
    1.4-2.5 s of the two people queries, for no gain in the run itself (bench/README.md). A
    report build is a handful of such queries, so JIT is switched off for them only, and set
    back as it was after them."""
    if connection.vendor != "postgresql":
        yield
        return
    local = connection.in_atomic_block  # else for the session, and set back just after
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.before, set_config('jit', 'off', %s) "
            "FROM (SELECT current_setting('jit') AS before OFFSET 0) s",
            [local],
        )
        before = cursor.fetchone()[0]
    try:
        yield
    finally:
        if not connection.needs_rollback:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('jit', %s, %s)", [before, local])


def compute(*, unit, start, end, codes=None) -> dict:
    """The figures of `unit` for the window, as JSON data: totals, breakdowns and the values of
    each commune under the unit. One query per group, whatever the number of communes.
    `codes` (optional) keeps only those indicators, and runs only the groups that compute them
    (a department's template)."""
    per_commune: dict[str, dict[str, int]] = {}
    breakdowns: dict[str, dict[str, dict[str, int]]] = {}
    wanted = None if codes is None else set(codes)
    groups = None if wanted is None else {i.group for i in indicators() if i.code in wanted}
    results = []
    with _no_jit():
        for name, group in sorted(_GROUPS.items()):
            if groups is None or name in groups:
                results.append(group(unit=unit, path=unit.path, start=start, end=end))
    for result in results:
        for commune, values in result.values.items():
            row = per_commune.setdefault(commune, {})
            for code, n in values.items():
                row[code] = row.get(code, 0) + n
        for commune_breakdowns in result.breakdowns.values():
            for code, dims in commune_breakdowns.items():
                for dim, cells in dims.items():
                    target = breakdowns.setdefault(code, {}).setdefault(dim, {})
                    for key, n in cells.items():
                        target[key] = target.get(key, 0) + n
    totals = {i.code: 0 for i in indicators()}
    for values in per_commune.values():
        for code, n in values.items():
            totals[code] = totals.get(code, 0) + n
    if wanted is not None:
        totals = {code: n for code, n in totals.items() if code in wanted}
        breakdowns = {code: b for code, b in breakdowns.items() if code in wanted}
        per_commune = {
            path: {code: n for code, n in row.items() if code in wanted}
            for path, row in per_commune.items()
        }
    return {
        "window": [start.isoformat(), end.isoformat()],
        "totals": totals,
        "breakdowns": {code: breakdowns[code] for code in sorted(breakdowns)},
        "communes": {path: per_commune[path] for path in sorted(per_commune)},
    }
