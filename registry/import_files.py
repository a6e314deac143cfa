"""People spreadsheets as files: the checks an upload must pass, reading a list as communes
keep it (title rows and merged cells above the header, a header found by its names, a
two-row header, a row of column numbers), and the XLSX template with its instructions sheet.
What the columns mean lives in `import_columns`."""

import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from common.text import fold

from .import_columns import (
    active_columns,
    cell_text,
    header_index,
    match_header,
)

XLSX_MAGIC = b"PK\x03\x04"
MAX_ROWS = 50_000
# The header is looked for in the first rows (title rows and merged cells come above it).
HEADER_SEARCH_ROWS = 15
# A spreadsheet's XML is usually 5–10 times its zipped size: far more is a zip bomb.
MAX_UNZIPPED_RATIO = 30
SAMPLE_ROWS = 3


class FileProblem(Exception):
    """The file cannot be imported: the reason, in the user's language."""


def xlsx_file_errors(upload) -> list[str]:
    """Why an uploaded file is refused: empty, too large, not an .xlsx by its name and its
    bytes (a zip holding a workbook), or too large once unzipped. The number of rows is
    counted by the check (a task), which stops past MAX_ROWS: opening a workbook whose sheet
    does not declare its size reads all of it, too slow for the upload's request."""
    limit = settings.UPLOAD_MAX_BYTES
    if not upload or not upload.size:
        return [_("The file is empty.")]
    if upload.size > limit:
        return [
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        ]
    errors = []
    if os.path.splitext(upload.name or "")[1].lower() != ".xlsx":
        errors.append(_("Only Excel workbooks (.xlsx) are accepted: save the file as .xlsx."))
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if head != XLSX_MAGIC:
        errors.append(_("This file is not an Excel workbook (.xlsx)."))
        return errors
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
        if "xl/workbook.xml" not in names:
            errors.append(_("This file is not an Excel workbook (.xlsx)."))
        elif unzipped > max(limit, upload.size) * MAX_UNZIPPED_RATIO:
            errors.append(_("The workbook is too large once opened."))
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        errors.append(_("The file is damaged: it cannot be opened as an Excel workbook."))
    finally:
        upload.seek(0)
    return errors


# ---- Reading a list -----------------------------------------------------------------------


@dataclass
class Layout:
    """Where the list is in the workbook and what its columns are."""

    sheet: str
    header_row: int  # 1-based, as Excel numbers rows
    first_data_row: int
    # [{"index": 0, "letter": "A", "header": "Họ và tên", "key": "full_name" | "" | None,
    #   "samples": [...]}]: key "" is a row-number column, None an unknown header.
    columns: list = field(default_factory=list)

    declared_rows: int | None = None  # what the file says it holds (for the progress bar)


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_column_number(value) -> bool:
    """'1', '(2)', 3: the row of column numbers many official forms put under the header."""
    text = cell_text(value).strip("() ")
    return text.isdigit() and len(text) <= 2


