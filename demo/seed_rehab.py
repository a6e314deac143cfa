"""Demo rehab data for the demo province: the facilities each sector keeps and their published
lists, Health's addiction determinations for people of xa1's and xa2's communes, and rehab
placements registered by the commune police (one ending within 30 days, one quit from
voluntary rehab that asks for a compulsory-rehab dossier, one compulsory at the public
facility), and compulsory-rehab dossiers at every stage (some overdue, some flagged at high
risk of offending); then post-rehab follow-up, voluntary-rehab registrations, services reached
and education at commune. Made through the services, as users would. Re-runnable: the
previous demo rows (numbers starting with "DEMO", and the follow-up rows of the demo people)
are deleted first."""

import datetime

from accounts.scoping import Access
from registry import selectors as registry_selectors
from registry.choices import Category, TaskKind
from registry.services.work import task_raise
from rehab import selectors, services
from rehab.models import Facility, FacilityListPublication
from rehab.services_determinations import determination_record
from rehab.services_dossiers import dossier_compile, dossier_stage
from rehab.services_placements import placement_admit, placement_end, placement_open

PREFIX = "DEMO"
CRITERIA = ("craving", "loss_of_control", "withdrawal", "tolerance", "neglect", "harm")


def _purge(pc04) -> None:
    selectors.dossier_list(user=pc04, access=Access.WRITE).filter(
        grounds__startswith=PREFIX
    ).delete()
    selectors.placement_list(user=pc04, access=Access.WRITE).filter(
        decision_number__startswith=PREFIX
    ).delete()
    selectors.determination_list(user=pc04).filter(number__startswith=PREFIX).delete()
    FacilityListPublication.objects.filter(number__startswith=PREFIX).delete()
    Facility.objects.filter(licence_number__startswith=PREFIX).delete()


def _facilities(province, users, today):
    yte, pc04 = users["yte"], users["pc04"]
    xa1_unit, xa2_unit = users["xa1"].scope_unit, users["xa2"].scope_unit
    licence = datetime.date(2023, 6, 1)
    made = {}
    plan = [
        (yte, "determination", "Trung tâm Y tế khu vực Ninh Kiều", xa1_unit, 0, ["determination"]),
        (yte, "health_station", f"Trạm Y tế {xa1_unit.name}", xa1_unit, 0, ["determination"]),
        (yte, "health_station", f"Trạm Y tế {xa2_unit.name}", xa2_unit, 0, ["determination"]),
        (
            yte,
            "substitution",
            "Cơ sở điều trị Methadone Cần Thơ",
            xa2_unit,
            300,
            ["substitution"],
        ),
        (
            yte,
            "psychiatric",
            "Bệnh viện Tâm thần thành phố",
            province,
            250,
            ["psychosis", "determination"],
        ),
        (
            pc04,
            "public_rehab",
            "Cơ sở cai nghiện ma túy thành phố",
            province,
            800,
            ["voluntary_rehab", "compulsory_adult", "compulsory_minor", "determination"],
        ),
        (
            pc04,
            "private_rehab",
            "Cơ sở cai nghiện tư nhân Hồi Sinh",
            xa2_unit,
            60,
            ["voluntary_rehab"],
        ),
        (
            pc04,
            "community",
            f"Tổ cai nghiện cộng đồng {xa1_unit.name}",
            xa1_unit,
            30,
            ["community_rehab"],
        ),
    ]
    # The public facility's officers (demo login `cscn`) manage its learners.
    officer = users.get("cscn")
    for number, (actor, kind, name, unit, capacity, measures) in enumerate(plan, 1):
        extra = {"agency": officer.agency} if kind == "public_rehab" and officer else {}
        made[kind if kind not in made else f"{kind}_{number}"] = services.facility_create(
            actor=actor,
            kind=kind,
            name=name,
            unit=unit,
            address="",
            licence_number=f"{PREFIX}-{number:02d}/GP",
            licence_date=licence,
            capacity=capacity or None,
            measures=measures,
            **extra,
        )
    published = today - datetime.timedelta(days=20)
    services.facility_list_publish(
        actor=yte,
        facility_list="determination",
        number=f"{PREFIX}-45/TB-SYT",
        published_on=published,
    )
    services.facility_list_publish(
        actor=pc04,
        facility_list="public_rehab",
        number=f"{PREFIX}-12/TB-CAT",
        published_on=published,
    )
    services.facility_list_publish(
        actor=pc04, facility_list="community", number=f"{PREFIX}-13/TB-CAT", published_on=published
    )
    return made


