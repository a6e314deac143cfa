"""Sections that higher apps add to the person page (rehab placements, determinations,
hotspots a person is linked to).

Registry knows nothing of those apps: each registers a section from its own
``AppConfig.ready()`` with a template and a context function ``(user, person, can_write) ->
dict | None`` that reads through its own scoped selectors; None leaves the section out (the
user may not see that record type)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonSection:
    key: str
    template: str
    context: Callable
    order: int = 100


_SECTIONS: dict[str, PersonSection] = {}


def register_person_section(key: str, template: str, context: Callable, order: int = 100):
    _SECTIONS[key] = PersonSection(key, template, context, order)


def person_sections(*, user, person, can_write: bool) -> list[dict]:
    """The extra sections this user may see on this person's page, in order; each a dict of
    the template and its context (under ``section`` in the template)."""
    sections = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        context = section.context(user=user, person=person, can_write=can_write)
        if context is not None:
            sections.append({"key": section.key, "template": section.template, "data": context})
    return sections
