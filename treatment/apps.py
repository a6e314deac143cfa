from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreatmentConfig(AppConfig):
    name = "treatment"
    verbose_name = _("Substitution treatment and drug-induced psychosis")

    def ready(self):
        from django.apps import apps

        from accounts.choices import Role, Sector
        from accounts.scoping import Access, Grant, register_grants
        from common.nav import register_nav_item
        from registry.due import register_due_provider
        from registry.sections import register_person_section

        from . import indicators, selectors
        from .due import PostRehabDue
        from .models import TREATMENT_PSYCHOSIS, TREATMENT_SUBSTITUTION
        from .views import treatment_section

        # Health keeps these records (for the facilities of its province); the commune police
        # and the province read those of their people; the steering committee and
        # administrators count them. Everyone else: nothing.
        for record_type in (TREATMENT_SUBSTITUTION, TREATMENT_PSYCHOSIS):
            register_grants(
                record_type,
                {
                    Role.COMMUNE_OFFICER: Grant(Access.READ),
                    Role.COMMUNE_LEADER: Grant(Access.READ),
                    Role.PROVINCIAL_POLICE: Grant(Access.READ),
                    Role.READER: Grant(Access.COUNT),
                    Role.ADMIN: Grant(Access.COUNT),
                },
                {(Role.DEPARTMENT, Sector.HEALTH): Grant(Access.WRITE)},
            )

        # Health sees (identity only) the people it treats or flagged: widen registry's
        # "health" person restriction, keeping what other apps (rehab) put there.
        registry = apps.get_app_config("registry")
        before = getattr(registry, "health_people_q", None)

        def health_people_q(user, _before=before):
            from django.db.models import Q

            base = _before(user) if _before else Q(special_management=True)
            return base | selectors.health_person_q()

        registry.health_people_q = health_people_q

        register_due_provider("treatment.post_rehab", PostRehabDue())
        register_person_section(
            "treatment", "treatment/partials/person_section.html", treatment_section, 65
        )
        indicators.register()
        # Substitution treatment is a service reached on the rehab dashboard (001: > 80 %).
        from rehab.hooks import register_reached_source

        register_reached_source("treatment.substitution", selectors.treated_person_ids)

        register_nav_item(
            "treatment.overview",
            _("Substitution treatment"),
            "treatment:overview",
            group="care",
            visible=lambda user: selectors.treatment_can(user=user),
            order=45,
        )
        register_nav_item(
            "treatment.psychosis",
            _("Psychosis list"),
            "treatment:psychosis_list",
            group="care",
            visible=lambda user: selectors.psychosis_can(user=user),
            order=46,
        )