def _people(user, count):
    people = registry_selectors.person_list(user=user, access=Access.WRITE).filter(
        category__in=[Category.ILLICIT_USER, Category.SUSPECTED_ADDICTION, Category.ADDICTED],
        rehab_placements__isnull=True,
        date_of_birth__isnull=False,
    )
    return [p for p in people.order_by("pk")[: count * 3] if p.birth_year <= 2000][:count]


def _determine(users, person, facility, on, rng, n):
    task_raise(
        person=person,
        kind=TaskKind.DETERMINATION_REQUIRED,
        title="Xác định tình trạng nghiện ma túy",
        due_on=on,
    )
    met = rng.sample(CRITERIA, rng.choice([3, 4, 5]))
    return determination_record(
        actor=users["yte"],
        person=person,
        facility=facility,
        number=f"{PREFIX}-{n:03d}/PKQ",
        determined_on=on,
        physician_name=rng.choice(["BS. Trần Thị Thu", "BS. Lê Minh Khoa", "BS. Phạm Hữu Tài"]),
        physician_certificate=f"00{rng.randint(1000, 9999)}/CCHN",
        certificate_valid_from=datetime.date(2021, 1, 1),
        observed_from=on - datetime.timedelta(days=rng.randint(35, 90)),
        observed_to=on,
        degree=rng.choice(["mild", "moderate", "severe"]),
        **dict.fromkeys(met, True),
    )


def seed(*, province, users, today, rng) -> int:
    """Returns the number of placements made."""
    pc04, xa1, xa2 = users["pc04"], users["xa1"], users["xa2"]
    _purge(pc04)
    facilities = _facilities(province, users, today)
    station = facilities["health_station"]
    centre = facilities["public_rehab"]
    community = facilities["community"]
    made = 0
    n = 0
    _followup_purge(users=users)
    for officer in (xa1, xa2):
        people = _people(officer, 13)
        if len(people) < 9:
            continue
        people, more, extra = people[:4], people[4:9], people[9:]
        for person in people:
            n += 1
            first_test = selectors.person_first_test_on(person=person)
            on = today - datetime.timedelta(days=200)
            on = max(on, first_test) if first_test else on
            _determine(users, person, station, min(on, today), rng, n)
        first, second, third, fourth = people
        # Voluntary rehab in the community, ending within 30 days (Law 73: 6 months).
        start = today - datetime.timedelta(days=170)
        placement_open(
            actor=officer,
            person=first,
            form="voluntary_community",
            facility=community if officer == xa1 else None,
            start_on=start,
            decision_number=f"{PREFIX}-{n}01/QĐ-UBND",
            decision_date=start,
            decision_body=f"Chủ tịch UBND {officer.scope_unit.name}",
        )
        # Voluntary rehab at home, quit after a few weeks: a compulsory dossier is due.
        start = today - datetime.timedelta(days=60)
        quit_ = placement_open(
            actor=officer,
            person=second,
            form="voluntary_home",
            start_on=start,
            decision_number=f"{PREFIX}-{n}02/QĐ-UBND",
            decision_date=start,
            decision_body=f"Chủ tịch UBND {officer.scope_unit.name}",
        )
        placement_end(
            actor=officer,
            placement=quit_,
            ended_on=today - datetime.timedelta(days=3),
            outcome="quit",
            end_note="Tự ý bỏ cai nghiện quá 02 ngày làm việc.",
        )
        # Compulsory rehab at the public facility, decided by the regional court; the
        # facility admitted the learner two days after the start.
        start = today - datetime.timedelta(days=300)
        compulsory = placement_open(
            actor=officer,
            person=third,
            form="compulsory_adult",
            facility=centre,
            start_on=start,
            decision_number=f"{PREFIX}-{n}03/QĐ-TA",
            decision_date=start - datetime.timedelta(days=7),
            decision_body="Tòa án nhân dân khu vực 1 – Cần Thơ",
        )
        # Voluntary rehab at the public facility under Law 120 (24 months the first time).
        start = max(datetime.date(2026, 7, 1), today - datetime.timedelta(days=90))
        placement_open(
            actor=officer,
            person=fourth,
            form="voluntary_public",
            facility=centre,
            start_on=min(start, today),
            decision_number=f"{PREFIX}-{n}04/QĐ-UBND",
            decision_date=min(start, today),
            decision_body=f"Chủ tịch UBND {officer.scope_unit.name}",
        )
        if users.get("cscn") is not None:
            placement_admit(
                actor=users["cscn"],
                placement=compulsory,
                admitted_on=compulsory.start_on + datetime.timedelta(days=2),
            )
        made += 4
        made += _dossiers(officer, second, more, centre, today, n, rng)
        made += _followup_seed(
            officer=officer,
            people=extra,
            community=community if officer == xa1 else None,
            today=today,
            rng=rng,
            relapse=officer == xa2,
        )
    return made


