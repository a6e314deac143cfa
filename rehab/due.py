"""Due work from rehab placements: an open placement whose term ends within HORIZON_DAYS (the
provider notifies the commune police at least 30 days before completion) asks the commune to
prepare post-rehab management; due on the planned end. Counted and paged in the database."""

import datetime

from django.utils.translation import gettext as _

from registry.due import DueItem, QuerySetSource, person_fields

from . import selectors

HORIZON_DAYS = 30


class PlacementEnds(QuerySetSource):
    due_field = "planned_end_on"

    def rows(self, *, user, today, owner):
        if not selectors.placement_can(user=user):
            return None
        until = today + datetime.timedelta(days=HORIZON_DAYS)
        return selectors.placement_due(user=user, until=until, owner=owner)

    def item(self, placement, today) -> DueItem:
        return DueItem(
            key=f"rehab_placement:{placement.pk}",
            kind="rehab_placement_end",
            label=_("%(form)s ends on %(date)s: prepare post-rehab management")
            % {
                "form": placement.get_form_display(),
                "date": f"{placement.planned_end_on:%d/%m/%Y}",
            },
            due_on=placement.planned_end_on,
            url=placement.get_absolute_url(),
            **person_fields(placement.person),
        )


class DossierDeadlines(QuerySetSource):
    """The next stage of every open compulsory-rehab dossier that has a deadline (reading,
    submission, enforcement …), for the person's responsible officer; overdue once passed."""

    due_field = "next_due_on"

    def rows(self, *, user, today, owner):
        if not selectors.dossier_can(user=user):
            return None
        return selectors.dossier_due(user=user, owner=owner)

    def item(self, dossier, today) -> DueItem:
        from .choices import DossierStage

        return DueItem(
            key=f"rehab_dossier:{dossier.pk}",
            kind="rehab_dossier_stage",
            label=_("Compulsory-rehab dossier: %(step)s by %(date)s")
            % {
                "step": DossierStage(dossier.next_step).label if dossier.next_step else "",
                "date": f"{dossier.next_due_on:%d/%m/%Y}",
            },
            due_on=dossier.next_due_on,
            url=dossier.get_absolute_url(),
            **person_fields(dossier.person),
        )


class EducationEnds(QuerySetSource):
    """Education at commune under way whose period ends within HORIZON_DAYS: the commune
    records its end (completed on the last day, or ended early) with its result, due on the
    planned last day; overdue while the end is not recorded. (A compiled dossier waiting for
    its decision has no deadline here: DOMAIN.md gives none.)"""

    due_field = "planned_end_on"

    def rows(self, *, user, today, owner):
        if not selectors.followup_can(user=user):
            return None
        until = today + datetime.timedelta(days=HORIZON_DAYS)
        return selectors.education_due(user=user, until=until, owner=owner)

    def item(self, measure, today) -> DueItem:
        return DueItem(
            key=f"rehab_education:{measure.pk}",
            kind="rehab_education_end",
            label=_("Education at commune ends on %(date)s: record its end and result")
            % {"date": f"{measure.planned_end_on:%d/%m/%Y}"},
            due_on=measure.planned_end_on,
            url=measure.get_absolute_url(),
            **person_fields(measure.person),
        )


class RegistrationStarts(QuerySetSource):
    """A voluntary-rehab registration not followed by rehab: due on its `start_due_on` (the
    registration plus REHAB_VOLUNTARY_START_WORKING_DAYS working days), until a placement
    starts, a compulsory-rehab dossier is compiled or the person registers again."""

    due_field = "start_due_on"

    def rows(self, *, user, today, owner):
        if not selectors.followup_can(user=user):
            return None
        return selectors.registration_due(user=user, owner=owner)

    def item(self, registration, today) -> DueItem:
        return DueItem(
            key=f"rehab_registration:{registration.pk}",
            kind="rehab_registration_start",
            label=_(
                "%(form)s: registered on %(date)s, not started; record the placement, or "
                "compile the compulsory-rehab dossier"
            )
            % {
                "form": registration.get_form_display(),
                "date": f"{registration.registered_on:%d/%m/%Y}",
            },
            due_on=registration.start_due_on,
            url=registration.get_absolute_url(),
            **person_fields(registration.person),
        )
