"""Helpers of the treatment tests: facilities, enrolments and flags made as users make them."""

import datetime
import io

from openpyxl import Workbook

from rehab import services as rehab_services


def site(health, unit, name="Cơ sở điều trị Methadone Ninh Kiều"):
    return rehab_services.facility_create(
        actor=health, kind="substitution", name=name, unit=unit, measures=["substitution"]
    )


def hospital(health, unit, name="Bệnh viện Tâm thần tỉnh"):
    return rehab_services.facility_create(
        actor=health, kind="psychiatric", name=name, unit=unit, measures=["psychosis"]
    )


def enrol(health, person, facility, *, start_on=None, code="MMT-001", **kw):
    from django.utils import timezone

    from treatment import services

    start_on = start_on or timezone.localdate() - datetime.timedelta(days=30)
    return services.treatment_enrol(
        actor=health, person=person, facility=facility, patient_code=code, start_on=start_on, **kw
    )


def flag(health, person, facility, *, on=None, **kw):
    from django.utils import timezone

    from treatment import services

    return services.psychosis_record(
        actor=health,
        person=person,
        diagnosed_on=on or timezone.localdate() - datetime.timedelta(days=3),
        facility=facility,
        physician_name=kw.pop("physician_name", "BS. Lê Thị Mai"),
        **kw,
    )


def xlsx(headers, rows, *, title_rows=()) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    for row in title_rows:
        sheet.append(row)
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "danh-sach.xlsx"
    return buffer


def upload(buffer, name="danh-sach.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


SUBSTITUTION_HEADERS = [
    "STT",
    "Họ và tên",
    "Năm sinh",
    "Số CCCD",
    "Mã bệnh nhân",
    "Ngày bắt đầu điều trị",
    "Thuốc điều trị",
    "Liều hiện tại (mg)",
    "Tình trạng điều trị",
    "Ngày thay đổi tình trạng",
    "Ghi chú",
]