def _dossiers(officer, quitter, people, centre, today, n, rng) -> int:
    """Dossiers at every stage: the quitter's just compiled (its task closes); one open for
    reading past its submission deadline; one submitted with the court's questions answered;
    one decided and not yet enforced (overdue); one enforced (its placement opens); one
    withdrawn. Returns the placements made."""
    day = datetime.timedelta(days=1)
    court = "Tòa án nhân dân khu vực 1 – Cần Thơ"

    def compile_(person, ago, high_risk=False):
        on = today - ago * day
        return dossier_compile(
            actor=officer,
            person=person,
            last_violation_on=on - rng.randint(1, 20) * day,
            compiled_on=on,
            grounds=f"{PREFIX}: "
            + rng.choice(
                [
                    "Tự ý chấm dứt cai nghiện tự nguyện.",
                    "Sử dụng ma túy trong thời gian cai nghiện tự nguyện.",
                    "Nghiện lại trong thời gian quản lý sau cai nghiện.",
                ]
            ),
            document_number=f"{n}{ago:02d}/BB-CAX",
            high_risk=high_risk,
        )

    def stage(dossier, name, ago, **kw):
        return dossier_stage(
            actor=officer, dossier=dossier, stage=name, occurred_on=today - ago * day, **kw
        )

    compile_(quitter, 1, high_risk=True)
    reading, submitted, decided, enforced, withdrawn = people
    d = compile_(withdrawn, 40)
    stage(d, "open_for_reading", 39)
    stage(d, "withdrawn", 37, reason="Đang mang thai: được hoãn chấp hành (Điều 34).")
    d = compile_(reading, 12)
    stage(d, "open_for_reading", 11)
    d = compile_(submitted, 25, high_risk=True)
    stage(d, "open_for_reading", 24)
    d = stage(d, "submitted", 19, document_number=f"{n}19/CV-CAX")
    stage(d, "court_questions", 14, asked_on=today - 16 * day, document_number=f"{n}14/CV-CAX")
    for person, ago, enforce in ((decided, 30, False), (enforced, 45, True)):
        d = compile_(person, ago, high_risk=enforce)
        stage(d, "open_for_reading", ago - 1)
        stage(d, "submitted", ago - 6, document_number=f"{n}{ago}/CV-CAX")
        d = stage(
            d,
            "decided",
            ago - 20,
            decision_number=f"{PREFIX}-{n}{ago}/QĐ-TA",
            decision_date=today - (ago - 20) * day,
            court=court,
            months=24,
        )
        if enforce:
            stage(d, "enforced", ago - 21, facility=centre)
    return 1


def purge(*, users) -> None:
    """Delete this app's demo rows (seed_demo calls it before it deletes the demo people)."""
    _followup_purge(users=users)
    _purge(users["pc04"])


# ---- Post-rehab follow-up, registrations, services reached, education at commune ---------


