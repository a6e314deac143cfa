"""Writes to users: only administrators, only inside their province, always logged."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .audit import change_log_record, snapshot
from .choices import ChangeAction
from .models import User

USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "role",
    "scope_unit",
    "agency",
    "title",
    "phone",
    "email",
    "is_active",
)
AUDITED = [*USER_FIELDS, "is_staff"]


def _check_admin(actor, account: User) -> None:
    if not actor.is_administrator:
        raise PermissionDenied
    if account.scope_unit_id and not actor.scope_unit.contains(account.scope_unit):
        raise ValidationError({"scope_unit": _("The unit is outside your jurisdiction.")})


@transaction.atomic
def user_create(*, actor, password: str, **fields) -> User:
    account = User(**{k: v for k, v in fields.items() if k in USER_FIELDS})
    _check_admin(actor, account)
    account.full_clean(exclude=["password"])
    validate_password(password, account)
    account.set_password(password)
    account.is_staff = account.role == "admin"
    account.save()
    change_log_record(
        user=actor,
        action=ChangeAction.CREATE,
        record=("user", account.pk),
        after=snapshot(account, AUDITED),
    )
    return account


@transaction.atomic
def user_update(*, actor, account: User, **fields) -> User:
    # A bound ModelForm has already changed the instance it was given: compare with the row.
    account = User.objects.select_for_update().get(pk=account.pk)
    before = snapshot(account, AUDITED)
    _check_admin(actor, account)
    for name, value in fields.items():
        if name not in USER_FIELDS:
            raise TypeError(f"Unknown field {name}")
        setattr(account, name, value)
    if account.pk == actor.pk and not account.is_active:
        raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
    account.is_staff = account.role == "admin"
    account.full_clean(exclude=["password"])
    _check_admin(actor, account)
    account.save()
    action = (
        ChangeAction.DEACTIVATE
        if before["is_active"] and not account.is_active
        else ChangeAction.UPDATE
    )
    change_log_record(
        user=actor,
        action=action,
        record=("user", account.pk),
        before=before,
        after=snapshot(account, AUDITED),
    )
    return account


@transaction.atomic
def user_set_password(*, actor, account: User, password: str) -> None:
    _check_admin(actor, account)
    validate_password(password, account)
    account.set_password(password)
    account.save(update_fields=["password"])
    change_log_record(user=actor, action=ChangeAction.PASSWORD_RESET, record=("user", account.pk))
