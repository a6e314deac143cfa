"""Due work from rehab placements: an open placement whose term ends within HORIZON_DAYS (the
provider notifies the commune police at least 30 days before completion) asks the commune to
prepare post-rehab management; due on the planned end. Counted and paged in the database."""

import datetime

from django.utils.translation import gettext as _

from registry.due import DueItem, DueSource, range_q, state_counts

from . import selectors

HORIZON_DAYS = 30


def _item(placement) -> DueItem:
    person = placement.person
    officer = person.responsible_officer
    return DueItem(
        key=f"rehab_placement:{placement.pk}",
        kind="rehab_placement_end",
        label=_("%(form)s ends on %(date)s: prepare post-rehab management")
        % {"form": placement.get_form_display(), "date": f"{placement.planned_end_on:%d/%m/%Y}"},
        due_on=placement.planned_end_on,
        url=placement.get_absolute_url(),
        person_id=person.pk,
        person_name=person.full_name,
        owner_id=officer.pk if officer else None,
        owner_name=str(officer) if officer else "",
        unit_name=person.residence_unit.name,
    )


class PlacementEnds(DueSource):
    def _rows(self, user, today, owner):
        if not selectors.placement_can(user=user):
            return None
        until = today + datetime.timedelta(days=HORIZON_DAYS)
        return selectors.placement_due(user=user, until=until, owner=owner)

    def counts(self, *, user, today, owner):
        rows = self._rows(user, today, owner)
        if rows is None:
            return {}
        return state_counts(rows, "planned_end_on", today)

    def items(self, *, user, today, owner, start=None, end=None, limit=None):
        rows = self._rows(user, today, owner)
        if rows is None:
            return iter(())
        rows = rows.filter(range_q("planned_end_on", start, end)).order_by("planned_end_on", "id")
        rows = rows[:limit] if limit is not None else rows.iterator(chunk_size=2000)
        return (_item(p) for p in rows)


def _dossier_item(dossier, today) -> DueItem:
    person = dossier.person
    officer = person.responsible_officer
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
        person_id=person.pk,
        person_name=person.full_name,
        owner_id=officer.pk if officer else None,
        owner_name=str(officer) if officer else "",
        unit_name=person.residence_unit.name,
    )


class DossierDeadlines(DueSource):
    """The next stage of every open compulsory-rehab dossier that has a deadline (reading,
    submission, enforcement …), for the person's responsible officer; overdue once passed."""

    def _rows(self, user, owner):
        if not selectors.dossier_can(user=user):
            return None
        return selectors.dossier_due(user=user, owner=owner)

    def counts(self, *, user, today, owner):
        rows = self._rows(user, owner)
        if rows is None:
            return {}
        return state_counts(rows, "next_due_on", today)

    def items(self, *, user, today, owner, start=None, end=None, limit=None):
        rows = self._rows(user, owner)
        if rows is None:
            return iter(())
        rows = rows.filter(range_q("next_due_on", start, end)).order_by("next_due_on", "id")
        rows = rows[:limit] if limit is not None else rows.iterator(chunk_size=2000)
        return (_dossier_item(d, today) for d in rows)


def _education_item(measure) -> DueItem:
    person = measure.person
    officer = person.responsible_officer
    return DueItem(
        key=f"rehab_education:{measure.pk}",
        kind="rehab_education_end",
        label=_("Education at commune ends on %(date)s: record its end and result")
        % {"date": f"{measure.planned_end_on:%d/%m/%Y}"},
        due_on=measure.planned_end_on,
        url=measure.get_absolute_url(),
        person_id=person.pk,
        person_name=person.full_name,
        owner_id=officer.pk if officer else None,
        owner_name=str(officer) if officer else "",
        unit_name=person.residence_unit.name,
    )


class EducationEnds(DueSource):
    """Education at commune under way whose period ends within HORIZON_DAYS: the commune
    records its end (completed on the last day, or ended early) with its result, due on the
    planned last day; overdue while the end is not recorded. (A compiled dossier waiting for
    its decision has no deadline here: DOMAIN.md gives none.)"""

    def _rows(self, user, today, owner):
        if not selectors.followup_can(user=user):
            return None
        until = today + datetime.timedelta(days=HORIZON_DAYS)
        return selectors.education_due(user=user, until=until, owner=owner)

    def counts(self, *, user, today, owner):
        rows = self._rows(user, today, owner)
        if rows is None:
            return {}
        return state_counts(rows, "planned_end_on", today)

    def items(self, *, user, today, owner, start=None, end=None, limit=None):
        rows = self._rows(user, today, owner)
        if rows is None:
            return iter(())
        rows = rows.filter(range_q("planned_end_on", start, end)).order_by("planned_end_on", "id")
        rows = rows[:limit] if limit is not None else rows.iterator(chunk_size=2000)
        return (_education_item(m) for m in rows)


def _registration_item(registration) -> DueItem:
    person = registration.person
    officer = person.responsible_officer
    return DueItem(
        key=f"rehab_registration:{registration.pk}",
        kind="rehab_registration_start",
        label=_(
            "%(form)s: registered on %(date)s, not started; record the placement, or compile "
            "the compulsory-rehab dossier"
        )
        % {
            "form": registration.get_form_display(),
            "date": f"{registration.registered_on:%d/%m/%Y}",
        },
        due_on=registration.start_due_on,
        url=registration.get_absolute_url(),
        person_id=person.pk,
        person_name=person.full_name,
        owner_id=officer.pk if officer else None,
        owner_name=str(officer) if officer else "",
        unit_name=person.residence_unit.name,
    )


class RegistrationStarts(DueSource):
    """A voluntary-rehab registration not followed by rehab: due on its `start_due_on` (the
    registration plus REHAB_VOLUNTARY_START_WORKING_DAYS working days), until a placement
    starts, a compulsory-rehab dossier is compiled or the person registers again."""

    def _rows(self, user, owner):
        if not selectors.followup_can(user=user):
            return None
        return selectors.registration_due(user=user, owner=owner)

    def counts(self, *, user, today, owner):
        rows = self._rows(user, owner)
        if rows is None:
            return {}
        return state_counts(rows, "start_due_on", today)

    def items(self, *, user, today, owner, start=None, end=None, limit=None):
        rows = self._rows(user, owner)
        if rows is None:
            return iter(())
        rows = rows.filter(range_q("start_due_on", start, end)).order_by("start_due_on", "id")
        rows = rows[:limit] if limit is not None else rows.iterator(chunk_size=2000)
        return (_registration_item(r) for r in rows)
