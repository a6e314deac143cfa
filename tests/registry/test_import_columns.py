"""The column specification of the import: cells as communes type them, headers as they
write them, and columns declared for fields the registry does not have."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from registry import import_columns
from registry.import_columns import (
    CellError,
    Column,
    ParseContext,
    active_columns,
    match_header,
    parse_birth,
    parse_category,
    parse_commune,
    parse_identity_number,
    parse_sex,
    read_date,
)
from registry.import_files import ListReader
from registry.services.imports import suggested_mapping

from .imports_helpers import workbook_bytes

COLUMN = Column("x", "x")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("05/09/1990", datetime.date(1990, 9, 5)),
        ("5/9/1990", datetime.date(1990, 9, 5)),
        ("05-09-1990", datetime.date(1990, 9, 5)),
        ("05.09.1990", datetime.date(1990, 9, 5)),
        ("1990-09-05", datetime.date(1990, 9, 5)),
        (datetime.datetime(1990, 9, 5, 0, 0), datetime.date(1990, 9, 5)),
        (datetime.date(1990, 9, 5), datetime.date(1990, 9, 5)),
        (33121, datetime.date(1990, 9, 5)),  # an Excel serial in a number-formatted cell
    ],
)
def test_dates_as_lists_hold_them(value, expected):
    assert read_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/1990", "09/1990/05", "hôm qua", "13-13-2000", "90"])
def test_bad_dates_are_refused(value):
    with pytest.raises(CellError) as caught:
        read_date(value)
    assert caught.value.code == "date"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1990, {"birth_year": 1990}),
        ("1990", {"birth_year": 1990}),
        (1990.0, {"birth_year": 1990}),
        ("09/1990", {"birth_year": 1990}),
        ("05/09/1990", {"date_of_birth": datetime.date(1990, 9, 5), "birth_year": 1990}),
    ],
)
def test_birth_year_only(value, expected):
    assert parse_birth(value, None, COLUMN) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (92090001234, {"national_id": "092090001234"}),  # a number: the zero is restored
        (92090001234.0, {"national_id": "092090001234"}),
        (1090001234, {"national_id": "001090001234"}),  # two zeros lost
        ("092 090 001 234", {"national_id": "092090001234"}),
        ("092.090.001.234", {"national_id": "092090001234"}),
        ("123456789", {"former_id": "123456789"}),  # a CMND, never the CCCD
        (12345678, {"former_id": "012345678"}),  # a CMND that lost its zero
        ("ABC", {"national_id": "ABC"}),  # left for the CCCD check to refuse
    ],
)
def test_identity_numbers(value, expected):
    assert parse_identity_number(value, None, COLUMN) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("SDTP", "illicit_user"),
        ("NSDTP", "illicit_user"),
        ("Người sử dụng trái phép chất ma túy", "illicit_user"),
        ("sử dụng", "illicit_user"),
        ("nghiện", "addicted"),
        ("Người nghiện ma túy", "addicted"),
        ("NN", "addicted"),
        ("QLSC", "post_rehab"),
        ("sau cai", "post_rehab"),
        ("Quản lý sau cai nghiện", "post_rehab"),
        ("nghi SD", "suspected_use"),
        ("Nghi sử dụng", "suspected_use"),
        ("nghi nghiện", "suspected_addiction"),
        ("addicted", "addicted"),
        ("Illicit drug user", "illicit_user"),
    ],
)
def test_category_abbreviations(value, expected):
    assert parse_category(value, None, COLUMN) == {"category": expected}


def test_unknown_category_names_the_choices():
    with pytest.raises(CellError) as caught:
        parse_category("xyz", None, COLUMN)
    assert caught.value.code == "category"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Nam", "M"), ("nam", "M"), ("M", "M"), ("Nữ", "F"), ("NỮ", "F"), ("nu", "F"), ("F", "F")],
)
def test_sex(value, expected):
    assert parse_sex(value, None, COLUMN) == {"sex": expected}


@pytest.mark.parametrize(
    ("value", "path", "old"),
    [
        ("P. Ninh Kiều", "92.31135", False),
        ("P.Ninh Kiều", "92.31135", False),
        ("Phường Ninh Kiều", "92.31135", False),
        ("phuong ninh kieu", "92.31135", False),
        ("Ninh Kiều", "92.31135", False),
        ("Ninh Kiều, TP. Cần Thơ", "92.31135", False),
        ("P. Xuân Khánh", "92.31135", True),  # pre-2025, now part of Ninh Kiều
        ("Phường Thới Bình", "92.31135", True),
        ("phuong thoi binh", "92.31135", True),
        ("X. Mỹ Khánh", "92.31150", True),
    ],
)
def test_commune_names_current_abbreviated_and_old(pc04, units, value, path, old):
    ctx = ParseContext(user=pc04)
    unit = parse_commune(value, ctx, Column("residence_unit", "x"))["residence_unit"]
    assert unit.path == path
    assert bool(ctx.warnings) is old


def test_commune_outside_jurisdiction_and_unknown(officer_a):
    ctx = ParseContext(user=officer_a)
    column = Column("residence_unit", "x")
    with pytest.raises(CellError) as caught:
        parse_commune("P. An Hòa", ctx, column)  # pre-2025, now Cái Khế: commune B
    assert caught.value.code == "commune_outside"
    with pytest.raises(CellError) as caught:
        parse_commune("Phường Không Có", ctx, column)
    assert caught.value.code == "commune_unknown"


def test_each_commune_name_is_looked_up_once(officer_a, units):
    ctx = ParseContext(user=officer_a)
    column = Column("residence_unit", "x")
    parse_commune("P. Ninh Kiều", ctx, column)
    parse_commune("p. ninh kieu", ctx, column)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(50):
            parse_commune("P. Ninh Kiều", ctx, column)
            parse_commune("p. ninh kieu", ctx, column)
    assert len(queries) == 0


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Họ và tên", "full_name"),
        ("HỌ VÀ TÊN ĐỐI TƯỢNG", "full_name"),
        ("Họ tên", "full_name"),
        ("Ngày, tháng, năm sinh", "date_of_birth"),
        ("Năm sinh", "birth_year"),
        ("Số CCCD (12 số)", "national_id"),
        ("CMND/CCCD", "national_id"),
        ("Số CMND", "former_id"),
        ("Xã/Phường", "residence_unit"),
        ("Địa chỉ thường trú", "address"),
        ("Phân loại", "category"),
        ("Đối tượng nghiện", "category"),
        ("STT", ""),
        ("Full name", "full_name"),  # the template's English headers
        ("Tên cha mẹ", None),
    ],
)
def test_headers_as_lists_write_them(header, key):
    assert match_header(header) == key


def test_a_two_row_header_and_a_row_of_column_numbers():
    """ "Năm sinh" over "Nam" and "Nữ" (the year in one of them gives the sex too), then a row
    of column numbers, as many official forms have it."""
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH NGƯỜI NGHIỆN MA TÚY"])
    sheet.merge_cells("A1:F1")
    sheet.append(["STT", "Họ và tên", "Năm sinh", None, "Địa chỉ", "Phân loại"])
    sheet.merge_cells("C2:D2")
    sheet.append([None, None, "Nam", "Nữ", None, None])
    sheet.append([1, 2, 3, 4, 5, 6])
    sheet.append([1, "Trần Văn Một", 1980, None, "Ấp 1", "nghiện"])
    sheet.append([2, "Lê Thị Hai", None, "1985", "Ấp 2", "SDTP"])
    with ListReader(io.BytesIO(workbook_bytes(book))) as reader:
        layout = reader.layout
        rows = list(reader.rows())
    assert (layout.header_row, layout.first_data_row) == (2, 5)
    keys = {c["letter"]: c["key"] for c in layout.columns}
    assert keys == {
        "A": "",
        "B": "full_name",
        "C": "birth_year_male",
        "D": "birth_year_female",
        "E": "address",
        "F": "category",
    }
    assert [number for number, _values in rows] == [5, 6]
    mapping = suggested_mapping(layout.columns)
    male = import_columns.column_for(mapping["2"])
    female = import_columns.column_for(mapping["3"])
    assert male.parse(1980, None) == {"birth_year": 1980, "sex": "M"}
    assert female.parse("1985", None) == {"birth_year": 1985, "sex": "F"}
    assert male.parse("x", None) == {"sex": "M"}


def test_a_column_for_a_field_the_registry_lacks_is_left_out(monkeypatch):
    """Columns may be declared before their field exists (another engineer adding it)."""
    extra = Column("nickname_not_yet", "Nickname", ("biet hieu",))
    monkeypatch.setattr(import_columns, "COLUMNS", [*import_columns.COLUMNS, extra])
    assert extra not in active_columns()
    assert match_header("Biệt hiệu") is None


def test_a_column_without_a_parser_reads_its_model_field(monkeypatch):
    column = Column("has_stable_residence", "Ổn định")
    assert column.parse("Không", None) == {"has_stable_residence": False}
    assert Column("sex", "Giới").parse("F", None) == {"sex": "F"}
    with pytest.raises(CellError):
        Column("sex", "Giới").parse("?", None)
    assert Column("address", "Nơi ở").parse(" 12  Trần Phú ", None) == {"address": "12 Trần Phú"}


@pytest.mark.parametrize("value", ["Phương Bình", "Xã Phương Bình", "Xà Phiên", "X. Xà Phiên"])
def test_commune_names_that_begin_like_a_kind_of_unit(pc04, value):
    ctx = ParseContext(user=pc04)
    unit = parse_commune(value, ctx, Column("residence_unit", "x"))["residence_unit"]
    assert unit.short_name in value and not ctx.warnings
