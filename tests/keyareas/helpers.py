import datetime

from django.utils import timezone

from keyareas import services

DAY = datetime.timedelta(days=1)


def make_area(actor, communes, *, days_ago=300, **fields):
    fields.setdefault("name", "Khu vực bến xe và chợ đêm")
    fields.setdefault("reason", "Nhiều điểm sử dụng, mua bán ma túy nhỏ lẻ; người nghiện tập trung")
    fields.setdefault("designation_document", "125/QĐ-UBND")
    return services.keyarea_designate(
        actor=actor,
        communes=communes,
        designated_on=timezone.localdate() - days_ago * DAY,
        **fields,
    )
