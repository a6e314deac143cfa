"""The synthetic demo province: Cần Thơ (code 92) with its agencies, the demo logins and a few
hundred people. Deterministic; written through the services, as users would write it.

`--scale N` instead adds N people in bulk (the same rows the services write), for benchmarks.
"""

import datetime
import random

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from accounts.choices import AgencyKind, Role, Sector
from accounts.models import Agency, User
from areas.choices import Era, Level
from areas.models import AdminUnit
from demo import names
from demo.models import DemoSeed
from demo.scale import scale_people
from registry import services as registry_services
from registry.choices import (
    Category,
    ContactKind,
    DrugTestMethod,
    DrugTestResult,
    DrugTestSample,
    EventKind,
    PeriodKind,
    PostRehabBasis,
    Substance,
    TaskKind,
)
from registry.models import Person

SEED_VERSION = "2026-12-06.4"
PASSWORD = "demo12345"  # noqa: S105 - demo only, printed by `make run`
PROVINCE = "92"
COMMUNE_1 = "31135"  # Phường Ninh Kiều
COMMUNE_2 = "31120"  # Phường Cái Khế
PEOPLE = {COMMUNE_1: 60, COMMUNE_2: 50}
OTHER_COMMUNES = 18
PEOPLE_PER_OTHER = 10

DEMO_USERS = [
    # username, role, scope ("province" or commune code), agency key, full name, position
    ("admin", Role.ADMIN, "province", "committee", "Quản Trị Viên", "Quản trị hệ thống"),
    ("pc04", Role.PROVINCIAL_POLICE, "province", "pc04", "Trần Minh Khoa", "Cán bộ PC04"),
    ("xa1", Role.COMMUNE_OFFICER, COMMUNE_1, "police:" + COMMUNE_1, "Lê Văn Hòa", "Công an phường"),
    (
        "xa2",
        Role.COMMUNE_OFFICER,
        COMMUNE_2,
        "police:" + COMMUNE_2,
        "Phạm Thị Thu",
        "Công an phường",
    ),
    ("yte", Role.DEPARTMENT, "province", "health", "Võ Ngọc Mai", "Chuyên viên Sở Y tế"),
    ("bcd", Role.READER, "province", "steering", "Đặng Quốc Bảo", "Thành viên Ban Chỉ đạo"),
    (
        "cscn",
        Role.FACILITY_OFFICER,
        "province",
        "rehab_facility",
        "Ngô Thanh Tâm",
        "Cán bộ quản lý học viên",
    ),
]
CATEGORY_WEIGHTS = [
    (Category.ILLICIT_USER, 35),
    (Category.ADDICTED, 30),
    (Category.POST_REHAB, 15),
    (Category.SUSPECTED_USE, 12),
    (Category.SUSPECTED_ADDICTION, 8),
]
DEPARTMENTS = [
    ("Sở Y tế", Sector.HEALTH, "SYT", "health"),
    ("Sở Nội vụ", Sector.HOME_AFFAIRS, "SNV", "home"),
    ("Sở Giáo dục và Đào tạo", Sector.EDUCATION, "SGDĐT", "education"),
    ("Sở Công Thương", Sector.INDUSTRY_TRADE, "SCT", "industry"),
    ("Sở Nông nghiệp và Môi trường", Sector.AGRICULTURE, "SNNMT", "agriculture"),
    ("Sở Văn hóa, Thể thao và Du lịch", Sector.CULTURE, "SVHTTDL", "culture"),
    ("Sở Tư pháp", Sector.JUSTICE, "STP", "justice"),
]
ORGANISATIONS = [
    ("Ủy ban Mặt trận Tổ quốc Việt Nam thành phố", Sector.FATHERLAND_FRONT, "MTTQ"),
    ("Thành đoàn Cần Thơ", Sector.YOUTH_UNION, "TĐ"),
    ("Hội Liên hiệp Phụ nữ thành phố", Sector.WOMENS_UNION, "HLHPN"),
    ("Liên đoàn Lao động thành phố", Sector.LABOUR_FEDERATION, "LĐLĐ"),
]


def _delete_people(ids: list[int]) -> None:
    """Remove demo people with everything recorded about them (demo re-seed only): the
    records that point to a person are found from the model, so new ones are covered."""
    relations = [r for r in Person._meta.related_objects if r.related_model is not Person]
    for relation in relations:
        model = relation.related_model
        rows = model._base_manager.filter(**{f"{relation.field.name}__in": ids})
        for field in model._meta.fields:  # links between rows of the same model
            if field.is_relation and field.related_model is model and field.null:
                rows.update(**{field.name: None})
    pending = relations
    for _ in range(len(relations) + 1):
        left = []
        for relation in pending:
            rows = relation.related_model._base_manager.filter(
                **{f"{relation.field.name}__in": ids}
            )
            try:
                with transaction.atomic():
                    rows.delete()
            except ProtectedError:
                left.append(relation)  # referenced by another kind of record: after it
        if not left:
            break
        pending = left
    Person._base_manager.filter(pk__in=ids).delete()


