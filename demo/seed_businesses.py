"""Demo conditional businesses with inspections: in xa1's and xa2's communes and a few
others; some flagged (drugs found) and one linked to a demo hotspot, one closed, some never
inspected (due on "Việc cần làm"). Written through the services; re-runnable."""

import datetime

from django.db import transaction

from accounts.scoping import Access
from businesses import selectors, services
from businesses.models import BusinessEvent, Inspection

from .names import STREETS

NAMES = [
    ("karaoke", "Karaoke {w}"),
    ("bar", "Quán bar {w}"),
    ("hotel", "Khách sạn {w}"),
    ("guesthouse", "Nhà nghỉ {w}"),
    ("boarding_house", "Nhà trọ {w}"),
    ("massage", "Cơ sở massage {w}"),
    ("dance_hall", "Vũ trường {w}"),
]
WORDS = ["Hoa Hồng", "Sao Mai", "Bình Minh", "Phú Quý", "Thiên Đường", "Ngọc Lan", "Hòa Bình"]
OWNERS = ["Nguyễn Văn Phát", "Trần Thị Lộc", "Lê Minh Tài", "Phạm Thị Thu", "Võ Văn Hưng"]
TEAMS = ["Tổ kiểm tra liên ngành phường", "Công an phường và Phòng Văn hóa", "Đội PC04 phối hợp"]


@transaction.atomic
def purge(*, users) -> None:
    """Delete this app's demo rows (before the hotspots and people they point at)."""
    businesses = selectors.business_list(user=users["pc04"], access=Access.WRITE)
    Inspection.officers.through.objects.filter(inspection__business__in=businesses).delete()
    for model in (Inspection, BusinessEvent):
        model.objects.filter(business__in=businesses).delete()
    businesses.delete()


def seed(*, province, users, today, rng) -> int:
    from cases import selectors as case_selectors
    from hotspots import selectors as hotspot_selectors

    pc04 = users["pc04"]
    purge(users=users)
    day = datetime.timedelta(days=1)
    keep = {users["xa1"].scope_unit_id: users["xa1"], users["xa2"].scope_unit_id: users["xa2"]}
    communes = selectors.business_communes(user=pc04)
    plan = [(c, keep[c.pk], 7) for c in communes.filter(pk__in=keep)]
    plan += [(c, pc04, 3) for c in communes.exclude(pk__in=keep).order_by("code")[:5]]
    made = 0
    for commune, actor, count in plan:
        hotspot = hotspot_selectors.hotspot_list(user=actor).filter(commune=commune).first()
        cases = case_selectors.case_list(user=actor).filter(commune=commune)
        case = cases.order_by("-detected_on", "-id").first()
        for n in range(count):
            kind, pattern = NAMES[n % len(NAMES)]
            registered = today - day * rng.randint(250, 900)
            business = services.business_create(
                actor=actor,
                name=pattern.format(w=rng.choice(WORDS)),
                kind=kind,
                owner_name=rng.choice(OWNERS),
                owner_phone=f"09{rng.randint(10000000, 99999999)}",
                commune=commune,
                address=f"{rng.randint(1, 200)} đường {rng.choice(STREETS)}",
                licence_number=f"{rng.randint(10, 300)}/GCN-ANTT",
                licence_date=registered,
                registered_on=registered,
            )
            made += 1
            if n == count - 1 and count > 3:
                continue  # never inspected: overdue on the due list
            inspected = registered
            for _i in range(rng.randint(1, 3)):
                inspected = min(today, inspected + day * rng.randint(60, 200))
                drugs = n in (0, 3) and rng.random() < 0.7
                violations = ["drug_use"] if drugs else rng.choice([[], [], ["guest_register"]])
                services.inspection_create(
                    actor=actor,
                    business=business,
                    inspected_on=inspected,
                    team=rng.choice(TEAMS),
                    officers=[actor],
                    findings="Phát hiện người sử dụng ma túy trong phòng." if drugs else "",
                    drug_findings=drugs,
                    violations=violations,
                    penalty_measure="fine" if violations else "",
                    penalty_amount=rng.choice([5, 10, 20]) * 1_000_000 if violations else None,
                )
            business.refresh_from_db()
            if business.flagged and hotspot is not None and business.hotspot_id is None:
                services.business_link_hotspot(actor=actor, business=business, hotspot=hotspot)
            if business.flagged and case is not None:
                services.business_link_case(actor=actor, business=business, case=case)
            if n == 5:
                services.business_set_status(
                    actor=actor,
                    business=business,
                    status="closed",
                    occurred_on=max(business.status_on, today - day * 20),
                    document_number="12/QĐ-UBND",
                )
    return made
