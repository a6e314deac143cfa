"""The demo seeding of the reports runs, gives what the demo promises, and runs again."""

import random

import pytest
from django.utils import timezone

from demo import seed_reporting
from reporting import selectors
from reporting.models import PeriodKind, ReportPeriod, ReportStatus

from ..factories import make_person, make_user

pytestmark = pytest.mark.django_db


def test_seed_reporting_twice(units, administrator, pc04, officer_a, officer_b, reader):
    users = {
        "admin": administrator,
        "pc04": pc04,
        "xa1": officer_a,
        "xa2": officer_b,
        "bcd": reader,
        "yte": make_user("yte", "reader", units["province"]),
    }
    today = timezone.localdate()
    last_year = ReportPeriod.objects.filter(year=today.year - 1)
    for officer, unit in ((officer_a, units["a"]), (officer_b, units["b"])):
        make_person(officer, unit, registered_on=today.replace(year=today.year - 1, month=3))
    for _run in range(2):
        seed_reporting.seed(
            province=units["province"], users=users, today=today, rng=random.Random(1)
        )
        reports = list(selectors.report_list(user=pc04))
        year = last_year.get(kind=PeriodKind.YEAR)
        h1 = last_year.get(kind=PeriodKind.H1)
        by = {(r.period_id, r.unit_id, r.version): r for r in reports}
        assert by[(h1.pk, units["a"].pk, 1)].status == ReportStatus.RECEIVED
        assert by[(h1.pk, units["a"].pk, 1)].submitted_on_time is True
        assert (h1.pk, units["b"].pk, 1) not in by  # missing
        assert by[(year.pk, units["b"].pk, 1)].status == ReportStatus.SUPERSEDED
        assert by[(year.pk, units["b"].pk, 2)].status == ReportStatus.RECEIVED
        province = by[(year.pk, units["province"].pk, 1)]
        assert province.figures["consolidated"]["reports"] == 2
        assert province.figures["totals"]["people_total"] == 2
    rows = selectors.receiver_table(user=pc04, period=h1)
    states = {r["unit"].pk: r["state"] for r in rows}
    assert states[units["a"].pk] == "on_time" and states[units["b"].pk] == "missing"


def test_seed_reporting_gives_department_and_organisation_reports(
    units, administrator, pc04, officer_a, officer_b, reader, health
):
    from accounts.models import Agency

    from ..factories import make_agency

    make_agency("Thành đoàn", "organisation", "youth_union", units["province"])
    users = {
        "admin": administrator,
        "pc04": pc04,
        "xa1": officer_a,
        "xa2": officer_b,
        "bcd": reader,
        "yte": health,
    }
    today = timezone.localdate()
    for _run in range(2):
        seed_reporting.seed(
            province=units["province"], users=users, today=today, rng=random.Random(1)
        )
    year = ReportPeriod.objects.get(year=today.year - 1, kind=PeriodKind.YEAR)
    rows = {r["name"]: r for r in selectors.receiver_table(user=pc04, period=year)}
    assert rows["Sở Y tế"]["state"] == "on_time"
    assert rows["Sở Y tế"]["report"].status == ReportStatus.RECEIVED
    assert rows["Thành đoàn"]["state"] == "late"
    youth = rows["Thành đoàn"]["report"]
    assert youth.agency == Agency.objects.get(name="Thành đoàn")
    (target,) = youth.figures["targets"]
    assert target["met"] is False and youth.figures["entered"]["awareness_sessions"]["value"] == 20
    health_targets = {t["code"]: t["met"] for t in rows["Sở Y tế"]["report"].figures["targets"]}
    assert health_targets == {"awareness_sessions": True, "officers_trained": True}
    mine = rows[units["a"].name]["report"]
    assert mine.figures["entered"]["household_commitments"]["value"] == 215
