"""Every write of the communes app: keyword-only, one transaction with the change log.
Refusals name the field and the reason."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access
from common.text import nfc

from . import selectors
from .choices import DrugClass
from .models import ClassificationCriteria, CommuneClassification, CommuneYearData, DrugFreeTarget

CRITERIA_FIELDS = (
    "users_share_pct",
    "use_places",
    "arrests_share_pct",
    "planting_m2",
    "planting_plants",
    "type_1_min",
    "type_2_min",
    "source",
)


def _log(*, actor, record, action, before=None) -> None:
    change_log_record(
        user=actor,
        action=action,
        record=(getattr(record, "log_record_type", record._meta.model_name), str(record.pk)),
        before=before,
        after=snapshot(record),
    )


def _check_province(*, actor, commune=None) -> None:
    if not selectors.status_can(user=actor, access=Access.WRITE):
        raise PermissionError(_("Only the province classifies communes."))
    if (
        commune is not None
        and not selectors.commune_list(user=actor, access=Access.WRITE)
        .filter(pk=commune.pk)
        .exists()
    ):
        raise PermissionError(_("The commune is outside your jurisdiction."))


def _year_errors(field: str, year, *, today: datetime.date) -> dict:
    if year is None:
        return {field: _("Enter the year.")}
    if year < 2020 or year > today.year + 1:
        return {field: _("Enter a year from 2020 to %(last)s.") % {"last": today.year + 1}}
    return {}


@transaction.atomic
def criteria_save(*, actor, applies_from: int, **values) -> ClassificationCriteria:
    """The province's thresholds from a year on: a new version, or that year's version
    changed (logged before and after)."""
    _check_province(actor=actor)
    province = selectors.province_of(actor.scope_unit)
    if actor.scope_unit_id != province.pk:
        raise PermissionError(_("Only the province classifies communes."))
    errors = _year_errors("applies_from", applies_from, today=timezone.localdate())
    type_1, type_2 = values.get("type_1_min"), values.get("type_2_min")
    if type_1 is not None and type_2 is not None and type_2 > type_1:
        errors["type_2_min"] = _("Type II cannot need more criteria than type I.")
    if type_1 is not None and type_1 > 5:
        errors["type_1_min"] = _("There are 5 criteria.")
    if errors:
        raise ValidationError(errors)
    criteria = selectors.criteria_get(province=province, year=applies_from)
    before = snapshot(criteria) if criteria else None
    if criteria is None:
        criteria = ClassificationCriteria(province=province, applies_from=applies_from)
    for name in CRITERIA_FIELDS:
        if name in values:
            setattr(criteria, name, values[name])
    criteria.source = nfc(criteria.source or "").strip()
    criteria.updated_by = actor
    criteria.full_clean()
    criteria.save()
    action = ChangeAction.UPDATE if before else ChangeAction.CREATE
    _log(actor=actor, record=criteria, action=action, before=before)
    return criteria


@transaction.atomic
def year_data_save(
    *, actor, commune, year: int, population: int | None, on_drug_route: bool, source: str = ""
) -> CommuneYearData:
    """The commune's population and whether it lies on a drug route, for a year."""
    _check_province(actor=actor, commune=commune)
    errors = _year_errors("year", year, today=timezone.localdate())
    if population is not None and population <= 0:
        errors["population"] = _("The population must be more than 0.")
    if errors:
        raise ValidationError(errors)
    data = selectors.year_data_lock(commune=commune, year=year)
    before = snapshot(data) if data else None
    if data is None:
        data = CommuneYearData(commune=commune, scope_path=commune.path, year=year)
    data.population = population
    data.on_drug_route = bool(on_drug_route)
    data.source = nfc(source or "").strip()
    data.updated_by = actor
    data.full_clean()
    data.save()
    _log(
        actor=actor,
        record=data,
        action=ChangeAction.UPDATE if before else ChangeAction.CREATE,
        before=before,
    )
    return data


@transaction.atomic
def classification_decide(
    *,
    actor,
    commune,
    year: int,
    drug_class: str,
    document_number: str,
    document_date: datetime.date | None,
    deciding_body: str,
    note: str = "",
) -> CommuneClassification:
    """Record the class the province decided for a commune and a year, with the proposal
    as computed now. An earlier decision of the same year stays in the history."""
    _check_province(actor=actor, commune=commune)
    today = timezone.localdate()
    errors = _year_errors("year", year, today=today)
    if drug_class not in DrugClass.values:
        errors["drug_class"] = _("Choose the class.")
    if not (document_number or "").strip():
        errors["document_number"] = _("The decision needs its document number.")
    if document_date is None:
        errors["document_date"] = _("Enter the date of the document.")
    elif document_date > today:
        errors["document_date"] = _("The date cannot be in the future.")
    if not (deciding_body or "").strip():
        errors["deciding_body"] = _("Name the body that decided.")
    if errors:
        raise ValidationError(errors)
    row = selectors.status_row(user=actor, commune=commune, year=year)
    decision = CommuneClassification(
        commune=commune,
        scope_path=commune.path,
        year=year,
        drug_class=drug_class,
        proposed_class=row.proposed,
        proposal=row.proposal.as_json(),
        document_number=nfc(document_number).strip(),
        document_date=document_date,
        deciding_body=nfc(deciding_body).strip(),
        note=(note or "").strip(),
        decided_by=actor,
    )
    decision.full_clean()
    decision.save()
    _log(actor=actor, record=decision, action=ChangeAction.CREATE)
    return decision


@transaction.atomic
def target_register(
    *,
    actor,
    commune,
    target_year: int,
    registered_on: datetime.date | None,
    document_number: str = "",
    note: str = "",
) -> DrugFreeTarget:
    """The commune registers the year it will be drug-free (003 §II.1); a new registration
    supersedes the previous one, which stays in the history."""
    if selectors.target_commune_get(user=actor, pk=commune.pk) is None:  # 404 otherwise
        raise PermissionError(_("The commune is outside your jurisdiction."))
    today = timezone.localdate()
    errors = {}
    if target_year is None:
        errors["target_year"] = _("Enter the year.")
    elif target_year < today.year - 1 or target_year > 2050:
        errors["target_year"] = _("Enter a year from %(first)s to 2050.") % {
            "first": today.year - 1
        }
    if registered_on is None:
        errors["registered_on"] = _("Enter the date.")
    elif registered_on > today:
        errors["registered_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    target = DrugFreeTarget(
        commune=commune,
        scope_path=commune.path,
        target_year=target_year,
        registered_on=registered_on,
        document_number=nfc(document_number or "").strip(),
        note=(note or "").strip(),
        created_by=actor,
    )
    target.full_clean()
    target.save()
    _log(actor=actor, record=target, action=ChangeAction.CREATE)
    return target
