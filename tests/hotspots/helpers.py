"""Builders for hotspot tests (through the services, as users make them)."""

import datetime

from django.utils import timezone

from hotspots import services
from hotspots.choices import HotspotStep

DAY = datetime.timedelta(days=1)


def make_hotspot(actor, commune, *, days_ago=200, **fields):
    fields.setdefault("name", "Bãi đất trống Hẻm 5")
    fields.setdefault("kind", "hotspot")
    fields.setdefault("activities", ["use", "dealing"])
    fields.setdefault("address", "Hẻm 5, đường Trần Hưng Đạo")
    fields.setdefault("description", "Nhóm thanh niên tụ tập sử dụng ma túy ban đêm")
    return services.hotspot_create(
        actor=actor,
        commune=commune,
        detected_on=timezone.localdate() - days_ago * DAY,
        **fields,
    )


def move(actor, hotspot, *steps, start_days_ago=150, every=5):
    """Take the hotspot through `steps`, one every `every` days from `start_days_ago`."""
    day = timezone.localdate() - start_days_ago * DAY
    for step in steps:
        doc = {}
        if step in (HotspotStep.CLEAR, HotspotStep.NEUTRALISE):
            doc = {"document_number": "12/QĐ-CAX", "document_date": day}
        services.hotspot_transition(actor=actor, hotspot=hotspot, step=step, occurred_on=day, **doc)
        day += every * DAY
    hotspot.refresh_from_db()
    return hotspot


TO_CLEARED = (HotspotStep.VERIFY, HotspotStep.ACT, HotspotStep.CLEAR)
