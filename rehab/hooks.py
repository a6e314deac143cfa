"""Hooks that apps above rehab fill from their `AppConfig.ready()` (rehab imports none of them).

- `register_reached_source(name, build)`: `build()` returns a query of person ids (a
  `values("person_id")` queryset) of people who reached a service that another app records —
  treatment: substitution treatment. The rehab dashboard's share of managed people reached
  (001: > 80 %) counts them with rehab's own records. Counted only through the user's
  countable people: the source itself is unscoped."""

from collections.abc import Callable

_REACHED_SOURCES: dict[str, Callable] = {}


def register_reached_source(name: str, build: Callable) -> None:
    _REACHED_SOURCES[name] = build


def reached_sources() -> list[Callable]:
    return list(_REACHED_SOURCES.values())
