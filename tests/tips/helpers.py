"""Builders for tip tests (through the services, as users make them)."""

import datetime

from django.utils import timezone

from tips import services

DAY = datetime.timedelta(days=1)
TIPSTER = {
    "tipster_name": "Hoàng Thị Kín",
    "tipster_phone": "0933111222",
    "tipster_address": "7 Ngõ Bí Mật",
}


def make_tip(actor, commune=None, *, days_ago=3, with_tipster=True, **fields):
    fields.setdefault("channel", "hotline")
    fields.setdefault("content", "Có nhóm người tụ tập sử dụng ma túy tại nhà số 9 hẻm 12")
    fields.setdefault("location", "Hẻm 12")
    if with_tipster:
        for key, value in TIPSTER.items():
            fields.setdefault(key, value)
    return services.tip_receive(
        actor=actor,
        commune=commune,
        received_on=timezone.localdate() - days_ago * DAY,
        **fields,
    )
