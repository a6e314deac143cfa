"""Reads of users and logs, cut to the reader's jurisdiction."""

from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from .choices import Role
from .models import AccessLog, Agency, ChangeLog, User
from .scoping import path_q

OFFICER_ROLES = (Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER, Role.PROVINCIAL_POLICE)


def _users_in_scope(user) -> QuerySet[User]:
    if not getattr(user, "is_authenticated", False) or not user.scope_unit_id:
        return User.objects.none()
    return User.objects.filter(path_q("scope_unit__path", user.scope_unit.path))


def officer_list(*, user) -> QuerySet[User]:
    """Active officers in the user's scope who can be responsible for people."""
    return (
        _users_in_scope(user)
        .filter(is_active=True, role__in=OFFICER_ROLES)
        .select_related("scope_unit")
        .order_by("last_name", "first_name", "username")
    )


def user_list(*, user) -> QuerySet[User]:
    """Users an administrator manages: those in their province. Others see none."""
    if not getattr(user, "is_administrator", False):
        return User.objects.none()
    return _users_in_scope(user).select_related("scope_unit", "agency")


def user_get(*, user, pk) -> User:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(user_list(user=user), pk=pk)


def agency_list(*, user) -> QuerySet[Agency]:
    if not getattr(user, "is_authenticated", False) or not user.scope_unit_id:
        return Agency.objects.none()
    return Agency.objects.filter(path_q("unit__path", user.scope_unit.path)).select_related(
        "unit", "parent"
    )


def access_log_list(*, user) -> QuerySet[AccessLog]:
    """Administrators read the log of the users in their scope."""
    if not getattr(user, "is_administrator", False):
        return AccessLog.objects.none()
    return AccessLog.objects.filter(user__in=_users_in_scope(user).values("pk")).select_related(
        "user"
    )


def change_log_list(*, user) -> QuerySet[ChangeLog]:
    if not getattr(user, "is_administrator", False):
        return ChangeLog.objects.none()
    return ChangeLog.objects.filter(user__in=_users_in_scope(user).values("pk")).select_related(
        "user"
    )


def officers_all() -> QuerySet[User]:
    """Every active officer who may own due work (for the daily reminder job)."""
    return User.objects.filter(
        is_active=True, role__in=OFFICER_ROLES, scope_unit__isnull=False
    ).select_related("scope_unit", "agency")


def otp_device_get(*, user, confirmed: bool = True) -> TOTPDevice | None:
    """The user's authenticator (TOTP) device: the confirmed one, or (confirmed=False) the one
    being set up. The services keep at most one of each per user."""
    if not getattr(user, "is_authenticated", False):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-pk").first()


def otp_device_exists(*, user) -> bool:
    """Whether the user has a confirmed device (and so must enter a code after the password)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
