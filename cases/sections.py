"""The "Drug cases" section of a person's page (registered in apps.py)."""

from accounts.scoping import Access

from . import selectors


def person_section(*, user, person, can_write) -> dict | None:
    if not selectors.case_can(user=user, access=Access.READ):
        return None
    suspects = list(selectors.person_suspects(user=user, person=person))
    return {"suspects": suspects} if suspects else None
