"""What is due ("Việc cần làm"): one list per user, whatever app the deadline comes from.

Each kind of deadline is a provider. A provider that may have many rows (tasks, monthly
checks, periods ending) is a `DueSource`: it counts its items per state and gives them in
deadline order for a range of deadlines, both in the database, so that a page of the list
costs the same whether the province has a hundred items or a hundred thousand. A plain
function `(user, today, owner) -> iterable of DueItem` is accepted too (it is wrapped and cut
in Python): fine for providers that yield a handful of rows (one per campaign and commune).

Providers read only through scoped selectors. Lower apps define nothing about higher ones:
rehab and hotspots register their providers from their own `AppConfig.ready()`."""

import datetime
import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice

from django.db.models import Count, Q
from django.utils import timezone

# Items due within this many days count as "due soon".
SOON_DAYS = 7
STATES = ("overdue", "today", "soon", "later")
DAY = datetime.timedelta(days=1)


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


Bounds = tuple[datetime.date | None, datetime.date | None]


def state_bounds(today: datetime.date) -> dict[str, Bounds]:
    """The deadlines of each state, first and last day (None: open)."""
    soon = datetime.timedelta(days=SOON_DAYS)
    return {
        "overdue": (None, today - DAY),
        "today": (today, today),
        "soon": (today + DAY, today + soon),
        "later": (today + soon + DAY, None),
    }


def range_q(field: str, start, end, shift: datetime.timedelta = datetime.timedelta()) -> Q:
    """Rows whose deadline, `field` + `shift`, lies within [start, end] (None: open)."""
    q = Q()
    if start is not None:
        q &= Q(**{f"{field}__gte": start - shift})
    if end is not None:
        q &= Q(**{f"{field}__lte": end - shift})
    return q


def state_counts(qs, field: str, today, shift=datetime.timedelta()) -> dict[str, int]:
    """One aggregate query: how many rows of `qs` fall in each state."""
    aggregates = {
        state: Count("pk", filter=range_q(field, start, end, shift))
        for state, (start, end) in state_bounds(today).items()
    }
    return qs.aggregate(**aggregates)


class DueSource:
    """A provider that counts and pages in the database."""

    def items(self, *, user, today, owner, start=None, end=None, limit=None) -> Iterable[DueItem]:
        """Items due within [start, end], in deadline order, at most `limit`."""
        raise NotImplementedError

    def counts(self, *, user, today, owner) -> dict[str, int]:
        raise NotImplementedError

    def __call__(self, *, user, today, owner=None):
        """Every item, as a plain provider gives them."""
        return self.items(user=user, today=today, owner=owner)


def person_fields(person) -> dict:
    """The DueItem fields that name the person, their responsible officer (the item's owner)
    and their commune; the row's query selects `person__responsible_officer` and
    `person__residence_unit`."""
    officer = person.responsible_officer
    return {
        "person_id": person.pk,
        "person_name": person.full_name,
        "owner_id": officer.pk if officer else None,
        "owner_name": str(officer) if officer else "",
        "unit_name": person.residence_unit.name,
    }


class QuerySetSource(DueSource):
    """A provider over one queryset of due rows: a subclass gives `rows` (None when the user
    may not see them), `item` (the row as a DueItem), the deadline column `due_field` and its
    `shift` (the deadline is `due_field` + `shift`); counting and paging happen here, in the
    database, in deadline order."""

    due_field: str
    shift = datetime.timedelta()

    def rows(self, *, user, today, owner):
        raise NotImplementedError

    def item(self, row, today) -> DueItem:
        raise NotImplementedError

    def get_shift(self) -> datetime.timedelta:
        """The deadline's distance from `due_field` (a setting may change it: read per call)."""
        return self.shift

    def counts(self, *, user, today, owner):
        rows = self.rows(user=user, today=today, owner=owner)
        if rows is None:
            return {}
        return state_counts(rows, self.due_field, today, self.get_shift())

    def items(self, *, user, today, owner, start=None, end=None, limit=None):
        rows = self.rows(user=user, today=today, owner=owner)
        if rows is None:
            return iter(())
        field, shift = self.due_field, self.get_shift()
        rows = rows.filter(range_q(field, start, end, shift)).order_by(field, "id")
        rows = rows[:limit] if limit is not None else rows.iterator(chunk_size=2000)
        return (self.item(row, today) for row in rows)


class FunctionSource(DueSource):
    """A plain provider function: everything it yields, sorted and cut in Python."""

    def __init__(self, function: Callable[..., Iterable[DueItem]]):
        self.function = function

    def _all(self, user, today, owner) -> list[DueItem]:
        items = self.function(user=user, today=today, owner=owner)
        return sorted(items, key=lambda item: item.due_on)

    def items(self, *, user, today, owner, start=None, end=None, limit=None):
        items = [
            item
            for item in self._all(user, today, owner)
            if (start is None or item.due_on >= start) and (end is None or item.due_on <= end)
        ]
        return items[:limit] if limit is not None else items

    def counts(self, *, user, today, owner):
        counts = dict.fromkeys(STATES, 0)
        for item in self._all(user, today, owner):
            counts[item.state(today)] += 1
        return counts


_PROVIDERS: dict[str, DueSource] = {}


def register_due_provider(name: str, provider) -> None:
    if not isinstance(provider, DueSource):
        provider = FunctionSource(provider)
    _PROVIDERS[name] = provider


def due_counts(*, user, today: datetime.date | None = None, owner=None) -> dict[str, int]:
    """How many items of each state the user's list holds (`owner`: one officer's items)."""
    today = today or timezone.localdate()
    totals = dict.fromkeys(STATES, 0)
    for provider in _PROVIDERS.values():
        for state, count in provider.counts(user=user, today=today, owner=owner).items():
            totals[state] += count or 0
    return totals


def due_items(
    *, user, today=None, owner=None, state: str = "", until=None, limit: int | None = None
) -> list[DueItem]:
    """The first `limit` items (all when None) of one state (or every state), optionally only
    those due on or before `until`, most urgent first: each provider gives at most `limit`
    of its own, already in deadline order, and the streams are merged."""
    today = today or timezone.localdate()
    start, end = state_bounds(today)[state] if state in STATES else (None, None)
    if until is not None:
        end = until if end is None else min(end, until)
    streams = [
        iter(provider.items(user=user, today=today, owner=owner, start=start, end=end, limit=limit))
        for provider in _PROVIDERS.values()
    ]
    merged = heapq.merge(*streams, key=lambda item: item.due_on)
    return list(islice(merged, limit))


def due_list(*, user, today: datetime.date | None = None, owner=None) -> list[DueItem]:
    """Everything due in the user's scope, most urgent first. `owner` narrows it to one
    officer's items (an officer's own list: owner=user)."""
    return due_items(user=user, today=today, owner=owner)


class DueSequence:
    """The list as a sequence that a Paginator can cut: the count from `due_counts`, each page
    fetched with the limit its last row needs."""

    def __init__(self, *, user, today, owner, state: str, counts: dict[str, int]):
        self.user, self.today, self.owner, self.state = user, today, owner, state
        self.total = counts[state] if state in STATES else sum(counts.values())

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        stop = self.total if index.stop is None else min(index.stop, self.total)
        items = due_items(
            user=self.user, today=self.today, owner=self.owner, state=self.state, limit=stop
        )
        return items[index.start or 0 : stop]