def _followup_purge(*, users) -> None:
    """The follow-up rows of the demo people (they go before the people and their periods)."""
    from rehab.models import (
        EducationMeasure,
        PostRehabCertificate,
        PostRehabRelapse,
        PostRehabSupport,
        ServiceReached,
        VoluntaryRegistration,
    )

    pc04 = users["pc04"]
    demo = registry_selectors.person_list(user=pc04).filter(
        created_by__in=[u for u in users.values() if u is not None]
    )
    for model in (
        PostRehabCertificate,
        PostRehabRelapse,
        PostRehabSupport,
        ServiceReached,
        VoluntaryRegistration,
        EducationMeasure,
    ):
        selector = {
            PostRehabCertificate: selectors.certificate_list,
            PostRehabRelapse: selectors.relapse_list,
            PostRehabSupport: selectors.support_list,
            ServiceReached: selectors.service_list,
            VoluntaryRegistration: selectors.registration_list,
            EducationMeasure: selectors.education_list,
        }[model]
        rows = selector(user=pc04, access=Access.WRITE).filter(person__in=demo)
        if model is EducationMeasure:
            for measure in rows:
                measure.events.all().delete()
        rows.delete()
    # The post-rehab periods that completing the demo placements opened.
    from registry.choices import PeriodKind

    registry_selectors.period_list(user=pc04, access=Access.WRITE).filter(
        kind=PeriodKind.POST_REHAB, decision_number__startswith=PREFIX
    ).delete()


def _completed(officer, person, *, start, form, facility, n):
    """A placement started on `start` and completed on its planned end: post-rehab
    management opens the next day. Returns the post-rehab period."""
    placement = placement_open(
        actor=officer,
        person=person,
        form=form,
        facility=facility,
        start_on=start,
        decision_number=f"{PREFIX}-{n}/QĐ-UBND",
        decision_date=start,
        decision_body=f"Chủ tịch UBND {officer.scope_unit.name}",
    )
    placement_end(
        actor=officer,
        placement=placement,
        ended_on=placement.planned_end_on,
        outcome="completed",
        certificate_number=f"{PREFIX}-{n}/GCN",
    )
    from registry.choices import PeriodKind

    return (
        registry_selectors.person_periods(user=officer, person=person)
        .filter(kind=PeriodKind.POST_REHAB)
        .first()
    )


