"""Report figures of the treatment app (reporting.indicators): substitution treatment (in
treatment at the end of the window, new in it, drop-outs) and the psychosis list (flagged at
the end, new). Each group is one aggregate query over every commune under the report's unit.
Counted where the person lives today."""

from django.utils.translation import gettext_lazy as _

PERSONS = _("persons")


def _substitution(*, unit, path, start, end):
    from registry.selectors_reports import _counter
    from reporting.indicators import GroupResult

    from .selectors import treatment_report_rows

    result = GroupResult()
    for row in treatment_report_rows(user=_counter(unit), path=path, start=start, end=end):
        commune = row["person__scope_path"]
        result.add(commune, "substitution_active", row["active"])
        result.add(commune, "substitution_new", row["new"])
        result.add(commune, "substitution_dropouts", row["dropouts"])
    return result


def _psychosis(*, unit, path, start, end):
    from registry.selectors_reports import _counter
    from reporting.indicators import GroupResult

    from .selectors import psychosis_report_rows

    result = GroupResult()
    for row in psychosis_report_rows(user=_counter(unit), path=path, start=start, end=end):
        commune = row["person__scope_path"]
        result.add(commune, "psychosis_flagged", row["flagged"])
        result.add(commune, "psychosis_new", row["new"])
    return result


def register() -> None:
    from reporting.indicators import Indicator, register_group, register_indicator

    register_group("treatment.substitution", _substitution)
    register_group("treatment.psychosis", _psychosis)
    for order, code, label in (
        (70, "substitution_active", _("In substitution treatment at the end of the period")),
        (71, "substitution_new", _("Started substitution treatment in the period")),
        (72, "substitution_dropouts", _("Dropped out of substitution treatment in the period")),
        (73, "psychosis_flagged", _("On the drug-induced psychosis list at the end of the period")),
        (74, "psychosis_new", _("Put on the drug-induced psychosis list in the period")),
    ):
        group = (
            "treatment.substitution" if code.startswith("substitution") else "treatment.psychosis"
        )
        register_indicator(Indicator(code, label, PERSONS, group, order=order))
