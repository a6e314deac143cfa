"""Figures the system cannot count (001 §I.2, 004 §III.5): entered by the unit that owns them,
with their source, and shown as entered. Defined once here, like the counted indicators."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EnteredFigureDef:
    code: str
    label: object
    unit: object
    percent: bool = False
    vi_label: str = ""  # printed as is in the documents
    vi_unit: str = ""


ENTERED = {
    d.code: d
    for d in (
        EnteredFigureDef(
            "awareness_sessions",
            _("Awareness sessions held"),
            _("sessions"),
            vi_label="Số buổi tuyên truyền, giáo dục",
            vi_unit="buổi",
        ),
        EnteredFigureDef(
            "awareness_attendance",
            _("Attendance at awareness sessions"),
            _("attendances"),
            vi_label="Số lượt người tham dự tuyên truyền",
            vi_unit="lượt người",
        ),
        EnteredFigureDef(
            "news_items",
            _("News items and articles published"),
            _("items"),
            vi_label="Số tin, bài tuyên truyền",
            vi_unit="tin, bài",
        ),
        EnteredFigureDef(
            "household_commitments",
            _("Household commitment forms signed"),
            _("forms"),
            vi_label="Số bản cam kết hộ gia đình",
            vi_unit="bản",
        ),
        EnteredFigureDef(
            "schools_reached_pct",
            _("Share of schools reached"),
            "%",
            percent=True,
            vi_label="Tỷ lệ trường học được tuyên truyền",
            vi_unit="%",
        ),
        EnteredFigureDef(
            "workplaces_reached_pct",
            _("Share of workplaces reached"),
            "%",
            percent=True,
            vi_label="Tỷ lệ cơ quan, doanh nghiệp được tuyên truyền",
            vi_unit="%",
        ),
        EnteredFigureDef(
            "officers_trained",
            _("Officers trained"),
            _("persons"),
            vi_label="Số cán bộ được tập huấn",
            vi_unit="người",
        ),
    )
}


def entered(code: str) -> EnteredFigureDef | None:
    return ENTERED.get(code)


def figure_label(code: str):
    """The label of a counted indicator or an entered figure (targets name either)."""
    from . import indicators

    definition = ENTERED.get(code) or indicators.indicator(code)
    return definition.label if definition else code


def figure_unit(code: str):
    from . import indicators

    definition = ENTERED.get(code) or indicators.indicator(code)
    return definition.unit if definition else ""


def target_choices() -> list[tuple[str, object]]:
    """What a target can be set on: the counted indicators and the entered figures."""
    from . import indicators

    return [(i.code, i.label) for i in indicators.indicators()] + [
        (d.code, d.label) for d in ENTERED.values()
    ]
