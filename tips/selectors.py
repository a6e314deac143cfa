"""Every read of the tips app starts here, from `visible_to(user)`. The tipster's identity is
read only through `tipster_get`, which applies the confidentiality rule."""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.choices import Role
from accounts.models import User
from accounts.scoping import Access, can
from areas.models import AdminUnit
from hotspots import selectors as hotspot_selectors
from registry import selectors as registry_selectors

from .choices import RECORD_TYPE, VIEW_TIPSTER_PERMISSION, TipResult
from .models import Tip, TipEvent, Tipster


def tip_can(*, user, access: Access = Access.READ) -> bool:
    return can(user, RECORD_TYPE, access)


def tip_list(*, user, access: Access = Access.READ) -> QuerySet[Tip]:
    return Tip.objects.visible_to(user, access).select_related(
        "commune", "received_unit", "routed_unit", "received_by"
    )


def tip_countable(*, user) -> QuerySet[Tip]:
    return Tip.objects.countable_by(user)


def tip_get(*, user, pk, access: Access = Access.READ) -> Tip:
    """The tip, or 404 when outside the user's scope (never 403)."""
    return get_object_or_404(
        tip_list(user=user, access=access).select_related("led_to_hotspot", "led_to_person"),
        pk=pk,
    )


def tip_writable(*, user, pk) -> bool:
    return tip_list(user=user, access=Access.WRITE).filter(pk=pk).exists()


def tip_lock(*, pk) -> Tip:
    return Tip.objects.select_for_update().get(pk=pk)


def tip_reference_taken(*, reference: str) -> bool:
    """Unscoped: only whether a generated code is free."""
    return Tip.objects.filter(reference=reference).exists()


def tip_events(*, tip: Tip) -> QuerySet[TipEvent]:
    return TipEvent.objects.filter(tip=tip).select_related("unit", "author")


def tipster_visible(*, user, tip: Tip) -> bool:
    """The receiving officer, and a holder of `tips.see_tipster_identity` who may see the tip."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if tip.received_by_id and tip.received_by_id == user.pk:
        return True
    return user.has_perm(VIEW_TIPSTER_PERMISSION) and tip_list(user=user).filter(pk=tip.pk).exists()


def tipster_get(*, user, tip: Tip) -> Tipster | None:
    """The tipster's identity when the user may see it (else None, as when none was given)."""
    if not tipster_visible(user=user, tip=tip):
        return None
    return Tipster.objects.filter(tip=tip).first()


def tip_communes(*, user) -> QuerySet[AdminUnit]:
    if not user.scope_unit_id:
        return AdminUnit.objects.none()
    return AdminUnit.objects.communes().within(user.scope_unit).order_by("name")


def tip_route_units(*, user) -> QuerySet[AdminUnit]:
    """Current units within the user's scope, where a tip may be routed."""
    if not user.scope_unit_id:
        return AdminUnit.objects.none()
    return AdminUnit.objects.current().within(user.scope_unit).order_by("level", "name")


def public_communes() -> QuerySet[AdminUnit]:
    """Every current commune: the public form's choice of where the tip is about."""
    return AdminUnit.objects.communes().order_by("name")


def unit_commune_officer(*, unit) -> User | None:
    """The unit's commune officer (the first active one), who owns its verification task."""
    return (
        User.objects.filter(scope_unit=unit, role=Role.COMMUNE_OFFICER, is_active=True)
        .order_by("id")
        .first()
    )


def hotspot_for_link(*, user, pk):
    return hotspot_selectors.hotspot_list(user=user).filter(pk=pk).first()


def hotspots_for_link(*, user):
    return hotspot_selectors.hotspot_list(user=user).order_by("name")


def person_for_link(*, user, pk):
    return registry_selectors.person_list(user=user).filter(pk=pk).first()


# ---- report figures (aggregates over countable rows; never the tipster) -------------------
def tip_report_rows(*, tips, start, end):
    """Per unit holding the tip (its `scope_path`), channel and result: tips received in the
    window, verified in it (with what they led to), and still being verified at its end. One
    query; the tipster's table is not read."""
    received = Q(received_on__gte=start, received_on__lte=end)
    verified = Q(verified_on__gte=start, verified_on__lte=end) & ~Q(result=TipResult.PENDING)
    pending = Q(received_on__lte=end) & (Q(verified_on__isnull=True) | Q(verified_on__gt=end))
    return (
        tips.filter(received | verified | pending)
        .values("scope_path", "channel", "result")
        .order_by()
        .annotate(
            received=Count("pk", filter=received),
            verified=Count("pk", filter=verified),
            hotspot=Count("pk", filter=verified & Q(led_to_hotspot__isnull=False)),
            person=Count("pk", filter=verified & Q(led_to_person__isnull=False)),
            pending=Count("pk", filter=pending),
        )
    )
