"""The monthly patient list and the psychosis list from XLSX: the preview lists every row with
its status; unmatched and ambiguous rows never create a person; "write nothing" writes
nothing; "write the good rows" writes exactly those; the same month again is idempotent."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from registry.choices import TaskKind
from registry.models import Person, Task
from treatment import imports
from treatment.choices import ImportKind, ImportState, RowStatus, TreatmentStatus
from treatment.models import PsychosisRecord, SubstitutionTreatment

from ..factories import make_person
from .helpers import SUBSTITUTION_HEADERS, hospital, site, upload, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(officer_a, officer_b, units):
    return {
        "by_id": make_person(
            officer_a,
            units["a"],
            full_name="Trần Văn Khoa",
            birth_year=1988,
            national_id="092088000123",
        ),
        "by_name": make_person(
            officer_a,
            units["a"],
            full_name="Lý Thị Hoa",
            birth_year=1991,
            sex="F",
            national_id="",
        ),
        "twin_1": make_person(
            officer_a, units["a"], full_name="Lê Văn Tư", birth_year=1985, national_id=""
        ),
        "twin_2": make_person(
            officer_b, units["b"], full_name="Lê Văn Tư", birth_year=1985, national_id=""
        ),
    }


def _month():
    return timezone.localdate().replace(day=1)


def _rows(today):
    start = f"{today - datetime.timedelta(days=40):%d/%m/%Y}"
    return [
        [
            1,
            "Trần Văn Khoa",
            1988,
            92088000123,
            "MMT-01",
            start,
            "Methadone",
            60,
            "Đang điều trị",
            "",
            "",
        ],
        [
            2,
            "LY THI HOA",
            "1991",
            "",
            "MMT-02",
            start,
            "methadone",
            "45,5",
            "Bỏ điều trị",
            f"{today:%d/%m/%Y}",
            "",
        ],
        [3, "Lê Văn Tư", 1985, "", "MMT-03", start, "Methadone", 30, "", "", ""],
        [4, "Người Chưa Có", 1990, "092090999999", "MMT-04", start, "Methadone", 30, "", "", ""],
        [
            5,
            "Trần Văn Khoa",
            1988,
            "092088000123",
            "MMT-05",
            "31/02/2025",
            "Methadone",
            30,
            "",
            "",
            "",
        ],
    ]


def _check(health, facility, rows, kind=ImportKind.SUBSTITUTION, headers=SUBSTITUTION_HEADERS):
    book = xlsx(headers, rows, title_rows=[["DANH SÁCH BỆNH NHÂN ĐIỀU TRỊ METHADONE"], []])
    return imports.import_check(
        actor=health,
        kind=kind,
        facility=facility,
        month=_month() if kind == ImportKind.SUBSTITUTION else None,
        upload=upload(book),
    )


def test_preview_lists_every_row_with_its_status(health, people, units):
    mmt = site(health, units["a"])
    job = _check(health, mmt, _rows(timezone.localdate()))
    statuses = {row["row"]: row["status"] for row in job.rows()}
    assert statuses == {
        4: RowStatus.NEW,  # by citizen ID (a number that lost its leading zero)
        5: RowStatus.NEW,  # by folded name and birth year, one candidate
        6: RowStatus.AMBIGUOUS,
        7: RowStatus.UNMATCHED,
        8: RowStatus.INVALID,
    }
    invalid = next(r for r in job.rows() if r["status"] == RowStatus.INVALID)
    assert invalid["field"] == "start_on" and "dd/mm/yyyy" in invalid["reason"]
    # Nothing is written by the check.
    assert not SubstitutionTreatment.objects.exists()


def test_write_nothing_writes_nothing(health, people, units):
    mmt = site(health, units["a"])
    job = _check(health, mmt, _rows(timezone.localdate()))
    job = imports.import_discard(actor=health, job=job)
    assert job.state == ImportState.DISCARDED
    assert not SubstitutionTreatment.objects.exists()
    with pytest.raises(ValidationError):
        imports.import_write(actor=health, job=job)


def test_write_good_rows_only_never_creates_a_person_and_is_idempotent(health, people, units):
    mmt = site(health, units["a"])
    before = Person.objects.count()
    job = imports.import_write(actor=health, job=_check(health, mmt, _rows(timezone.localdate())))
    assert job.result["written"] == 2
    assert Person.objects.count() == before
    khoa = SubstitutionTreatment.objects.get(person=people["by_id"])
    assert khoa.status == TreatmentStatus.IN_TREATMENT and khoa.patient_code == "MMT-01"
    hoa = SubstitutionTreatment.objects.get(person=people["by_name"])
    assert hoa.status == TreatmentStatus.DROPPED_OUT
    assert Task.objects.filter(
        person=people["by_name"], kind=TaskKind.SUBSTITUTION_DROPOUT
    ).exists()
    assert not SubstitutionTreatment.objects.filter(
        person__in=[people["twin_1"], people["twin_2"]]
    ).exists()
    # The same month again: every matched row is unchanged, nothing new is written.
    again = _check(health, mmt, _rows(timezone.localdate()))
    statuses = {row["row"]: row["status"] for row in again.rows()}
    assert statuses[4] == statuses[5] == RowStatus.UNCHANGED
    again = imports.import_write(actor=health, job=again)
    assert again.result["written"] == 0
    assert SubstitutionTreatment.objects.count() == 2


def test_missing_columns_are_named(health, people, units):
    mmt = site(health, units["a"])
    book = xlsx(["Họ và tên", "Năm sinh"], [["Trần Văn Khoa", 1988]])
    with pytest.raises(ValidationError) as exc:
        imports.import_check(
            actor=health,
            kind=ImportKind.SUBSTITUTION,
            facility=mmt,
            month=_month(),
            upload=upload(book),
        )
    assert "Mã bệnh nhân" in exc.value.message_dict["file"][0]


def test_a_file_that_is_not_a_workbook_is_refused(health, units):
    from django.core.files.uploadedfile import SimpleUploadedFile

    mmt = site(health, units["a"])
    with pytest.raises(ValidationError) as exc:
        imports.import_check(
            actor=health,
            kind=ImportKind.SUBSTITUTION,
            facility=mmt,
            month=_month(),
            upload=SimpleUploadedFile("x.xlsx", b"not a zip"),
        )
    assert "file" in exc.value.message_dict


def test_psychosis_list_import_flags_matched_people(health, people, units):
    hosp = hospital(health, units["province"])
    day = f"{timezone.localdate() - datetime.timedelta(days=5):%d/%m/%Y}"
    headers = ["Họ và tên", "Năm sinh", "Số CCCD", "Ngày chẩn đoán", "Bác sĩ chẩn đoán", "Ghi chú"]
    rows = [
        ["Trần Văn Khoa", 1988, "092088000123", day, "BS. An", ""],
        ["Không Ai", 1970, "", day, "BS. An", ""],
    ]
    job = _check(health, hosp, rows, kind=ImportKind.PSYCHOSIS, headers=headers)
    assert [r["status"] for r in job.rows()] == [RowStatus.NEW, RowStatus.UNMATCHED]
    imports.import_write(actor=health, job=job)
    people["by_id"].refresh_from_db()
    assert people["by_id"].special_management
    assert PsychosisRecord.objects.count() == 1
    job = _check(health, hosp, rows, kind=ImportKind.PSYCHOSIS, headers=headers)
    assert job.rows()[0]["status"] == RowStatus.UNCHANGED


def test_commune_officer_may_not_import(officer_a, health, units):
    mmt = site(health, units["a"])
    with pytest.raises(PermissionError):
        _check(officer_a, mmt, [])
