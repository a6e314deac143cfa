from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sees_tips(user) -> bool:
    from accounts.scoping import Access, can

    from .choices import RECORD_TYPE

    return can(user, RECORD_TYPE, Access.READ)


class TipsConfig(AppConfig):
    name = "tips"
    verbose_name = _("Citizens' tips")

    def ready(self):
        from accounts.choices import Role, Sector
        from accounts.scoping import Access, Grant, register_grants
        from common.nav import register_nav_item

        from . import indicators
        from .choices import RECORD_TYPE

        # Commune police and PC04 receive, route and verify tips; the others may only count.
        # The tipster's identity needs more: see tips/selectors.py `tipster_visible`.
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
        indicators.register()
        # The verification of a routed tip is a registry task (TaskKind.TIP_VERIFICATION):
        # it shows on "Việc cần làm" through the registry's own task provider.
        register_nav_item(
            "tips.list",
            _("Citizens' tips"),
            "tips:list",
            group="area",
            visible=_sees_tips,
            order=35,
        )
