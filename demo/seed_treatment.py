"""Demo substitution treatment and psychosis flags for the demo province: two methadone sites
and a psychiatric hospital kept by Health (`yte`), patients from xa1's and xa2's communes (in
treatment with dose changes, one dropped out — its follow-up task is on the commune's due list
— one completed, waiting for post-rehab management), and people on the psychosis list (one
flagged, one recovered). Made through the services, as Health would. Re-runnable: `purge`
deletes this app's demo rows (facilities with licence numbers starting "TT-DEMO") first."""

import datetime
from decimal import Decimal

from accounts.scoping import Access
from registry import selectors as registry_selectors
from rehab import services as rehab_services
from rehab.models import Facility
from treatment import selectors, services
from treatment.choices import TreatmentStatus
from treatment.models import TreatmentImport

PREFIX = "TT-DEMO"  # not "DEMO…": seed_rehab deletes every facility whose licence starts so
DAY = datetime.timedelta(days=1)


def purge(*, users) -> None:
    """Delete this app's demo rows (seed_demo calls it before it deletes the demo people and
    before seed_rehab's purge, since the rows point at facilities)."""
    yte = users["yte"]
    facilities = Facility.objects.filter(licence_number__startswith=PREFIX)
    TreatmentImport.objects.filter(facility__in=facilities).delete()
    selectors.treatment_list(user=yte, access=Access.WRITE).filter(facility__in=facilities).delete()
    selectors.psychosis_list(user=yte, access=Access.WRITE).filter(facility__in=facilities).delete()
    facilities.delete()


def _facilities(province, users):
    yte = users["yte"]
    plan = [
        (
            "mmt1",
            "substitution",
            "Cơ sở điều trị Methadone Ninh Kiều",
            users["xa1"].scope_unit,
            ["substitution"],
        ),
        (
            "mmt2",
            "substitution",
            "Cơ sở điều trị Methadone Cái Răng",
            users["xa2"].scope_unit,
            ["substitution"],
        ),
        (
            "hospital",
            "psychiatric",
            "Bệnh viện Tâm thần (điều trị rối loạn do ma túy)",
            province,
            ["psychosis", "determination"],
        ),
    ]
    made = {}
    for n, (key, kind, name, unit, measures) in enumerate(plan, start=1):
        made[key] = rehab_services.facility_create(
            actor=yte,
            kind=kind,
            name=name,
            unit=unit,
            measures=measures,
            licence_number=f"{PREFIX}-{n:02d}/GP-SYT",
            licence_date=datetime.date(2022, 3, 1),
            capacity=200,
        )
    return made


def _people(officer, count):
    """People of the officer's commune, from the newest (rehab's demo takes the oldest)."""
    people = registry_selectors.person_list(user=officer, access=Access.WRITE).filter(
        substitution_treatments__isnull=True, psychosis_records__isnull=True
    )
    return [p for p in people.order_by("-pk")[: count * 3] if p.birth_year <= 2000][:count]


def seed(*, province, users, today, rng) -> int:
    """Returns the number of enrolments made."""
    yte = users["yte"]
    purge(users=users)
    facilities = _facilities(province, users)
    made = 0
    for officer, site in ((users["xa1"], facilities["mmt1"]), (users["xa2"], facilities["mmt2"])):
        people = _people(officer, 6)
        if len(people) < 6:
            continue
        code = site.name.split()[-1][:2].upper()
        plan = [
            (people[0], 400, None),
            (people[1], 100, None),
            (people[2], 300, (TreatmentStatus.DROPPED_OUT, 10)),
            (people[3], 700, (TreatmentStatus.COMPLETED, 5)),
        ]
        for n, (person, days, end) in enumerate(plan, start=1):
            start = today - datetime.timedelta(days=days + rng.randint(0, 20))
            treatment = services.treatment_enrol(
                actor=yte,
                person=person,
                facility=site,
                patient_code=f"{code}-{person.pk:05d}",
                start_on=start,
                dose_mg=Decimal(rng.choice([40, 60, 80])),
            )
            made += 1
            if days > 90:
                services.dose_change_record(
                    actor=yte,
                    treatment=treatment,
                    changed_on=start + datetime.timedelta(days=30),
                    dose_mg=Decimal(rng.choice([70, 90, 100])),
                    note="Điều chỉnh liều sau đánh giá",
                )
            if end:
                status, ago = end
                services.treatment_set_status(
                    actor=yte,
                    treatment=treatment,
                    status=status,
                    occurred_on=today - ago * DAY,
                    note="Theo danh sách tháng của cơ sở" if n == 3 else "Đủ thời gian điều trị",
                )
        hospital = facilities["hospital"]
        services.psychosis_record(
            actor=yte,
            person=people[4],
            diagnosed_on=today - 20 * DAY,
            facility=hospital,
            physician_name="BS.CKII Nguyễn Thị Lan",
            note="Ảo giác, hoang tưởng sau sử dụng ma túy tổng hợp",
        )
        record = services.psychosis_record(
            actor=yte,
            person=people[5],
            diagnosed_on=today - 200 * DAY,
            facility=hospital,
            physician_name="BS. Trần Văn Minh",
        )
        services.psychosis_end(
            actor=yte,
            record=record,
            ended_on=today - 30 * DAY,
            end_reason="treated",
            end_note="Ổn định sau điều trị nội trú",
        )
    return made
