"""Who helps each person: assign a supporter, end an assignment. Never deleted nor edited:
an assignment ends with a date and a reason, and a new one is made."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access, RecordType, can
from common.text import fold, nfc

from .. import selectors, selectors_support
from ..choices import SupporterKind, SupporterRole
from ..models import Person, Supporter
from ..validators import normalise_phone, phone_errors


def _check_write(*, actor, person: Person) -> None:
    """Views and the API answer 404 before reaching here: this is the last guard."""
    if not selectors_support.supporter_can(user=actor, access=Access.WRITE):
        raise PermissionError("No write grant on supporters.")
    if not selectors.person_list(user=actor, access=Access.WRITE).filter(pk=person.pk).exists():
        raise PermissionError("The person is outside the actor's jurisdiction.")


def _log(*, actor, supporter: Supporter, action, before=None) -> None:
    change_log_record(
        user=actor,
        action=action,
        record=(Supporter.log_record_type, str(supporter.pk)),
        before=before,
        after=snapshot(supporter),
    )


def _same(a: Supporter, b: Supporter) -> bool:
    """The same supporter in the same role."""
    if a.role != b.role or a.kind != b.kind:
        return False
    if a.kind == SupporterKind.AGENCY:
        return a.agency_id == b.agency_id
    if a.kind == SupporterKind.OFFICER:
        return a.user_id == b.user_id
    return fold(a.name) == fold(b.name)


def _rule_errors(supporter: Supporter, *, person: Person, active: list[Supporter]) -> dict:
    """The service's rules: who may support people of this commune, one leader at a time, the
    same assignment not twice."""
    errors: dict[str, list] = {}
    agency = supporter.agency if supporter.agency_id else None
    if agency is not None and not agency.unit.contains(person.residence_unit):
        errors["agency"] = [
            _("This agency does not work in the person's commune (%(commune)s).")
            % {"commune": person.residence_unit.name}
        ]
    officer = supporter.user if supporter.user_id else None
    if officer is not None and not (
        officer.is_active
        and can(officer, RecordType.PERSON, Access.WRITE)
        and officer.scope_unit_id
        and officer.scope_unit.contains(person.residence_unit)
    ):
        errors["user"] = [_("This officer cannot work with people of this commune.")]
    for other in active:
        if supporter.role == SupporterRole.TEAM_LEADER and other.role == SupporterRole.TEAM_LEADER:
            errors.setdefault("role", []).append(
                _("%(who)s has led the management team since %(date)s: end that assignment first.")
                % {"who": other.who, "date": f"{other.start_on:%d/%m/%Y}"}
            )
        elif _same(supporter, other):
            errors.setdefault("role", []).append(
                _("%(who)s already holds this role since %(date)s.")
                % {"who": other.who, "date": f"{other.start_on:%d/%m/%Y}"}
            )
    return errors


def _validate(supporter: Supporter, errors: dict) -> None:
    """Every reason at once: the service's and the model's."""
    try:
        supporter.full_clean(validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, [])
            errors[field].extend(m for m in messages if m not in errors[field])
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def supporter_assign(
    *,
    actor,
    person: Person,
    kind: str,
    role: str,
    start_on: datetime.date,
    agency=None,
    user=None,
    name: str = "",
    relationship: str = "",
    phone: str = "",
    basis_number: str = "",
    basis_date: datetime.date | None = None,
    note: str = "",
) -> Supporter:
    """Assign an agency, an officer, a family member or another person to support `person` in
    a role, from a date."""
    _check_write(actor=actor, person=person)
    # Locked: two assignments of the same person are checked one after the other.
    person = selectors.person_lock(pk=person.pk)
    supporter = Supporter(
        person=person,
        kind=kind,
        role=role,
        agency=agency,
        user=user,
        name=nfc(name or ""),
        relationship=nfc(relationship or ""),
        phone=normalise_phone(phone) if phone else "",
        start_on=start_on,
        basis_number=nfc(basis_number or ""),
        basis_date=basis_date,
        note=(note or "").strip(),
        created_by=actor,
    )
    errors: dict[str, list] = {}
    if supporter.phone and (problems := phone_errors(supporter.phone)):
        errors["phone"] = list(problems)
    active = selectors_support.supporter_active_for(actor=actor, person=person)
    for field, messages in _rule_errors(supporter, person=person, active=active).items():
        errors.setdefault(field, []).extend(messages)
    _validate(supporter, errors)
    try:
        with transaction.atomic():
            supporter.save()
    except IntegrityError as exc:  # a leader assigned concurrently
        raise ValidationError(
            {"role": _("Another management team leader was just assigned: reload the page.")}
        ) from exc
    _log(actor=actor, supporter=supporter, action=ChangeAction.CREATE)
    return supporter


@transaction.atomic
def supporter_end(
    *, actor, supporter: Supporter, ended_on: datetime.date, end_reason: str
) -> Supporter:
    """End an assignment on a date, with the reason. The row stays: it is the history."""
    _check_write(actor=actor, person=supporter.person)
    supporter = selectors_support.supporter_lock(actor=actor, pk=supporter.pk)
    if supporter.ended_on is not None:
        raise ValidationError(
            {
                "ended_on": _("This assignment already ended on %(date)s.")
                % {"date": f"{supporter.ended_on:%d/%m/%Y}"}
            }
        )
    before = snapshot(supporter)
    supporter.ended_on = ended_on
    supporter.end_reason = (end_reason or "").strip()
    supporter.ended_by = actor
    errors: dict[str, list] = {}
    if ended_on is None:
        errors["ended_on"] = [_("Enter the date the assignment ended.")]
    _validate(supporter, errors)
    supporter.save()
    _log(actor=actor, supporter=supporter, action=ChangeAction.UPDATE, before=before)
    return supporter
