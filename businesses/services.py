"""Every write of the businesses app: keyword-only, in one transaction with the event and the
change log. Refusals name the field and the reason."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access
from cases import selectors as case_selectors
from common.text import fold, nfc
from hotspots.models import max_distance_km
from hotspots.services import VIETNAM_LAT, VIETNAM_LON, distance_km

from . import selectors
from .choices import BusinessStatus, BusinessStep, PenaltyMeasure, ViolationKind
from .models import MAX_PENALTY_VND, Business, BusinessEvent, Inspection

EDITABLE = (
    "name",
    "kind",
    "licence_number",
    "licence_date",
    "owner_name",
    "owner_phone",
    "commune",
    "address",
    "latitude",
    "longitude",
    "registered_on",
)
PHONE = re.compile(r"^\+?[0-9 .-]{8,15}$")


def _d(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _check_write(*, actor, business: Business | None = None) -> None:
    if not selectors.business_can(user=actor, access=Access.WRITE):
        raise PermissionError(_("You may not change conditional businesses."))
    if business is not None and business.pk:
        if not selectors.business_writable(user=actor, pk=business.pk):
            raise PermissionError(_("The business is outside your jurisdiction."))


def _log(*, actor, record, action, before=None) -> None:
    change_log_record(
        user=actor,
        action=action,
        record=(getattr(record, "log_record_type", record._meta.model_name), str(record.pk)),
        before=before,
        after=snapshot(record),
    )


def _past_date_errors(field: str, day, *, required=True, after=None, after_label="") -> dict:
    if day is None:
        return {field: _("Enter the date.")} if required else {}
    if day > timezone.localdate():
        return {field: _("The date cannot be in the future.")}
    if after is not None and day < after:
        return {field: after_label % {"date": _d(after)}}
    return {}


def _coordinate_errors(business: Business) -> dict:
    lat, lon = business.latitude, business.longitude
    if lat is None and lon is None:
        return {}
    if lat is None or lon is None:
        field = "latitude" if lat is None else "longitude"
        return {field: _("Give both the latitude and the longitude, or neither.")}
    if not (VIETNAM_LAT[0] <= lat <= VIETNAM_LAT[1] and VIETNAM_LON[0] <= lon <= VIETNAM_LON[1]):
        return {"latitude": _("These coordinates are outside Vietnam.")}
    commune = business.commune if business.commune_id else None
    if commune and commune.latitude is not None and commune.longitude is not None:
        km = distance_km(lat, lon, commune.latitude, commune.longitude)
        if km > max_distance_km():
            return {
                "latitude": _(
                    "This point is %(km).1f km from the centre of %(commune)s: more than "
                    "%(limit)s km. Check the coordinates or the commune."
                )
                % {"km": km, "commune": commune.name, "limit": f"{max_distance_km():g}"}
            }
    return {}


def _prepare(*, actor, business: Business, errors: dict) -> None:
    business.name = nfc(business.name or "")
    business.owner_name = nfc(business.owner_name or "")
    business.owner_phone = (business.owner_phone or "").strip()
    business.address = nfc(business.address or "")
    business.licence_number = nfc(business.licence_number or "")
    business.search_folded = fold(
        " ".join([business.name, business.owner_name, business.address, business.licence_number])
    )
    commune = business.commune if business.commune_id else None
    if commune is not None:
        if not selectors.business_communes(user=actor).filter(pk=commune.pk).exists():
            errors["commune"] = _("Choose a current commune within your jurisdiction.")
        business.scope_path = commune.path
    if business.owner_phone and not PHONE.match(business.owner_phone):
        errors["owner_phone"] = _("Enter a phone number of 8 to 15 digits.")
    errors.update(_past_date_errors("licence_date", business.licence_date, required=False))
    errors.update(_past_date_errors("registered_on", business.registered_on))
    errors.update({k: v for k, v in _coordinate_errors(business).items() if k not in errors})


def _clean(instance, errors: dict, exclude=()) -> None:
    try:
        instance.full_clean(exclude=[*exclude, *errors])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _event(*, actor, business, step, occurred_on, document_number="", note="") -> BusinessEvent:
    event = BusinessEvent(
        business=business,
        step=step,
        occurred_on=occurred_on,
        document_number=nfc(document_number or ""),
        note=(note or "").strip(),
        author=actor,
    )
    event.full_clean()
    event.save()
    _log(actor=actor, record=event, action=ChangeAction.CREATE)
    return event


@transaction.atomic
def business_create(
    *,
    actor,
    name: str,
    kind: str,
    owner_name: str,
    commune,
    address: str,
    registered_on: datetime.date | None = None,
    licence_number: str = "",
    licence_date: datetime.date | None = None,
    owner_phone: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    responsible_officer=None,
) -> Business:
    """Enter a business in the register (open from `registered_on`, default today)."""
    _check_write(actor=actor)
    registered_on = registered_on or timezone.localdate()
    business = Business(
        name=name,
        kind=kind,
        owner_name=owner_name,
        owner_phone=owner_phone or "",
        commune=commune,
        address=address or "",
        registered_on=registered_on,
        licence_number=licence_number or "",
        licence_date=licence_date,
        latitude=latitude,
        longitude=longitude,
        status=BusinessStatus.OPEN,
        status_on=registered_on,
        inspection_due_on=Business.due_after(registered_on),
        responsible_officer=responsible_officer or actor,
        created_by=actor,
    )
    errors: dict = {}
    _prepare(actor=actor, business=business, errors=errors)
    _clean(business, errors)
    business.save()
    _log(actor=actor, record=business, action=ChangeAction.CREATE)
    _event(actor=actor, business=business, step=BusinessStep.REGISTER, occurred_on=registered_on)
    return business


@transaction.atomic
def business_update(*, actor, business: Business, **data) -> Business:
    """Change the register entry (never its status: closing and reopening are steps)."""
    _check_write(actor=actor, business=business)
    business = selectors.business_lock(pk=business.pk)
    before = snapshot(business)
    for field, value in data.items():
        if field not in EDITABLE:
            raise ValidationError({field: _("This field cannot be changed here.")})
        setattr(business, field, value)
    errors: dict = {}
    _prepare(actor=actor, business=business, errors=errors)
    if business.last_inspected_on is None and not errors.get("registered_on"):
        business.inspection_due_on = Business.due_after(business.registered_on)
    _clean(business, errors)
    business.save()
    _log(actor=actor, record=business, action=ChangeAction.UPDATE, before=before)
    return business


@transaction.atomic
def business_set_status(
    *,
    actor,
    business: Business,
    status: str,
    occurred_on: datetime.date | None,
    document_number: str = "",
    note: str = "",
) -> BusinessEvent:
    """Close an open business or reopen a closed one (a closed business is not due for
    inspection)."""
    _check_write(actor=actor, business=business)
    business = selectors.business_lock(pk=business.pk)
    if status not in BusinessStatus.values:
        raise ValidationError({"status": _("Choose open or closed.")})
    if business.status == status:
        message = (
            _("The business is already closed.")
            if status == BusinessStatus.CLOSED
            else _("The business is already open.")
        )
        raise ValidationError({"status": message})
    errors = _past_date_errors(
        "occurred_on",
        occurred_on,
        after=business.status_on,
        after_label=_("The date is before the current status began (%(date)s)."),
    )
    if errors:
        raise ValidationError(errors)
    before = snapshot(business)
    step = BusinessStep.CLOSE if status == BusinessStatus.CLOSED else BusinessStep.REOPEN
    event = _event(
        actor=actor,
        business=business,
        step=step,
        occurred_on=occurred_on,
        document_number=document_number,
        note=note,
    )
    business.status, business.status_on = status, occurred_on
    if status == BusinessStatus.OPEN:
        # Reopened: inspected within the interval from reopening.
        business.inspection_due_on = Business.due_after(occurred_on)
    business.save()
    _log(actor=actor, record=business, action=ChangeAction.UPDATE, before=before)
    return event


def _inspection_errors(
    *, business, inspected_on, team, violations, penalty_amount, penalty_measure
) -> dict:
    errors = _past_date_errors(
        "inspected_on",
        inspected_on,
        after=business.registered_on,
        after_label=_("The date is before the business entered the register (%(date)s)."),
    )
    if not (team or "").strip():
        errors["team"] = _("Name the inspection team.")
    unknown = set(violations or ()) - set(ViolationKind.values)
    if unknown:
        errors["violations"] = _("Unknown violation: %(names)s.") % {
            "names": ", ".join(sorted(unknown))
        }
    if penalty_measure not in PenaltyMeasure.values:
        errors["penalty_measure"] = _("Choose the penalty.")
    if penalty_amount is not None:
        if penalty_amount < 0:
            errors["penalty_amount"] = _("The fine cannot be negative.")
        elif penalty_amount > MAX_PENALTY_VND:
            errors["penalty_amount"] = _("The fine is above %(max)s VND: check the amount.") % {
                "max": f"{MAX_PENALTY_VND:,}".replace(",", ".")
            }
    if penalty_measure == PenaltyMeasure.FINE and not penalty_amount:
        errors["penalty_amount"] = _("A fine needs its amount.")
    if penalty_amount and penalty_measure in ("", PenaltyMeasure.WARNING):
        errors.setdefault(
            "penalty_measure", _("An amount was given: choose the fine (or another measure).")
        )
    if penalty_measure and not violations:
        errors.setdefault("violations", _("A penalty needs at least one violation."))
    return errors


@transaction.atomic
def inspection_create(
    *,
    actor,
    business: Business,
    inspected_on: datetime.date | None,
    team: str,
    officers=(),
    findings: str = "",
    violations=(),
    penalty_amount: int | None = None,
    penalty_measure: str = "",
    drug_findings: bool = False,
) -> Inspection:
    """Record an inspection. Drugs found flag the business (an event, once)."""
    _check_write(actor=actor, business=business)
    business = selectors.business_lock(pk=business.pk)
    violations = list(dict.fromkeys(violations or ()))
    penalty_measure = penalty_measure or ""
    errors = _inspection_errors(
        business=business,
        inspected_on=inspected_on,
        team=team,
        violations=violations,
        penalty_amount=penalty_amount,
        penalty_measure=penalty_measure,
    )
    officers = list(officers or ())
    allowed = set(
        selectors.business_officers(user=actor)
        .filter(pk__in=[o.pk for o in officers])
        .values_list("pk", flat=True)
    )
    if any(o.pk not in allowed for o in officers):
        errors["officers"] = _("Choose officers within your jurisdiction.")
    if errors:
        raise ValidationError(errors)
    inspection = Inspection(
        business=business,
        inspected_on=inspected_on,
        team=nfc(team),
        findings=(findings or "").strip(),
        violations=violations,
        penalty_amount=penalty_amount,
        penalty_measure=penalty_measure,
        drug_findings=bool(drug_findings),
        created_by=actor,
    )
    inspection.full_clean()
    inspection.save()
    inspection.officers.set(officers)
    _log(actor=actor, record=inspection, action=ChangeAction.CREATE)
    before = snapshot(business)
    if business.last_inspected_on is None or inspected_on >= business.last_inspected_on:
        business.last_inspected_on = inspected_on
        if business.status == BusinessStatus.OPEN:
            business.inspection_due_on = Business.due_after(inspected_on)
    if drug_findings and not business.flagged:
        business.flagged, business.flagged_on = True, inspected_on
        _event(
            actor=actor,
            business=business,
            step=BusinessStep.FLAG,
            occurred_on=inspected_on,
            note=_("Drugs found at the inspection of %(date)s.") % {"date": _d(inspected_on)},
        )
    business.save()
    _log(actor=actor, record=business, action=ChangeAction.UPDATE, before=before)
    return inspection


@transaction.atomic
def business_link_hotspot(*, actor, business: Business, hotspot, note: str = "") -> BusinessEvent:
    """Link a flagged business to a hotspot the user may see."""
    _check_write(actor=actor, business=business)
    business = selectors.business_lock(pk=business.pk)
    if not business.flagged:
        raise ValidationError(
            {"hotspot": _("Only a business where drugs were found is linked to a hotspot.")}
        )
    if hotspot is None or selectors.hotspot_for_link(user=actor, pk=hotspot.pk) is None:
        raise ValidationError({"hotspot": _("Choose a hotspot within your jurisdiction.")})
    if business.hotspot_id == hotspot.pk:
        raise ValidationError({"hotspot": _("The business is already linked to this hotspot.")})
    before = snapshot(business)
    business.hotspot = hotspot
    business.save()
    event = _event(
        actor=actor,
        business=business,
        step=BusinessStep.LINK_HOTSPOT,
        occurred_on=timezone.localdate(),
        note=note or hotspot.name,
    )
    _log(actor=actor, record=business, action=ChangeAction.UPDATE, before=before)
    return event


@transaction.atomic
def business_link_case(*, actor, business: Business, case, note: str = "") -> BusinessEvent:
    """Link a flagged business to the drug case its findings led to (a case the user may
    see)."""
    _check_write(actor=actor, business=business)
    business = selectors.business_lock(pk=business.pk)
    if not business.flagged:
        raise ValidationError(
            {"case": _("Only a business where drugs were found is linked to a drug case.")}
        )
    if case is None or not case_selectors.case_list(user=actor).filter(pk=case.pk).exists():
        raise ValidationError({"case": _("Choose a drug case within your jurisdiction.")})
    if business.case_id == case.pk:
        raise ValidationError({"case": _("The business is already linked to this drug case.")})
    before = snapshot(business)
    business.case = case
    business.save()
    event = _event(
        actor=actor,
        business=business,
        step=BusinessStep.LINK_CASE,
        occurred_on=timezone.localdate(),
        note=" — ".join(filter(None, [str(case), (note or "").strip()])),
    )
    _log(actor=actor, record=business, action=ChangeAction.UPDATE, before=before)
    return event
