"""The columns of a people spreadsheet, defined in ONE place: the XLSX template, its
instructions sheet, the recognition of the headers of the lists communes already keep, the
column-mapping step and the parsing of every cell all come from `COLUMNS` below.

Adding a column for a new Person field is one line, e.g.

    Column("phone", _("Phone"), ("so dien thoai", "sdt", "dien thoai")),

With no `parser`, the cell is read from the model field itself: its choices (matched by code
or label, accents optional), a yes/no, a date, a number or plain text. A column whose field
the registry cannot write (not in `services.people.EDITABLE_FIELDS` nor an argument of
`person_create`) is left out everywhere, so columns may be declared before their field lands.
"""

import datetime
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils.datetime import from_excel

from areas.choices import Level
from areas.selectors import unit_resolve
from common.text import fold, nfc

from .choices import Category, Sex
from .models import Person

MALE, FEMALE = Sex.MALE.value, Sex.FEMALE.value
# Distinct values remembered per column and file (see ParseContext.parse).
PARSE_CACHE = 2000


class CellError(Exception):
    """A cell that cannot be read: the reason, in the user's language, and a stable code."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message, self.code = message, code


@dataclass
class ParseContext:
    """What parsing a file needs besides the cells: who imports, the defaults chosen at upload,
    and caches so that each distinct commune or officer name is looked up once per file."""

    user: object
    default_unit: object = None
    default_category: str = ""
    today: datetime.date = field(default_factory=timezone.localdate)
    warnings: list = field(default_factory=list)  # the current row's, reset for each row
    _communes: dict = field(default_factory=dict)
    _officers: dict | None = None
    _parsed: dict = field(default_factory=dict)

    def warn(self, message: str, code: str) -> None:
        self.warnings.append((message, code))

    def parse(self, column: "Column", value) -> dict:
        """`column.parse(value)`, remembered per column for values that repeat (sex, category,
        commune: a few distinct values over thousands of rows). A column whose values do not
        repeat (names, IDs) stops being remembered after `PARSE_CACHE` distinct values."""
        cache = self._parsed.setdefault(column.key, {})
        try:
            key = (type(value), value)
            outcome = cache.get(key)
        except TypeError:  # an unhashable value: never from a workbook, but parse it anyway
            return column.parse(value, self)
        if outcome is None:
            self.warnings, before = [], self.warnings
            try:
                outcome = (column.parse(value, self), None, self.warnings)
            except CellError as exc:
                outcome = (None, exc, self.warnings)
            finally:
                self.warnings = before
            if len(cache) < PARSE_CACHE:
                cache[key] = outcome
        parsed, error, warnings = outcome
        self.warnings.extend(warnings)
        if error is not None:
            raise error
        return dict(parsed)

    @property
    def province(self):
        unit = self.user.scope_unit
        while unit is not None and unit.level != Level.PROVINCE:
            unit = unit.parent
        return unit

    def commune(self, name: str):
        """(today's commune, whether the name was a pre-2025 one), or None; cached per name."""
        key = nfc(name).lower()  # accents matter: "Phường Bình" is not "Phương Bình"
        if key not in self._communes:
            found = None
            for wanted in _commune_names(name):
                # "xa " is what `unit_resolve` strips: the name itself is then looked up, even
                # one that begins like a kind of unit ("Phương Bình", "Xà Phiên").
                unit = unit_resolve(name=f"xa {wanted}", province=self.province)
                if unit is not None:
                    current = wanted in (unit.name_folded, fold(unit.short_name))
                    found = (unit, not current)
                    break
            self._communes[key] = found
        return self._communes[key]

    def officer(self, name: str):
        """The officer in the user's scope with this username or full name (accents
        optional), or None when there is none or more than one."""
        if self._officers is None:
            from accounts.selectors import officer_list

            found: dict = {}
            for officer in officer_list(user=self.user):
                for key in {officer.username.lower(), fold(officer.get_full_name())} - {""}:
                    found[key] = None if key in found else officer
            self._officers = found
        return self._officers.get(name.lower()) or self._officers.get(fold(name))


# ---- Cells --------------------------------------------------------------------------------


def cell_text(value) -> str:
    """A cell as text: numbers without a trailing ".0" (IDs typed as numbers), dates as
    dd/mm/yyyy, strings NFC with single spaces."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%d/%m/%Y}"
    return nfc(str(value))


def _words(value) -> str:
    """Folded, punctuation as spaces: 'Người nghiện (MT)' -> 'nguoi nghien mt'."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(cell_text(value))).split())


_DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{4})$")
_DATE_MESSAGE = gettext_lazy("Write the date as dd/mm/yyyy, e.g. 05/09/1990.")


