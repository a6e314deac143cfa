"""The working-day calendar: Monday to Friday, less the public holidays (`Holiday` rows).
Deadlines "within N working days" of a day count the working days after that day."""

import datetime

WEEKEND = (5, 6)  # Saturday, Sunday


def holidays_between(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    from .models import Holiday

    return set(Holiday.objects.filter(day__gte=start, day__lte=end).values_list("day", flat=True))


def is_working_day(day: datetime.date, holidays: set[datetime.date] | None = None) -> bool:
    if day.weekday() in WEEKEND:
        return False
    if holidays is None:
        holidays = holidays_between(day, day)
    return day not in holidays


def add_working_days(day: datetime.date, n: int) -> datetime.date:
    """The n-th working day after `day` (n ≥ 0; 0 gives `day` itself). One query."""
    if n <= 0:
        return day
    # n working days never span more than n weeks plus the longest Tết break.
    holidays = holidays_between(day, day + datetime.timedelta(days=n * 2 + 21))
    current = day
    left = n
    while left:
        current += datetime.timedelta(days=1)
        if is_working_day(current, holidays):
            left -= 1
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """How many working days fall after `start` up to and including `end` (0 when end ≤ start)."""
    if end <= start:
        return 0
    holidays = holidays_between(start, end)
    count = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_working_day(current, holidays):
            count += 1
    return count
