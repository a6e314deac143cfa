"""Builders for case tests (through the services, as users make them)."""

import datetime

from django.utils import timezone

from cases import services

DAY = datetime.timedelta(days=1)


def ago(days: int) -> datetime.date:
    return timezone.localdate() - days * DAY


def make_case(actor, commune, *, days_ago=100, number="01", **fields):
    fields.setdefault("kinds", ["dealing"])
    fields.setdefault("description", "Bắt quả tang mua bán heroin tại hẻm 5")
    return services.case_create(
        actor=actor, commune=commune, number=number, detected_on=ago(days_ago), **fields
    )


def move(actor, case, *steps, start_days_ago=90, every=10):
    """Take the case through `steps`, one every `every` days from `start_days_ago`."""
    day = ago(start_days_ago)
    for step in steps:
        extra = {}
        if step == "try":
            extra["outcome"] = "Tuyên phạt 7 năm tù"
        if step in ("suspend", "transfer"):
            extra["reason"] = "Chưa xác định được bị can"
        services.case_transition(actor=actor, case=case, step=step, occurred_on=day, **extra)
        day += every * DAY
    case.refresh_from_db()
    return case


def make_site(actor, commune, *, days_ago=60, **fields):
    fields.setdefault("location", "Vườn sau nhà ông Tư, ấp 3")
    fields.setdefault("plant", "Cần sa")
    fields.setdefault("plant_count", 120)
    return services.planting_create(actor=actor, commune=commune, found_on=ago(days_ago), **fields)
