"""The two-step login rule (django-otp, TOTP): who must or should set it up, and what a
session still owes before it may do anything.

A user logs in with the password, then, when they have a confirmed authenticator device, with a
6-digit code; django-otp's ``OTPMiddleware`` marks the session verified (``user.is_verified()``).
Until then the session is limited to the code page (`TwoFactorMiddleware` for pages,
`accounts.authentication` for the API). Users of the roles in ``OTP_REQUIRED_ROLES`` who have no
device are limited to the set-up page until they have one. Anyone may set one up.
"""

import enum

from django.conf import settings

from areas.choices import Level

from .choices import Role
from .selectors import otp_device_exists

# Roles whose work covers the whole province: two-step login is recommended to them (and
# anyone whose jurisdiction is the province), whatever OTP_REQUIRED_ROLES says.
PROVINCIAL_ROLES = frozenset({Role.PROVINCIAL_POLICE, Role.ADMIN})


class Step(enum.StrEnum):
    VERIFY = "verify"  # has a device: must enter a code
    ENROL = "enrol"  # must set up a device first (OTP_REQUIRED_ROLES)


# What a session with a pending step may still open (URL names), besides public pages.
OPEN_DURING = {
    Step.VERIFY: frozenset({"accounts:otp_verify", "accounts:logout"}),
    Step.ENROL: frozenset(
        {
            "accounts:otp_setup",
            "accounts:otp_setup_start",
            "accounts:otp_setup_confirm",
            "accounts:otp_setup_cancel",
            "accounts:logout",
        }
    ),
}


def required_for(user) -> bool:
    return bool(user.role) and user.role in settings.OTP_REQUIRED_ROLES


def recommended_for(user) -> bool:
    if required_for(user) or user.role in PROVINCIAL_ROLES:
        return True
    return bool(user.scope_unit_id) and user.scope_unit.level == Level.PROVINCE


def pending_step_for(user, *, verified: bool) -> Step | None:
    """What `user` still owes: a code (VERIFY), a device (ENROL), or nothing (None)."""
    if not getattr(user, "is_authenticated", False) or verified:
        return None
    if otp_device_exists(user=user):
        return Step.VERIFY
    if required_for(user):
        return Step.ENROL
    return None


def pending_step(request) -> Step | None:
    """The step the request's session owes, computed once per request and user."""
    user = getattr(request, "user", None)
    key = getattr(user, "pk", None)
    cached = getattr(request, "_otp_pending", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    # A user logged in during this request (LoginView) is a plain User, never verified.
    is_verified = getattr(user, "is_verified", None)
    step = pending_step_for(user, verified=bool(is_verified and is_verified()))
    request._otp_pending = (key, step)
    return step


def forget(request) -> None:
    """Drop the cached step after the session's state changed (code entered, device set up)."""
    request.__dict__.pop("_otp_pending", None)