def _excel_serial(number: float) -> datetime.date | None:
    """A date kept as its Excel serial number (a date cell formatted as a number)."""
    if 1 <= number < 2958466:
        try:
            return from_excel(number).date()
        except (ValueError, OverflowError):
            return None
    return None


def read_date(value, *, year_only: bool = False):
    """A date from a date cell, an Excel serial, or text dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy or
    yyyy-mm-dd. With `year_only`, a bare year (or mm/yyyy) gives that year as an int."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if year_only and float(value).is_integer() and 1800 <= value <= 2200:
            return int(value)
        day = _excel_serial(float(value))
        if day is None or year_only and day.year < 1900:
            raise CellError(str(_DATE_MESSAGE), "date")
        return day
    text = cell_text(value)
    if year_only and text.isdigit() and len(text) == 4:
        return int(text)
    parts = None
    if match := _DATE_TEXT.match(text):
        parts = int(match[3]), int(match[2]), int(match[1])
    elif match := _ISO_DATE.match(text):
        parts = int(match[1]), int(match[2]), int(match[3])
    elif year_only and (match := _MONTH_YEAR.match(text)) and 1 <= int(match[1]) <= 12:
        return int(match[2])
    if parts:
        try:
            return datetime.date(*parts)
        except ValueError:
            pass
    raise CellError(str(_DATE_MESSAGE), "date")


def read_digits(value) -> str:
    """An ID as digits: numbers lose their ".0", text loses spaces, dots and dashes."""
    text = cell_text(value)
    if re.fullmatch(r"[\d\s.\-]+", text):
        text = re.sub(r"[\s.\-]", "", text)
    return text


_YES = {"co", "x", "yes", "y", "1", "true", "dung", "v"}
_NO = {"khong", "no", "n", "0", "false", "sai", "k"}


def read_yes_no(value) -> bool:
    words = _words(value)
    if words in _YES:
        return True
    if words in _NO:
        return False
    raise CellError(_("Write yes or no (Có or Không)."), "yes_no")


# ---- Parsers: (value, context, column) -> {field: value} ------------------------------------


def parse_text(value, ctx, column) -> dict:
    return {column.key: cell_text(value)}


def parse_date(value, ctx, column) -> dict:
    return {column.key: read_date(value)}


def parse_yes_no(value, ctx, column) -> dict:
    return {column.key: read_yes_no(value)}


def parse_birth(value, ctx, column) -> dict:
    """A date of birth, or only the year (a "Năm sinh" column, or a year in a date column)."""
    try:
        born = read_date(value, year_only=True)
    except CellError as exc:
        raise CellError(
            _("Write the date of birth as dd/mm/yyyy (e.g. 05/09/1990) or only the birth year."),
            "date",
        ) from exc
    if isinstance(born, int):
        return {"birth_year": born}
    return {"date_of_birth": born, "birth_year": born.year}


def birth_marked(sex: str) -> Callable:
    """Lists that split "Năm sinh" into a "Nam" and a "Nữ" column: the year (or date) in one
    of them gives the birth and the sex; an "x" gives the sex only."""

    def parse(value, ctx, column) -> dict:
        if _words(value) in _YES:
            return {"sex": sex}
        return {**parse_birth(value, ctx, column), "sex": sex}

    return parse


_SEX_WORDS = {
    "nam": MALE,
    "m": MALE,
    "male": MALE,
    "trai": MALE,
    "nu": FEMALE,
    "f": FEMALE,
    "female": FEMALE,
    "gai": FEMALE,
}


def parse_sex(value, ctx, column) -> dict:
    words = _words(value)
    sex = _SEX_WORDS.get(words) or next(
        (c.value for c in Sex if words in (_words(c.label), c.value.lower())), None
    )
    if sex is None:
        raise CellError(_("Write Nam or Nữ (or M / F)."), "sex")
    return {"sex": sex}


def parse_identity_number(value, ctx, column) -> dict:
    """A CCCD or an old CMND, whichever column it is in: 12 digits (or 10–11, a CCCD typed as a
    number that lost its leading zeros) is the CCCD; 9 digits (or 8, a CMND that lost its
    zero) is kept as the former ID, never as the CCCD. Anything else goes to the CCCD check,
    which says what is wrong with it."""
    from .validators import normalise_cccd

    text = read_digits(value)
    if text.isdigit() and len(text) in (8, 9):
        return {"former_id": text.zfill(9)}
    return {"national_id": normalise_cccd(text)}


# The kind of unit before a commune's name, written out or abbreviated ("P.", "X.", "TT."):
# with accents it is certainly the kind; without, it may be the start of a name.
_KIND_ACCENTED = re.compile(
    r"^(phường|xã|thị trấn|đặc khu|p|x|tt|ph)\s*\.\s*|^(phường|xã|thị trấn|đặc khu)\s+"
)
_KIND_FOLDED = re.compile(r"^(phuong|xa|thi tran|dac khu)\s+")


def _commune_names(text: str) -> list[str]:
    """The folded names to look up for a commune cell, most likely first:
    'P.Ninh Kiều, Q. Ninh Kiều' -> ['ninh kieu']; 'phuong an hoa' -> ['an hoa', 'phuong an hoa'];
    'Phương Bình' -> ['phuong binh']."""
    name = nfc(re.split(r"[,;]", text)[0]).lower()
    if bare := _KIND_ACCENTED.sub("", name, count=1).strip():
        if bare != name:
            return [fold(bare)]
    folded = fold(name)
    bare = _KIND_FOLDED.sub("", folded, count=1).strip()
    return [bare, folded] if bare and bare != folded else [folded] if folded else []


def parse_commune(value, ctx, column) -> dict:
    text = cell_text(value)
    found = ctx.commune(text)
    if found is None:
        raise CellError(
            _(
                "Unknown commune “%(name)s”: no current or pre-2025 commune of the province has "
                "this name, or several had it before 2025. Write today's name."
            )
            % {"name": text},
            "commune_unknown",
        )
    unit, legacy = found
    if not ctx.user.scope_unit.contains(unit):
        raise CellError(_("The commune is outside your jurisdiction."), "commune_outside")
    if legacy:
        ctx.warn(
            _("“%(name)s” is a pre-2025 name: read as %(unit)s.") % {"name": text, "unit": unit},
            "commune_old_name",
        )
    return {column.key: unit}


# Abbreviations and phrasings of the categories found in communes' lists (folded words).
_CATEGORY_WORDS = {
    Category.ILLICIT_USER: (
        "sdtp",
        "nsdtp",
        "sd",
        "su dung",
        "su dung trai phep",
        "nguoi su dung",
        "nguoi su dung trai phep",
        "nguoi su dung trai phep chat ma tuy",
        "su dung trai phep chat ma tuy",
        "su dung ma tuy",
    ),
    Category.ADDICTED: ("nghien", "nn", "nguoi nghien", "nghien ma tuy", "nguoi nghien ma tuy"),
    Category.POST_REHAB: ("qlsc", "sau cai", "sau cai nghien", "quan ly sau cai", "qlscn"),
    Category.SUSPECTED_USE: ("nghi sd", "nghi su dung", "nghi sdtp", "nghi van su dung"),
    Category.SUSPECTED_ADDICTION: ("nghi nghien", "nghi nn", "nghi van nghien"),
}


def _category_from_words(words: str) -> str | None:
    for category, phrasings in _CATEGORY_WORDS.items():
        if words in phrasings:
            return category.value
    for category in Category:
        if words in (category.value, _words(category.label), _words(category.value)):
            return category.value
        with translation.override("en"):
            if words == _words(category.label):
                return category.value
    tokens = words.split()
    if "nghi" in tokens:
        suspected = Category.SUSPECTED_ADDICTION if "nghien" in tokens else Category.SUSPECTED_USE
        return suspected.value
    if "sau cai" in words or "qlsc" in tokens:
        return Category.POST_REHAB.value
    if "nghien" in tokens:
        return Category.ADDICTED.value
    if "su dung" in words or "sdtp" in tokens:
        return Category.ILLICIT_USER.value
    return None


def parse_category(value, ctx, column) -> dict:
    category = _category_from_words(_words(value))
    if category is None:
        raise CellError(
            _("Unknown category “%(value)s”: write one of %(choices)s.")
            % {"value": cell_text(value), "choices": ", ".join(str(c.label) for c in Category)},
            "category",
        )
    return {"category": category}


def parse_officer(value, ctx, column) -> dict:
    text = cell_text(value)
    officer = ctx.officer(text)
    if officer is None:
        raise CellError(
            _("No officer “%(name)s” in your unit (write the username or the full name).")
            % {"name": text},
            "officer_unknown",
        )
    return {column.key: officer}


def _model_field(name: str):
    try:
        return Person._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def parse_by_field(value, ctx, column) -> dict:
    """The default parser: what the model field says the value is."""
    model_field = _model_field(column.key)
    if model_field is None:
        return parse_text(value, ctx, column)
    if model_field.choices:
        words = _words(value)
        for code, label in model_field.flatchoices:
            if words in (_words(code), _words(label)):
                return {column.key: code}
        raise CellError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {
                "value": cell_text(value),
                "choices": ", ".join(str(label) for _code, label in model_field.flatchoices),
            },
            "choice",
        )
    if isinstance(model_field, models.BooleanField):
        return parse_yes_no(value, ctx, column)
    if isinstance(model_field, models.DateField):
        return parse_date(value, ctx, column)
    if isinstance(model_field, models.IntegerField):
        text = read_digits(value)
        if not text.isdigit():
            raise CellError(_("Write a whole number."), "number")
        return {column.key: int(text)}
    return parse_text(value, ctx, column)


# ---- The columns --------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One kind of column a file may hold."""

    key: str  # what a file column is mapped to: a Person field or a person_create argument
    label: str  # the template's header (lazy, translated)
    synonyms: tuple[str, ...] = ()  # other headers found in real lists (folded, no accents)
    parser: Callable | None = None  # (value, context, column) -> {field: value}
    help: str = ""  # what to write, for the instructions sheet
    example: object = ""
    fields: tuple[str, ...] = ()  # the fields the parser sets, when not just `key`
    template: bool = True  # a column of the template (False: recognised in lists only)
    required: bool = False  # every row needs a value (said on the instructions sheet)

    @property
    def targets(self) -> tuple[str, ...]:
        return self.fields or (self.key,)

    def parse(self, value, ctx) -> dict:
        return (self.parser or parse_by_field)(value, ctx, self)

    def allowed_values(self) -> list[str]:
        """The values a choice column accepts, for the instructions sheet."""
        if self.parser is parse_sex:
            return [str(c.label) for c in Sex]
        if self.parser is parse_category:
            return [str(c.label) for c in Category]
        if self.parser is parse_yes_no:
            return [_("Yes"), _("No")]
        model_field = None if self.parser else _model_field(self.key)
        if model_field is not None and model_field.choices:
            return [str(label) for _code, label in model_field.flatchoices]
        return []


