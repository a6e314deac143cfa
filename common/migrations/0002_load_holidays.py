"""Vietnamese public holidays 2025–2027 (Labour Code 2019 Art. 112 and the Government's yearly
notices; Tết with its moved days). Days falling on a weekend are kept for the record; the
calendar is off on weekends anyway. Administrators correct or add rows in the admin when the
year's notice is published."""

import datetime

from django.db import migrations


def _span(first: datetime.date, last: datetime.date, name: str):
    day = first
    while day <= last:
        yield day, name
        day += datetime.timedelta(days=1)


D = datetime.date
HOLIDAYS = [
    # 2025
    (D(2025, 1, 1), "Tết Dương lịch"),
    *_span(D(2025, 1, 25), D(2025, 2, 2), "Tết Nguyên đán Ất Tỵ"),
    (D(2025, 4, 7), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    (D(2025, 4, 30), "Ngày Giải phóng miền Nam, thống nhất đất nước"),
    (D(2025, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2025, 5, 2), "Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)"),
    (D(2025, 9, 1), "Quốc khánh (ngày liền kề)"),
    (D(2025, 9, 2), "Quốc khánh"),
    # 2026
    (D(2026, 1, 1), "Tết Dương lịch"),
    *_span(D(2026, 2, 14), D(2026, 2, 22), "Tết Nguyên đán Bính Ngọ"),
    (D(2026, 4, 27), "Giỗ Tổ Hùng Vương (nghỉ bù ngày 26/4/2026 Chủ nhật)"),
    (D(2026, 4, 30), "Ngày Giải phóng miền Nam, thống nhất đất nước"),
    (D(2026, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2026, 9, 1), "Quốc khánh (ngày liền kề)"),
    (D(2026, 9, 2), "Quốc khánh"),
    # 2027
    (D(2027, 1, 1), "Tết Dương lịch"),
    *_span(D(2027, 2, 4), D(2027, 2, 10), "Tết Nguyên đán Đinh Mùi"),
    (D(2027, 4, 16), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    (D(2027, 4, 30), "Ngày Giải phóng miền Nam, thống nhất đất nước"),
    (D(2027, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2027, 5, 3), "Ngày Quốc tế Lao động (nghỉ bù ngày 01/5/2027 thứ Bảy)"),
    (D(2027, 9, 2), "Quốc khánh"),
    (D(2027, 9, 3), "Quốc khánh (ngày liền kề)"),
]


def load(apps, schema_editor):
    Holiday = apps.get_model("common", "Holiday")
    for day, name in HOLIDAYS:
        Holiday.objects.get_or_create(day=day, defaults={"name": name})


def unload(apps, schema_editor):
    Holiday = apps.get_model("common", "Holiday")
    Holiday.objects.filter(day__in=[day for day, _name in HOLIDAYS]).delete()


class Migration(migrations.Migration):
    dependencies = [("common", "0001_holidays")]

    operations = [migrations.RunPython(load, unload)]
