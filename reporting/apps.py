from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Periodic reports")

    def ready(self):
        from django.db.models import Q

        from accounts.choices import Role, Sector
        from accounts.scoping import (
            SECTOR_GRANTS,
            Access,
            Grant,
            register_grants,
            register_restriction,
        )
        from common.nav import register_nav_item

        from . import (
            indicators,  # noqa: F401 - the registry's indicators
            indicators_rehab,
        )

        indicators_rehab.register()
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
                # A department or mass organisation writes its own reports, targets and
                # entered figures, and sees no other unit's.
                Role.DEPARTMENT: Grant(Access.WRITE, only="own_agency"),
                Role.ORGANISATION: Grant(Access.WRITE, only="own_agency"),
            },
            # A sector's own grant table replaces its role's: give the report grant there too.
            {
                key: Grant(Access.WRITE, only="own_agency")
                for key in {*SECTOR_GRANTS, (Role.DEPARTMENT, Sector.HEALTH)}
                if key[0] in (Role.DEPARTMENT, Role.ORGANISATION)
            },
        )

        def own_agency(user):
            return Q(agency_id=user.agency_id) if user.agency_id else Q(pk__in=[])

        register_restriction(RECORD_TYPE, "own_agency", own_agency)

        def visible(user):
            from .selectors import report_can

            return report_can(user=user)

        from registry.due import register_due_provider

        from .due import ReportsDue

        register_due_provider("reporting.reports", ReportsDue())

        register_nav_item("reporting", _("Reports"), "reporting:index", visible=visible, order=60)
