"""Every write of the rehab app: keyword-only, atomic, validated, with the change log."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import AgencyKind, ChangeAction
from common.text import fold, nfc

from . import selectors
from .choices import KIND_LIST, KIND_MEASURES, FacilityKind, FacilityList
from .models import Facility, FacilityListPublication

FACILITY_FIELDS = (
    "kind",
    "name",
    "unit",
    "address",
    "licence_number",
    "licence_date",
    "capacity",
    "measures",
    "phone",
    "agency",
    "is_active",
)


def _check_manage(*, actor, kind: str, unit) -> None:
    """Last guard (views answer 404 first): the actor keeps this list and the unit is theirs."""
    facility_list = KIND_LIST.get(kind)
    if facility_list and not selectors.facility_can_manage(user=actor, facility_list=facility_list):
        raise PermissionError(_("You may not keep this list of facilities."))
    if unit is not None and not actor.scope_unit.contains(unit):
        raise ValidationError({"unit": _("Choose a unit within your jurisdiction.")})


def _validate(facility: Facility) -> None:
    errors: dict = {}
    if facility.kind not in FacilityKind.values:
        errors["kind"] = _("Choose a kind of facility from the list.")
    else:
        allowed = KIND_MEASURES[facility.kind]
        measures = list(dict.fromkeys(facility.measures or []))
        wrong = [m for m in measures if m not in allowed]
        if wrong:
            errors["measures"] = _("A facility of this kind cannot perform: %(measures)s.") % {
                "measures": ", ".join(wrong)
            }
        elif not measures:
            errors["measures"] = _("Choose at least one measure the facility may perform.")
        facility.measures = measures
    if facility.licence_date and facility.licence_date > timezone.localdate():
        errors["licence_date"] = _("The licence date cannot be in the future.")
    if facility.agency_id:
        agency = facility.agency
        same_province = agency.unit.path.split(".")[0] == facility.unit.path.split(".")[0]
        if agency.kind != AgencyKind.REHAB_FACILITY or not same_province:
            errors["agency"] = _("Choose a rehab facility agency of the facility's province.")
    try:
        facility.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def facility_create(
    *,
    actor,
    kind: str,
    name: str,
    unit,
    measures: list[str] | None = None,
    address: str = "",
    licence_number: str = "",
    licence_date: datetime.date | None = None,
    capacity: int | None = None,
    phone: str = "",
    agency=None,
    is_active: bool = True,
) -> Facility:
    _check_manage(actor=actor, kind=kind, unit=unit)
    name = nfc((name or "").strip())
    facility = Facility(
        kind=kind,
        name=name,
        name_folded=fold(name),
        unit=unit,
        address=nfc((address or "").strip()),
        licence_number=(licence_number or "").strip(),
        licence_date=licence_date,
        capacity=capacity,
        measures=list(measures or []),
        phone=(phone or "").strip(),
        agency=agency,
        is_active=is_active,
        created_by=actor,
    )
    _validate(facility)
    facility.save()
    change_log_record(
        user=actor, action=ChangeAction.CREATE, record=facility, after=snapshot(facility)
    )
    return facility


@transaction.atomic
def facility_update(*, actor, facility: Facility, **data) -> Facility:
    """Change a facility's particulars. Its kind may change only within the same list."""
    facility = Facility.objects.select_for_update().get(pk=facility.pk)
    _check_manage(actor=actor, kind=facility.kind, unit=facility.unit)
    unknown = set(data) - set(FACILITY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    if "kind" in data and KIND_LIST.get(data["kind"]) != facility.facility_list:
        raise ValidationError(
            {"kind": _("A facility cannot move to another list: add it to that list instead.")}
        )
    if "unit" in data:
        _check_manage(actor=actor, kind=facility.kind, unit=data["unit"])
    before = snapshot(facility)
    for field, value in data.items():
        if isinstance(value, str):
            value = nfc(value.strip())
        setattr(facility, field, value)
    facility.name_folded = fold(facility.name)
    _validate(facility)
    facility.save()
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=facility,
        before=before,
        after=snapshot(facility),
    )
    return facility


def _entry(facility: Facility) -> dict:
    return {
        "id": facility.pk,
        "name": facility.name,
        "kind": facility.kind,
        "unit": facility.unit.name,
        "address": facility.address,
        "licence_number": facility.licence_number,
        "licence_date": facility.licence_date.strftime("%d/%m/%Y") if facility.licence_date else "",
        "capacity": facility.capacity,
        "measures": list(facility.measures),
        "phone": facility.phone,
    }


@transaction.atomic
def facility_list_publish(
    *,
    actor,
    facility_list: str,
    number: str,
    published_on: datetime.date | None,
    publisher: str = "",
) -> FacilityListPublication:
    """Publish a list as it stands: its active facilities in the actor's province are frozen
    into the publication, which the public page and PDF show from its date."""
    if facility_list not in FacilityList.values:
        raise ValidationError({"facility_list": _("Choose a list.")})
    if not selectors.facility_can_manage(user=actor, facility_list=facility_list):
        raise PermissionError(_("You may not publish this list."))
    errors = {}
    if not (number or "").strip():
        errors["number"] = _("Enter the number of the decision or notice that publishes it.")
    if published_on is None:
        errors["published_on"] = _("Enter the date of publication.")
    elif published_on > timezone.localdate():
        errors["published_on"] = _("The date of publication cannot be in the future.")
    province = actor.scope_unit
    while province.parent_id and province.path.count("."):
        province = province.parent
    facilities = list(
        selectors.facility_published_candidates(
            province_path_=province.path, facility_list_=facility_list
        )
    )
    if not facilities and not errors:
        errors["facility_list"] = _("This list has no active facility to publish.")
    if errors:
        raise ValidationError(errors)
    publication = FacilityListPublication(
        facility_list=facility_list,
        province=province,
        number=nfc(number.strip()),
        published_on=published_on,
        publisher=nfc((publisher or "").strip())
        or (actor.agency.name if actor.agency_id else province.name),
        entries=[_entry(f) for f in facilities],
        created_by=actor,
    )
    publication.full_clean()
    publication.save()
    change_log_record(
        user=actor,
        action=ChangeAction.CREATE,
        record=publication,
        after=snapshot(publication, ["facility_list", "number", "published_on", "publisher"]),
    )
    return publication
