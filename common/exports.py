"""XLSX exports: streamed to a temporary file row by row (openpyxl write-only mode), so memory
stays flat whatever the size; every file is marked with who took it and when."""

import datetime
import tempfile
from collections.abc import Callable, Iterable

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell_value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def write_xlsx(
    fh, *, sheet_title: str, columns: list[tuple[str, Callable]], rows: Iterable, taken_by=None
) -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=sheet_title[:31])
    bold = Font(bold=True)
    if taken_by is not None:
        stamp = _("Taken by %(user)s at %(time)s — confidential personal data") % {
            "user": taken_by.username,
            "time": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        }
        sheet.append([stamp])
    header = []
    for title, _getter in columns:
        cell = WriteOnlyCell(sheet, value=str(title))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append([_cell_value(getter(row)) for _title, getter in columns])
        count += 1
    book.save(fh)
    return count


def xlsx_response(*, filename: str, sheet_title: str, columns, rows, taken_by=None):
    fh = tempfile.TemporaryFile()  # noqa: SIM115 - closed by FileResponse
    write_xlsx(fh, sheet_title=sheet_title, columns=columns, rows=rows, taken_by=taken_by)
    fh.seek(0)
    return FileResponse(fh, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
