"""Writes to users: only administrators, only inside their province, always logged.
Users set up and remove their own second factor (two-step login); administrators reset it."""

import math

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from .audit import change_log_record, snapshot
from .choices import ChangeAction
from .models import User
from .selectors import otp_device_exists, otp_device_get

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


# Two-step login: one authenticator (TOTP) device per user, from django-otp.
#
# A wrong code is counted on the device (django-otp's throttling: after n wrong codes in a row
# the next try waits 2^(n-1) seconds) and that count must survive the refusal. So
# `otp_code_check` commits its count in its own block before it raises, and the services that
# call it are not wrapped in one transaction: views show the refusal on the form instead of
# letting it roll the request back.


def _wait_message(locked_until) -> str:
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    return ngettext(
        "Too many wrong codes: wait %(seconds)d second before the next try.",
        "Too many wrong codes: wait %(seconds)d seconds before the next try.",
        seconds,
    ) % {"seconds": seconds}


def _refusal(device: TOTPDevice) -> str | None:
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    if info and info.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
        return _wait_message(info["locked_until"])
    return _("Codes are not accepted for this account at the moment.")


def otp_code_check(*, device: TOTPDevice, token: str) -> TOTPDevice:
    """Check a 6-digit code against `device` (django-otp's TOTP verification: a code is
    accepted once, within a step of the current one). Raises ValidationError on `otp_token`
    when the code is wrong or the device is throttled; the count of wrong codes is kept."""
    error = None
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        error = _refusal(device)
        if error is None and not device.verify_token(token):
            error = _("Wrong code: enter the code that your authenticator app shows now.")
            wait = _refusal(device)
            if wait:
                error = f"{error} {wait}"
    if error:
        raise ValidationError({"otp_token": error}, code="invalid")
    return device


@transaction.atomic
def otp_setup_start(*, actor: User) -> TOTPDevice:
    """A new, unconfirmed device with a fresh secret, replacing any earlier unfinished set-up."""
    if otp_device_exists(user=actor):
        raise ValidationError(
            _("You already have an authenticator app. Remove it before setting up another.")
        )
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    return TOTPDevice.objects.create(user=actor, name=_("Authenticator app"), confirmed=False)


def otp_setup_confirm(*, actor: User, token: str, name: str = "") -> TOTPDevice:
    """Confirm the device being set up with a first code. API tokens issued before (with the
    password alone) are revoked; the session that confirmed counts as verified (the view)."""
    device = otp_device_get(user=actor, confirmed=False)
    if device is None:
        raise ValidationError(_("No set-up is waiting for a code: start again."))
    device = otp_code_check(device=device, token=token)
    with transaction.atomic():
        device.confirmed = True
        if name:
            device.name = name
        device.full_clean()
        device.save()
        TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
        Token.objects.filter(user=actor).delete()
        change_log_record(
            user=actor,
            action=ChangeAction.OTP_ENABLE,
            record=("user", actor.pk),
            after={"otp_device": device.name},
        )
    return device


@transaction.atomic
def otp_setup_cancel(*, actor: User) -> None:
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()


def otp_device_remove(*, actor: User, token: str) -> None:
    """The user removes their own device, proving with a current code that they hold it."""
    device = otp_device_get(user=actor)
    if device is None:
        raise ValidationError(_("You have no authenticator app set up."))
    device = otp_code_check(device=device, token=token)
    with transaction.atomic():
        device.delete()
        change_log_record(
            user=actor,
            action=ChangeAction.OTP_REMOVE,
            record=("user", actor.pk),
            before={"otp_device": device.name},
        )


@transaction.atomic
def otp_device_reset(*, actor: User, account: User) -> None:
    """An administrator removes a user's second factor (a lost phone): the user logs in with
    the password alone, or is asked to set up a new device when their role requires one. The
    user's API tokens are revoked too."""
    _check_admin(actor, account)
    devices = TOTPDevice.objects.select_for_update().filter(user=account)
    names = [device.name for device in devices if device.confirmed]
    if not names:
        raise ValidationError(_("This user has no two-step login to reset."))
    devices.delete()
    Token.objects.filter(user=account).delete()
    change_log_record(
        user=actor,
        action=ChangeAction.OTP_RESET,
        record=("user", account.pk),
        before={"otp_device": names[0]},
    )
