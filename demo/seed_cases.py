"""Demo drug cases for the demo province: in xa1's and xa2's communes and a few others, at
every stage (suspended and transferred included), with suspects from the registry and
unidentified, seizures of every kind of drug, wanted people (some arrested or surrendered
since), rings with their leaders, and planting sites found, destroyed and re-planted. Written
through the services, as the commune police and PC04 would; re-runnable (the previous demo
rows are removed). Synthetic data only."""

import datetime

from django.db import transaction

from accounts.scoping import Access
from cases import selectors, services
from cases.models import CaseEvent, PlantingEvent, Seizure, Suspect, SuspectEvent
from registry import selectors as registry_selectors

from .names import STREETS

DAY = datetime.timedelta(days=1)
# (kinds, route, ring, steps after detection)
PROFILES = [
    (["possession"], "", "none", ()),
    (["dealing"], "road", "none", ("charge",)),
    (["dealing", "possession"], "road", "none", ("charge", "indict")),
    (["transport"], "courier", "inter_provincial", ("charge", "indict", "try")),
    (["dealing"], "road", "inter_provincial", ("charge", "indict", "try", "enforce")),
    (["organising"], "", "none", ("charge", "indict", "try")),
    (["harbouring"], "", "none", ("charge", "suspend")),
    (["transport"], "air", "cross_border", ("transfer",)),
    (["planting"], "", "none", ("charge", "indict", "try", "enforce")),
    (["dealing"], "water", "cross_border", ("charge",)),
    (["possession"], "courier", "none", ()),
    (["production"], "", "none", ("charge", "indict")),
]
SEIZURES = [
    ("heroin", "g", (0.5, 60)),
    ("heroin", "kg", (1, 3)),
    ("meth", "g", (1, 500)),
    ("meth", "tablets", (10, 2000)),
    ("tablets", "tablets", (5, 800)),
    ("cannabis", "g", (10, 900)),
    ("ketamine", "g", (1, 100)),
    ("laughing_gas", "pieces", (5, 200)),
    ("e_cigarettes", "pieces", (3, 60)),
    ("plants", "plants", (20, 400)),
]
DESCRIPTIONS = [
    "Bắt quả tang đối tượng đang mua bán trái phép chất ma túy tại khu vực hẻm {n}.",
    "Kiểm tra hành chính phát hiện đối tượng cất giấu ma túy trong người.",
    "Phát hiện bưu phẩm gửi qua dịch vụ chuyển phát nhanh có chứa ma túy tổng hợp.",
    "Triệt phá nhóm tổ chức sử dụng trái phép chất ma túy tại quán karaoke.",
]
UNIDENTIFIED = [
    ("", "Nam, khoảng 30 tuổi, biệt danh “Tèo Sẹo”, đi xe Wave đỏ"),
    ("Lê Văn Tám", "Quê tỉnh khác, tạm trú không đăng ký"),
    ("", "Nữ, khoảng 45 tuổi, bán hàng rong đầu chợ"),
]
OUTCOMES = [
    "Tuyên phạt 7 năm tù về tội mua bán trái phép chất ma túy",
    "Tuyên phạt 3 năm tù về tội tàng trữ trái phép chất ma túy",
    "Tuyên phạt 12 năm tù; tịch thu tang vật",
]


def _purge(pc04) -> None:
    cases = selectors.case_list(user=pc04, access=Access.WRITE)
    SuspectEvent.objects.filter(suspect__case__in=cases).delete()
    for model in (Suspect, Seizure, CaseEvent):
        model.objects.filter(case__in=cases).delete()
    cases.delete()
    sites = selectors.planting_list(user=pc04, access=Access.WRITE)
    PlantingEvent.objects.filter(site__in=sites).delete()
    sites.delete()


