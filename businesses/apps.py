from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sees_businesses(user) -> bool:
    from accounts.scoping import Access, can

    from .choices import RECORD_TYPE

    return can(user, RECORD_TYPE, Access.READ)


class BusinessesConfig(AppConfig):
    name = "businesses"
    verbose_name = _("Conditional businesses and inspections")

    def ready(self):
        from accounts.choices import Role, Sector
        from accounts.scoping import Access, Grant, register_grants
        from common.nav import register_nav_item
        from registry.due import register_due_provider

        from . import indicators
        from .choices import RECORD_TYPE
        from .due import inspections_due

        # Commune police and PC04 keep the register and inspect; the others may only count.
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
        register_due_provider("businesses.inspection", inspections_due)
        indicators.register()
        register_nav_item(
            "businesses.list",
            _("Conditional businesses"),
            "businesses:list",
            group="area",
            visible=_sees_businesses,
            order=34,
        )
