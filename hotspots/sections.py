"""The "Hotspots" section of a person's page (registered in apps.py)."""

from accounts.scoping import Access

from . import selectors


def person_section(*, user, person, can_write) -> dict | None:
    if not selectors.hotspot_can(user=user, access=Access.READ):
        return None
    links = list(selectors.person_hotspot_links(user=user, person=person))
    return {"links": links} if links else None
