"""The lists Health hands the police, imported from XLSX: the monthly list of substitution
patients of a site, and the list of people with drug-induced psychosis.

Upload -> preview (every row with its status: matched by citizen ID, else by name and birth
year when exactly one registered person of the user's unit has them; ambiguous; unmatched;
invalid with the field and the reason) -> the user writes nothing, or exactly the good rows.
Unmatched and ambiguous rows are listed for review and never create a person. Importing the
same month again writes nothing new: rows already recorded are "unchanged".

The file checks and the cell readers are the registry import's (`registry.import_files`,
`registry.import_columns`); the columns are this module's."""

import datetime
import hashlib
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access
from common.text import fold
from registry.import_columns import CellError, cell_text, read_date, read_digits
from registry.import_files import HEADER_SEARCH_ROWS, xlsx_file_errors

from . import selectors, services
from .choices import (
    GOOD_ROWS,
    Drug,
    ImportKind,
    ImportState,
    RowStatus,
    TreatmentStatus,
)
from .models import TreatmentImport

MAX_ROWS = 5000

# key -> (Vietnamese header of the template, other headers read as the same column)
SUBSTITUTION_COLUMNS = {
    "full_name": ("Họ và tên", ["ho ten", "ho va ten benh nhan", "ten benh nhan"]),
    "birth_year": ("Năm sinh", ["ngay sinh", "ngay thang nam sinh"]),
    "national_id": ("Số CCCD", ["cccd", "so can cuoc", "so can cuoc cong dan", "so dinh danh"]),
    "patient_code": ("Mã bệnh nhân", ["ma bn", "ma so benh nhan", "ma dieu tri"]),
    "start_on": ("Ngày bắt đầu điều trị", ["ngay bat dau", "ngay vao dieu tri"]),
    "drug": ("Thuốc điều trị", ["thuoc"]),
    "dose_mg": ("Liều hiện tại (mg)", ["lieu", "lieu mg", "lieu hien tai"]),
    "status": ("Tình trạng điều trị", ["tinh trang"]),
    "status_on": ("Ngày thay đổi tình trạng", ["ngay thay doi"]),
    "note": ("Ghi chú", []),
}
PSYCHOSIS_COLUMNS = {
    "full_name": SUBSTITUTION_COLUMNS["full_name"],
    "birth_year": SUBSTITUTION_COLUMNS["birth_year"],
    "national_id": SUBSTITUTION_COLUMNS["national_id"],
    "diagnosed_on": ("Ngày chẩn đoán", ["ngay chan doan"]),
    "physician": ("Bác sĩ chẩn đoán", ["bac si"]),
    "note": ("Ghi chú", []),
}
COLUMNS = {ImportKind.SUBSTITUTION: SUBSTITUTION_COLUMNS, ImportKind.PSYCHOSIS: PSYCHOSIS_COLUMNS}
REQUIRED = {
    ImportKind.SUBSTITUTION: ("full_name", "birth_year", "patient_code", "start_on"),
    ImportKind.PSYCHOSIS: ("full_name", "birth_year", "diagnosed_on"),
}
FIELD_LABELS = {
    "full_name": gettext_lazy("full name"),
    "birth_year": gettext_lazy("birth year"),
    "national_id": gettext_lazy("citizen ID"),
    "patient_code": gettext_lazy("patient code"),
    "start_on": gettext_lazy("start of treatment"),
    "drug": gettext_lazy("medicine"),
    "dose_mg": gettext_lazy("dose"),
    "status": gettext_lazy("status"),
    "status_on": gettext_lazy("date of the status"),
    "diagnosed_on": gettext_lazy("date of diagnosis"),
    "physician": gettext_lazy("physician"),
    "person": gettext_lazy("person"),
}
STATUS_WORDS = {
    "dang dieu tri": TreatmentStatus.IN_TREATMENT,
    "dieu tri": TreatmentStatus.IN_TREATMENT,
    "bo dieu tri": TreatmentStatus.DROPPED_OUT,
    "bo tri": TreatmentStatus.DROPPED_OUT,
    "chuyen co so": TreatmentStatus.TRANSFERRED,
    "chuyen di": TreatmentStatus.TRANSFERRED,
    "hoan thanh": TreatmentStatus.COMPLETED,
    "ket thuc dieu tri": TreatmentStatus.COMPLETED,
    "tu vong": TreatmentStatus.DIED,
    "chet": TreatmentStatus.DIED,
}
STATUS_LABELS_VI = ["Đang điều trị", "Bỏ điều trị", "Chuyển cơ sở", "Hoàn thành", "Tử vong"]


def _words(text) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in fold(cell_text(text))).split())


