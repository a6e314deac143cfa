"""The streamed XLSX writer: what a spreadsheet program reads back, and that bytes leave
before the rows are all read."""

import datetime
import io
import zipfile

from django.utils import timezone
from openpyxl import load_workbook

from common.exports import write_xlsx, xlsx_response, xlsx_stream

COLUMNS = [
    ("Mã", lambda r: r["id"]),
    ("Họ và tên", lambda r: r["name"]),
    ("Ngày sinh", lambda r: r["born"]),
    ("Lúc", lambda r: r["at"]),
    ("Tỷ lệ", lambda r: r["share"]),
    ("Đặc biệt", lambda r: r["flag"]),
    ("Ghi chú", lambda r: r["note"]),
]


def _rows(n):
    at = timezone.make_aware(datetime.datetime(2026, 7, 1, 14, 30))
    for i in range(n):
        yield {
            "id": i + 1,
            "name": f"Nguyễn Văn Đức <{i}> & co",
            "born": datetime.date(1990, 1, 31),
            "at": at,
            "share": 0.25,
            "flag": i % 2 == 0,
            "note": None if i else "tab\tand\x0bcontrol\x01gone",
        }


def test_what_a_spreadsheet_reads_back(officer_a):
    buffer = io.BytesIO()
    count = write_xlsx(
        buffer, sheet_title="Danh sách", columns=COLUMNS, rows=_rows(3), taken_by=officer_a
    )
    assert count == 3
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = book["Danh sách"]
    rows = list(sheet.iter_rows(values_only=True))
    assert officer_a.username in rows[0][0]  # the stamp: who took it
    assert rows[1] == tuple(title for title, _g in COLUMNS)
    assert sheet["A2"].font.b
    first = rows[2]
    assert first[0] == 1 and isinstance(first[0], int)
    assert first[1] == "Nguyễn Văn Đức <0> & co"
    assert first[2] == datetime.datetime(1990, 1, 31)
    assert sheet["C3"].number_format == "dd/mm/yyyy"
    # Aware times are written in local time (Asia/Ho_Chi_Minh).
    assert first[3] == datetime.datetime(2026, 7, 1, 14, 30)
    assert first[4] == 0.25 and first[5] is True
    assert first[6] == "tab\tandcontrolgone"
    assert rows[3][6] is None and rows[3][5] is False
    assert sheet.freeze_panes == "A3"


def test_without_stamp_the_header_is_the_first_row():
    buffer = io.BytesIO()
    write_xlsx(buffer, sheet_title="x" * 40, columns=COLUMNS[:2], rows=_rows(1))
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    assert book.sheetnames == ["x" * 31]
    assert next(book.active.iter_rows(values_only=True)) == ("Mã", "Họ và tên")


def test_bytes_leave_before_the_rows_are_all_read():
    read = []

    def rows():
        for row in _rows(5000):
            read.append(row)
            yield row

    response = xlsx_response(
        filename="a.xlsx", sheet_title="A", columns=COLUMNS, rows=rows(), taken_by=None
    )
    assert response.streaming
    assert 'filename="a.xlsx"' in response["Content-Disposition"]
    chunks = iter(response.streaming_content)
    received = b""
    while len(read) == 0 or len(received) < 10:
        received += next(chunks)
    assert 0 < len(read) < 5000  # streaming: started, not finished
    received += b"".join(chunks)
    assert len(read) == 5000
    with zipfile.ZipFile(io.BytesIO(received)) as archive:
        assert archive.testzip() is None
        assert "xl/worksheets/sheet1.xml" in archive.namelist()


def test_large_sheet_is_valid_and_counted():
    counter = []
    data = b"".join(
        xlsx_stream(sheet_title="A", columns=COLUMNS, rows=_rows(2001), counter=counter)
    )
    assert counter == [2001]
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert sum(1 for _ in book.active.iter_rows()) == 2002
