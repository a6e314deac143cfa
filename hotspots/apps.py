from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sees_hotspots(user) -> bool:
    from accounts.scoping import Access, can

    from .choices import RECORD_TYPE

    return can(user, RECORD_TYPE, Access.READ)


def _counts_hotspots(user) -> bool:
    from accounts.scoping import Access, can

    from .choices import RECORD_TYPE

    return can(user, RECORD_TYPE, Access.COUNT)


class HotspotsConfig(AppConfig):
    name = "hotspots"
    verbose_name = _("Supply side: hotspots, cases, businesses, tips")

    def ready(self):
        from accounts.choices import Role, Sector
        from accounts.scoping import Access, Grant, register_grants
        from common.nav import register_nav_item
        from registry.due import register_due_provider

        from .choices import RECORD_TYPE
        from .due import watch_checks

        # Commune police and PC04 keep hotspots; the others may only count them.
        register_grants(
            RECORD_TYPE,
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
        register_due_provider("hotspots.watch_check", watch_checks)

        from registry.sections import register_person_section

        from .sections import person_section

        # The hotspots a person is linked to, on the person page (only when there are some).
        register_person_section(
            "hotspots", "hotspots/partials/person_section.html", person_section, 70
        )
        register_nav_item(
            "hotspots.list",
            _("Hotspots"),
            "hotspots:list",
            group="area",
            visible=_sees_hotspots,
            order=30,
        )
        register_nav_item(
            "hotspots.dashboard",
            _("Hotspot dashboard"),
            "hotspots:dashboard",
            group="area",
            visible=_counts_hotspots,
            order=31,
        )
