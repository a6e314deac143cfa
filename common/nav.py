"""Menu entries of the higher apps (rehab, hotspots, reporting).

The page chrome lives in the base template; each app adds its own entries from its
``AppConfig.ready()`` with `register_nav_item`, so that the chrome imports no app."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str  # a lazy translation
    url_name: str
    visible: Callable  # (user) -> bool
    order: int = 100


_ITEMS: dict[str, NavItem] = {}


def register_nav_item(key: str, label, url_name: str, visible: Callable, order: int = 100) -> None:
    _ITEMS[key] = NavItem(key, label, url_name, visible, order)


def nav_items(user) -> list[dict]:
    """The entries this user may open, in menu order: label and URL."""
    items = sorted(_ITEMS.values(), key=lambda item: (item.order, item.key))
    return [
        {"key": item.key, "label": item.label, "url": reverse(item.url_name)}
        for item in items
        if item.visible(user)
    ]
