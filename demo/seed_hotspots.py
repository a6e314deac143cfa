"""Demo hotspots for the demo province: in xa1's and xa2's communes and a few others, in every
lifecycle state, some re-emerged, some with watch checks overdue. Written through the services,
as the commune police and PC04 would; re-runnable (the previous demo hotspots are removed)."""

import datetime

from django.db import transaction

from accounts.scoping import Access
from hotspots import selectors, services
from hotspots.choices import HotspotStep as S
from hotspots.models import HotspotCheck, HotspotEvent, HotspotPerson
from registry import selectors as registry_selectors

from .names import STREETS

PLACES = [
    "Bãi đất trống cuối hẻm {n}",
    "Quán cà phê võng hẻm {n}",
    "Dãy nhà trọ số {n}",
    "Gầm cầu bờ kè khu vực {n}",
    "Quán karaoke khu vực {n}",
    "Khu nhà hoang tổ {n}",
    "Bến ghe khu vực {n}",
    "Vườn tạp ấp {n}",
]
DESCRIPTIONS = [
    "Nhóm thanh niên tụ tập sử dụng trái phép chất ma túy vào ban đêm.",
    "Người dân phản ánh có mua bán ma túy nhỏ lẻ, nhiều người lạ ra vào.",
    "Phát hiện bơm kim tiêm, giấy bạc đã qua sử dụng.",
    "Chủ cơ sở để người khác sử dụng ma túy trong phòng kín.",
]
UNIDENTIFIED = [
    "Nam, khoảng 25–30 tuổi, xăm hình rồng ở tay trái, đi xe máy Exciter đen",
    "Nữ, khoảng 40 tuổi, thường gọi là “chị Tư”, bán nước đầu hẻm",
    "Nam, khoảng 35 tuổi, dáng gầy, hay mặc áo khoác xám",
]
# Lifecycle profiles: (steps after detection, days from detection to the first step).
CLEARED = (S.VERIFY, S.ACT, S.CLEAR)
PROFILES = [
    ("detected", ()),
    ("verified", (S.VERIFY,)),
    ("under_action", (S.VERIFY, S.ACT)),
    ("cleared", CLEARED),
    ("cleared_old", CLEARED),  # watch check overdue
    ("neutralised", (S.VERIFY, S.ACT, S.NEUTRALISE)),
    ("watched", (*CLEARED, S.WATCH)),
    ("closed", (*CLEARED, S.WATCH, S.CLOSE)),
    ("re_emerged", (*CLEARED, S.RE_EMERGE)),
    ("re_emerged_twice", (*CLEARED, S.RE_EMERGE, S.ACT, S.CLEAR, S.RE_EMERGE)),
    ("re_emerged_acted", (*CLEARED, S.WATCH, S.RE_EMERGE, S.ACT)),
]
# Days of history each profile spans (the first step comes this long before today).
SPAN = {"closed": 520, "re_emerged_twice": 300, "re_emerged_acted": 250, "cleared_old": 120}


def _purge(pc04) -> None:
    hotspots = selectors.hotspot_list(user=pc04, access=Access.WRITE)
    for model in (HotspotPerson, HotspotCheck, HotspotEvent):
        model.objects.filter(hotspot__in=hotspots).delete()
    hotspots.delete()


def _walk(actor, hotspot, steps, *, start: datetime.date, today: datetime.date, rng) -> None:
    """The steps in order, from `start`, spaced so that they end before today."""
    if not steps:
        return
    gap = max(1, min(45, (today - start).days // (len(steps) + 1)))
    day = start
    for step in steps:
        if step == S.CLOSE:
            day = max(day, hotspot.watch_until or day)
        doc = {}
        if step in (S.CLEAR, S.NEUTRALISE) or rng.random() < 0.4:
            doc = {
                "document_number": f"{rng.randint(10, 250)}/QĐ-{rng.choice(['CAX', 'UBND'])}",
                "document_date": day,
            }
        services.hotspot_transition(
            actor=actor, hotspot=hotspot, step=step, occurred_on=min(day, today), **doc
        )
        hotspot.refresh_from_db()
        day += datetime.timedelta(days=gap + rng.randint(0, 5))


@transaction.atomic
def seed(*, province, users, today, rng) -> int:
    pc04 = users["pc04"]
    _purge(pc04)
    communes = selectors.hotspot_communes(user=pc04).filter(latitude__isnull=False)
    keep = {users["xa1"].scope_unit_id: users["xa1"], users["xa2"].scope_unit_id: users["xa2"]}
    others = [c for c in communes.exclude(pk__in=keep).order_by("code")[:8]]
    plan = [(c, keep[c.pk], PROFILES) for c in communes.filter(pk__in=keep)]
    plan += [(c, pc04, rng.sample(PROFILES, 4)) for c in others]
    made = 0
    for commune, actor, profiles in plan:
        people = list(registry_selectors.person_list(user=actor).filter(residence_unit=commune)[:6])
        for n, (profile, steps) in enumerate(profiles, 1):
            span = SPAN.get(profile, rng.randint(40, 100))
            detected = today - datetime.timedelta(days=span + rng.randint(5, 30))
            hotspot = services.hotspot_create(
                actor=actor,
                name=rng.choice(PLACES).format(n=n),
                kind=rng.choice(["point", "point", "hotspot", "risk_point"]),
                is_hot=rng.random() < 0.3,
                activities=rng.sample(
                    ["use", "harbouring", "dealing", "production"], rng.randint(1, 2)
                ),
                commune=commune,
                address=f"Hẻm {rng.randint(1, 120)}, đường {rng.choice(STREETS)}",
                latitude=round(commune.latitude + rng.uniform(-0.012, 0.012), 6),
                longitude=round(commune.longitude + rng.uniform(-0.012, 0.012), 6),
                description=rng.choice(DESCRIPTIONS),
                responsible_officer=actor,
                detected_on=detected,
            )
            start = today - datetime.timedelta(days=span)
            _walk(actor, hotspot, steps, start=start, today=today, rng=rng)
            if profile == "cleared" and hotspot.last_checked_on:
                check_on = min(today, hotspot.last_checked_on + datetime.timedelta(days=20))
                services.hotspot_check(
                    actor=actor, hotspot=hotspot, checked_on=check_on, finding="quiet"
                )
            if people and rng.random() < 0.6:
                services.hotspot_link_person(
                    actor=actor, hotspot=hotspot, person=rng.choice(people), role="user"
                )
            if rng.random() < 0.5:
                services.hotspot_link_person(
                    actor=actor,
                    hotspot=hotspot,
                    description=rng.choice(UNIDENTIFIED),
                    role=rng.choice(["dealer", "harbourer", "owner"]),
                )
            made += 1
    return made


def purge(*, users) -> None:
    """Delete this app's demo rows (seed_demo calls it before it deletes the demo people)."""
    _purge(users["pc04"])