COLUMNS: list[Column] = [
    Column(
        "full_name",
        gettext_lazy("Full name"),
        ("ho va ten", "ho ten", "ho va ten doi tuong", "ho ten doi tuong", "ten doi tuong"),
        help=gettext_lazy("As on the ID card, with accents."),
        required=True,
        example="Nguyễn Văn An",
    ),
    Column(
        "sex",
        gettext_lazy("Sex"),
        ("gioi tinh", "gt", "phai"),
        parser=parse_sex,
        help=gettext_lazy("Nam or Nữ; M and F are read too."),
        example="Nam",
        required=True,
    ),
    Column(
        "date_of_birth",
        gettext_lazy("Date of birth"),
        ("ngay sinh", "ngay thang nam sinh", "sinh ngay", "ngay, thang, nam sinh"),
        parser=parse_birth,
        fields=("date_of_birth", "birth_year"),
        help=gettext_lazy("dd/mm/yyyy, e.g. 05/09/1990. Only the year when the date is unknown."),
        example="05/09/1990",
        required=True,
    ),
    Column(
        "birth_year",
        gettext_lazy("Birth year"),
        ("nam sinh",),
        parser=parse_birth,
        fields=("date_of_birth", "birth_year"),
        help=gettext_lazy("Only when the date of birth is unknown, e.g. 1990."),
        example="",
    ),
    Column(
        "birth_year_male",
        gettext_lazy("Birth year (men)"),
        ("nam sinh nam", "nam"),
        parser=birth_marked(MALE),
        fields=("date_of_birth", "birth_year", "sex"),
        template=False,
    ),
    Column(
        "birth_year_female",
        gettext_lazy("Birth year (women)"),
        ("nam sinh nu", "nu"),
        parser=birth_marked(FEMALE),
        fields=("date_of_birth", "birth_year", "sex"),
        template=False,
    ),
    Column(
        "national_id",
        gettext_lazy("Citizen ID (CCCD)"),
        (
            "so cccd",
            "cccd",
            "can cuoc",
            "can cuoc cong dan",
            "so can cuoc",
            "so dinh danh",
            "so dinh danh ca nhan",
            "cccd/cmnd",
            "cmnd/cccd",
            "so cccd/cmnd",
            "so cmnd/cccd",
        ),
        parser=parse_identity_number,
        fields=("national_id", "former_id"),
        help=gettext_lazy("12 digits, written as text so that the leading zero stays."),
        example="092090001234",
    ),
    Column(
        "former_id",
        gettext_lazy("Former ID (CMND)"),
        ("so cmnd", "cmnd", "chung minh nhan dan", "so chung minh nhan dan", "so cmtnd", "cmtnd"),
        parser=parse_identity_number,
        fields=("national_id", "former_id"),
        help=gettext_lazy("The old 9-digit ID card number, if known."),
        example="",
    ),
    Column(
        "residence_unit",
        gettext_lazy("Commune of residence"),
        (
            "xa",
            "phuong",
            "xa/phuong",
            "phuong/xa",
            "xa phuong",
            "phuong xa",
            "xa phuong thi tran",
            "xa/phuong/thi tran",
            "don vi",
            "xa phuong noi cu tru",
            "noi cu tru xa phuong",
        ),
        parser=parse_commune,
        help=gettext_lazy(
            "Today's commune or ward; pre-2025 names are read through the mapping to today's "
            "units (“P. An Hòa”, “X. Mỹ Khánh”). Empty: the commune chosen at upload."
        ),
        example="Phường Ninh Kiều",
        required=True,
    ),
    Column(
        "address",
        gettext_lazy("Address"),
        (
            "dia chi",
            "noi o",
            "noi o hien nay",
            "cho o hien nay",
            "noi cu tru",
            "dia chi cu tru",
            "dia chi thuong tru",
            "thuong tru",
            "hktt",
        ),
        help=gettext_lazy("House number, street, hamlet or residential group."),
        example="12 đường 30/4, khu vực 3",
    ),
    Column(
        "category",
        gettext_lazy("Category"),
        ("phan loai", "doi tuong", "loai doi tuong", "tinh trang", "dien", "dien quan ly"),
        parser=parse_category,
        help=gettext_lazy(
            "Abbreviations are read too: SDTP, NSDTP (illicit user), nghiện (addicted), "
            "QLSC, sau cai (post-rehab), nghi SD, nghi nghiện. Empty: the category chosen at "
            "upload."
        ),
        example="SDTP",
        required=True,
    ),
    Column(
        "has_stable_residence",
        gettext_lazy("Stable residence"),
        ("noi cu tru on dinh", "co noi cu tru on dinh"),
        parser=parse_yes_no,
        help=gettext_lazy("No for a person with no stable place to live. Empty: yes."),
        example="Có",
    ),
    Column(
        "special_management",
        gettext_lazy("Special management"),
        ("quan ly dac biet", "ngao da", "loan than", "roi loan tam than"),
        parser=parse_yes_no,
        help=gettext_lazy("Yes for drug-induced psychosis or loss of behavioural control."),
        example="Không",
    ),
    Column(
        "responsible_officer",
        gettext_lazy("Responsible officer"),
        ("can bo phu trach", "can bo quan ly", "nguoi phu trach", "can bo theo doi"),
        parser=parse_officer,
        help=gettext_lazy("The officer's username or full name."),
        example="",
    ),
    Column(
        "registered_on",
        gettext_lazy("Registered on"),
        ("ngay dang ky", "ngay lap ho so", "ngay phat hien", "ngay lap danh sach"),
        parser=parse_date,
        help=gettext_lazy("dd/mm/yyyy. Empty: today."),
        example="",
    ),
    Column(
        "basis_number",
        gettext_lazy("Document number"),
        ("so quyet dinh", "so van ban", "so qd"),
        help=gettext_lazy("The decision or document the category rests on."),
    ),
    Column(
        "basis_date",
        gettext_lazy("Document date"),
        ("ngay quyet dinh", "ngay van ban", "ngay qd"),
        parser=parse_date,
        help=gettext_lazy("dd/mm/yyyy."),
    ),
    Column(
        "basis_body",
        gettext_lazy("Deciding body"),
        ("co quan quyet dinh", "co quan ban hanh", "noi ban hanh"),
    ),
    Column("note", gettext_lazy("Note"), ("ghi chu",)),
]