def _steps(actor, case, steps, *, today, rng) -> None:
    if not steps:
        return
    span = (today - case.detected_on).days
    gap = max(1, min(60, span // (len(steps) + 1)))
    day = case.detected_on
    for step in steps:
        day = min(today, day + gap * DAY)
        extra = {}
        if step == "try":
            extra["outcome"] = rng.choice(OUTCOMES)
        if step == "suspend":
            extra["reason"] = "Chưa xác định được bị can (Điều 229 BLTTHS)"
        if step == "transfer":
            extra["reason"] = "Chuyển Cơ quan CSĐT Công an tỉnh nơi phát hiện bưu phẩm"
        services.case_transition(
            actor=actor,
            case=case,
            step=step,
            occurred_on=day,
            document_number=f"{rng.randint(1, 300)}/QĐ",
            **extra,
        )


def _suspects(actor, case, people, *, today, rng, n) -> None:
    if people:
        person = people.pop(0)
        suspect = services.suspect_add(
            actor=actor,
            case=case,
            person=person,
            role=rng.choice(["dealer", "transporter", "user"]),
            is_ring_leader=case.ring != "none",
        )
        services.suspect_record_event(
            actor=actor, suspect=suspect, kind="arrest", occurred_on=case.detected_on
        )
    name, description = UNIDENTIFIED[n % len(UNIDENTIFIED)]
    if rng.random() < 0.6 or n % 4 == 1:
        suspect = services.suspect_add(
            actor=actor, case=case, full_name=name, description=description, role="dealer"
        )
        wanted_on = min(today, case.detected_on + 15 * DAY)
        services.suspect_record_event(
            actor=actor,
            suspect=suspect,
            kind="wanted",
            occurred_on=wanted_on,
            document_number=f"{rng.randint(1, 90)}/QĐ-TNĐT",
        )
        if n % 4 == 2 and wanted_on + 20 * DAY <= today:
            services.suspect_record_event(
                actor=actor,
                suspect=suspect,
                kind=rng.choice(["arrest", "surrender"]),
                occurred_on=wanted_on + 20 * DAY,
            )


@transaction.atomic
def seed(*, province, users, today, rng) -> int:
    pc04 = users["pc04"]
    _purge(pc04)
    communes = selectors.case_communes(user=pc04)
    keep = {users["xa1"].scope_unit_id: users["xa1"], users["xa2"].scope_unit_id: users["xa2"]}
    plan = [(c, keep[c.pk], PROFILES) for c in communes.filter(pk__in=keep)]
    others = list(communes.exclude(pk__in=keep).order_by("code")[:6])
    plan += [(c, pc04, rng.sample(PROFILES, 4)) for c in others]
    made = 0
    for commune, actor, profiles in plan:
        people = list(
            registry_selectors.person_list(user=actor)
            .filter(residence_unit=commune)
            .order_by("id")[10:20]
        )
        hotspots = list(selectors.case_hotspots(user=actor).filter(commune=commune)[:3])
        # Last year's cases too: the yearly targets compare with the same days of last year.
        for n, (kinds, route, ring, steps) in enumerate(profiles, 1):
            detected = today - rng.randint(20 + 40 * len(steps), 60 + 80 * len(steps)) * DAY
            case = services.case_create(
                actor=actor,
                number=f"{n:02d}/{'HS' if steps else 'VV'}",
                commune=commune,
                detected_on=detected,
                kinds=kinds,
                route=route,
                route_verified=route in ("air", "courier") and n % 3 != 1,
                ring=ring,
                is_model_trial=n == 5,
                hotspot=hotspots[n % len(hotspots)] if hotspots and n % 3 == 0 else None,
                description=rng.choice(DESCRIPTIONS).format(n=rng.randint(1, 120)),
            )
            _steps(actor, case, steps, today=today, rng=rng)
            _suspects(actor, case, people, today=today, rng=rng, n=n)
            for drug, unit, (low, high) in rng.sample(SEIZURES, rng.randint(1, 3)):
                quantity = round(rng.uniform(low, high), 1 if unit in ("g", "kg") else 0)
                services.seizure_add(
                    actor=actor,
                    case=case,
                    drug_type=drug,
                    quantity=str(quantity),
                    unit=unit,
                    seized_on=case.detected_on,
                )
            made += 1
        for n in range(3):
            site = services.planting_create(
                actor=actor,
                commune=commune,
                location=f"Vườn sau nhà, hẻm {rng.randint(1, 90)}, đường {rng.choice(STREETS)}",
                plant=rng.choice(["Cần sa", "Cây thuốc phiện", "Cây cô ca"]),
                area_m2=rng.choice([None, 40, 120, 300]),
                plant_count=rng.randint(15, 600),
                found_on=today - rng.randint(60, 300) * DAY,
            )
            if n >= 1:
                destroyed = site.found_on + 2 * DAY
                services.planting_step(
                    actor=actor, site=site, step="destroyed", occurred_on=destroyed
                )
                if n == 2 and destroyed + 40 * DAY <= today:
                    services.planting_step(
                        actor=actor,
                        site=site,
                        step="replanted",
                        occurred_on=destroyed + 40 * DAY,
                        plant_count=rng.randint(10, 80),
                    )
    return made


def purge(*, users) -> None:
    """Delete this app's demo rows (seed_demo calls it before it deletes the demo people and
    the demo hotspots, which the cases point at)."""
    _purge(users["pc04"])
