"""Every write of the cases app: keyword-only, in one transaction with the history event and
the change log. Refusals name the field and the reason."""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access
from common.text import fold, nfc
from hotspots.services import _coordinate_errors

from . import selectors
from .choices import (
    ALLOWED_UNITS,
    EVENT_STATUS,
    KIND_FIELDS,
    OUTCOME_REQUIRED,
    REASON_REQUIRED,
    SEIZURE_MAX,
    TRANSITIONS,
    VERIFY_ROUTES,
    CaseKind,
    CaseStage,
    CaseStep,
    DrugType,
    PlantingStep,
    Ring,
    SeizureChangeKind,
    SuspectEventKind,
    SuspectRole,
    SuspectStatus,
    Unit,
)
from .models import (
    CaseEvent,
    DrugCase,
    PlantingEvent,
    PlantingSite,
    Seizure,
    SeizureChange,
    Suspect,
    SuspectEvent,
)

CASE_EDITABLE = (
    "number",
    "commune",
    "route",
    "route_verified",
    "ring",
    "is_model_trial",
    "hotspot",
    "description",
)
SITE_EDITABLE = (
    "commune",
    "location",
    "latitude",
    "longitude",
    "plant",
    "area_m2",
    "plant_count",
    "description",
)


def _d(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def seizure_max() -> dict:
    return {**SEIZURE_MAX, **getattr(settings, "CASES_SEIZURE_MAX", {})}


def _log(*, actor, record, action, before=None) -> None:
    change_log_record(
        user=actor,
        action=action,
        record=(getattr(record, "log_record_type", record._meta.model_name), str(record.pk)),
        before=before,
        after=snapshot(record),
    )


def _clean(instance, errors: dict, exclude=()) -> None:
    try:
        instance.full_clean(exclude=[*exclude, *errors], validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _day_errors(field: str, day, *, not_before=None, before_label: str = "") -> dict:
    if day is None:
        return {field: _("Enter the date.")}
    if day > timezone.localdate():
        return {field: _("The date cannot be in the future.")}
    if not_before is not None and day < not_before:
        return {
            field: _("The date is before %(what)s (%(date)s).")
            % {"what": before_label, "date": _d(not_before)}
        }
    return {}


# ---- cases ------------------------------------------------------------------------------
def _check_write(*, actor, case: DrugCase | None = None) -> None:
    if not selectors.case_can(user=actor, access=Access.WRITE):
        raise PermissionError(_("You may not change drug cases."))
    if case is not None and case.pk and not selectors.case_writable(user=actor, pk=case.pk):
        raise PermissionError(_("The case is outside your jurisdiction."))


def _set_kinds(case: DrugCase, kinds) -> dict:
    unknown = set(kinds or ()) - set(CaseKind.values)
    if unknown:
        return {"kinds": _("Unknown kind: %(names)s.") % {"names": ", ".join(sorted(unknown))}}
    for value, field in KIND_FIELDS.items():
        setattr(case, field, value in (kinds or ()))
    if not kinds:
        return {"kinds": _("Tick at least one kind of offence.")}
    return {}


def _prepare_case(*, actor, case: DrugCase, errors: dict) -> None:
    case.number = nfc(case.number or "").strip()
    case.description = (case.description or "").strip()
    if case.detected_on:
        case.year = case.detected_on.year
    commune = case.commune if case.commune_id else None
    if commune is not None:
        if not selectors.case_communes(user=actor).filter(pk=commune.pk).exists():
            errors["commune"] = _("Choose a current commune within your jurisdiction.")
        case.scope_path = commune.path
    if case.route not in VERIFY_ROUTES:
        case.route_verified = None
    elif case.route_verified is None:
        case.route_verified = False
    if case.hotspot_id and not selectors.case_hotspots(user=actor).filter(pk=case.hotspot_id):
        errors["hotspot"] = _("Choose a hotspot within your jurisdiction.")
    if (
        case.number
        and commune is not None
        and case.detected_on
        and selectors.case_number_taken(
            commune=commune, year=case.year, number=case.number, exclude_pk=case.pk
        )
    ):
        errors["number"] = _(
            "Case number %(number)s is already used in %(commune)s for %(year)s."
        ) % {"number": case.number, "commune": commune.name, "year": case.year}
    unidentified = selectors.case_unidentified_names(case=case) if case.pk else []
    case.search_folded = fold(" ".join([case.number, case.description, *unidentified]))


def _case_event(*, actor, case, step, occurred_on, document_number="", outcome="", reason=""):
    stage = CaseStage.DETECTED if step == CaseStep.DETECT else TRANSITIONS[step][1]
    event = CaseEvent(
        case=case,
        step=step,
        stage_after=stage,
        occurred_on=occurred_on,
        document_number=nfc(document_number or "").strip(),
        outcome=(outcome or "").strip(),
        reason=(reason or "").strip(),
        author=actor,
    )
    event.full_clean()
    event.save()
    _log(actor=actor, record=event, action=ChangeAction.CREATE)
    return event


@transaction.atomic
def case_create(
    *,
    actor,
    number: str,
    commune,
    detected_on: datetime.date | None,
    kinds=(),
    route: str = "",
    route_verified: bool | None = None,
    ring: str = Ring.NONE,
    is_model_trial: bool = False,
    hotspot=None,
    description: str = "",
    document_number: str = "",
) -> DrugCase:
    """Record a case as detected on `detected_on` (its first stage)."""
    _check_write(actor=actor)
    case = DrugCase(
        number=number,
        commune=commune,
        detected_on=detected_on,
        route=route or "",
        route_verified=route_verified,
        ring=ring or Ring.NONE,
        is_model_trial=bool(is_model_trial),
        hotspot=hotspot,
        description=description or "",
        stage=CaseStage.DETECTED,
        stage_on=detected_on,
        year=detected_on.year if detected_on else 0,
        created_by=actor,
    )
    errors = _set_kinds(case, kinds)
    errors.update(_day_errors("detected_on", detected_on))
    _prepare_case(actor=actor, case=case, errors=errors)
    _clean(case, errors, exclude=["stage_on"] if detected_on is None else [])
    case.save()
    _log(actor=actor, record=case, action=ChangeAction.CREATE)
    _case_event(
        actor=actor,
        case=case,
        step=CaseStep.DETECT,
        occurred_on=detected_on,
        document_number=document_number,
    )
    return case


@transaction.atomic
def case_update(*, actor, case: DrugCase, kinds=None, **data) -> DrugCase:
    """Change what is known of a case (never its stage: that takes a step)."""
    _check_write(actor=actor, case=case)
    case = selectors.case_lock(pk=case.pk)
    before = snapshot(case)
    for field, value in data.items():
        if field not in CASE_EDITABLE:
            raise ValidationError({field: _("This field cannot be changed here.")})
        setattr(case, field, value)
    errors = _set_kinds(case, kinds) if kinds is not None else {}
    _prepare_case(actor=actor, case=case, errors=errors)
    _clean(case, errors)
    case.save()
    _log(actor=actor, record=case, action=ChangeAction.UPDATE, before=before)
    return case


def allowed_steps(case: DrugCase) -> list[str]:
    return [step for step, (sources, _after) in TRANSITIONS.items() if case.stage in sources]


@transaction.atomic
def case_transition(
    *,
    actor,
    case: DrugCase,
    step: str,
    occurred_on: datetime.date | None,
    document_number: str = "",
    outcome: str = "",
    reason: str = "",
) -> CaseEvent:
    """Move a case one stage on. Refused, with the field and the reason, when the step does not
    follow the current stage, when its date is before the previous stage (a trial before the
    charge), when a trial gives no outcome or a suspension or transfer no reason."""
    _check_write(actor=actor, case=case)
    case = selectors.case_lock(pk=case.pk)
    if step not in TRANSITIONS:
        raise ValidationError({"step": _("Unknown step.")})
    sources, stage_after = TRANSITIONS[step]
    if case.stage not in sources:
        raise ValidationError(
            {
                "step": _("A case that is “%(stage)s” cannot go through “%(step)s”.")
                % {"stage": case.get_stage_display(), "step": CaseStep(step).label.lower()}
            }
        )
    last = selectors.case_last_event(case=case)
    errors = _day_errors(
        "occurred_on",
        occurred_on,
        not_before=last.occurred_on if last else case.detected_on,
        before_label=(
            _("the %(step)s") % {"step": last.get_step_display().lower()}
            if last
            else _("the detection")
        ),
    )
    if errors and occurred_on and last and occurred_on < last.occurred_on:
        errors["occurred_on"] = _(
            "The %(step)s cannot be dated before the %(previous)s (%(date)s)."
        ) % {
            "step": CaseStep(step).label.lower(),
            "previous": last.get_step_display().lower(),
            "date": _d(last.occurred_on),
        }
    if step in OUTCOME_REQUIRED and not (outcome or "").strip():
        errors["outcome"] = _("Give the outcome of the trial.")
    if step in REASON_REQUIRED and not (reason or "").strip():
        errors["reason"] = _("Give the reason for the suspension or transfer.")
    if errors:
        raise ValidationError(errors)
    before = snapshot(case)
    event = _case_event(
        actor=actor,
        case=case,
        step=step,
        occurred_on=occurred_on,
        document_number=document_number,
        outcome=outcome,
        reason=reason,
    )
    case.stage, case.stage_on = stage_after, occurred_on
    if step == CaseStep.CHARGE:
        case.charged_on = occurred_on
    case.save()
    _log(actor=actor, record=case, action=ChangeAction.UPDATE, before=before)
    return event


# ---- suspects ---------------------------------------------------------------------------
@transaction.atomic
def suspect_add(
    *,
    actor,
    case: DrugCase,
    role: str,
    person=None,
    full_name: str = "",
    description: str = "",
    is_ring_leader: bool = False,
) -> Suspect:
    """A registry person the user may see, or an unidentified name and description."""
    _check_write(actor=actor, case=case)
    case = selectors.case_lock(pk=case.pk)
    full_name, description = nfc(full_name or "").strip(), nfc(description or "").strip()
    errors: dict = {}
    if person is not None:
        if selectors.person_for_link(user=actor, pk=person.pk) is None:
            errors["person"] = _("Choose a person within your jurisdiction.")
        elif selectors.case_suspects(case=case).filter(person=person).exists():
            errors["person"] = _("This person is already a suspect of the case.")
        else:
            full_name = person.full_name
    elif not full_name and not description:
        errors["person"] = _("Choose a person from the registry or give a name or description.")
    if role not in SuspectRole.values:
        errors["role"] = _("Choose the role.")
    if is_ring_leader:
        if case.ring == Ring.NONE:
            errors["is_ring_leader"] = _("Only a case of a ring has a ring leader.")
        elif selectors.case_suspects(case=case).filter(is_ring_leader=True).exists():
            errors["is_ring_leader"] = _("The case already has a ring leader.")
    if errors:
        raise ValidationError(errors)
    suspect = Suspect(
        case=case,
        person=person,
        full_name=full_name,
        description=description,
        role=role,
        is_ring_leader=bool(is_ring_leader),
        created_by=actor,
    )
    suspect.full_clean()
    suspect.save()
    _log(actor=actor, record=suspect, action=ChangeAction.CREATE)
    if person is None:
        # Unidentified suspects are found by the case search.
        case.search_folded = fold(" ".join([case.search_folded, full_name, description]))
        case.save(update_fields=["search_folded", "updated_at"])
    return suspect


def _wanted_count(case: DrugCase) -> int:
    return selectors.case_suspects(case=case).filter(status=SuspectStatus.WANTED).count()


@transaction.atomic
def suspect_record_event(
    *,
    actor,
    suspect: Suspect,
    kind: str,
    occurred_on: datetime.date | None,
    document_number: str = "",
    note: str = "",
) -> SuspectEvent:
    """Arrest, wanted notice or surrender. A wanted notice needs its number; an arrest or a
    surrender is not dated before the wanted notice; an arrested person is not declared
    wanted, nor arrested again."""
    case = suspect.case
    _check_write(actor=actor, case=case)
    suspect = selectors.suspect_lock(pk=suspect.pk)
    errors: dict = {}
    if kind not in SuspectEventKind.values:
        raise ValidationError({"kind": _("Choose the event.")})
    held = (SuspectStatus.ARRESTED, SuspectStatus.SURRENDERED)
    if kind == SuspectEventKind.WANTED and suspect.status in held:
        errors["kind"] = _("An arrested or surrendered suspect cannot be declared wanted.")
    elif kind != SuspectEventKind.WANTED and suspect.status in held:
        errors["kind"] = _("This suspect is already arrested or surrendered.")
    if kind == SuspectEventKind.WANTED and not (document_number or "").strip():
        errors["document_number"] = _("A wanted notice needs the number of the decision.")
    last = selectors.suspect_last_event(suspect=suspect)
    errors.update(
        _day_errors(
            "occurred_on",
            occurred_on,
            not_before=last.occurred_on if last else case.detected_on,
            before_label=last.get_kind_display().lower() if last else _("the detection"),
        )
    )
    if errors:
        raise ValidationError(errors)
    event = SuspectEvent(
        suspect=suspect,
        kind=kind,
        occurred_on=occurred_on,
        document_number=nfc(document_number or "").strip(),
        note=(note or "").strip(),
        author=actor,
    )
    event.full_clean()
    event.save()
    _log(actor=actor, record=event, action=ChangeAction.CREATE)
    before = snapshot(suspect)
    suspect.status, suspect.status_on = EVENT_STATUS[kind], occurred_on
    suspect.save(update_fields=["status", "status_on"])
    _log(actor=actor, record=suspect, action=ChangeAction.UPDATE, before=before)
    case = selectors.case_lock(pk=case.pk)
    case.wanted_count = _wanted_count(case)
    case.save(update_fields=["wanted_count", "updated_at"])
    return event


# ---- seizures ---------------------------------------------------------------------------
def _quantity_errors(drug_type, quantity, unit) -> dict:
    errors: dict = {}
    if drug_type not in DrugType.values:
        errors["drug_type"] = _("Choose the drug type.")
    if unit not in Unit.values:
        errors["unit"] = _("Choose the unit.")
    elif drug_type in ALLOWED_UNITS and unit not in ALLOWED_UNITS[drug_type]:
        labels = dict(Unit.choices)
        errors["unit"] = _("%(drug)s is counted in %(units)s, not in %(unit)s.") % {
            "drug": DrugType(drug_type).label,
            "units": ", ".join(str(labels[u]) for u in ALLOWED_UNITS[drug_type]),
            "unit": labels[unit],
        }
    try:
        value = Decimal(str(quantity)) if quantity is not None else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        errors["quantity"] = _("Enter the quantity as a number.")
    elif value <= 0:
        errors["quantity"] = _("The quantity must be more than zero.")
    elif unit in Unit.values and value > seizure_max()[unit]:
        errors["quantity"] = _(
            "%(value)s %(unit)s is more than the plausible maximum of %(max)s %(unit)s for one "
            "seizure; check the quantity and the unit."
        ) % {"value": f"{value:g}", "unit": Unit(unit).label, "max": f"{seizure_max()[unit]:,}"}
    return errors


@transaction.atomic
def seizure_add(
    *,
    actor,
    case: DrugCase,
    drug_type: str,
    quantity,
    unit: str,
    seized_on: datetime.date | None = None,
    note: str = "",
) -> Seizure:
    _check_write(actor=actor, case=case)
    seized_on = seized_on or case.detected_on
    errors = _seizure_errors(
        case=case, drug_type=drug_type, quantity=quantity, unit=unit, seized_on=seized_on
    )
    if errors:
        raise ValidationError(errors)
    seizure = Seizure(
        case=case,
        drug_type=drug_type,
        quantity=Decimal(str(quantity)),
        unit=unit,
        seized_on=seized_on,
        note=nfc(note or "").strip(),
        created_by=actor,
    )
    seizure.full_clean()
    seizure.save()
    _log(actor=actor, record=seizure, action=ChangeAction.CREATE)
    return seizure


def _seizure_errors(*, case: DrugCase, drug_type, quantity, unit, seized_on) -> dict:
    errors = _quantity_errors(drug_type, quantity, unit)
    errors.update(
        _day_errors(
            "seized_on", seized_on, not_before=case.detected_on, before_label=_("the detection")
        )
    )
    return errors


def _seizure_change(*, actor, seizure, kind, before, after, reason) -> SeizureChange:
    change = SeizureChange(
        seizure=seizure, kind=kind, before=before, after=after, reason=reason, author=actor
    )
    change.full_clean()
    change.save()
    _log(actor=actor, record=change, action=ChangeAction.CREATE)
    return change


def _open_seizure(*, actor, seizure: Seizure) -> Seizure:
    _check_write(actor=actor, case=seizure.case)
    seizure = selectors.seizure_lock(pk=seizure.pk)
    if seizure.is_removed:
        raise ValidationError({"reason": _("This seizure has already been withdrawn.")})
    return seizure


@transaction.atomic
def seizure_correct(
    *,
    actor,
    seizure: Seizure,
    drug_type: str,
    quantity,
    unit: str,
    seized_on: datetime.date | None,
    note: str = "",
    reason: str,
) -> SeizureChange:
    """Correct a wrong figure (500 g typed for 50 g): the same checks as a new seizure, and the
    reason. The seizure takes the new values; the correction keeps the old ones, the new ones,
    the reason, who and when. Refused when nothing would change."""
    seizure = _open_seizure(actor=actor, seizure=seizure)
    case = seizure.case
    errors = _seizure_errors(
        case=case, drug_type=drug_type, quantity=quantity, unit=unit, seized_on=seized_on
    )
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Say why the seizure is corrected.")
    if errors:
        raise ValidationError(errors)
    before_row = snapshot(seizure)
    before = SeizureChange.figures_of(seizure)
    seizure.drug_type = drug_type
    seizure.quantity = Decimal(str(quantity))
    seizure.unit = unit
    seizure.seized_on = seized_on
    seizure.note = nfc(note or "").strip()
    after = SeizureChange.figures_of(seizure)
    if after == before:
        raise ValidationError(
            {"quantity": _("Nothing has changed: change a figure, or cancel the correction.")}
        )
    seizure.full_clean()
    seizure.save()
    _log(actor=actor, record=seizure, action=ChangeAction.UPDATE, before=before_row)
    return _seizure_change(
        actor=actor,
        seizure=seizure,
        kind=SeizureChangeKind.CORRECTED,
        before=before,
        after=after,
        reason=reason,
    )


@transaction.atomic
def seizure_remove(*, actor, seizure: Seizure, reason: str) -> SeizureChange:
    """Withdraw a seizure entered by mistake (twice, or in the wrong case), saying why. It stays
    on the case, struck out with the reason, and no total, figure, report or list counts it."""
    seizure = _open_seizure(actor=actor, seizure=seizure)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the seizure is withdrawn.")})
    before_row = snapshot(seizure)
    seizure.removed_at = timezone.now()
    seizure.removed_by = actor
    seizure.removed_reason = reason
    seizure.save(update_fields=["removed_at", "removed_by", "removed_reason"])
    _log(actor=actor, record=seizure, action=ChangeAction.UPDATE, before=before_row)
    return _seizure_change(
        actor=actor,
        seizure=seizure,
        kind=SeizureChangeKind.REMOVED,
        before=SeizureChange.figures_of(seizure),
        after={},
        reason=reason,
    )


# ---- planting sites ---------------------------------------------------------------------
def _check_site_write(*, actor, site: PlantingSite | None = None) -> None:
    if not selectors.planting_can(user=actor, access=Access.WRITE):
        raise PermissionError(_("You may not change planting sites."))
    if (
        site is not None
        and site.pk
        and not selectors.planting_list(user=actor, access=Access.WRITE).filter(pk=site.pk)
    ):
        raise PermissionError(_("The site is outside your jurisdiction."))


def _size_errors(area_m2, plant_count, *, required: bool) -> dict:
    errors: dict = {}
    limits = seizure_max()
    if area_m2 is not None:
        if area_m2 <= 0:
            errors["area_m2"] = _("The area must be more than zero.")
        elif area_m2 > limits[Unit.M2]:
            errors["area_m2"] = _("The area is more than %(max)s m²; check it.") % {
                "max": f"{limits[Unit.M2]:,}"
            }
    if plant_count is not None:
        if plant_count <= 0:
            errors["plant_count"] = _("The number of plants must be more than zero.")
        elif plant_count > limits[Unit.PLANTS]:
            errors["plant_count"] = _("The number of plants is more than %(max)s; check it.") % {
                "max": f"{limits[Unit.PLANTS]:,}"
            }
    if required and area_m2 is None and plant_count is None and not errors:
        errors["area_m2"] = _("Give the area or the number of plants.")
    return errors


def _prepare_site(*, actor, site: PlantingSite, errors: dict) -> None:
    site.location = nfc(site.location or "").strip()
    site.plant = nfc(site.plant or "").strip()
    site.description = (site.description or "").strip()
    commune = site.commune if site.commune_id else None
    if commune is not None:
        if not selectors.case_communes(user=actor).filter(pk=commune.pk).exists():
            errors["commune"] = _("Choose a current commune within your jurisdiction.")
        site.scope_path = commune.path
    errors.update({k: v for k, v in _coordinate_errors(site).items() if k not in errors})
    errors.update(_size_errors(site.area_m2, site.plant_count, required=True))
    site.search_folded = fold(" ".join([site.location, site.plant, site.description]))


def _site_event(*, actor, site, step, occurred_on, area_m2=None, plant_count=None, note=""):
    event = PlantingEvent(
        site=site,
        step=step,
        occurred_on=occurred_on,
        area_m2=area_m2,
        plant_count=plant_count,
        note=(note or "").strip(),
        author=actor,
    )
    event.full_clean()
    event.save()
    _log(actor=actor, record=event, action=ChangeAction.CREATE)
    return event


@transaction.atomic
def planting_create(
    *,
    actor,
    commune,
    location: str,
    found_on: datetime.date | None,
    area_m2=None,
    plant_count=None,
    plant: str = "",
    latitude=None,
    longitude=None,
    description: str = "",
) -> PlantingSite:
    _check_site_write(actor=actor)
    site = PlantingSite(
        commune=commune,
        location=location,
        found_on=found_on,
        area_m2=area_m2,
        plant_count=plant_count,
        plant=plant or "",
        latitude=latitude,
        longitude=longitude,
        description=description or "",
        created_by=actor,
    )
    errors = _day_errors("found_on", found_on)
    _prepare_site(actor=actor, site=site, errors=errors)
    _clean(site, errors)
    site.save()
    _log(actor=actor, record=site, action=ChangeAction.CREATE)
    _site_event(
        actor=actor,
        site=site,
        step=PlantingStep.FOUND,
        occurred_on=found_on,
        area_m2=area_m2,
        plant_count=plant_count,
    )
    return site


@transaction.atomic
def planting_update(*, actor, site: PlantingSite, **data) -> PlantingSite:
    _check_site_write(actor=actor, site=site)
    site = selectors.planting_lock(pk=site.pk)
    before = snapshot(site)
    for field, value in data.items():
        if field not in SITE_EDITABLE:
            raise ValidationError({field: _("This field cannot be changed here.")})
        setattr(site, field, value)
    errors: dict = {}
    _prepare_site(actor=actor, site=site, errors=errors)
    _clean(site, errors)
    site.save()
    _log(actor=actor, record=site, action=ChangeAction.UPDATE, before=before)
    return site


def planting_allowed_steps(site: PlantingSite) -> list[str]:
    return [PlantingStep.REPLANTED] if site.destroyed_on else [PlantingStep.DESTROYED]


@transaction.atomic
def planting_step(
    *,
    actor,
    site: PlantingSite,
    step: str,
    occurred_on: datetime.date | None,
    area_m2=None,
    plant_count=None,
    note: str = "",
) -> PlantingEvent:
    """Destroy the plants of a site, or record that it was re-planted (counted) after."""
    _check_site_write(actor=actor, site=site)
    site = selectors.planting_lock(pk=site.pk)
    if step not in planting_allowed_steps(site):
        raise ValidationError(
            {
                "step": _("A site that is destroyed can only be re-planted.")
                if site.destroyed_on
                else _("A site must be destroyed before it can be re-planted.")
            }
        )
    last = selectors.planting_last_event(site=site)
    errors = _day_errors(
        "occurred_on",
        occurred_on,
        not_before=last.occurred_on if last else site.found_on,
        before_label=last.get_step_display().lower() if last else _("the finding"),
    )
    errors.update(_size_errors(area_m2, plant_count, required=step == PlantingStep.REPLANTED))
    if errors:
        raise ValidationError(errors)
    before = snapshot(site)
    event = _site_event(
        actor=actor,
        site=site,
        step=step,
        occurred_on=occurred_on,
        area_m2=area_m2,
        plant_count=plant_count,
        note=note,
    )
    if step == PlantingStep.DESTROYED:
        site.destroyed_on = occurred_on
        event.area_m2 = area_m2 if area_m2 is not None else site.area_m2
        event.plant_count = plant_count if plant_count is not None else site.plant_count
        event.save(update_fields=["area_m2", "plant_count"])
    else:
        site.destroyed_on = None
        site.replanted_count += 1
        site.area_m2 = area_m2 if area_m2 is not None else site.area_m2
        site.plant_count = plant_count if plant_count is not None else site.plant_count
    site.save()
    _log(actor=actor, record=site, action=ChangeAction.UPDATE, before=before)
    return event
