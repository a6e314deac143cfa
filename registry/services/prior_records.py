"""A person's prior record (tiền án, tiền sự): entries are added, and a wrong one is voided
with a reason; nothing is edited or deleted."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access
from common.text import nfc

from .. import selectors
from ..choices import PriorRecordKind
from ..models import Person, PriorRecord


def _check_write(*, actor, person: Person) -> None:
    """The actor may add to this person's record (a grant with every field, and
    jurisdiction). Views and the API answer 404 before reaching here: this is the last
    guard."""
    if not selectors.prior_record_can(user=actor, access=Access.WRITE):
        raise PermissionError("No write grant on people's prior records.")
    if not selectors.person_list(user=actor, access=Access.WRITE).filter(pk=person.pk).exists():
        raise PermissionError("The person is outside the actor's jurisdiction.")


@transaction.atomic
def prior_record_add(
    *,
    actor,
    person: Person,
    kind: str,
    year: int,
    description: str,
    drug_related: bool = False,
    reference: str = "",
) -> PriorRecord:
    """Add a conviction or an administrative sanction to the person's prior record."""
    person = selectors.person_lock(pk=person.pk)
    _check_write(actor=actor, person=person)
    if kind not in PriorRecordKind.values:
        raise ValidationError({"kind": _("Choose a kind from the list.")})
    record = PriorRecord(
        person=person,
        kind=kind,
        year=year,
        drug_related=bool(drug_related),
        description=(description or "").strip(),
        reference=nfc(reference),
        created_by=actor,
    )
    record.full_clean()
    record.save()
    change_log_record(
        user=actor,
        action=ChangeAction.CREATE,
        record=(record.log_record_type, str(record.pk)),
        after=snapshot(record),
    )
    return record


@transaction.atomic
def prior_record_void(*, actor, record: PriorRecord, reason: str) -> PriorRecord:
    """Mark a wrong entry void, saying why. It stays in the record, struck out."""
    record = selectors.prior_record_lock(pk=record.pk)
    _check_write(actor=actor, person=record.person)
    errors = {}
    if record.is_voided:
        errors["reason"] = _("This entry has already been voided.")
    elif not (reason or "").strip():
        errors["reason"] = _("Say why the entry is wrong.")
    if errors:
        raise ValidationError(errors)
    before = snapshot(record, ["voided_at", "voided_by", "void_reason"])
    record.voided_at = timezone.now()
    record.voided_by = actor
    record.void_reason = reason.strip()
    record.save(update_fields=["voided_at", "voided_by", "void_reason"])
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=(record.log_record_type, str(record.pk)),
        before=before,
        after=snapshot(record, ["voided_at", "voided_by", "void_reason"]),
    )
    return record
