"""Every read of the key areas app starts here, from `visible_to(user)`."""

import datetime

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.scoping import Access, can
from areas.models import AdminUnit

from .choices import RECORD_TYPE, KeyAreaStatus, MeasureStatus
from .models import Evaluation, KeyArea, KeyAreaEvent, Measure, check_every_days


def keyarea_can(*, user, access: Access = Access.READ) -> bool:
    return can(user, RECORD_TYPE, access)


def keyarea_list(*, user, access: Access = Access.READ) -> QuerySet[KeyArea]:
    return KeyArea.objects.visible_to(user, access).prefetch_related("communes")


def keyarea_get(*, user, pk, access: Access = Access.READ) -> KeyArea:
    return get_object_or_404(keyarea_list(user=user, access=access), pk=pk)


def keyarea_writable(*, user, pk) -> bool:
    return keyarea_list(user=user, access=Access.WRITE).filter(pk=pk).exists()


def keyarea_lock(*, pk) -> KeyArea:
    return KeyArea.objects.select_for_update().get(pk=pk)


def keyarea_events(*, key_area) -> QuerySet[KeyAreaEvent]:
    return KeyAreaEvent.objects.filter(key_area=key_area).select_related("author")


def keyarea_measures(*, key_area) -> QuerySet[Measure]:
    return Measure.objects.filter(key_area=key_area)


def keyarea_measure_get(*, key_area, pk) -> Measure:
    return get_object_or_404(Measure, key_area=key_area, pk=pk)


def keyarea_evaluations(*, key_area) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(key_area=key_area).select_related("created_by")


def keyarea_communes(*, user) -> QuerySet[AdminUnit]:
    if not user.scope_unit_id:
        return AdminUnit.objects.none()
    return AdminUnit.objects.communes().within(user.scope_unit).order_by("name")


def measures_due(*, user) -> QuerySet[Measure]:
    """Measures not done of the key areas being transformed that the user may see."""
    areas = keyarea_list(user=user).filter(status=KeyAreaStatus.DESIGNATED)
    return (
        Measure.objects.filter(key_area__in=areas)
        .exclude(status=MeasureStatus.DONE)
        .select_related("key_area")
    )


def keyarea_check_due(*, user) -> QuerySet[KeyArea]:
    return keyarea_list(user=user).filter(
        status=KeyAreaStatus.TRANSFORMED, last_checked_on__isnull=False
    )


def check_interval() -> datetime.timedelta:
    return datetime.timedelta(days=check_every_days())
