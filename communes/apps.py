from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sees_classification(user) -> bool:
    from accounts.scoping import Access, can

    from .choices import RECORD_TYPE

    return can(user, RECORD_TYPE, Access.READ)


class CommunesConfig(AppConfig):
    name = "communes"
    verbose_name = _("Commune drug classification")

    def ready(self):
        from accounts.choices import Role, Sector
        from accounts.scoping import Access, Grant, register_grants
        from common.nav import register_nav_item

        from .choices import RECORD_TYPE, TARGET_RECORD_TYPE

        counts = {
            Role.DEPARTMENT: Grant(Access.COUNT),
            Role.ORGANISATION: Grant(Access.COUNT),
            Role.READER: Grant(Access.COUNT),
            Role.ADMIN: Grant(Access.COUNT),
        }
        # The province proposes, decides and sets the data; a commune reads its own status.
        register_grants(
            RECORD_TYPE,
            {
                Role.PROVINCIAL_POLICE: Grant(Access.WRITE),
                Role.COMMUNE_OFFICER: Grant(Access.READ),
                Role.COMMUNE_LEADER: Grant(Access.READ),
                **counts,
            },
            {(Role.DEPARTMENT, Sector.HEALTH): Grant(Access.COUNT)},
        )
        # A commune registers its own drug-free target year (003 §II.1); so may the province.
        register_grants(
            TARGET_RECORD_TYPE,
            {
                Role.PROVINCIAL_POLICE: Grant(Access.WRITE),
                Role.COMMUNE_OFFICER: Grant(Access.WRITE),
                Role.COMMUNE_LEADER: Grant(Access.WRITE),
                **counts,
            },
            {(Role.DEPARTMENT, Sector.HEALTH): Grant(Access.COUNT)},
        )
        register_nav_item(
            "communes.list",
            _("Commune classification"),
            "communes:list",
            group="area",
            visible=_sees_classification,
            order=37,
        )
