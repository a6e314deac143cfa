"""Every read of the businesses app starts here, from `visible_to(user)`. Events and
inspections are read only through a business the user may see."""

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from accounts.scoping import Access, can
from areas.models import AdminUnit
from hotspots import selectors as hotspot_selectors

from .choices import RECORD_TYPE, BusinessStatus, PenaltyMeasure
from .models import Business, BusinessEvent, Inspection


def business_can(*, user, access: Access = Access.READ) -> bool:
    return can(user, RECORD_TYPE, access)


def business_list(*, user, access: Access = Access.READ) -> QuerySet[Business]:
    return Business.objects.visible_to(user, access).select_related(
        "commune", "responsible_officer", "hotspot"
    )


def business_countable(*, user) -> QuerySet[Business]:
    return Business.objects.countable_by(user)


def business_get(*, user, pk, access: Access = Access.READ) -> Business:
    """The business, or 404 when outside the user's scope (never 403)."""
    return get_object_or_404(business_list(user=user, access=access), pk=pk)


def business_writable(*, user, pk) -> bool:
    return business_list(user=user, access=Access.WRITE).filter(pk=pk).exists()


def business_lock(*, pk) -> Business:
    return Business.objects.select_for_update().get(pk=pk)


def business_events(*, business: Business) -> QuerySet[BusinessEvent]:
    return BusinessEvent.objects.filter(business=business).select_related("author")


def _inspections(qs) -> QuerySet[Inspection]:
    return qs.select_related("business", "business__commune", "created_by").prefetch_related(
        Prefetch("officers")
    )


def business_inspections(*, business: Business) -> QuerySet[Inspection]:
    return _inspections(Inspection.objects.filter(business=business))


def inspection_list(*, user) -> QuerySet[Inspection]:
    """Inspections of the businesses the user may see."""
    return _inspections(Inspection.objects.filter(business__in=business_list(user=user)))


def inspection_get(*, user, pk) -> Inspection:
    return get_object_or_404(inspection_list(user=user), pk=pk)


def business_communes(*, user) -> QuerySet[AdminUnit]:
    """Current communes within the user's scope (where a business may be registered)."""
    if not user.scope_unit_id:
        return AdminUnit.objects.none()
    return AdminUnit.objects.communes().within(user.scope_unit).order_by("name")


def business_officers(*, user):
    """Officers who may be named on an inspection team: those of the user's scope."""
    from accounts.selectors import officer_list

    return officer_list(user=user)


def hotspot_for_link(*, user, pk):
    """A hotspot the user may see, or None."""
    return hotspot_selectors.hotspot_list(user=user).filter(pk=pk).first()


def hotspots_for_link(*, user):
    return hotspot_selectors.hotspot_list(user=user).order_by("name")


def business_inspection_due(*, user, owner=None) -> QuerySet[Business]:
    """Open businesses: their next inspection falls due on `inspection_due_on`."""
    qs = business_list(user=user).filter(status=BusinessStatus.OPEN)
    if owner is not None:
        qs = qs.filter(responsible_officer=owner)
    return qs


# ---- report figures (aggregates over countable rows) -------------------------------------
def inspection_report_rows(*, businesses, start, end):
    """Per commune of the business: the inspections held in the window, the businesses they
    inspected, those with a violation or with drugs found, the penalties by kind and the fines
    imposed (VND). One query, grouped by commune only (so that a business is counted once)."""
    measures = [m for m in PenaltyMeasure.values if m]
    return (
        Inspection.objects.filter(
            business__in=businesses, inspected_on__gte=start, inspected_on__lte=end
        )
        .values("business__scope_path")
        .order_by()
        .annotate(
            n=Count("pk"),
            businesses=Count("business", distinct=True),
            violations=Count("pk", filter=~Q(violations=[])),
            drugs=Count("pk", filter=Q(drug_findings=True)),
            fines=Sum("penalty_amount"),
            **{f"m_{m}": Count("pk", filter=Q(penalty_measure=m)) for m in measures},
        )
    )
