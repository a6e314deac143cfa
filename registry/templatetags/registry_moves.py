"""Which of the moving, caseload and duplicate pages a user may open (for the links)."""

from django import template

from .. import selectors, services

register = template.Library()


@register.simple_tag
def moves_links(user) -> dict:
    if not getattr(user, "is_authenticated", False):
        return {}
    return {
        "moved_away": selectors.person_check_can(user=user),
        "caseloads": services.caseload_can_reassign(user),
        "duplicates": services.person_can_merge(user),
    }