# Headers that say "nothing to import here" (row numbers).
IGNORED_HEADERS = ("stt", "tt", "so tt", "so thu tu")
# Columns that must be mapped for the rows to mean anything.
REQUIRED_KEYS = ("full_name",)


@cache
def writable_fields() -> frozenset:
    """What `person_create` accepts: the person's editable fields and its named arguments."""
    from .services import people

    named = {
        name
        for name, param in inspect.signature(people.person_create).parameters.items()
        if param.kind == param.KEYWORD_ONLY and name != "actor"
    }
    return frozenset({*people.EDITABLE_FIELDS, *named})


def active_columns() -> list[Column]:
    """The columns whose fields the registry can write today."""
    writable = writable_fields()
    return [c for c in COLUMNS if set(c.targets) <= writable]


def column_for(key: str) -> Column | None:
    return next((c for c in active_columns() if c.key == key), None)


# ---- Headers ------------------------------------------------------------------------------


def header_words(text) -> str:
    """'Số CCCD (12 số)' -> 'so cccd': folded, without parentheses and punctuation."""
    words = re.sub(r"\(.*?\)|\[.*?\]", " ", fold(cell_text(text)))
    return " ".join(re.sub(r"[^a-z0-9/]+", " ", words).split())


def header_index() -> dict[str, str]:
    """Every known header (folded words) -> its column key ("" for row numbers)."""
    index = {words: "" for words in IGNORED_HEADERS}
    for column in reversed(active_columns()):
        names = {header_words(column.label), *(header_words(s) for s in column.synonyms)}
        with translation.override("en"):
            names.add(header_words(column.label))
        for name in names - {""}:
            index[name] = column.key
    return index


def match_header(text, index: dict | None = None) -> str | None:
    """The column key a header names ("" for a row-number column), or None when unknown. An
    exact name first, then the longest known name the header starts with ("Họ và tên đối
    tượng" is a full name). `index`: `header_index()`, built once per file."""
    words = header_words(text)
    if not words:
        return None
    index = header_index() if index is None else index
    if words in index:
        return index[words]
    starts = [name for name in index if len(name) > 3 and words.startswith(name + " ")]
    return index[max(starts, key=len)] if starts else None
