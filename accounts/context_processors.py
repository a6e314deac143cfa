from common.nav import nav_items

from . import twofactor
from .scoping import Access, RecordType, can


def navigation(request):
    """What the page chrome needs: which sections this user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if twofactor.pending_step(request) is not None:
        return {}  # the code or set-up page: no section to open yet
    return {
        "nav": {
            "people": can(user, RecordType.PERSON, Access.READ),
            "admin": user.is_administrator,
        },
        "nav_items": nav_items(user),
    }
