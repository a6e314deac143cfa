from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("People registry")

    def ready(self):
        from django.db.models import Q

        from accounts.scoping import RecordType, register_restriction

        # Health sees the people of its sector: those under special management for
        # drug-induced psychosis; a higher app widens it by setting `health_people_q` on this
        # config (rehab: open "determination required" work, determinations, treatment).
        register_restriction(
            RecordType.PERSON,
            "health",
            lambda user: getattr(self, "health_people_q", lambda u: Q(special_management=True))(
                user
            ),
        )

        from .due import register_due_provider
        from .due_periods import period_ends
        from .due_providers import open_tasks

        # Open tasks, assigned or raised by rules.
        register_due_provider("registry.tasks", open_tasks)

        register_due_provider("registry.periods", period_ends)

        from .due_checks import monthly_checks

        # Managed people not checked (no contact, no test) for a month.
        register_due_provider("registry.monthly_check", monthly_checks)

        from .due_reviews import review_pending

        # People not yet reviewed in an open review campaign, per campaign and commune.
        register_due_provider("registry.reviews", review_pending)
