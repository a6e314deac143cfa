"""Every read of the hotspots app starts here, from `visible_to(user)`. Events, linked people
and checks are read only through a hotspot the user may see."""

import datetime

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.scoping import Access, can
from areas.models import AdminUnit
from registry import selectors as registry_selectors

from .choices import RECORD_TYPE, WATCHED_STATUSES
from .models import Hotspot, HotspotCheck, HotspotEvent, HotspotPerson, check_every_days


def hotspot_can(*, user, access: Access = Access.READ) -> bool:
    return can(user, RECORD_TYPE, access)


def hotspot_list(*, user, access: Access = Access.READ) -> QuerySet[Hotspot]:
    return Hotspot.objects.visible_to(user, access).select_related("commune", "responsible_officer")


def hotspot_countable(*, user) -> QuerySet[Hotspot]:
    return Hotspot.objects.countable_by(user)


def hotspot_get(*, user, pk, access: Access = Access.READ) -> Hotspot:
    """The hotspot, or 404 when outside the user's scope (never 403)."""
    return get_object_or_404(hotspot_list(user=user, access=access), pk=pk)


def hotspot_lock(*, pk) -> Hotspot:
    return Hotspot.objects.select_for_update().get(pk=pk)


def hotspot_events(*, hotspot: Hotspot) -> QuerySet[HotspotEvent]:
    return HotspotEvent.objects.filter(hotspot=hotspot).select_related("unit", "officer", "author")


def hotspot_last_event(*, hotspot: Hotspot) -> HotspotEvent | None:
    return HotspotEvent.objects.filter(hotspot=hotspot).order_by("-occurred_on", "-id").first()


def hotspot_people(*, user, hotspot: Hotspot) -> list[dict]:
    """Linked people; a registry person outside the user's scope is shown without a name."""
    links = list(HotspotPerson.objects.filter(hotspot=hotspot).select_related("person"))
    person_ids = {link.person_id for link in links if link.person_id}
    visible = set(
        registry_selectors.person_list(user=user)
        .filter(pk__in=person_ids)
        .values_list("pk", flat=True)
    )
    return [{"link": link, "visible": link.person_id in visible} for link in links]


def hotspot_checks(*, hotspot: Hotspot) -> QuerySet[HotspotCheck]:
    return HotspotCheck.objects.filter(hotspot=hotspot).select_related("officer")


def person_for_link(*, user, pk):
    """A registry person the user may see, or None."""
    return registry_selectors.person_list(user=user).filter(pk=pk).first()


def hotspot_communes(*, user) -> QuerySet[AdminUnit]:
    """Current communes within the user's scope (where a hotspot may be recorded)."""
    if not user.scope_unit_id:
        return AdminUnit.objects.none()
    return AdminUnit.objects.communes().within(user.scope_unit).order_by("name")


def hotspot_check_due(*, user, owner=None) -> QuerySet[Hotspot]:
    """Watched hotspots (their check is due on last check + interval)."""
    qs = hotspot_list(user=user).filter(status__in=WATCHED_STATUSES, last_checked_on__isnull=False)
    if owner is not None:
        qs = qs.filter(responsible_officer=owner)
    return qs


def hotspot_overdue_q(today: datetime.date) -> Q:
    every = datetime.timedelta(days=check_every_days())
    return Q(status__in=WATCHED_STATUSES, last_checked_on__lt=today - every)


def hotspot_map_units(*, user) -> list[dict]:
    """The communes of the user's scope with coordinates: the map's background."""
    return list(
        hotspot_communes(user=user)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .values("id", "name", "latitude", "longitude")
    )


def hotspot_status_counts(qs) -> dict[str, int]:
    return dict(qs.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))


def hotspot_units(*, user) -> QuerySet[AdminUnit]:
    """Current units within the user's scope (the acting unit of a step)."""
    if not user.scope_unit_id:
        return AdminUnit.objects.none()
    return AdminUnit.objects.current().within(user.scope_unit).order_by("level", "name")


def hotspot_person_linked(*, hotspot: Hotspot, person, role: str) -> bool:
    return HotspotPerson.objects.filter(hotspot=hotspot, person=person, role=role).exists()


def person_hotspot_links(*, user, person) -> QuerySet[HotspotPerson]:
    """The links of a person to the hotspots the user may see."""
    return (
        HotspotPerson.objects.filter(person=person, hotspot__in=hotspot_list(user=user))
        .select_related("hotspot", "hotspot__commune")
        .order_by("-linked_on", "-id")
    )
