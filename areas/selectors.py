"""Administrative units are public reference data: no scope needed to read them."""

from django.db.models import Q

from common.text import fold

from .choices import Era, Level
from .models import AdminUnit


def commune_list(*, within: AdminUnit | None = None):
    qs = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE).select_related("parent")
    if within is not None:
        qs = qs.within(within)
    return qs.order_by("name")


def province_get(*, code: str) -> AdminUnit:
    return AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code=code)


def unit_resolve(*, name: str, province: AdminUnit | None = None) -> AdminUnit | None:
    """Find today's commune from a name as people write it, old or new ('P. An Hòa',
    'phuong an hoa', 'An Hoa'): current units first, then pre-2025 ones through their mapping."""
    folded = fold(name)
    for prefix in ("phuong ", "p. ", "xa ", "x. ", "thi tran ", "tt. ", "tt "):
        if folded.startswith(prefix):
            folded = folded[len(prefix) :]
            break
    base = AdminUnit.objects.filter(level=Level.COMMUNE)
    current = base.filter(era=Era.CURRENT)
    if province is not None:
        current = current.within(province)
    by_name = Q(name_folded=folded) | Q(name_folded__endswith=" " + folded)
    match = [u for u in current.filter(by_name) if folded in (fold(u.short_name), u.name_folded)]
    if len(match) == 1:
        return match[0]
    legacy = base.filter(by_name, era=Era.LEGACY, successor__isnull=False).select_related(
        "successor"
    )
    found = {
        u.successor_id: u.successor
        for u in legacy
        if folded in (fold(u.short_name), u.name_folded)
        and (province is None or province.contains(u.successor))
    }
    return next(iter(found.values())) if len(found) == 1 else None
