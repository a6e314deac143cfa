"""Addiction determinations (Circular 18/2021/TT-BYT): the result is computed from the
criteria, a submitted result that contradicts them is refused, the physician's certificate must
be valid on the date; "addicted" moves the person to that category with the determination as
legal basis and closes the "determination required" due work."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access
from common.text import nfc
from registry import selectors as registry_selectors
from registry.choices import Category, TaskKind
from registry.models import law_on, period_end_date
from registry.services.events import category_on, person_change_category
from registry.services.work import task_close_rule

from . import selectors
from .choices import CRITERIA, DeterminationResult, FacilityMeasure
from .models import AddictionDetermination

MIN_CRITERIA = 3


def determination_result(
    *,
    criteria_met: int,
    observed_from: datetime.date | None,
    observed_to: datetime.date | None,
    recurred_within_12_months: bool,
) -> str:
    """Addicted when at least 3 of the 6 criteria held together for at least one month, or
    recurred within 12 months (Circular 18/2021/TT-BYT, Art. 3)."""
    if criteria_met < MIN_CRITERIA:
        return DeterminationResult.NOT_ADDICTED
    held_a_month = bool(
        observed_from and observed_to and observed_to >= period_end_date(observed_from, 1)
    )
    if held_a_month or recurred_within_12_months:
        return DeterminationResult.ADDICTED
    return DeterminationResult.NOT_ADDICTED


def _result_reason(result: str, criteria_met: int) -> str:
    if result == DeterminationResult.ADDICTED:
        return _(
            "%(n)s criteria are met and held for a month or recurred: the result is “addicted”."
        ) % {"n": criteria_met}
    if criteria_met < MIN_CRITERIA:
        return _(
            "Only %(n)s of the 6 criteria are met (at least 3 are needed): the result is "
            "“not addicted”."
        ) % {"n": criteria_met}
    return _(
        "The criteria were observed for less than a month and did not recur within 12 "
        "months: the result is “not addicted”."
    )


def _apply_addicted(*, actor, determination: AddictionDetermination) -> None:
    """The person becomes "addicted" from the date, on the determination, through the
    registry's category service on its rule path (Health does not write the person: the
    determination is the authority): the category event with its legal basis, the category on
    the row, the change log, and the closing of the "determination required" due work."""
    person = registry_selectors.person_lock(pk=determination.person_id)
    day = determination.determined_on
    if category_on(person=person, day=day) == Category.ADDICTED:
        return
    body = determination.facility.name
    person_change_category(
        actor=actor,
        person=person,
        category=Category.ADDICTED,
        occurred_on=day,
        basis_number=determination.number,
        basis_date=day,
        basis_body=body[:200],
        law=law_on(day),
        note=_("Addiction determination: %(n)s criteria met, degree %(degree)s.")
        % {"n": determination.criteria_met, "degree": determination.get_degree_display()},
        by_rule=True,
    )
    task_close_rule(
        person=person,
        kind=TaskKind.DETERMINATION_REQUIRED,
        result=_("Addiction established from %(date)s: %(number)s, %(body)s")
        % {"date": f"{day:%d/%m/%Y}", "number": determination.number, "body": body},
        actor=actor,
    )


@transaction.atomic
def determination_record(
    *,
    actor,
    person,
    facility,
    number: str,
    determined_on: datetime.date | None,
    physician_name: str,
    physician_certificate: str,
    certificate_valid_from: datetime.date | None,
    certificate_valid_to: datetime.date | None = None,
    observed_from: datetime.date | None,
    observed_to: datetime.date | None,
    recurred_within_12_months: bool = False,
    degree: str = "",
    result: str = "",
    note: str = "",
    **criteria: bool,
) -> AddictionDetermination:
    """Record a determination. `result` may be given (as on the paper slip): refused when it
    contradicts the criteria. The six criteria are keyword booleans (craving, …, harm)."""
    if not selectors.determination_can(user=actor, access=Access.WRITE):
        raise PermissionError(_("You may not record addiction determinations."))
    unknown = set(criteria) - {field for field, _label in CRITERIA}
    if unknown:
        raise TypeError(f"Unknown criteria: {sorted(unknown)}")
    if (
        person is None
        or not registry_selectors.person_list(user=actor).filter(pk=person.pk).exists()
    ):
        raise ValidationError({"person": _("Choose a person you can see.")})
    errors: dict = {}
    today = timezone.localdate()
    if facility is None or not selectors.facility_list(user=actor).filter(pk=facility.pk).exists():
        errors["facility"] = _("Choose a facility of your province.")
    elif not facility.performs(FacilityMeasure.DETERMINATION):
        errors["facility"] = _("This facility is not an active addiction-determination facility.")
    if determined_on is None:
        errors["determined_on"] = _("Enter the date of determination.")
    elif determined_on > today:
        errors["determined_on"] = _("The date of determination cannot be in the future.")
    first_test = selectors.person_first_test_on(person=person) if determined_on else None
    if first_test and determined_on and determined_on < first_test and not errors:
        errors["determined_on"] = _(
            "The determination cannot be dated before the person's first drug test (%(date)s)."
        ) % {"date": f"{first_test:%d/%m/%Y}"}
    if determined_on and certificate_valid_from:
        if determined_on < certificate_valid_from or (
            certificate_valid_to and determined_on > certificate_valid_to
        ):
            errors["physician_certificate"] = _(
                "The physician's practising certificate is not valid on %(date)s."
            ) % {"date": f"{determined_on:%d/%m/%Y}"}
    if certificate_valid_from and certificate_valid_to:
        if certificate_valid_to < certificate_valid_from:
            errors["certificate_valid_to"] = _("The certificate cannot end before it starts.")
    if observed_from and observed_to and observed_to < observed_from:
        errors["observed_to"] = _("The observed period cannot end before it starts.")
    elif observed_to and determined_on and observed_to > determined_on:
        errors["observed_to"] = _("The observed period cannot end after the determination.")
    flags = {field: bool(criteria.get(field, False)) for field, _label in CRITERIA}
    criteria_met = sum(flags.values())
    computed = determination_result(
        criteria_met=criteria_met,
        observed_from=observed_from,
        observed_to=observed_to,
        recurred_within_12_months=recurred_within_12_months,
    )
    if result and result != computed:
        errors["result"] = _("This result contradicts the criteria. %(reason)s") % {
            "reason": _result_reason(computed, criteria_met)
        }
    if computed == DeterminationResult.ADDICTED and not degree:
        errors["degree"] = _("Give the degree of addiction.")
    determination = AddictionDetermination(
        person=person,
        facility=facility,
        number=nfc((number or "").strip()),
        determined_on=determined_on,
        physician_name=nfc((physician_name or "").strip()),
        physician_certificate=(physician_certificate or "").strip(),
        certificate_valid_from=certificate_valid_from,
        certificate_valid_to=certificate_valid_to,
        observed_from=observed_from,
        observed_to=observed_to,
        recurred_within_12_months=bool(recurred_within_12_months),
        result=computed,
        degree=degree or "",
        note=(note or "").strip(),
        created_by=actor,
        **flags,
    )
    try:
        determination.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)
    determination.save()
    change_log_record(
        user=actor,
        action=ChangeAction.CREATE,
        record=determination,
        after=snapshot(determination),
    )
    if computed == DeterminationResult.ADDICTED:
        _apply_addicted(actor=actor, determination=determination)
    return determination
