from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sees_cases(user) -> bool:
    from accounts.scoping import Access, can

    from .choices import RECORD_TYPE

    return can(user, RECORD_TYPE, Access.READ)


def _sees_planting(user) -> bool:
    from accounts.scoping import Access, can

    from .choices import PLANTING_RECORD_TYPE

    return can(user, PLANTING_RECORD_TYPE, Access.READ)


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Drug cases, seizures and planting")

    def ready(self):
        from accounts.choices import Role, Sector
        from accounts.scoping import Access, Grant, register_grants
        from common.nav import register_nav_item
        from registry.sections import register_person_section

        from . import indicators
        from .choices import PLANTING_RECORD_TYPE, RECORD_TYPE
        from .sections import person_section

        # Police keep cases and planting sites; the others may only count them.
        for record_type in (RECORD_TYPE, PLANTING_RECORD_TYPE):
            register_grants(
                record_type,
                {
                    Role.COMMUNE_OFFICER: Grant(Access.WRITE),
                    Role.COMMUNE_LEADER: Grant(Access.WRITE),
                    Role.PROVINCIAL_POLICE: Grant(Access.WRITE),
                    Role.DEPARTMENT: Grant(Access.COUNT),
                    Role.ORGANISATION: Grant(Access.COUNT),
                    Role.READER: Grant(Access.COUNT),
                    Role.ADMIN: Grant(Access.COUNT),
                },
                {(Role.DEPARTMENT, Sector.HEALTH): Grant(Access.COUNT)},
            )
        # The cases a person is a suspect of, on the person page (only when there are some).
        register_person_section("cases", "cases/partials/person_section.html", person_section, 75)
        indicators.register()
        register_nav_item(
            "cases.list", _("Drug cases"), "cases:list", group="area", visible=_sees_cases, order=32
        )
        register_nav_item(
            "cases.planting",
            _("Planting sites"),
            "cases:planting_list",
            group="area",
            visible=_sees_planting,
            order=33,
        )
