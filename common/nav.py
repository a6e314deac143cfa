"""Menu entries of the higher apps (rehab, hotspots, reporting).

The page chrome lives in the base template; each app adds its own entries from its
``AppConfig.ready()`` with `register_nav_item`, so that the chrome imports no app. An entry may
name a group: the entries of a group open under one heading (a `<details>` drop-down, which
needs no script), so the bar stays one line however many apps there are."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The menu's drop-down groups: heading. A group sits where its first entry would.
GROUPS = {
    "care": _("Rehab and treatment"),
    "area": _("Areas and cases"),
}


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str  # a lazy translation
    url_name: str
    visible: Callable  # (user) -> bool
    order: int = 100
    group: str = ""  # a key of GROUPS, or "" for an entry of its own


_ITEMS: dict[str, NavItem] = {}


def register_nav_item(
    key: str, label, url_name: str, visible: Callable, order: int = 100, group: str = ""
) -> None:
    if group and group not in GROUPS:
        raise ValueError(f"unknown menu group {group!r}")
    _ITEMS[key] = NavItem(key, label, url_name, visible, order, group)


def nav_items(user) -> list[dict]:
    """The entries this user may open, in menu order: label and URL, or for a group its
    label and `children` (a group with one entry the user may open is that entry alone)."""
    items = sorted(_ITEMS.values(), key=lambda item: (item.order, item.key))
    entries, groups = [], {}
    for item in items:
        if not item.visible(user):
            continue
        link = {"key": item.key, "label": item.label, "url": reverse(item.url_name)}
        if not item.group:
            entries.append(link)
        elif item.group in groups:
            groups[item.group]["children"].append(link)
        else:
            groups[item.group] = {
                "key": item.group,
                "label": GROUPS[item.group],
                "children": [link],
            }
            entries.append(groups[item.group])
    return [
        entry["children"][0] if len(entry.get("children", ())) == 1 else entry for entry in entries
    ]
