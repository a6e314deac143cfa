from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RehabConfig(AppConfig):
    name = "rehab"
    verbose_name = _("Rehab and treatment")

    def ready(self):
        from django.apps import apps

        from accounts.choices import Role, Sector
        from accounts.scoping import (
            Access,
            Grant,
            RecordType,
            register_grants,
            register_restriction,
        )
        from common.nav import register_nav_item
        from registry.due import register_due_provider
        from registry.sections import register_person_section

        from . import selectors
        from .due import DossierDeadlines, EducationEnds, PlacementEnds, RegistrationStarts
        from .models import REHAB_DETERMINATION, REHAB_DOSSIER, REHAB_PLACEMENT
        from .selectors import health_person_q
        from .views_placements import rehab_section

        # Determinations: Health records them (for the facilities of its province); the
        # commune police and the province read those of their people; the steering
        # committee and administrators count them. Everyone else: nothing.
        register_grants(
            REHAB_DETERMINATION,
            {
                Role.COMMUNE_OFFICER: Grant(Access.READ),
                Role.COMMUNE_LEADER: Grant(Access.READ),
                Role.PROVINCIAL_POLICE: Grant(Access.READ),
                Role.READER: Grant(Access.COUNT),
                Role.ADMIN: Grant(Access.COUNT),
            },
            {(Role.DEPARTMENT, Sector.HEALTH): Grant(Access.WRITE)},
        )
        # Placements: the commune police and the province record those of their people; the
        # steering committee and administrators count them. Health: none (later slices give it
        # substitution treatment).
        register_grants(
            REHAB_PLACEMENT,
            {
                Role.COMMUNE_OFFICER: Grant(Access.WRITE),
                Role.COMMUNE_LEADER: Grant(Access.WRITE),
                Role.PROVINCIAL_POLICE: Grant(Access.WRITE),
                # A rehab facility officer: the placements at their own facility (admission,
                # discharge), nothing else.
                Role.FACILITY_OFFICER: Grant(Access.WRITE, only="facility"),
                Role.READER: Grant(Access.COUNT),
                Role.ADMIN: Grant(Access.COUNT),
            },
        )
        # The "facility" restrictions: a facility officer sees the people placed at the
        # facilities of their agency (identity only, by the person grant) and those placements.
        register_restriction(RecordType.PERSON, "facility", selectors.facility_person_q)
        register_restriction(REHAB_PLACEMENT, "facility", selectors.facility_placement_q)
        # Compulsory-rehab dossiers: compiled and moved by the commune police (the province
        # too); the steering committee and administrators count them; Health none.
        register_grants(
            REHAB_DOSSIER,
            {
                Role.COMMUNE_OFFICER: Grant(Access.WRITE),
                Role.COMMUNE_LEADER: Grant(Access.WRITE),
                Role.PROVINCIAL_POLICE: Grant(Access.WRITE),
                Role.READER: Grant(Access.COUNT),
                Role.ADMIN: Grant(Access.COUNT),
            },
        )
        # An open placement whose term ends within 30 days.
        register_due_provider("rehab.placement_ends", PlacementEnds())
        # The next stage of an open dossier, by its deadline.
        register_due_provider("rehab.dossier_deadlines", DossierDeadlines())
        # Education at commune whose period ends within 30 days: record its end and result.
        register_due_provider("rehab.education_ends", EducationEnds())
        # A voluntary-rehab registration not followed by rehab within its working days.
        register_due_provider("rehab.registration_starts", RegistrationStarts())
        # A positive test during education at commune or within a year after it asks for an
        # addiction determination: the registry's hook (it imports nothing of rehab).
        from registry.services.checks import register_positive_test_rule

        from .services_education import education_positive_test_rule

        register_positive_test_rule("rehab.education_at_commune", education_positive_test_rule)
        # Health finds the people it must determine: registry's "health" person restriction
        # reads this hook (registry imports nothing of rehab).
        apps.get_app_config("registry").health_people_q = health_person_q
        register_person_section("rehab", "rehab/partials/person_section.html", rehab_section, 60)

        # The menu: "Rehab" (placements) for those who read placements; Health goes to its
        # determinations; an administrator or Health to the facilities they keep.
        register_nav_item(
            "rehab.placements",
            _("Rehab"),
            "rehab:placement_list",
            group="care",
            visible=lambda user: selectors.placement_can(user=user),
            order=40,
        )
        register_nav_item(
            "rehab.dashboard",
            _("Rehab dashboard"),
            "rehab:dashboard",
            visible=lambda user: (
                selectors.dashboard_can(user=user) and not selectors.placement_can(user=user)
            ),
            order=39,
        )
        register_nav_item(
            "rehab.learners",
            _("Learners"),
            "rehab:learner_list",
            group="care",
            visible=lambda user: selectors.learner_can(user=user),
            order=39,
        )
        register_nav_item(
            "rehab.dossiers",
            _("Compulsory-rehab dossiers"),
            "rehab:dossier_list",
            group="care",
            visible=lambda user: selectors.dossier_can(user=user),
            order=41,
        )
        register_nav_item(
            "rehab.determinations",
            _("Addiction determinations"),
            "rehab:determination_list",
            group="care",
            visible=lambda user: selectors.determination_can(user=user, access=Access.WRITE),
            order=41,
        )
        register_nav_item(
            "rehab.facilities",
            _("Facilities"),
            "rehab:facility_list",
            group="care",
            visible=lambda user: (
                selectors.facility_can_manage(user=user) and not selectors.placement_can(user=user)
            ),
            order=42,
        )