def _header_keys(kind) -> dict[str, str]:
    index = {}
    for key, (header, aliases) in COLUMNS[kind].items():
        index[_words(header)] = key
        for alias in aliases:
            index[alias] = key
    return index


# ---- The template -------------------------------------------------------------------------


def write_template(kind: str, fh) -> None:
    """The XLSX template with its Vietnamese headers and one example row (never imported:
    its name says "ví dụ")."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sach"
    headers = [header for header, _aliases in COLUMNS[kind].values()]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    if kind == ImportKind.SUBSTITUTION:
        example = [
            "Nguyễn Văn A (ví dụ)",
            "1990",
            "092090000001",
            "MMT-0001",
            "15/01/2025",
            "Methadone",
            "60",
            "Đang điều trị",
            "",
            "",
        ]
    else:
        example = [
            "Nguyễn Văn A (ví dụ)",
            "1990",
            "092090000001",
            "15/01/2025",
            "BS. Trần Văn B",
            "",
        ]
    sheet.append(example)
    for i, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = max(14, len(header) + 4)
        # Citizen IDs and dates kept as text: a number loses the ID's leading zero.
        for row in range(2, 502):
            sheet.cell(row, i).number_format = "@"
    notes = book.create_sheet("Huong dan")
    notes.append(["Cột", "Ghi chú"])
    notes.append(["Số CCCD", "12 chữ số; để trống nếu không có. Dùng để đối chiếu với hồ sơ."])
    notes.append(["Năm sinh", "Năm (1990) hoặc ngày sinh (dd/mm/yyyy)."])
    if kind == ImportKind.SUBSTITUTION:
        notes.append(["Tình trạng điều trị", ", ".join(STATUS_LABELS_VI)])
        notes.append(
            ["Ngày thay đổi tình trạng", "Bắt buộc khi tình trạng không phải đang điều trị."]
        )
    notes.append(["", "Dòng không khớp hồ sơ nào được liệt kê để rà soát, không tạo người mới."])
    book.save(fh)


# ---- Reading ------------------------------------------------------------------------------


class FileProblem(Exception):
    pass


def _read_rows(kind, upload) -> list[tuple[int, dict]]:
    """(row number, {key: raw value}) of every non-empty row below the header, found among the
    first rows by its names."""
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's file
        raise FileProblem(
            _("The file is damaged: it cannot be opened as an Excel workbook.")
        ) from exc
    try:
        sheet = book.worksheets[0]
        index = _header_keys(kind)
        header_at, keys = None, {}
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if header_at is None:
                found = {i: index.get(_words(v)) for i, v in enumerate(values) if v is not None}
                found = {i: k for i, k in found.items() if k}
                if "full_name" in found.values() and len(found) >= 2:
                    header_at, keys = number, found
                elif number >= HEADER_SEARCH_ROWS:
                    break
                continue
            if all(v is None or cell_text(v) == "" for v in values):
                continue
            rows.append((number, {k: values[i] for i, k in keys.items() if i < len(values)}))
            if len(rows) > MAX_ROWS:
                raise FileProblem(_("The list has more than %(n)s rows.") % {"n": MAX_ROWS})
    finally:
        book.close()
    if header_at is None:
        raise FileProblem(
            _(
                "No header row found: the list needs at least the columns “Họ và tên” and "
                "“Năm sinh” (see the template)."
            )
        )
    missing = [k for k in REQUIRED[kind] if k not in keys.values()]
    if missing:
        raise FileProblem(
            _("Columns missing: %(names)s (see the template).")
            % {"names": ", ".join(COLUMNS[kind][k][0] for k in missing)}
        )
    return rows


class RowError(Exception):
    def __init__(self, field, reason):
        super().__init__(reason)
        self.field, self.reason = field, str(reason)


def _text(raw) -> str:
    return cell_text(raw)


def _date(raw, field, required=False):
    if raw is None or _text(raw) == "":
        if required:
            raise RowError(field, _("Missing."))
        return None
    try:
        return read_date(raw)
    except CellError as exc:
        raise RowError(field, str(exc)) from exc


def _birth_year(raw) -> int:
    if raw is None or _text(raw) == "":
        raise RowError("birth_year", _("Missing."))
    try:
        value = read_date(raw, year_only=True)
    except CellError as exc:
        raise RowError("birth_year", _("Write the year, e.g. 1990.")) from exc
    year = value if isinstance(value, int) else value.year
    if not 1900 <= year <= timezone.localdate().year:
        raise RowError("birth_year", _("Not a plausible birth year."))
    return year


def _national_id(raw) -> str:
    digits = read_digits(raw) if raw is not None else ""
    if len(digits) == 11 and digits.isdigit():
        digits = "0" + digits  # a number lost its leading zero
    if digits and (len(digits) != 12 or not digits.isdigit()):
        raise RowError("national_id", _("A citizen ID has 12 digits."))
    return digits


def _parse_common(raw: dict) -> dict:
    name = _text(raw.get("full_name"))
    if not name:
        raise RowError("full_name", _("Missing."))
    return {
        "full_name": name,
        "birth_year": _birth_year(raw.get("birth_year")),
        "national_id": _national_id(raw.get("national_id")),
        "note": _text(raw.get("note"))[:500],
    }


def _parse_substitution(raw: dict) -> dict:
    data = _parse_common(raw)
    code = _text(raw.get("patient_code"))
    if not code:
        raise RowError("patient_code", _("Missing."))
    data["patient_code"] = code[:40]
    start = _date(raw.get("start_on"), "start_on", required=True)
    data["start_on"] = start
    drug_words = _words(raw.get("drug"))
    if not drug_words or "methadone" in drug_words:
        data["drug"] = Drug.METHADONE
    elif "bupre" in drug_words:
        data["drug"] = Drug.BUPRENORPHINE
    else:
        raise RowError("drug", _("Write Methadone or Buprenorphine."))
    dose_text = _text(raw.get("dose_mg")).replace(",", ".").replace("mg", "").strip()
    data["dose_mg"] = None
    if dose_text:
        try:
            dose = Decimal(dose_text)
        except InvalidOperation as exc:
            raise RowError("dose_mg", _("Write the dose in mg, e.g. 60.")) from exc
        if dose <= 0 or dose > 2000:
            raise RowError("dose_mg", _("Write the dose in mg, e.g. 60."))
        data["dose_mg"] = dose
    status_words = _words(raw.get("status"))
    status = STATUS_WORDS.get(status_words) if status_words else TreatmentStatus.IN_TREATMENT
    if status is None:
        raise RowError(
            "status", _("Write one of: %(list)s.") % {"list": ", ".join(STATUS_LABELS_VI)}
        )
    data["status"] = status
    data["status_on"] = _date(raw.get("status_on"), "status_on")
    if status != TreatmentStatus.IN_TREATMENT and data["status_on"] is None:
        raise RowError("status_on", _("Give the date of this status."))
    if status == TreatmentStatus.TRANSFERRED:
        raise RowError(
            "status",
            _("Record a transfer on the patient's page (it needs the facility they move to)."),
        )
    return data


def _parse_psychosis(raw: dict) -> dict:
    data = _parse_common(raw)
    data["diagnosed_on"] = _date(raw.get("diagnosed_on"), "diagnosed_on", required=True)
    data["physician"] = _text(raw.get("physician"))[:120]
    return data


def _check_dates(person, data: dict, fields) -> None:
    today = timezone.localdate()
    for field in fields:
        day = data.get(field)
        if day is None:
            continue
        if day > today:
            raise RowError(field, _("The date cannot be in the future."))
        if (person.date_of_birth and day < person.date_of_birth) or day.year < person.birth_year:
            raise RowError(field, _("The date cannot be before the person's birth."))


def _decide_substitution(*, facility, person, data) -> tuple[str, str]:
    """What writing the row would do: (status, reason)."""
    _check_dates(person, data, ("start_on", "status_on"))
    if data["status_on"] and data["status_on"] < data["start_on"]:
        raise RowError("status_on", _("The status date cannot be before the start of treatment."))
    active = selectors.treatment_active_of(person=person)
    if active is not None and active.facility_id != facility.pk:
        raise RowError(
            "person",
            _("In treatment at another facility (%(facility)s).")
            % {"facility": active.facility.name},
        )
    if active is not None:
        if data["status"] == TreatmentStatus.IN_TREATMENT:
            return RowStatus.UNCHANGED, _("In treatment, as recorded.")
        last = selectors.treatment_last_event_on(treatment=active)
        if last and data["status_on"] < last:
            raise RowError(
                "status_on",
                _("The date cannot be before the last status change (%(date)s).")
                % {"date": f"{last:%d/%m/%Y}"},
            )
        return RowStatus.UPDATE, _("Will be recorded as: %(status)s.") % {
            "status": TreatmentStatus(data["status"]).label
        }
    latest = selectors.treatment_latest_of(person=person, facility=facility)
    if latest is not None and latest.start_on == data["start_on"]:
        if latest.status == data["status"]:
            return RowStatus.UNCHANGED, _("Already recorded: %(status)s.") % {
                "status": latest.get_status_display()
            }
        raise RowError(
            "status",
            _("This treatment already ended on %(date)s (%(status)s).")
            % {"date": f"{latest.ended_on:%d/%m/%Y}", "status": latest.get_status_display()},
        )
    if data["status"] == TreatmentStatus.IN_TREATMENT:
        return RowStatus.NEW, _("Will be enrolled.")
    return RowStatus.NEW, _("Will be enrolled and recorded as: %(status)s.") % {
        "status": TreatmentStatus(data["status"]).label
    }


def _decide_psychosis(*, person, data) -> tuple[str, str]:
    _check_dates(person, data, ("diagnosed_on",))
    current = selectors.psychosis_open_of(person=person)
    if current is not None:
        return RowStatus.UNCHANGED, _("Already on the list since %(date)s.") % {
            "date": f"{current.diagnosed_on:%d/%m/%Y}"
        }
    return RowStatus.NEW, _("Will be put on the list (special management).")


def _plain(data: dict) -> dict:
    out = {}
    for key, value in data.items():
        if isinstance(value, datetime.date):
            out[key] = value.isoformat()
        elif isinstance(value, Decimal):
            out[key] = str(value)
        else:
            out[key] = value
    return out


def _evaluate(*, actor, kind, facility, number, raw, seen: set) -> dict:
    row = {"row": number, "status": RowStatus.INVALID, "field": "", "reason": "", "person_id": None}
    row["full_name"] = _text(raw.get("full_name"))
    row["birth_year"] = _text(raw.get("birth_year"))
    row["national_id"] = _text(raw.get("national_id"))
    if "(vi du)" in fold(row["full_name"]) or "(example)" in fold(row["full_name"]):
        return None
    try:
        if kind == ImportKind.SUBSTITUTION:
            data = _parse_substitution(raw)
        else:
            data = _parse_psychosis(raw)
        row["values"] = _plain(data)
        match, person, _n = selectors.person_match(
            user=actor,
            national_id=data["national_id"],
            full_name=data["full_name"],
            birth_year=data["birth_year"],
        )
        if match == "ambiguous":
            row["status"] = RowStatus.AMBIGUOUS
            row["reason"] = _("Several registered people have this name and birth year.")
            return row
        if match == "unmatched":
            row["status"] = RowStatus.UNMATCHED
            row["reason"] = _(
                "No registered person has this citizen ID, or this name and birth year."
            )
            return row
        row["person_id"] = person.pk
        if person.pk in seen:
            raise RowError("person", _("The same person appears on an earlier row."))
        seen.add(person.pk)
        if kind == ImportKind.SUBSTITUTION:
            status, reason = _decide_substitution(facility=facility, person=person, data=data)
        else:
            status, reason = _decide_psychosis(person=person, data=data)
        row["status"], row["reason"] = status, str(reason)
    except RowError as exc:
        row["status"] = RowStatus.INVALID
        row["field"] = exc.field
        row["field_label"] = str(FIELD_LABELS.get(exc.field, exc.field))
        row["reason"] = exc.reason
    return row


def _counts(rows) -> dict:
    counts = {status: 0 for status in RowStatus.values}
    for row in rows:
        counts[row["status"]] += 1
    return counts


# ---- The services of an import -------------------------------------------------------------


def _can(actor, kind) -> bool:
    if kind == ImportKind.SUBSTITUTION:
        return selectors.treatment_can(user=actor, access=Access.WRITE)
    return selectors.psychosis_can(user=actor, access=Access.WRITE)


@transaction.atomic
def import_check(
    *, actor, kind: str, facility, month: datetime.date | None, upload
) -> TreatmentImport:
    """Read and check a list; record the preview. Writes nothing but the import itself."""
    if kind not in ImportKind.values or not _can(actor, kind):
        raise PermissionError(_("You may not import this list."))
    errors: dict = {}
    if kind == ImportKind.SUBSTITUTION:
        errors.update(services._substitution_facility_errors(actor=actor, facility=facility))
        if month is None:
            errors["month"] = _("Choose the month of the list.")
        elif month > timezone.localdate():
            errors["month"] = _("The month cannot be in the future.")
    elif (
        facility is None
        or not services.rehab_selectors.facility_list(user=actor).filter(pk=facility.pk).exists()
    ):
        errors["facility"] = _("Choose a facility of your province.")
    file_errors = xlsx_file_errors(upload)
    if file_errors:
        errors["file"] = file_errors
    if errors:
        raise ValidationError(errors)
    upload.seek(0)
    digest = hashlib.sha256(upload.read()).hexdigest()
    upload.seek(0)
    try:
        raw_rows = _read_rows(kind, upload)
    except FileProblem as exc:
        raise ValidationError({"file": str(exc)}) from exc
    seen: set = set()
    rows = []
    for number, raw in raw_rows:
        row = _evaluate(
            actor=actor, kind=kind, facility=facility, number=number, raw=raw, seen=seen
        )
        if row is not None:
            rows.append(row)
    job = TreatmentImport.objects.create(
        kind=kind,
        facility=facility,
        month=month.replace(day=1) if month else None,
        scope_path=actor.scope_unit.path,
        original_name=(getattr(upload, "name", "") or "")[:255],
        sha256=digest,
        report={"rows": rows, "counts": _counts(rows)},
        created_by=actor,
    )
    change_log_record(
        user=actor,
        action=ChangeAction.CREATE,
        record=("treatment_import", str(job.pk)),
        after={"kind": kind, "facility": facility.pk, "counts": job.counts()},
    )
    return job


def _apply_row(*, actor, job, row) -> list[int]:
    """Write one good row through the services (which check everything again)."""
    person = selectors.people_in_area(user=actor).filter(pk=row["person_id"]).first()
    if person is None:  # moved away or merged since the preview
        raise ValidationError({"person": _("Choose a person registered in your area.")})
    values = row["values"]
    day = datetime.date.fromisoformat
    if job.kind == ImportKind.PSYCHOSIS:
        record = services.psychosis_record(
            actor=actor,
            person=person,
            diagnosed_on=day(values["diagnosed_on"]),
            facility=job.facility,
            physician_name=values.get("physician") or "",
            note=values.get("note") or "",
        )
        return [record.pk]
    status = values["status"]
    status_on = day(values["status_on"]) if values.get("status_on") else None
    treatment = selectors.treatment_active_of(person=person)
    if treatment is None:
        treatment = services.treatment_enrol(
            actor=actor,
            person=person,
            facility=job.facility,
            patient_code=values["patient_code"],
            start_on=day(values["start_on"]),
            drug=values["drug"],
            dose_mg=Decimal(values["dose_mg"]) if values.get("dose_mg") else None,
            note=values.get("note") or "",
        )
    if status != TreatmentStatus.IN_TREATMENT:
        services.treatment_set_status(
            actor=actor,
            treatment=treatment,
            status=status,
            occurred_on=status_on,
            note=_("From the list of %(month)s.") % {"month": f"{job.month:%m/%Y}"},
        )
    return [treatment.pk]


@transaction.atomic
def import_write(*, actor, job: TreatmentImport) -> TreatmentImport:
    """Write exactly the good rows (matched, new or changed), all or none: a row that no longer
    passes (changed since the preview) stops the write with its row number."""
    job = selectors.import_lock(pk=job.pk)
    if (
        not _can(actor, job.kind)
        or not selectors.import_list(user=actor).filter(pk=job.pk).exists()
    ):
        raise PermissionError(_("You may not import this list."))
    if job.state != ImportState.PREVIEW:
        raise ValidationError({"state": _("This import has already been decided.")})
    ids, written = [], 0
    for row in job.rows():
        if row["status"] not in GOOD_ROWS:
            continue
        try:
            ids += _apply_row(actor=actor, job=job, row=row)
        except ValidationError as exc:
            messages = "; ".join(
                f"{m}"
                for msgs in getattr(exc, "message_dict", {"": exc.messages}).values()
                for m in msgs
            )
            raise ValidationError(
                {
                    "state": _(
                        "Row %(row)s can no longer be written: %(reason)s Check the list again."
                    )
                    % {"row": row["row"], "reason": messages}
                }
            ) from exc
        written += 1
    before = snapshot(job, ["state"])
    job.state = ImportState.WRITTEN
    job.decided_at = timezone.now()
    job.result = {"written": written, "ids": ids}
    job.save(update_fields=["state", "decided_at", "result"])
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=("treatment_import", str(job.pk)),
        before=before,
        after={"state": job.state, "written": written},
    )
    return job


@transaction.atomic
def import_discard(*, actor, job: TreatmentImport) -> TreatmentImport:
    job = selectors.import_lock(pk=job.pk)
    if not selectors.import_list(user=actor).filter(pk=job.pk).exists():
        raise PermissionError(_("You may not import this list."))
    if job.state != ImportState.PREVIEW:
        raise ValidationError({"state": _("This import has already been decided.")})
    job.state = ImportState.DISCARDED
    job.decided_at = timezone.now()
    job.result = {"written": 0, "ids": []}
    job.save(update_fields=["state", "decided_at", "result"])
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=("treatment_import", str(job.pk)),
        before={"state": ImportState.PREVIEW},
        after={"state": job.state},
    )
    return job
