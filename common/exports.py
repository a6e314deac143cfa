"""XLSX exports, streamed: the first bytes leave while the database is still being read, and
memory stays flat whatever the number of rows. Every file is marked with who took it and when.

Why not openpyxl here (it is used to read imports and to build report workbooks): its
write-only mode still writes the whole sheet to a temporary file and zips it at the end, so a
100,000-row export made the user wait a minute for the first byte. XlsxWriter needs a seekable
file too. The zip container comes from zipstream-ng (streamed, Zip64 when needed); the sheet
XML is written here, with inline strings so that no shared-strings table has to be held in
memory: a plain subset of SpreadsheetML (text, numbers, booleans, dates, a bold header, frozen
header rows, column widths) that Excel, LibreOffice and openpyxl read."""

import datetime
import decimal
import re
from collections.abc import Callable, Iterable, Iterator
from xml.sax.saxutils import escape

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from zipstream import ZIP_DEFLATED, ZipStream

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel day 0 (1900 date system); serials count naive local time.
EPOCH = datetime.datetime(1899, 12, 30)  # noqa: DTZ001
# Characters XML 1.0 does not allow (a stray control character in a note).
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ROWS_PER_CHUNK = 500

# Style indexes in STYLES below.
DATE_STYLE, DATETIME_STYLE, HEADER_STYLE = 1, 2, 3

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
    '<numFmt numFmtId="165" formatCode="dd/mm/yyyy hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    "</cellStyleXfs>"
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    return escape(ILLEGAL.sub("", value))


def _cell(ref: str, value, style: int = 0) -> str:
    """One <c> element, or "" for an empty cell."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | decimal.Decimal):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        serial = (value - EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="{DATETIME_STYLE}"><v>{serial!r}</v></c>'
    if isinstance(value, datetime.date):
        serial = (value - EPOCH.date()).days
        return f'<c r="{ref}" s="{DATE_STYLE}"><v>{serial}</v></c>'
    s = f' s="{style}"' if style else ""
    return (
        f'<c r="{ref}" t="inlineStr"{s}><is><t xml:space="preserve">{_text(str(value))}</t>'
        "</is></c>"
    )


def _sheet(columns, rows: Iterable, stamp: str | None, counter: list) -> Iterator[bytes]:
    letters = [_column_letter(i) for i in range(len(columns))]
    header_rows = 2 if stamp else 1
    widths = "".join(
        f'<col min="{i + 1}" max="{i + 1}" width="{min(max(len(str(t)) + 4, 12), 40)}" '
        'customWidth="1"/>'
        for i, (t, _g) in enumerate(columns)
    )
    yield (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetViews><sheetView workbookViewId="0">'
        f'<pane ySplit="{header_rows}" topLeftCell="A{header_rows + 1}" activePane="bottomLeft"'
        ' state="frozen"/></sheetView></sheetViews>'
        f"<cols>{widths}</cols><sheetData>"
    ).encode()
    number = 0
    head = []
    if stamp:
        number += 1
        head.append(f'<row r="{number}">{_cell(f"A{number}", stamp)}</row>')
    number += 1
    cells = "".join(
        _cell(f"{letters[i]}{number}", str(title), HEADER_STYLE)
        for i, (title, _g) in enumerate(columns)
    )
    head.append(f'<row r="{number}">{cells}</row>')
    yield "".join(head).encode()
    getters = [getter for _title, getter in columns]
    chunk = []
    for row in rows:
        number += 1
        cells = "".join(
            _cell(f"{letters[i]}{number}", getter(row)) for i, getter in enumerate(getters)
        )
        chunk.append(f'<row r="{number}">{cells}</row>')
        if len(chunk) >= ROWS_PER_CHUNK:
            yield "".join(chunk).encode()
            chunk = []
    if chunk:
        yield "".join(chunk).encode()
    counter.append(number - header_rows)
    yield b"</sheetData></worksheet>"


def label_of(model, field_name: str) -> Callable:
    """A column getter giving a choice field's label: the labels are looked up once per
    export, not translated again for every row (`get_FOO_display` per cell cost two thirds of
    a large export's time)."""
    labels = {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}

    def getter(obj):
        value = getattr(obj, field_name)
        return labels.get(value, value)

    return getter


def xlsx_stream(
    *,
    sheet_title: str,
    columns: list[tuple[str, Callable]],
    rows: Iterable,
    taken_by=None,
    counter: list | None = None,
) -> ZipStream:
    """The workbook as an iterable of bytes. `columns`: (title, getter(row)) pairs. After the
    stream is consumed, `counter` (a list) holds the number of data rows written."""
    stamp = None
    if taken_by is not None:
        stamp = _("Taken by %(user)s at %(time)s — confidential personal data") % {
            "user": taken_by.username,
            "time": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        }
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{_text(sheet_title[:31])}" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    )
    stream = ZipStream(compress_type=ZIP_DEFLATED, compress_level=1)
    stream.add(CONTENT_TYPES.encode(), "[Content_Types].xml")
    stream.add(ROOT_RELS.encode(), "_rels/.rels")
    stream.add(workbook.encode(), "xl/workbook.xml")
    stream.add(WORKBOOK_RELS.encode(), "xl/_rels/workbook.xml.rels")
    stream.add(STYLES.encode(), "xl/styles.xml")
    sheet = _sheet(columns, rows, stamp, counter if counter is not None else [])
    stream.add(sheet, "xl/worksheets/sheet1.xml")
    return stream


def write_xlsx(
    fh, *, sheet_title: str, columns: list[tuple[str, Callable]], rows: Iterable, taken_by=None
) -> int:
    """Write the workbook to a file; returns the number of data rows."""
    counter: list[int] = []
    for chunk in xlsx_stream(
        sheet_title=sheet_title, columns=columns, rows=rows, taken_by=taken_by, counter=counter
    ):
        fh.write(chunk)
    return counter[0]


def xlsx_response(*, filename: str, sheet_title: str, columns, rows, taken_by=None):
    stream = xlsx_stream(sheet_title=sheet_title, columns=columns, rows=rows, taken_by=taken_by)
    response = StreamingHttpResponse(stream, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Accel-Buffering"] = "no"  # a proxy passes the bytes on as they come
    return response
