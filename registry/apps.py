from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("People registry")

    def ready(self):
        from django.db.models import Q

        from accounts.scoping import RecordType, register_restriction

        # Health sees the people of its sector: those under special management for
        # drug-induced psychosis (later also its determinations and substitution treatment).
        register_restriction(RecordType.PERSON, "health", lambda user: Q(special_management=True))
