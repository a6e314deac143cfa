"""Demo key area: one designated in xa1's commune with its transformation plan (one measure
done, one in progress, one overdue) and an evaluation. Written through the services as PC04
would; re-runnable (the previous demo key areas are removed)."""

import datetime

from django.db import transaction

from accounts.scoping import Access
from keyareas import selectors, services
from keyareas.models import Evaluation, KeyAreaEvent, Measure


@transaction.atomic
def purge(*, users) -> None:
    areas = selectors.keyarea_list(user=users["pc04"], access=Access.WRITE)
    for model in (Measure, Evaluation, KeyAreaEvent):
        model.objects.filter(key_area__in=areas).delete()
    areas.delete()


def seed(*, province, users, today, rng) -> int:
    pc04, day = users["pc04"], datetime.timedelta(days=1)
    purge(users=users)
    designated = today - 150 * day
    area = services.keyarea_designate(
        actor=pc04,
        name="Khu vực bến xe và chợ đêm",
        communes=[users["xa1"].scope_unit],
        reason="Nhiều điểm sử dụng, mua bán nhỏ lẻ trái phép chất ma túy; người nghiện "
        "tập trung; người dân phản ánh nhiều lần.",
        designated_on=designated,
        designation_document="125/QĐ-UBND",
    )
    plan = [
        ("Lắp đặt camera an ninh tại các hẻm", "Công an phường", 60, "done"),
        ("Tuần tra, kiểm soát ban đêm", "Công an phường, dân quân", 200, "in_progress"),
        ("Rà soát người sử dụng trái phép chất ma túy", "Công an phường", 120, "planned"),
    ]
    for title, owner, days, status in plan:
        measure = services.measure_add(
            actor=pc04, key_area=area, title=title, owner=owner, deadline=designated + days * day
        )
        if status != "planned":
            services.measure_set_status(
                actor=pc04,
                measure=measure,
                status=status,
                done_on=designated + (days - 5) * day if status == "done" else None,
            )
    services.evaluation_add(
        actor=pc04,
        key_area=area,
        evaluated_on=designated + 90 * day,
        result="improving",
        note="Giảm tụ tập ban đêm; còn mua bán nhỏ lẻ.",
    )
    return 1
