"""Indicators from history: the stock at the window end, where people lived then, the new in
the window, the breakdowns; one query per group whatever the number of communes."""

import datetime

import pytest
from django.db import connection

from registry import services as registry_services
from reporting import indicators
from reporting.models import PeriodKind

from ..factories import make_person
from ..registry.moving import transfer
from .helpers import TODAY, past_period

pytestmark = pytest.mark.django_db


def _figures(unit, period):
    return indicators.compute(unit=unit, start=period.starts_on, end=period.ends_on)


def test_category_change_after_the_window_does_not_change_the_stock(officer_a, units):
    period = past_period(PeriodKind.H1)
    inside = period.starts_on + datetime.timedelta(days=10)
    person = make_person(officer_a, units["a"], registered_on=inside)
    registry_services.person_change_category(
        actor=officer_a,
        person=person,
        category="addicted",
        occurred_on=period.ends_on + datetime.timedelta(days=3),
        basis_number="1/QĐ",
        basis_body="UBND xã",
    )
    totals = _figures(units["a"], period)["totals"]
    assert totals["people_illicit_user"] == 1
    assert totals["people_addicted"] == 0
    assert totals["people_total"] == 1
    assert totals["new_total"] == 1 and totals["new_illicit_user"] == 1


def test_registered_after_the_window_is_not_counted(officer_a, units):
    period = past_period(PeriodKind.H1)
    make_person(officer_a, units["a"], registered_on=period.ends_on + datetime.timedelta(days=1))
    assert _figures(units["a"], period)["totals"]["people_total"] == 0


def test_a_move_counts_where_the_person_lived(officer_a, units):
    period = past_period(PeriodKind.H1)
    person = make_person(
        officer_a, units["a"], registered_on=period.starts_on + datetime.timedelta(days=1)
    )
    days_ago = (TODAY - period.ends_on).days - 2  # moved two days after the window end
    transfer(officer_a, person, to_unit=units["b"], days_ago=days_ago)
    person.refresh_from_db()
    assert person.scope_path == units["b"].path
    assert _figures(units["a"], period)["totals"]["people_total"] == 1
    assert _figures(units["b"], period)["totals"]["people_total"] == 0
    communes = _figures(units["province"], period)["communes"]
    assert communes[units["a"].path]["people_total"] == 1
    assert units["b"].path not in communes


def test_breakdowns_by_sex_age_and_ethnicity(officer_a, units):
    period = past_period(PeriodKind.YEAR)
    day = period.starts_on + datetime.timedelta(days=5)
    end = period.ends_on
    make_person(
        officer_a,
        units["a"],
        registered_on=day,
        sex="F",
        birth_year=end.year - 15,
        date_of_birth=datetime.date(end.year - 15, 1, 1),
        ethnicity="01",
        full_name="Lò Thị Mai",
    )
    make_person(officer_a, units["a"], registered_on=day, birth_year=1980, ethnicity="02")
    make_person(officer_a, units["a"], registered_on=day, birth_year=end.year - 20)
    figures = _figures(units["a"], period)
    dims = figures["breakdowns"]["people_total"]
    assert dims["sex"] == {"F": 1, "M": 2}
    assert dims["age"] == {"14_16": 1, "ge30": 1, "18_30": 1}
    assert dims["ethnicity"] == {"kinh": 1, "other": 1, "": 1}


def test_special_management_at_the_end(officer_a, units):
    period = past_period(PeriodKind.YEAR)
    person = make_person(officer_a, units["a"], registered_on=period.starts_on)
    registry_services.person_set_special_management(
        actor=officer_a,
        person=person,
        on=True,
        occurred_on=period.starts_on + datetime.timedelta(days=20),
        note="Danh sách bệnh viện",
    )
    assert _figures(units["a"], period)["totals"]["special_management"] == 1


def test_positive_tests_in_the_window(officer_a, units):
    period = past_period(PeriodKind.YEAR)
    person = make_person(officer_a, units["a"], registered_on=period.starts_on)
    for days, result in ((10, "positive"), (20, "negative")):
        registry_services.drug_test_record(
            actor=officer_a,
            person=person,
            tested_on=period.starts_on + datetime.timedelta(days=days),
            method="quick",
            sample="urine",
            substances_tested=["methamphetamine"],
            substances_positive=["methamphetamine"] if result == "positive" else [],
            result=result,
        )
    totals = _figures(units["a"], period)["totals"]
    assert totals["tests_total"] == 2
    assert totals["tests_positive"] == 1


def test_a_province_build_runs_one_query_per_group(
    officer_a, officer_b, units, django_assert_max_num_queries
):
    period = past_period(PeriodKind.YEAR)
    for officer, unit in ((officer_a, units["a"]), (officer_b, units["b"])):
        for i in range(3):
            make_person(officer, unit, registered_on=period.starts_on, birth_year=1980 + i)
    groups = len(indicators._GROUPS)
    # one query per group, two for the checks; the province's ancestor lookup is cached; on
    # PostgreSQL two more, JIT off before the groups and set back after them
    jit = 2 if connection.vendor == "postgresql" else 0
    with django_assert_max_num_queries(groups + 3 + jit):
        figures = _figures(units["province"], period)
    assert figures["totals"]["people_total"] == 6
    assert set(figures["communes"]) == {units["a"].path, units["b"].path}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_the_build_leaves_the_jit_setting_as_it_was(officer_a, units):
    period = past_period(PeriodKind.YEAR)
    make_person(officer_a, units["a"], registered_on=period.starts_on)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = on")
    assert _figures(units["province"], period)["totals"]["people_total"] == 1
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "on"
