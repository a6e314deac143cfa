"""Builders for business tests (through the services, as users make them)."""

import datetime

from django.utils import timezone

from businesses import services

DAY = datetime.timedelta(days=1)


def make_business(actor, commune, *, days_ago=400, **fields):
    fields.setdefault("name", "Karaoke Hoa Hồng")
    fields.setdefault("kind", "karaoke")
    fields.setdefault("owner_name", "Phạm Văn Lực")
    fields.setdefault("owner_phone", "0912345678")
    fields.setdefault("address", "25 Nguyễn Trãi")
    fields.setdefault("licence_number", "15/GCN-ANTT")
    return services.business_create(
        actor=actor,
        commune=commune,
        registered_on=timezone.localdate() - days_ago * DAY,
        **fields,
    )


def inspect(actor, business, *, days_ago=10, **fields):
    fields.setdefault("team", "Tổ kiểm tra liên ngành phường")
    return services.inspection_create(
        actor=actor,
        business=business,
        inspected_on=timezone.localdate() - days_ago * DAY,
        **fields,
    )
