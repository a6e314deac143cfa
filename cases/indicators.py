"""Report figures of the cases app (reporting.indicators): cases by stage reached in the
period, suspects, wanted people and surrenders, seizures by drug type, planting sites. Each
group is one aggregate query (or a fixed few) over every commune under the report's unit."""

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from registry.selectors_reports import _counter

from .choices import (
    ALLOWED_UNITS,
    TOTAL_FACTOR,
    TOTAL_UNIT,
    CaseStep,
    DrugType,
    PlantingStep,
    SuspectEventKind,
    Unit,
)

CASES = _("cases")
PERSONS = _("persons")
SITES = _("sites")
CASE_STEPS = (CaseStep.DETECT, CaseStep.CHARGE, CaseStep.INDICT, CaseStep.TRY, CaseStep.ENFORCE)
SUSPECT_EVENTS = (SuspectEventKind.ARREST, SuspectEventKind.WANTED, SuspectEventKind.SURRENDER)


def _in_path(field: str, path: str) -> Q:
    return Q(**{field: path}) | Q(**{f"{field}__startswith": path + "."})


# Second units reported besides each drug type's main one.
EXTRA_UNITS = ((DrugType.METH, Unit.TABLETS), (DrugType.CANNABIS, Unit.PLANTS))


def _seizure_units() -> list[tuple[str, str]]:
    """(drug type, unit) pairs of the report: each type's main unit (kilograms added to
    grams) and a few second units. Other units stay on the case and the dashboard."""
    pairs = []
    for drug in DrugType:
        unit = ALLOWED_UNITS[drug][0]
        pairs.append((drug.value, TOTAL_UNIT.get(unit, unit)))
        pairs += [(d.value, u.value) for d, u in EXTRA_UNITS if d == drug]
    return pairs


def _cases(*, unit, path, start, end):
    from reporting.indicators import GroupResult

    from .selectors import case_countable, case_event_rows, seizure_rows, suspect_event_rows

    result = GroupResult()
    cases = case_countable(user=_counter(unit)).filter(_in_path("scope_path", path))
    for row in case_event_rows(cases=cases, start=start, end=end):
        result.add(row["case__scope_path"], f"cases_{row['step']}", row["n"])
    for row in suspect_event_rows(cases=cases, start=start, end=end):
        result.add(row["suspect__case__scope_path"], f"suspects_{row['kind']}", row["n"])
    for row in seizure_rows(cases=cases, start=start, end=end):
        unit_ = TOTAL_UNIT.get(row["unit"], row["unit"])
        amount = float(row["total"]) * TOTAL_FACTOR.get(row["unit"], 1)
        result.add(row["case__scope_path"], f"seized_{row['drug_type']}_{unit_}", round(amount))
    return result


def _planting(*, unit, path, start, end):
    from reporting.indicators import GroupResult

    from .selectors import planting_countable, planting_event_rows

    result = GroupResult()
    sites = planting_countable(user=_counter(unit)).filter(_in_path("scope_path", path))
    for row in planting_event_rows(sites=sites, start=start, end=end):
        result.add(row["site__scope_path"], f"planting_{row['step']}", row["n"])
        if row["area"]:
            result.add(row["site__scope_path"], f"planting_{row['step']}_m2", round(row["area"]))
    return result


def register() -> None:
    from reporting.indicators import Indicator, register_group, register_indicator

    register_group("cases.cases", _cases)
    register_group("cases.planting", _planting)
    for order, step in enumerate(CASE_STEPS, start=300):
        label = (
            _("Drug cases detected")
            if step == CaseStep.DETECT
            else format_lazy("{}: {}", _("Drug cases"), step.label)
        )
        register_indicator(
            Indicator(f"cases_{step.value}", label, CASES, "cases.cases", order=order)
        )
    for order, kind in enumerate(SUSPECT_EVENTS, start=310):
        register_indicator(
            Indicator(
                f"suspects_{kind.value}",
                format_lazy("{}: {}", _("Suspects"), kind.label),
                PERSONS,
                "cases.cases",
                order=order,
            )
        )
    for order, (drug, unit) in enumerate(_seizure_units(), start=320):
        register_indicator(
            Indicator(
                f"seized_{drug}_{unit}",
                format_lazy("{}: {}", _("Seized"), DrugType(drug).label),
                Unit(unit).label,
                "cases.cases",
                order=order,
            )
        )
    for order, (step, unit, label) in enumerate(
        (
            (PlantingStep.FOUND, SITES, _("Planting sites found")),
            (PlantingStep.FOUND, "m2", _("Planting area found")),
            (PlantingStep.DESTROYED, SITES, _("Planting sites destroyed")),
            (PlantingStep.DESTROYED, "m2", _("Planting area destroyed")),
            (PlantingStep.REPLANTED, SITES, _("Planting sites re-planted")),
        ),
        start=360,
    ):
        code = f"planting_{step.value}" + ("_m2" if unit == "m2" else "")
        register_indicator(
            Indicator(
                code, label, Unit.M2.label if unit == "m2" else unit, "cases.planting", order=order
            )
        )