class ListReader:
    """Reads the people list of a workbook, in one pass over its rows (read-only mode: memory
    stays flat whatever the size).

        with ListReader(fileobj) as reader:
            layout = reader.layout        # None when no header is found
            for number, values in reader.rows(): ...
    """

    def __init__(self, fileobj):
        self.fileobj = fileobj
        self.book = None
        self.layout: Layout | None = None
        self._rest: Iterator = iter(())
        self._buffered: list = []

    def __enter__(self):
        self.fileobj.seek(0)
        try:
            self.book = load_workbook(self.fileobj, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - whatever openpyxl raises on a bad file
            raise FileProblem(
                _("The file is damaged: it cannot be opened as an Excel workbook.")
            ) from exc
        index = header_index()
        for sheet in self.book.worksheets:
            if not hasattr(sheet, "iter_rows"):  # a chart sheet
                continue
            declared = sheet.max_row
            # Files often declare wrong dimensions: read every row and cell that is there.
            sheet.reset_dimensions()
            rows = enumerate(sheet.iter_rows(values_only=True), start=1)
            head = [row for _, row in zip(range(HEADER_SEARCH_ROWS + 2), rows, strict=False)]
            layout = self._find_layout(sheet.title, head, index)
            if layout is not None:
                if declared:
                    layout.declared_rows = max(0, declared - layout.first_data_row + 1)
                self.layout = layout
                self._buffered = [r for r in head if r[0] >= layout.first_data_row]
                self._rest = rows
                break
        return self

    def __exit__(self, *exc):
        if self.book is not None:
            self.book.close()

    def rows(self) -> Iterator[tuple[int, tuple]]:
        """(row number, values) of every row below the header."""
        return chain(self._buffered, self._rest)

    @staticmethod
    def _find_layout(title, head: list, index: dict) -> Layout | None:
        best, best_score = None, 1
        for number, values in head[:HEADER_SEARCH_ROWS]:
            keys = [match_header(v, index) for v in values if isinstance(v, str)]
            score = sum(k is not None for k in keys)
            if score > best_score and any(keys):
                best, best_score = (number, values), score
        if best is None:
            return None
        number, header = best
        following = {n: v for n, v in head}
        sub = following.get(number + 1, ())
        first_data = number + 1
        headers = [cell_text(v) for v in header]
        keys = [match_header(v, index) for v in header]
        name_at = keys.index("full_name") if "full_name" in keys else None
        if ListReader._is_sub_header(sub, name_at):
            headers, keys = ListReader._merge_sub_header(headers, sub, index)
            first_data += 1
        numbers = following.get(first_data, ())
        filled = [v for v in numbers if not _is_blank(v)]
        if len(filled) >= 2 and all(_is_column_number(v) for v in filled):
            first_data += 1
        width = max([len(headers), *(len(v) for n, v in head if n >= first_data)])
        columns = []
        samples = [v for n, v in head if n >= first_data][:SAMPLE_ROWS]
        for i in range(width):
            text = headers[i] if i < len(headers) else ""
            column_samples = [
                cell_text(row[i])[:40] for row in samples if i < len(row) and not _is_blank(row[i])
            ]
            if not text and not column_samples:
                continue
            columns.append(
                {
                    "index": i,
                    "letter": get_column_letter(i + 1),
                    "header": text,
                    "key": keys[i] if i < len(keys) else None,
                    "samples": column_samples,
                }
            )
        return Layout(sheet=title, header_row=number, first_data_row=first_data, columns=columns)

    @staticmethod
    def _is_sub_header(sub, name_at) -> bool:
        """The row under the header continues it (a header split over two rows, "Năm sinh"
        over "Nam" and "Nữ") when it holds short texts and no name."""
        texts = [v for v in sub if isinstance(v, str) and v.strip()]
        if not texts or any(not _is_blank(v) and not isinstance(v, str) for v in sub):
            return False
        if name_at is not None and name_at < len(sub) and not _is_blank(sub[name_at]):
            return False
        return all(len(t) <= 40 for t in texts)

    @staticmethod
    def _merge_sub_header(headers: list, sub, index: dict):
        """Each column's header from the two rows: the upper one (carried over the cells a
        merge left empty) and the lower one, matched together, then the lower alone, then
        the upper alone."""
        width = max(len(headers), len(sub))
        merged, keys, upper = [], [], ""
        for i in range(width):
            top = headers[i] if i < len(headers) else ""
            low = cell_text(sub[i]) if i < len(sub) else ""
            if top:
                upper = top
            elif not low:
                upper = ""
            parent = top or upper
            if low:
                text = f"{parent} {low}".strip()
                key = match_header(text, index)
                if key is None:
                    key = match_header(low, index)
            else:
                text, key = top, match_header(top, index)
            merged.append(text)
            keys.append(key)
        return merged, keys


# ---- The template -------------------------------------------------------------------------

# The template's example row carries this mark after the name: such a row is never imported.
EXAMPLE_MARK = gettext_lazy("(example)")
_EXAMPLE_MARKS = ("(example)", "(vi du)")


# Rows of the template prepared for typing (text format, drop-down lists).
TEMPLATE_ROWS = 1000


def _add_choice_list(sheet, letter: str, values: list[str]) -> None:
    """A drop-down of the allowed values; typing something else (an abbreviation) stays
    allowed, the import reads it."""
    joined = ",".join(values)
    if not values or len(joined) > 250 or any("," in v or '"' in v for v in values):
        return
    rule = DataValidation(
        type="list", formula1=f'"{joined}"', allow_blank=True, showErrorMessage=False
    )
    rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    sheet.add_data_validation(rule)


def template_columns():
    return [c for c in active_columns() if c.template]


def write_template(fh) -> None:
    """The XLSX template: the list sheet (header, one example row, identity and date columns
    kept as text) and an instructions sheet saying what each column takes."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("People")[:31]
    columns = template_columns()
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEF1F5")
    text_keys = {"national_id", "former_id", "date_of_birth", "registered_on", "basis_date"}
    for i, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=i, value=str(column.label))
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        example = column.example
        if column.key == "full_name":
            example = f"{example} {EXAMPLE_MARK}"
        example_cell = sheet.cell(row=2, column=i, value=example or None)
        example_cell.font = Font(italic=True, color="5B6B7C")
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = max(12, min(40, len(str(column.label)) + 4))
        if column.key in text_keys:
            # Text, so that Excel keeps the leading zero of an ID and the day-first date.
            sheet.column_dimensions[letter].number_format = "@"
            for row in range(2, TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=i).number_format = "@"
        _add_choice_list(sheet, letter, column.allowed_values())
    sheet.freeze_panes = "B2"

    # Translators: the name of the template's second sheet, "Hướng dẫn" in Vietnamese.
    guide = book.create_sheet(_("Instructions")[:31])
    guide.append([_("Column"), _("Required"), _("What to write"), _("Allowed values")])
    for cell in guide[1]:
        cell.font, cell.fill = bold, fill
    for column in columns:
        guide.append(
            [
                str(column.label),
                _("Yes") if column.required else "",
                str(column.help),
                ", ".join(column.allowed_values()),
            ]
        )
    notes = [
        _("Dates are written dd/mm/yyyy, e.g. 05/09/1990; date cells of Excel are read too."),
        _("Keep the citizen ID as text so that its leading zero stays (the column is text)."),
        _("Give the date of birth, or only the birth year when the date is unknown."),
        _("The example row (marked “%(mark)s”) is never imported: replace it or leave it.")
        % {"mark": EXAMPLE_MARK},
        _("Lists kept in another layout can be imported too: the columns are matched on upload."),
        _("At most %(rows)s rows and %(size)s per file.")
        % {
            "rows": f"{MAX_ROWS:,}".replace(",", "."),
            "size": filesizeformat(settings.UPLOAD_MAX_BYTES),
        },
    ]
    guide.append([])
    for note in notes:
        guide.append([note])
    for letter, width in zip("ABCD", (28, 10, 70, 60), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.save(fh)


def is_example_row(full_name: str) -> bool:
    """The template's example row (its name carries the example mark, in any language)."""
    if not full_name or not full_name.rstrip().endswith(")"):
        return False
    name = fold(full_name)
    return any(name.endswith(mark) for mark in {*_EXAMPLE_MARKS, fold(str(EXAMPLE_MARK))})
