"""What is due ("Việc cần làm"): one list per user, whatever app the deadline comes from.

Each kind of deadline is a provider: a function `(user, today) -> iterable of DueItem` that
reads only through scoped selectors. Lower apps define nothing about higher ones: rehab and
hotspots register their providers from their own `AppConfig.ready()`."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone

# Items due within this many days count as "due soon".
SOON_DAYS = 7


@dataclass(frozen=True)
class DueItem:
    key: str  # stable identity, e.g. "task:12"
    kind: str
    label: str
    due_on: datetime.date
    url: str
    person_id: int | None = None
    person_name: str = ""
    owner_id: int | None = None
    owner_name: str = ""
    unit_name: str = ""

    def days_left(self, today: datetime.date) -> int:
        return (self.due_on - today).days

    def state(self, today: datetime.date) -> str:
        days = self.days_left(today)
        if days < 0:
            return "overdue"
        if days == 0:
            return "today"
        return "soon" if days <= SOON_DAYS else "later"


Provider = Callable[..., Iterable[DueItem]]
_PROVIDERS: dict[str, Provider] = {}


def register_due_provider(name: str, provider: Provider) -> None:
    _PROVIDERS[name] = provider


def due_list(*, user, today: datetime.date | None = None, owner=None) -> list[DueItem]:
    """Everything due in the user's scope, most urgent first. `owner` narrows it to one
    officer's items (an officer's own list: owner=user)."""
    today = today or timezone.localdate()
    items: list[DueItem] = []
    for provider in _PROVIDERS.values():
        items.extend(provider(user=user, today=today, owner=owner))
    items.sort(key=lambda item: (item.due_on, item.label, item.key))
    return items
