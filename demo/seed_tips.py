"""Demo citizens' tips in every state: received and not routed, routed and being verified
(a task on "Việc cần làm"), verified true (leading to a demo hotspot, and to a demo drug case
opened since when the commune has one), false and partly true, and one sent through the
public form. Written through the services; re-runnable."""

import datetime

from django.db import transaction

from accounts.scoping import Access
from registry import selectors as registry_selectors
from tips import selectors, services
from tips.models import TipEvent

CONTENTS = [
    "Nhiều thanh niên lạ ra vào nhà cuối hẻm lúc nửa đêm, có mùi khét.",
    "Có người bán ma túy đá cho học sinh gần cổng trường.",
    "Quán cà phê võng cho khách sử dụng bóng cười và ma túy.",
    "Phòng trọ số 4 thường xuyên tụ tập, nghi sử dụng ma túy.",
    "Có người mang túi nilon giao cho nhiều người đi xe máy dừng lại chốc lát.",
]


@transaction.atomic
def purge(*, users) -> None:
    """Delete this app's demo rows (before the hotspots and people they point at)."""
    tips = selectors.tip_list(user=users["pc04"], access=Access.WRITE)
    task_ids = [pk for pk in tips.values_list("task_id", flat=True) if pk]
    TipEvent.objects.filter(tip__in=tips).delete()
    tips.delete()  # the tipster goes with its tip
    registry_selectors.task_list(user=users["pc04"]).filter(pk__in=task_ids).delete()


def seed(*, province, users, today, rng) -> int:
    from cases import selectors as case_selectors
    from hotspots import selectors as hotspot_selectors

    purge(users=users)
    pc04, day = users["pc04"], datetime.timedelta(days=1)
    made = 0
    for officer in (users["xa1"], users["xa2"]):
        commune = officer.scope_unit
        hotspot = hotspot_selectors.hotspot_list(user=officer).first()
        for state in ("new", "routed", "true", "false", "partly_true"):
            received = today - day * rng.randint(3, 60)
            receiver = pc04 if state in ("routed", "true") else officer
            tip = services.tip_receive(
                actor=receiver,
                received_on=received,
                channel=rng.choice(["hotline", "in_person", "letter", "other"]),
                content=rng.choice(CONTENTS),
                commune=commune,
                location=f"Khu vực {rng.randint(1, 9)}",
                tipster_name=rng.choice(["Người dân (giấu tên)", "Trần Văn Bảy", ""]),
                tipster_phone=rng.choice(["", f"09{rng.randint(10000000, 99999999)}"]),
            )
            made += 1
            if state == "new":
                continue
            routed = min(today, received + day * rng.randint(0, 2))
            tip = services.tip_route(actor=receiver, tip=tip, unit=commune, routed_on=routed)
            if state == "routed":
                continue
            tip = services.tip_verify(
                actor=officer,
                tip=tip,
                result=state,
                verified_on=min(today, routed + day * rng.randint(1, 7)),
                led_to_hotspot=hotspot if state == "true" else None,
                outcome_note={
                    "true": "Xác minh đúng, đưa vào danh sách điểm theo dõi.",
                    "false": "Không phát hiện dấu hiệu vi phạm.",
                    "partly_true": "Có tụ tập nhưng chưa phát hiện ma túy; tiếp tục theo dõi.",
                }[state],
            )
            if state == "true":
                cases = case_selectors.case_list(user=officer).filter(
                    commune=commune, detected_on__gte=received
                )
                case = cases.order_by("detected_on", "id").first()
                if case is not None:
                    services.tip_link_case(actor=officer, tip=tip, case=case)
    communes = selectors.public_communes().filter(pk=users["xa1"].scope_unit_id)
    services.tip_receive_public(
        content="Tôi thấy có người bán ma túy ở bãi giữ xe chợ đêm vào khoảng 22 giờ.",
        commune=communes.first(),
        location="Bãi giữ xe chợ đêm",
    )
    return made + 1
