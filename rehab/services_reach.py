"""Voluntary-rehab registrations and services reached.

- A registration names the form chosen and where (a facility that performs that form, or the
  place for rehab at home); it is refused while the person is in rehab. Under Law 120/2025 a
  registrant with no addiction determination, or one older than 6 months, needs one
  (DOMAIN.md §3): "determination required" is raised.
- A registration should be followed by rehab: it starts within
  `REHAB_VOLUNTARY_START_WORKING_DAYS` working days of the registration (default 2: DOMAIN.md
  §3 — under Decree 163/2026 not starting within 2 working days counts as quitting voluntary
  rehab). The day is stored on the registration (`start_due_on`) and the due list shows a
  registration not followed by a placement (rehab/due.py). Assumptions: DOMAIN.md does not say
  from which day the 2 working days count, so they count from the registration; it names no
  limit under Law 73/2021, so the same setting applies to registrations under that law.
- A service reached (counselling, treatment, rehab, community-reintegration support) may be
  recorded for any person in the user's jurisdiction, not only after rehab."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access
from common.text import nfc
from common.workdays import add_working_days
from registry import selectors as registry_selectors
from registry.choices import Law, TaskKind
from registry.models import law_on
from registry.services.work import task_raise

from . import selectors
from .choices import FORM_FACILITY_MEASURE, VOLUNTARY_FORMS, PlacementForm, ServiceKind
from .models import ServiceReached, VoluntaryRegistration

# Law 120/2025: a determination older than this does not serve a registration.
DETERMINATION_VALID_DAYS = 183


def start_working_days() -> int:
    """Working days from the registration to the start of the rehab (a setting, default 2)."""
    return int(getattr(settings, "REHAB_VOLUNTARY_START_WORKING_DAYS", 2))


def determination_due_days() -> int:
    return int(getattr(settings, "REGISTRY_DETERMINATION_DUE_DAYS", 5))


def _date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _check_write(*, actor, person) -> None:
    if not selectors.followup_can(user=actor, access=Access.WRITE):
        raise PermissionError(_("You may not record rehab registrations or services."))
    if (
        not registry_selectors.person_list(user=actor, access=Access.WRITE)
        .filter(pk=person.pk)
        .exists()
    ):
        raise PermissionError(_("The person is outside your jurisdiction."))


def _day_errors(person, day, field: str) -> dict:
    if day is None:
        return {field: _("Enter the date.")}
    if day > timezone.localdate():
        return {field: _("The date cannot be in the future.")}
    born = person.date_of_birth or datetime.date(person.birth_year, 1, 1)
    if day < born:
        return {field: _("The date is before the person's birth.")}
    return {}


def _facility_errors(actor, facility, form: str, *, required: bool) -> dict:
    if facility is None:
        return {"facility": _("Choose the facility.")} if required else {}
    if not selectors.facility_list(user=actor).filter(pk=facility.pk).exists():
        return {"facility": _("Choose a facility of your province.")}
    measure = FORM_FACILITY_MEASURE.get(form)
    if measure and not facility.performs(measure):
        return {"facility": _("This facility may not perform this form of rehab.")}
    return {}


def _save(record, errors: dict, *, actor) -> None:
    try:
        record.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)
    record.save()
    change_log_record(user=actor, action=ChangeAction.CREATE, record=record, after=snapshot(record))


@transaction.atomic
def voluntary_registration_record(
    *,
    actor,
    person,
    registered_on: datetime.date | None,
    form: str,
    facility=None,
    place: str = "",
    note: str = "",
):
    """Register a person for voluntary rehab. The returned registration carries `raised_work`
    (the "determination required" task under Law 120, or None)."""
    _check_write(actor=actor, person=person)
    person = registry_selectors.person_lock(pk=person.pk)
    errors = _day_errors(person, registered_on, "registered_on")
    place = nfc((place or "").strip())
    if form not in VOLUNTARY_FORMS:
        errors["form"] = _("Choose a form of voluntary rehab from the list.")
    else:
        needs_facility = form in (PlacementForm.VOLUNTARY_PUBLIC, PlacementForm.VOLUNTARY_PRIVATE)
        errors.update(_facility_errors(actor, facility, form, required=needs_facility))
        if form == PlacementForm.VOLUNTARY_HOME and facility is not None:
            errors["facility"] = _("Rehab at home names no facility: give the address instead.")
        if facility is None and not place and not needs_facility:
            errors["place"] = _("Say where the rehab takes place.")
    if registered_on and "registered_on" not in errors:
        current = selectors.placement_open_on(person=person, day=registered_on)
        if current is not None:
            errors["registered_on"] = _(
                "The person is in rehab on this date (%(form)s from %(start)s)."
            ) % {"form": current.get_form_display(), "start": _date(current.start_on)}
    registration = VoluntaryRegistration(
        person=person,
        registered_on=registered_on,
        form=form,
        facility=facility,
        place=place,
        law=law_on(registered_on) if registered_on else "",
        start_due_on=(
            add_working_days(registered_on, start_working_days())
            if registered_on and "registered_on" not in errors
            else None
        ),
        note=nfc((note or "").strip()),
        created_by=actor,
    )
    _save(registration, errors, actor=actor)
    registration.raised_work = None
    if registration.law == Law.LAW_120_2025:
        last = selectors.person_last_determination_on(person=person)
        if last is None or (registered_on - last).days > DETERMINATION_VALID_DAYS:
            reason = (
                _("no addiction determination is recorded")
                if last is None
                else _("the last determination (%(date)s) is older than 6 months")
                % {"date": _date(last)}
            )
            registration.raised_work = task_raise(
                person=person,
                kind=TaskKind.DETERMINATION_REQUIRED,
                title=_(
                    "Addiction determination required: voluntary-rehab registration of %(date)s"
                )
                % {"date": _date(registered_on)},
                detail=_(
                    "Registered for voluntary rehab on %(date)s under Law 120/2025; %(reason)s."
                )
                % {"date": _date(registered_on), "reason": reason},
                due_on=max(
                    registered_on + datetime.timedelta(days=determination_due_days()),
                    timezone.localdate(),
                ),
                actor=actor,
            )
    return registration


@transaction.atomic
def service_reached_record(
    *,
    actor,
    person,
    kind: str,
    reached_on: datetime.date | None,
    provider: str = "",
    facility=None,
    note: str = "",
) -> ServiceReached:
    """Record a service a managed person reached. The provider is the facility's name when a
    facility is chosen and no provider is typed."""
    _check_write(actor=actor, person=person)
    person = registry_selectors.person_lock(pk=person.pk)
    errors = _day_errors(person, reached_on, "reached_on")
    if kind not in ServiceKind.values:
        errors["kind"] = _("Choose the service from the list.")
    if (
        facility is not None
        and not selectors.facility_list(user=actor).filter(pk=facility.pk).exists()
    ):
        errors["facility"] = _("Choose a facility of your province.")
    provider = nfc((provider or "").strip()) or (facility.name if facility is not None else "")
    if not provider:
        errors["provider"] = _("Say who provided the service.")
    service = ServiceReached(
        person=person,
        kind=kind,
        reached_on=reached_on,
        provider=provider[:200],
        facility=facility,
        note=nfc((note or "").strip()),
        created_by=actor,
    )
    _save(service, errors, actor=actor)
    return service
