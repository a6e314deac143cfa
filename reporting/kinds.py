"""Who reports, and with which template (issue 7, 004 §IV.2, 000 §4): every commune, the
province (PC04's consolidation), every provincial department and the mass organisations. Each
kind of reporting unit has its own template: the figures it reports (counted by the system or
entered by the unit) and its narrative sections, with the ones that must be written before
submitting."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.choices import AgencyKind, Role, Sector


class Template(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    PROVINCE = "province", _("Province (consolidated)")
    DEPARTMENT = "department", _("Department")
    ORGANISATION = "organisation", _("Mass organisation")


@dataclass(frozen=True)
class Section:
    field: str
    label: object
    pdf_heading: str  # printed as is (Vietnamese, upper case) in the document
    required: bool = False


POLICE_SECTIONS = (
    Section("situation", _("I. Situation"), "I. TÌNH HÌNH", required=True),
    Section("results", _("II. Results"), "II. KẾT QUẢ THỰC HIỆN", required=True),
    Section("limitations", _("III. Limitations and causes"), "III. HẠN CHẾ, NGUYÊN NHÂN"),
    Section(
        "tasks_ahead",
        _("IV. Tasks ahead"),
        "IV. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI",
        required=True,
    ),
    Section("recommendations", _("V. Recommendations"), "V. ĐỀ XUẤT, KIẾN NGHỊ"),
)
# 000 §4: a department's or organisation's report gives its results, its limitations and
# difficulties with their causes, and its recommendations.
SECTOR_SECTIONS = (
    Section("results", _("I. Results achieved"), "I. KẾT QUẢ ĐẠT ĐƯỢC", required=True),
    Section(
        "limitations",
        _("II. Limitations, difficulties and their causes"),
        "II. HẠN CHẾ, KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN",
        required=True,
    ),
    Section(
        "recommendations",
        _("III. Recommendations and proposals"),
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
        required=True,
    ),
    Section("tasks_ahead", _("IV. Tasks ahead"), "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"),
)

# The figures counted by the system that a sector's report carries (province-wide); codes an
# app has not registered are skipped.
SECTOR_CODES = {
    Sector.HEALTH: (
        "people_addicted",
        "special_management",
        "determinations_total",
        "substitution_active",
        "substitution_new",
        "substitution_dropouts",
        "psychosis_flagged",
        "psychosis_new",
    ),
    Sector.HOME_AFFAIRS: (
        "rehab_started_total",
        "rehab_ongoing_total",
        "rehab_completed_total",
        "people_post_rehab",
        "periods_post_rehab_opened",
        "periods_post_rehab_ending",
    ),
}
COMMUNE_ENTERED = (
    "awareness_sessions",
    "awareness_attendance",
    "household_commitments",
    "news_items",
)
SECTOR_ENTERED = {
    Sector.EDUCATION: (
        "awareness_sessions",
        "awareness_attendance",
        "schools_reached_pct",
        "officers_trained",
    ),
    Sector.CULTURE: ("news_items", "awareness_sessions", "awareness_attendance"),
    Sector.HEALTH: ("awareness_sessions", "awareness_attendance", "officers_trained"),
    Sector.LABOUR_FEDERATION: (
        "awareness_sessions",
        "awareness_attendance",
        "workplaces_reached_pct",
    ),
    Sector.INDUSTRY_TRADE: ("awareness_sessions", "workplaces_reached_pct"),
}
DEFAULT_SECTOR_ENTERED = (
    "awareness_sessions",
    "awareness_attendance",
    "news_items",
    "officers_trained",
)
# Agencies that report on their own (a department's or organisation's report).
REPORTING_AGENCY_KINDS = (AgencyKind.DEPARTMENT, AgencyKind.ORGANISATION)
AGENCY_ROLES = (Role.DEPARTMENT, Role.ORGANISATION)


def template_for(*, unit, agency=None) -> str:
    from areas.choices import Level

    if agency is not None:
        if agency.kind == AgencyKind.ORGANISATION:
            return Template.ORGANISATION
        return Template.DEPARTMENT
    if unit.level == Level.PROVINCE:
        return Template.PROVINCE
    return Template.COMMUNE


def sections(template: str) -> tuple[Section, ...]:
    if template in (Template.DEPARTMENT, Template.ORGANISATION):
        return SECTOR_SECTIONS
    return POLICE_SECTIONS


def required_sections(template: str) -> list[str]:
    return [s.field for s in sections(template) if s.required]


def system_codes(template: str, sector: str | None) -> list[str] | None:
    """The counted indicators of the template: None = all of them (commune and province)."""
    from . import indicators

    if template in (Template.COMMUNE, Template.PROVINCE):
        return None
    return [code for code in SECTOR_CODES.get(sector, ()) if indicators.indicator(code)]


def entered_codes(template: str, sector: str | None) -> tuple[str, ...]:
    if template in (Template.COMMUNE, Template.PROVINCE):
        return COMMUNE_ENTERED
    return SECTOR_ENTERED.get(sector, DEFAULT_SECTOR_ENTERED)


def reporting_agency(user):
    """The agency a department's or organisation's user reports for (None for the police and
    the commune, who report for their unit)."""
    if getattr(user, "role", None) in AGENCY_ROLES and user.agency_id:
        return user.agency
    return None
