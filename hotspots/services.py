"""Every write of the hotspots app: keyword-only, in one transaction with the history event and
the change log. Refusals name the field and the reason."""

import datetime
import math

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access
from common.text import fold, nfc

from . import selectors
from .choices import (
    ACTIVITY_FIELDS,
    DOCUMENT_REQUIRED,
    TRANSITIONS,
    WATCHED_STATUSES,
    Activity,
    CheckFinding,
    HotspotStatus,
    HotspotStep,
    PersonRole,
)
from .models import (
    Hotspot,
    HotspotCheck,
    HotspotEvent,
    HotspotPerson,
    max_distance_km,
    watch_months,
)

# Vietnam's bounding box, islands included (Hoàng Sa, Trường Sa).
VIETNAM_LAT = (8.0, 23.5)
VIETNAM_LON = (102.0, 117.9)
EDITABLE = (
    "name",
    "kind",
    "is_hot",
    "commune",
    "address",
    "latitude",
    "longitude",
    "description",
    "responsible_officer",
    *ACTIVITY_FIELDS.values(),
)


def _d(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def distance_km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _check_write(*, actor, hotspot: Hotspot | None = None) -> None:
    if not selectors.hotspot_can(user=actor, access=Access.WRITE):
        raise PermissionError(_("You may not change hotspots."))
    if hotspot is not None and hotspot.pk:
        if (
            not selectors.hotspot_list(user=actor, access=Access.WRITE)
            .filter(pk=hotspot.pk)
            .exists()
        ):
            raise PermissionError(_("The hotspot is outside your jurisdiction."))


def _coordinate_errors(hotspot: Hotspot) -> dict:
    lat, lon = hotspot.latitude, hotspot.longitude
    if lat is None and lon is None:
        return {}
    if lat is None or lon is None:
        field = "latitude" if lat is None else "longitude"
        return {field: _("Give both the latitude and the longitude, or neither.")}
    if not (VIETNAM_LAT[0] <= lat <= VIETNAM_LAT[1] and VIETNAM_LON[0] <= lon <= VIETNAM_LON[1]):
        return {"latitude": _("These coordinates are outside Vietnam.")}
    commune = hotspot.commune if hotspot.commune_id else None
    if commune and commune.latitude is not None and commune.longitude is not None:
        km = distance_km(lat, lon, commune.latitude, commune.longitude)
        limit = max_distance_km()
        if km > limit:
            return {
                "latitude": _(
                    "This point is %(km).1f km from the centre of %(commune)s: more than "
                    "%(limit)s km. Check the coordinates or the commune."
                )
                % {"km": km, "commune": commune.name, "limit": f"{limit:g}"}
            }
    return {}


def _prepare(*, actor, hotspot: Hotspot, errors: dict) -> None:
    hotspot.name = nfc(hotspot.name or "")
    hotspot.address = nfc(hotspot.address or "")
    hotspot.description = (hotspot.description or "").strip()
    hotspot.search_folded = fold(" ".join([hotspot.name, hotspot.address, hotspot.description]))
    commune = hotspot.commune if hotspot.commune_id else None
    if commune is not None:
        if not selectors.hotspot_communes(user=actor).filter(pk=commune.pk).exists():
            errors["commune"] = _("Choose a current commune within your jurisdiction.")
        hotspot.scope_path = commune.path
    if not any(getattr(hotspot, f) for f in ACTIVITY_FIELDS.values()):
        errors["activities"] = _("Tick at least one activity.")
    errors.update({k: v for k, v in _coordinate_errors(hotspot).items() if k not in errors})


def _clean(instance, errors: dict, exclude=()) -> None:
    try:
        instance.full_clean(exclude=[*exclude, *errors])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _set_activities(hotspot: Hotspot, activities) -> None:
    unknown = set(activities or ()) - set(Activity.values)
    if unknown:
        raise ValidationError(
            {
                "activities": _("Unknown activity: %(names)s.")
                % {"names": ", ".join(sorted(unknown))}
            }
        )
    for value, field in ACTIVITY_FIELDS.items():
        setattr(hotspot, field, value in (activities or ()))


def _date_errors(field: str, day, *, hotspot: Hotspot | None = None, after=None) -> dict:
    if day is None:
        return {field: _("Enter the date.")}
    if day > timezone.localdate():
        return {field: _("The date cannot be in the future.")}
    if hotspot is not None and hotspot.detected_on and day < hotspot.detected_on:
        return {
            field: _("The date is before the detection of the hotspot (%(date)s).")
            % {"date": _d(hotspot.detected_on)}
        }
    if after is not None and day < after:
        return {field: _("The date is before the previous step (%(date)s).") % {"date": _d(after)}}
    return {}


def _document_errors(*, step: str, number: str, day) -> dict:
    errors = {}
    if step in DOCUMENT_REQUIRED:
        if not number:
            errors["document_number"] = _("Clearing and neutralising require the document number.")
        if day is None:
            errors["document_date"] = _("Clearing and neutralising require the document date.")
    if day is not None and day > timezone.localdate():
        errors["document_date"] = _("The document date cannot be in the future.")
    return errors


def _log(*, actor, record, action, before=None) -> None:
    change_log_record(
        user=actor,
        action=action,
        record=(getattr(record, "log_record_type", record._meta.model_name), str(record.pk)),
        before=before,
        after=snapshot(record),
    )


def _event(*, actor, hotspot, step, occurred_on, unit, officer, number, day, note):
    status = HotspotStatus.DETECTED if step == HotspotStep.DETECT else TRANSITIONS[step][1]
    event = HotspotEvent(
        hotspot=hotspot,
        step=step,
        status_after=status,
        occurred_on=occurred_on,
        unit=unit,
        officer=officer,
        document_number=nfc(number or ""),
        document_date=day,
        note=(note or "").strip(),
        author=actor,
    )
    event.full_clean()
    event.save()
    _log(actor=actor, record=event, action=ChangeAction.CREATE)
    return event


@transaction.atomic
def hotspot_create(
    *,
    actor,
    name: str,
    kind: str,
    commune,
    detected_on: datetime.date | None,
    activities=(),
    is_hot: bool = False,
    address: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    description: str = "",
    responsible_officer=None,
    officer=None,
    document_number: str = "",
    document_date: datetime.date | None = None,
    note: str = "",
) -> Hotspot:
    """Record a hotspot as detected on `detected_on` (its first event)."""
    _check_write(actor=actor)
    hotspot = Hotspot(
        name=name,
        kind=kind,
        is_hot=bool(is_hot),
        commune=commune,
        address=address or "",
        latitude=latitude,
        longitude=longitude,
        description=description or "",
        responsible_officer=responsible_officer,
        detected_on=detected_on,
        status=HotspotStatus.DETECTED,
        status_on=detected_on,
        created_by=actor,
    )
    errors: dict = {}
    _set_activities(hotspot, activities)
    _prepare(actor=actor, hotspot=hotspot, errors=errors)
    errors.update(_date_errors("detected_on", detected_on))
    errors.update(
        _document_errors(step=HotspotStep.DETECT, number=document_number, day=document_date)
    )
    exclude = ["status_on"] if detected_on is None else []
    _clean(hotspot, errors, exclude=exclude)
    hotspot.save()
    _log(actor=actor, record=hotspot, action=ChangeAction.CREATE)
    _event(
        actor=actor,
        hotspot=hotspot,
        step=HotspotStep.DETECT,
        occurred_on=detected_on,
        unit=commune,
        officer=officer or actor,
        number=document_number,
        day=document_date,
        note=note,
    )
    return hotspot


@transaction.atomic
def hotspot_update(*, actor, hotspot: Hotspot, activities=None, **data) -> Hotspot:
    """Change the description of a hotspot (never its status: that takes a step)."""
    _check_write(actor=actor, hotspot=hotspot)
    hotspot = selectors.hotspot_lock(pk=hotspot.pk)
    before = snapshot(hotspot)
    for field, value in data.items():
        if field not in EDITABLE:
            raise ValidationError({field: _("This field cannot be changed here.")})
        setattr(hotspot, field, value)
    if activities is not None:
        _set_activities(hotspot, activities)
    errors: dict = {}
    _prepare(actor=actor, hotspot=hotspot, errors=errors)
    _clean(hotspot, errors)
    hotspot.save()
    _log(actor=actor, record=hotspot, action=ChangeAction.UPDATE, before=before)
    return hotspot


def allowed_steps(hotspot: Hotspot) -> list[str]:
    return [step for step, (sources, _after) in TRANSITIONS.items() if hotspot.status in sources]


@transaction.atomic
def hotspot_transition(
    *,
    actor,
    hotspot: Hotspot,
    step: str,
    occurred_on: datetime.date | None,
    unit=None,
    officer=None,
    document_number: str = "",
    document_date: datetime.date | None = None,
    note: str = "",
) -> HotspotEvent:
    """Move a hotspot one step along its lifecycle. Refused, with the reason, when the step
    does not follow the current status, when the date is before the previous step, or when
    clearing or neutralising cites no document."""
    _check_write(actor=actor, hotspot=hotspot)
    hotspot = selectors.hotspot_lock(pk=hotspot.pk)
    if step not in TRANSITIONS:
        raise ValidationError({"step": _("Unknown step.")})
    sources, status_after = TRANSITIONS[step]
    if hotspot.status not in sources:
        raise ValidationError(
            {
                "step": _("A hotspot that is “%(status)s” cannot go through “%(step)s”.")
                % {
                    "status": hotspot.get_status_display().lower(),
                    "step": HotspotStep(step).label.lower(),
                }
            }
        )
    last = selectors.hotspot_last_event(hotspot=hotspot)
    errors = _date_errors(
        "occurred_on", occurred_on, hotspot=hotspot, after=last.occurred_on if last else None
    )
    if (
        not errors
        and step == HotspotStep.CLOSE
        and hotspot.watch_until
        and occurred_on < hotspot.watch_until
    ):
        errors["occurred_on"] = _(
            "The watch period runs until %(date)s: the hotspot can be closed from then."
        ) % {"date": _d(hotspot.watch_until)}
    errors.update(_document_errors(step=step, number=document_number, day=document_date))
    if unit is not None and not selectors.hotspot_units(user=actor).filter(pk=unit.pk).exists():
        errors["unit"] = _("Choose a unit within your jurisdiction.")
    if errors:
        raise ValidationError(errors)
    before = snapshot(hotspot)
    event = _event(
        actor=actor,
        hotspot=hotspot,
        step=step,
        occurred_on=occurred_on,
        unit=unit or hotspot.commune,
        officer=officer or actor,
        number=document_number,
        day=document_date,
        note=note,
    )
    hotspot.status, hotspot.status_on = status_after, occurred_on
    if step in (HotspotStep.CLEAR, HotspotStep.NEUTRALISE):
        # The watch check clock starts on the clearing day.
        hotspot.last_checked_on = occurred_on
    elif step == HotspotStep.WATCH:
        hotspot.watch_until = occurred_on + relativedelta(months=watch_months())
    elif step == HotspotStep.RE_EMERGE:
        hotspot.re_emerged_count += 1
        hotspot.watch_until = None
        hotspot.last_checked_on = None
    elif step == HotspotStep.CLOSE:
        hotspot.last_checked_on = None
    hotspot.save()
    _log(actor=actor, record=hotspot, action=ChangeAction.UPDATE, before=before)
    return event


@transaction.atomic
def hotspot_check(
    *,
    actor,
    hotspot: Hotspot,
    checked_on: datetime.date | None,
    finding: str,
    officer=None,
    note: str = "",
) -> HotspotCheck:
    """Record a watch check; drug activity found again re-opens the hotspot (re-emergence)."""
    _check_write(actor=actor, hotspot=hotspot)
    hotspot = selectors.hotspot_lock(pk=hotspot.pk)
    if hotspot.status not in WATCHED_STATUSES:
        raise ValidationError(
            {"finding": _("Only a cleared or neutralised hotspot under watch is checked.")}
        )
    errors = _date_errors("checked_on", checked_on, hotspot=hotspot, after=hotspot.last_checked_on)
    if errors:
        raise ValidationError(errors)
    check = HotspotCheck(
        hotspot=hotspot,
        checked_on=checked_on,
        officer=officer or actor,
        finding=finding,
        note=(note or "").strip(),
        created_by=actor,
    )
    check.full_clean()
    check.save()
    _log(actor=actor, record=check, action=ChangeAction.CREATE)
    if finding == CheckFinding.RE_EMERGED:
        hotspot_transition(
            actor=actor,
            hotspot=hotspot,
            step=HotspotStep.RE_EMERGE,
            occurred_on=checked_on,
            officer=officer or actor,
            note=note or _("Found at a watch check."),
        )
    else:
        before = snapshot(hotspot)
        hotspot.last_checked_on = checked_on
        hotspot.save(update_fields=["last_checked_on", "updated_at"])
        _log(actor=actor, record=hotspot, action=ChangeAction.UPDATE, before=before)
    return check


@transaction.atomic
def hotspot_link_person(
    *,
    actor,
    hotspot: Hotspot,
    role: str,
    person=None,
    description: str = "",
    linked_on: datetime.date | None = None,
) -> HotspotPerson:
    """Link a registry person the user may see, or an unidentified description."""
    _check_write(actor=actor, hotspot=hotspot)
    description = nfc(description or "")
    errors: dict = {}
    if person is not None:
        if selectors.person_for_link(user=actor, pk=person.pk) is None:
            errors["person"] = _("Choose a person within your jurisdiction.")
        elif selectors.hotspot_person_linked(hotspot=hotspot, person=person, role=role):
            errors["person"] = _("This person is already linked to the hotspot in this role.")
    elif not description:
        errors["description"] = _("Choose a person or describe the unidentified person.")
    if role not in PersonRole.values:
        errors["role"] = _("Choose the role.")
    linked_on = linked_on or timezone.localdate()
    errors.update(_date_errors("linked_on", linked_on))
    if errors:
        raise ValidationError(errors)
    link = HotspotPerson(
        hotspot=hotspot,
        person=person,
        description=description,
        role=role,
        linked_on=linked_on,
        created_by=actor,
    )
    link.full_clean()
    link.save()
    _log(actor=actor, record=link, action=ChangeAction.CREATE)
    return link