class Command(BaseCommand):
    help = "Create the synthetic demo province (Cần Thơ), its logins and people."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Re-seed even if up to date.")
        parser.add_argument(
            "--scale", type=int, default=0, help="Add this many people in bulk (benchmarks)."
        )

    def handle(self, *args, force=False, scale=0, **options):
        if not AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE, code=PROVINCE):
            call_command("load_units", province=[PROVINCE], stdout=self.stdout)
        if scale:
            self._scale(scale)
            return
        state = DemoSeed.objects.first()
        if state and state.version == SEED_VERSION and not force:
            self.stdout.write(f"Demo data is up to date (version {SEED_VERSION}).")
            return
        self._seed()
        DemoSeed.objects.all().delete()
        DemoSeed.objects.create(version=SEED_VERSION)
        self.stdout.write(self.style.SUCCESS(f"Demo data seeded (version {SEED_VERSION})."))

    @transaction.atomic
    def _seed(self):
        province = AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code=PROVINCE)
        agencies = self._agencies(province)
        users = self._users(province, agencies)
        # Re-seeding replaces the demo people (those the demo logins created).
        ids = list(
            Person.objects.filter(created_by__in=users.values()).values_list("pk", flat=True)
        )
        from demo import (
            seed_businesses,
            seed_cases,
            seed_hotspots,
            seed_rehab,
            seed_tips,
            seed_treatment,
        )

        # Rows that point at demo hotspots, facilities and people go first, then those.
        for module in (seed_businesses, seed_tips, seed_cases, seed_treatment):
            module.purge(users=users)
        for module in (seed_hotspots, seed_rehab):
            module.purge(users=users)
        from demo import seed_registry

        seed_registry.purge(users=users)
        _delete_people(ids)
        # The people's background, custody and the review: their own random source, so the
        # other seeds draw what they drew before.
        background = random.Random(20253)  # noqa: S311
        self._people(province, users, background)
        self._history_and_work(users)
        self._other_apps(province, users)
        today = timezone.localdate()
        seed_registry.seed(province=province, users=users, today=today, rng=background)

    def _other_apps(self, province, users):
        """Rehab, hotspots, cases, treatment, then the reports that count them (each app seeds
        its own, each with its own random source so adding one changes no other)."""
        from demo import seed_cases, seed_hotspots, seed_rehab, seed_reporting, seed_treatment

        today = timezone.localdate()
        plan = [
            (seed_rehab, 7100),
            (seed_hotspots, 7101),
            (seed_cases, 7300),
            (seed_treatment, 7301),
            (seed_reporting, 7102),
        ]
        for module, seed in plan:
            rng = random.Random(seed)  # noqa: S311
            module.seed(province=province, users=users, today=today, rng=rng)
        from demo import seed_businesses, seed_communes, seed_keyareas, seed_tips

        # The commune classification last: its proposals read the people, hotspots and cases.
        for number, module in enumerate((seed_businesses, seed_tips, seed_keyareas, seed_communes)):
            rng = random.Random(7200 + number)  # noqa: S311
            module.seed(province=province, users=users, today=today, rng=rng)

    def _history_and_work(self, users):
        """Two years of history and open work: category changes with their decisions, and
        for xa1 items due today and overdue."""
        rng = random.Random(20252)  # noqa: S311
        today = timezone.localdate()
        day = datetime.timedelta(days=1)
        for username in ("xa1", "xa2"):
            officer = users[username]
            people = list(Person.objects.filter(scope_path=officer.scope_unit.path).order_by("id"))
            for person in people[::4]:
                registered = person.events.get(kind=EventKind.REGISTERED).occurred_on
                if (today - registered).days < 60:
                    continue
                when = registered + day * rng.randint(30, (today - registered).days - 1)
                target = {
                    Category.SUSPECTED_USE: Category.ILLICIT_USER,
                    Category.SUSPECTED_ADDICTION: Category.ADDICTED,
                    Category.ILLICIT_USER: Category.ADDICTED,
                    Category.ADDICTED: Category.POST_REHAB,
                    Category.POST_REHAB: Category.ADDICTED,
                }[person.category]
                registry_services.person_change_category(
                    actor=officer,
                    person=person,
                    category=target,
                    occurred_on=when,
                    basis_number=f"{rng.randint(1, 400)}/QĐ-UBND",
                    basis_date=when,
                    basis_body=f"Ủy ban nhân dân {officer.scope_unit.name}",
                )
            self._checks_and_periods(rng, officer, people, today)
            for i, person in enumerate(people[:6]):
                registry_services.task_create(
                    actor=officer,
                    person=person,
                    owner=officer,
                    title=[
                        "Xác minh nơi cư trú",
                        "Làm việc với gia đình",
                        "Cập nhật ảnh và CCCD",
                    ][i % 3],
                    due_on=today + day * (i % 3) * 3,
                )
            for person in people[6:9]:
                registry_services.task_raise(
                    person=person,
                    kind=TaskKind.DETERMINATION_REQUIRED,
                    title="Cần xác định tình trạng nghiện (dương tính khi đang bị quản lý)",
                    due_on=today - day * rng.randint(1, 10),
                    actor=officer,
                )

    def _checks_and_periods(self, rng, officer, people, today):
        """Management periods on their decisions, monthly contacts and drug tests: most
        people checked this month, a few overdue, a few positive tests raising due work."""
        day = datetime.timedelta(days=1)
        people = list(Person.objects.filter(pk__in=[p.pk for p in people]).order_by("id"))
        for index, person in enumerate(people):
            registered = person.events.get(kind=EventKind.REGISTERED).occurred_on
            if person.category in (Category.ILLICIT_USER, Category.POST_REHAB):
                kind = (
                    PeriodKind.USER
                    if person.category == Category.ILLICIT_USER
                    else (PeriodKind.POST_REHAB)
                )
                start = max(registered, today - day * rng.randint(20, 340))
                registry_services.period_open(
                    actor=officer,
                    person=person,
                    kind=kind,
                    basis="" if kind == PeriodKind.USER else PostRehabBasis.VOLUNTARY_REHAB,
                    start_on=start,
                    decision_number=f"{rng.randint(1, 500)}/QĐ-CAP",
                    decision_date=start,
                    decision_body=f"Trưởng Công an {officer.scope_unit.name}",
                )
            if person.category not in (
                Category.ILLICIT_USER,
                Category.ADDICTED,
                Category.POST_REHAB,
            ):
                continue
            # Monthly contacts since registration (the last few months only).
            first = max(registered + day, today - day * 150)
            when = first
            overdue = index % 7 == 3  # roughly one person in seven not checked lately
            stop = today - day * (45 if overdue else rng.randint(0, 20))
            while when <= stop:
                if stop - when < day * 25:
                    when = stop  # the last check lands on `stop`
                registry_services.contact_record(
                    actor=officer,
                    person=person,
                    contacted_on=when,
                    kind=rng.choice(
                        [ContactKind.HOME_VISIT, ContactKind.PHONE_CALL, ContactKind.OFFICE_TALK]
                    ),
                    note="Kiểm tra định kỳ, đối tượng có mặt tại nơi cư trú.",
                )
                when += day * rng.randint(25, 32)
            if index % 5 == 0 and stop >= first:
                positive = index % 10 == 0
                registry_services.drug_test_record(
                    actor=officer,
                    person=person,
                    tested_on=stop,
                    method=DrugTestMethod.QUICK,
                    sample=DrugTestSample.URINE,
                    substances_tested=[Substance.METHAMPHETAMINE, Substance.OPIATES],
                    substances_positive=[Substance.METHAMPHETAMINE] if positive else [],
                    result=DrugTestResult.POSITIVE if positive else DrugTestResult.NEGATIVE,
                    place="Trụ sở Công an phường",
                )

    def _agencies(self, province) -> dict[str, Agency]:
        def agency(key, name, kind, sector, unit, parent=None, code=""):
            obj, _ = Agency.objects.update_or_create(
                name=name,
                unit=unit,
                defaults={
                    "kind": kind,
                    "sector": sector,
                    "parent": parent,
                    "document_code": code,
                },
            )
            found[key] = obj
            return obj

        found: dict[str, Agency] = {}
        committee = agency(
            "committee",
            "Ủy ban nhân dân thành phố Cần Thơ",
            AgencyKind.PROVINCIAL_COMMITTEE,
            Sector.GOVERNMENT,
            province,
            code="UBND",
        )
        police = agency(
            "police",
            "Công an thành phố Cần Thơ",
            AgencyKind.PROVINCIAL_POLICE,
            Sector.POLICE,
            province,
            code="CATP",
        )
        agency(
            "pc04",
            "Phòng Cảnh sát điều tra tội phạm về ma túy",
            AgencyKind.PROVINCIAL_POLICE,
            Sector.POLICE,
            province,
            parent=police,
            code="PC04",
        )
        agency(
            "steering",
            "Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và ma túy thành phố",
            AgencyKind.STEERING_COMMITTEE,
            Sector.GOVERNMENT,
            province,
            parent=committee,
            code="BCĐ",
        )
        # The public rehab facility as an agency: its officers manage their learners.
        agency(
            "rehab_facility",
            "Cơ sở cai nghiện ma túy thành phố Cần Thơ",
            AgencyKind.REHAB_FACILITY,
            Sector.POLICE,
            province,
            parent=police,
            code="CSCN",
        )
        for name, sector, code, key in DEPARTMENTS:
            agency(key, name, AgencyKind.DEPARTMENT, sector, province, parent=committee, code=code)
        for name, sector, code in ORGANISATIONS:
            agency(code, name, AgencyKind.ORGANISATION, sector, province, code=code)
        for commune in AdminUnit.objects.filter(code__in=[COMMUNE_1, COMMUNE_2], era=Era.CURRENT):
            agency(
                "police:" + commune.code,
                f"Công an {commune.name[0].lower()}{commune.name[1:]}",
                AgencyKind.COMMUNE_POLICE,
                Sector.POLICE,
                commune,
                parent=police,
                code="CAP" if commune.kind == "Phường" else "CAX",
            )
            agency(
                "committee:" + commune.code,
                f"Ủy ban nhân dân {commune.name[0].lower()}{commune.name[1:]}",
                AgencyKind.COMMUNE_COMMITTEE,
                Sector.GOVERNMENT,
                commune,
                code="UBND",
            )
        return found

    def _users(self, province, agencies) -> dict[str, User]:
        users = {}
        for username, role, scope, agency_key, full_name, title in DEMO_USERS:
            unit = (
                province
                if scope == "province"
                else AdminUnit.objects.get(era=Era.CURRENT, level=Level.COMMUNE, code=scope)
            )
            last, _, first = full_name.rpartition(" ")
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={
                    "role": role,
                    "scope_unit": unit,
                    "agency": agencies[agency_key],
                    "first_name": first,
                    "last_name": last,
                    "title": title,
                    "is_active": True,
                    "is_staff": role == Role.ADMIN,
                },
            )
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
            users[username] = user
        return users

    def _people(self, province, users, background):
        rng = random.Random(20251)  # noqa: S311 - synthetic data
        communes = list(
            AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, parent=province)
            .exclude(code__in=PEOPLE)
            .order_by("code")
        )
        others = rng.sample(communes, OTHER_COMMUNES)
        plan = [(AdminUnit.objects.get(era=Era.CURRENT, code=c), n) for c, n in PEOPLE.items()]
        plan += [(c, PEOPLE_PER_OTHER) for c in others]
        officer_for = {COMMUNE_1: users["xa1"], COMMUNE_2: users["xa2"]}
        today = timezone.localdate()
        categories, weights = zip(*CATEGORY_WEIGHTS, strict=True)
        serial = 0
        for commune, count in plan:
            actor = officer_for.get(commune.code, users["pc04"])
            for _ in range(count):
                serial += 1
                sex = "M" if rng.random() < 0.88 else "F"
                birth_year = rng.randint(1965, 2008)
                born = datetime.date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
                has_date = rng.random() < 0.8
                registered = today - datetime.timedelta(days=rng.randint(1, 730))
                category = rng.choices(categories, weights)[0]
                person = registry_services.person_create(
                    actor=actor,
                    category=category,
                    registered_on=registered,
                    basis_number=f"{rng.randint(1, 300)}/QĐ-CA" if rng.random() < 0.7 else "",
                    basis_date=registered if rng.random() < 0.7 else None,
                    basis_body=f"Công an {commune.name}",
                    full_name=names.person_name(rng, sex),
                    sex=sex,
                    date_of_birth=born if has_date else None,
                    birth_year=birth_year,
                    national_id=(
                        names.citizen_id(rng, birth_year, sex, serial) if rng.random() < 0.9 else ""
                    ),
                    residence_unit=commune,
                    address=names.address(rng),
                    special_management=rng.random() < 0.05,
                    responsible_officer=officer_for.get(commune.code),
                    **names.background(background, birth_year=birth_year, this_year=today.year),
                )
                for record in names.prior_records(
                    background, birth_year=birth_year, this_year=today.year
                ):
                    registry_services.prior_record_add(actor=actor, person=person, **record)

    def _scale(self, count: int):
        """Bulk rows for benchmarks, spread over every commune of the province."""
        province = AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code=PROVINCE)
        communes = list(AdminUnit.objects.filter(era=Era.CURRENT, parent=province))
        if not communes:
            raise CommandError("Load the administrative units first.")
        officers = {
            user.scope_unit_id: user
            for user in User.objects.filter(
                username__in=["xa1", "xa2"], scope_unit__parent=province
            )
        }
        scale_people(
            communes=communes,
            officers=officers,
            count=count,
            category_weights=CATEGORY_WEIGHTS,
            write=self.stdout.write,
        )
        self.stdout.write(self.style.SUCCESS(f"Added {count} people in bulk."))
