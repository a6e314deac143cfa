from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sees_key_areas(user) -> bool:
    from accounts.scoping import Access, can

    from .choices import RECORD_TYPE

    return can(user, RECORD_TYPE, Access.READ)


class KeyAreasConfig(AppConfig):
    name = "keyareas"
    verbose_name = _("Key areas")

    def ready(self):
        from accounts.choices import Role, Sector
        from accounts.scoping import Access, Grant, register_grants
        from common.nav import register_nav_item
        from registry.due import register_due_provider

        from .choices import RECORD_TYPE
        from .due import measures_due, watch_checks

        # The province designates and follows key areas; communes read theirs.
        register_grants(
            RECORD_TYPE,
            {
                Role.PROVINCIAL_POLICE: Grant(Access.WRITE),
                Role.COMMUNE_OFFICER: Grant(Access.READ),
                Role.COMMUNE_LEADER: Grant(Access.READ),
                Role.DEPARTMENT: Grant(Access.COUNT),
                Role.ORGANISATION: Grant(Access.COUNT),
                Role.READER: Grant(Access.COUNT),
                Role.ADMIN: Grant(Access.COUNT),
            },
            {(Role.DEPARTMENT, Sector.HEALTH): Grant(Access.COUNT)},
        )
        register_due_provider("keyareas.measure", measures_due)
        register_due_provider("keyareas.watch_check", watch_checks)
        register_nav_item(
            "keyareas.list",
            _("Key areas"),
            "keyareas:list",
            group="area",
            visible=_sees_key_areas,
            order=36,
        )
