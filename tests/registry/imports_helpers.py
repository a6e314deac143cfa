"""Builders for the import tests: a list as a commune keeps it (title rows, merged cells, a
two-part header, IDs typed as numbers, abbreviations, old commune names, bad rows), and the
upload through the page."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def commune_list_xlsx(*, registered_here: str, registered_elsewhere: str) -> bytes:
    """A commune's own list: two merged title rows, a blank row, a header in other words than
    the template (two columns unknown to the import), a row of column numbers, 15 people of
    which 4 good and 11 bad of every kind, a blank row and a signature line."""
    book = Workbook()
    sheet = book.active
    sheet.title = "DS T6"
    sheet["A1"] = "CÔNG AN PHƯỜNG NINH KIỀU"
    sheet.merge_cells("A1:D1")
    sheet["F1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    sheet.merge_cells("F1:J1")
    sheet["A2"] = "DANH SÁCH NGƯỜI SỬ DỤNG TRÁI PHÉP CHẤT MA TÚY (tháng 6/2026)"
    sheet.merge_cells("A2:J2")
    sheet.append([])
    sheet.append(
        [
            "STT",
            "Họ tên",
            "Ngày sinh",
            "Giới tính",
            "Số CCCD",
            "Số CMND",
            "Phường/Xã",
            "Đối tượng",
            "Nơi ĐKTT",
            "Tên cha mẹ",
        ]
    )
    sheet.append([f"({i})" for i in range(1, 11)])
    rows = [
        # 6: good. Excel date cell; CCCD typed as a number (leading zero lost).
        [1, "Nguyễn Văn An", datetime.datetime(1990, 9, 5), "Nam", 92090001234, None,
         "P. Ninh Kiều", "SDTP", "12 Trần Phú", "Nguyễn Văn Ba"],
        # 7: good. dd-mm-yyyy; a CMND typed as a number (leading zero lost).
        [2, "Trần Thị Bé", "05-03-1995", "Nữ", "092195000111", 12345678,
         "Phường Ninh Kiều", "nghiện", "", ""],
        # 8: good, warned: birth year only; a 9-digit CMND in the CCCD column; an old name.
        [3, "Lê Văn Cường", 1988, "M", 123456789, None, "P. Xuân Khánh", "NSDTP", "", ""],
        # 9: bad date.
        [4, "Phạm Văn Dũng", "31/02/1990", "Nam", None, None, "Ninh Kiều", "QLSC", "", ""],
        # 10: bad CCCD (its sex digit says female).
        [5, "Hoàng Văn Em", "1992", "Nam", "092192000555", None, "Ninh Kiều", "SDTP", "", ""],
        # 11: unknown commune.
        [6, "Đỗ Thị Giang", "1993", "F", None, None, "Phường Không Có", "SDTP", "", ""],
        # 12: a commune outside the officer's jurisdiction.
        [7, "Vũ Văn Hải", "1985", "Nam", None, None, "Cái Khế", "SDTP", "", ""],
        # 13, 14: the same CCCD twice in the file.
        [8, "Ngô Văn Inh", "1991", "Nam", "092091000777", None, "Ninh Kiều", "SDTP", "", ""],
        [9, "Ngô Văn Ích", "1991", "Nam", "092091000777", None, "Ninh Kiều", "SDTP", "", ""],
        # 15: CCCD already registered here; 16: already registered in another commune.
        [10, "Bùi Văn Khoa", "1990", "Nam", registered_here, None, "Ninh Kiều", "SDTP", "", ""],
        [11, "Đặng Văn Long", "1990", "Nữ", registered_elsewhere, None, "Ninh Kiều", "SDTP",
         "", ""],
        # 17: good, warned: same name, birth year and commune as a registered person.
        [12, "Nguyễn Văn Đức", "1990", "Nam", None, None, "Ninh Kiều", "sau cai", "", ""],
        # 18: bad sex; 19: unknown category; 20: no category and no default.
        [13, "Mai Văn Nam", "1990", "?", None, None, "Ninh Kiều", "SDTP", "", ""],
        [14, "Lý Văn Phúc", "1990", "Nam", None, None, "Ninh Kiều", "xyz", "", ""],
        [15, "Tạ Văn Quang", "1994", "Nam", None, None, "Ninh Kiều", None, "", ""],
        # 21: a date of birth in the future.
        [16, "Kim Văn Sơn", "01/01/2099", "Nam", None, None, "Ninh Kiều", "SDTP", "", ""],
    ]  # fmt: skip
    for row in rows:
        sheet.append(row)
    sheet.append([])
    sheet.append([None, None, None, None, None, None, None, "Người lập biểu"])
    return workbook_bytes(book)


# (row, field, code) of every error and warning the preview must list for the list above.
EXPECTED_ERRORS = {
    (9, "date_of_birth", "date"),
    (10, "national_id", "invalid"),
    (11, "residence_unit", "commune_unknown"),
    (12, "residence_unit", "commune_outside"),
    (13, "national_id", "duplicate_in_file"),
    (14, "national_id", "duplicate_in_file"),
    (15, "national_id", "already_registered"),
    (16, "national_id", "already_registered"),
    (18, "sex", "sex"),
    (19, "category", "category"),
    (20, "category", "required"),
    (21, "date_of_birth", "invalid"),
}
EXPECTED_WARNINGS = {
    (8, "residence_unit", "commune_old_name"),
    (17, "full_name", "likely_registered"),
}
GOOD_ROWS = {6, 7, 8, 17}
# The user's answer to the mapping step: "Nơi ĐKTT" (I) is the address, "Tên cha mẹ" (J) is
# ignored; the other columns as recognised.
MAPPING = {
    "0": "",
    "1": "full_name",
    "2": "date_of_birth",
    "3": "sex",
    "4": "national_id",
    "5": "former_id",
    "6": "residence_unit",
    "7": "category",
    "8": "address",
    "9": "",
}


def xlsx_upload(content: bytes, name: str = "danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


def issues_of(job, level: str) -> set:
    return {
        (row["row"], issue["field"], issue["code"])
        for row in job.report["rows"]
        for issue in row["issues"]
        if issue["level"] == level
    }
