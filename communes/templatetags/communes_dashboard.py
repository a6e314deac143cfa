"""The police dashboard's link to the commune classification (the hotspots app knows nothing
of this app: its template loads this tag)."""

from django import template

from communes import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def commune_class_counts(context) -> dict:
    request = context.get("request")
    if request is None:
        return {}
    counts = selectors.decided_counts(user=request.user)
    if counts:
        counts["can_read"] = selectors.status_can(user=request.user)
    return counts
