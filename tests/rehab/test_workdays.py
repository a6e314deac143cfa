"""The working-day calendar: weekends off, public holidays (Tết included) loaded for
2025–2027 by the data migration, editable rows."""

import datetime

import pytest

from common.models import Holiday
from common.workdays import add_working_days, is_working_day, working_days_between

pytestmark = pytest.mark.django_db
D = datetime.date


def test_holidays_for_2025_to_2027_are_loaded_with_tet(units):
    for year in (2025, 2026, 2027):
        days = Holiday.objects.filter(day__year=year)
        assert days.filter(day__month=1, day__day=1).exists(), year
        assert days.filter(name__contains="Tết Nguyên đán").count() >= 5, year
        assert days.filter(day__month=9, day__day=2).exists(), year
        assert days.filter(day__month=4, day__day=30).exists(), year


def test_weekends_and_holidays_are_not_working_days(units):
    assert is_working_day(D(2026, 2, 12))  # Thursday
    assert not is_working_day(D(2026, 2, 14))  # Saturday
    assert not is_working_day(D(2026, 2, 18))  # Wednesday of Tết
    assert not is_working_day(D(2026, 9, 2))  # National Day


def test_add_working_days_skips_weekends_and_tet(units):
    assert add_working_days(D(2026, 3, 5), 1) == D(2026, 3, 6)  # Thu → Fri
    assert add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 9)  # Fri → Mon
    # Friday 13/02/2026 before Tết Bính Ngọ: the next working day is Monday 23/02.
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert add_working_days(D(2026, 2, 12), 3) == D(2026, 2, 24)
    assert add_working_days(D(2026, 4, 29), 1) == D(2026, 5, 4)  # 30/4 and 1/5 off
    assert add_working_days(D(2026, 3, 5), 0) == D(2026, 3, 5)


def test_an_added_holiday_moves_the_deadline(units):
    assert add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 24)
    Holiday.objects.create(day=D(2026, 11, 24), name="Ngày Văn hóa Việt Nam")
    assert add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 25)


def test_working_days_between(units):
    assert working_days_between(D(2026, 2, 12), D(2026, 2, 24)) == 3
    assert working_days_between(D(2026, 2, 24), D(2026, 2, 12)) == 0
