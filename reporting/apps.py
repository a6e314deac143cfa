from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Periodic reports")

    def ready(self):
        from accounts.choices import Role
        from accounts.scoping import Access, Grant, register_grants
        from common.nav import register_nav_item

        from . import indicators  # noqa: F401 - the registry's indicators
        from .models import RECORD_TYPE

        # Reports hold aggregates, never a personal record: the steering-committee reader
        # and the administrator read them; the units that report write their own.
        register_grants(
            RECORD_TYPE,
            {
                Role.COMMUNE_OFFICER: Grant(Access.WRITE),
                Role.COMMUNE_LEADER: Grant(Access.WRITE),
                Role.PROVINCIAL_POLICE: Grant(Access.WRITE),
                Role.READER: Grant(Access.READ),
                Role.ADMIN: Grant(Access.READ),
            },
        )

        def visible(user):
            from .selectors import report_can

            return report_can(user=user)

        register_nav_item("reporting", _("Reports"), "reporting:index", visible=visible, order=60)