def _followup_seed(*, officer, people, community, today, rng, relapse) -> int:
    """For the extra people of a commune: post-rehab periods with support given (one certified
    complete, one with a relapse in xa2's commune), a voluntary-rehab registration under Law
    120 (it asks for a determination), education at commune (one under way, one completed
    with a positive test within the following year), and services reached for about half of
    the commune's managed people. Returns the placements made."""
    from registry.services.checks import drug_test_record
    from rehab.services_education import education_compile, education_decide, education_end
    from rehab.services_followup import (
        post_rehab_certificate_issue,
        post_rehab_relapse_record,
        post_rehab_support_record,
    )
    from rehab.services_reach import service_reached_record, voluntary_registration_record

    day = datetime.timedelta(days=1)
    made = 0
    body = f"UBND {officer.scope_unit.name}"
    if len(people) >= 2:
        # Completed community rehab 7 months ago: post-rehab until next year, with support.
        period = _completed(
            officer,
            people[0],
            start=today - 400 * day,
            form="voluntary_community" if community else "voluntary_home",
            facility=community,
            n=f"{officer.scope_unit.code}91",
        )
        for kind, ago, given_by in (
            ("job", 150, "Phòng Văn hóa – Xã hội: giới thiệu việc làm"),
            ("counselling", 90, "Tổ công tác xã hội " + officer.scope_unit.name),
            ("loan", 30, "Ngân hàng Chính sách xã hội"),
        ):
            post_rehab_support_record(
                actor=officer,
                period=period,
                kind=kind,
                given_on=max(period.start_on, today - ago * day),
                given_by=given_by,
            )
        made += 1
        # Completed earlier: post-rehab ended last month, certified complete (or, in the
        # second commune, a relapse during it asks for a compulsory-rehab dossier).
        period = _completed(
            officer,
            people[1],
            start=today - 600 * day,
            form="voluntary_home",
            facility=None,
            n=f"{officer.scope_unit.code}92",
        )
        post_rehab_support_record(
            actor=officer,
            period=period,
            kind="study",
            given_on=period.start_on + 40 * day,
            given_by="Trường Trung cấp nghề thành phố",
        )
        if relapse:
            post_rehab_relapse_record(
                actor=officer,
                period=period,
                occurred_on=min(today, period.start_on + 200 * day),
                basis="positive_test",
                note="Test nhanh dương tính với ma túy tổng hợp.",
            )
        elif period.current_end <= today:
            post_rehab_certificate_issue(
                actor=officer,
                period=period,
                number=f"{PREFIX}-{officer.scope_unit.code}/GCN-HT",
                issued_on=period.current_end,
                signer_name=rng.choice(["Nguyễn Văn Hùng", "Trần Minh Tâm"]),
            )
        made += 1
    if len(people) >= 3:
        # Registered for voluntary rehab at home this week (Law 120: a determination is due).
        voluntary_registration_record(
            actor=officer,
            person=people[2],
            registered_on=today - 2 * day,
            form="voluntary_home",
            place="Tại gia đình, " + officer.scope_unit.name,
        )
    if len(people) >= 4:
        # Education at commune: one completed last spring, then a positive test.
        measure = education_compile(
            actor=officer,
            person=people[3],
            compiled_on=today - 330 * day,
            grounds="Sử dụng trái phép chất ma túy; có nơi cư trú ổn định.",
            dossier_number=f"{PREFIX}-{officer.scope_unit.code}/HS-GDX",
        )
        measure = education_decide(
            actor=officer,
            measure=measure,
            decision_number=f"{PREFIX}-{officer.scope_unit.code}/QĐ-GDX",
            decision_date=today - 320 * day,
            decision_body=f"Chủ tịch {body}",
        )
        education_end(
            actor=officer, measure=measure, ended_on=measure.planned_end_on, status="completed"
        )
        drug_test_record(
            actor=officer,
            person=people[3],
            tested_on=today - 5 * day,
            method="quick",
            sample="urine",
            substances_tested=["methamphetamine", "opiates"],
            result="positive",
            substances_positive=["methamphetamine"],
        )
    # One under way (a user of the commune the other rows leave alone).
    learner = (
        registry_selectors.person_list(user=officer, access=Access.WRITE)
        .filter(category=Category.ILLICIT_USER, education_measures__isnull=True)
        .exclude(pk__in=[p.pk for p in people])
        .order_by("-pk")
        .first()
    )
    if learner is not None:
        measure = education_compile(
            actor=officer,
            person=learner,
            compiled_on=today - 40 * day,
            grounds="Sử dụng trái phép chất ma túy lần đầu.",
        )
        education_decide(
            actor=officer,
            measure=measure,
            decision_number=f"{PREFIX}-{officer.scope_unit.code}/QĐ-GDX2",
            decision_date=today - 35 * day,
            decision_body=f"Chủ tịch {body}",
        )
    # Services reached by about half of the commune's managed people.
    managed = registry_selectors.person_list(user=officer, access=Access.WRITE).filter(
        category__in=[Category.ILLICIT_USER, Category.ADDICTED, Category.POST_REHAB]
    )
    providers = {
        "counselling": f"Trạm Y tế {officer.scope_unit.name}",
        "treatment": "Bệnh viện Tâm thần thành phố",
        "rehab": "Cơ sở cai nghiện ma túy thành phố",
        "reintegration": f"Hội Liên hiệp Phụ nữ {officer.scope_unit.name}",
    }
    for person in managed.order_by("pk"):
        if rng.random() < 0.5:
            kind = rng.choice(list(providers))
            registered = registry_selectors.person_registered_on(person=person) or today
            service_reached_record(
                actor=officer,
                person=person,
                kind=kind,
                reached_on=max(registered, today - rng.randint(5, 300) * day),
                provider=providers[kind],
            )
    return made
