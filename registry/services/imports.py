"""Importing people from spreadsheets: upload, column mapping, the checking pass (the same
rules as a form entry, every row, nothing written), the user's choice, and the write of
exactly the good rows through `person_create_many`, all of them in one transaction.

The passes run as Celery tasks (registry/tasks.py) that call `import_job_check` and
`import_job_write` with the job's id: each takes the job under a row lock and moves it to
its next status only from the status it expects, so a task delivered twice does nothing
the second time. A task that fails marks the job failed with the reason; a worker that dies
leaves no sign but a stale heartbeat, which `import_job_expire` turns into "failed" when the
job is next looked at. The write is one transaction: a failure or a death writes nothing."""

import datetime
import hashlib
import logging
import os
import unicodedata

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.audit import change_log_record
from accounts.choices import ChangeAction
from areas.selectors import commune_list
from common.text import nfc

from .. import selectors
from ..choices import IMPORT_RUNNING, Category, EventKind, ImportStatus
from ..import_columns import (
    REQUIRED_KEYS,
    CellError,
    ParseContext,
    active_columns,
    cell_text,
    column_for,
    writable_fields,
)
from ..import_files import MAX_ROWS, FileProblem, ListReader, is_example_row, xlsx_file_errors
from ..models import ImportJob, Person, PersonEvent, law_on
from .people import BulkRowError, _check_officer, _check_scope, _prepare, person_create_many

logger = logging.getLogger(__name__)

# Rows checked between two progress saves (and per batch of duplicate look-ups).
CHUNK = 500
# Rows written between two progress notes.
WRITE_BATCH = 500  # rows written (and progress reported) at a time
# A task that shows no progress for this long has died (its worker was killed).
STALE_AFTER = datetime.timedelta(minutes=5)
# A job no worker has taken for this long: no worker is running, or the queue is stuck.
QUEUED_STALE_AFTER = datetime.timedelta(minutes=30)
# A problem's level; a row's status is its worst problem's level, or "ok".
ERROR, WARNING, OK = "error", "warning", "ok"


class RowWriteError(Exception):
    """A row the check passed that the write refused (the data changed in between)."""


def _enqueue(task_name: str, job_id: int) -> None:
    from .. import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.delay(job_id))


def _log(actor, action, job: ImportJob, **after) -> None:
    change_log_record(
        user=actor,
        action=action,
        record=(ImportJob.log_record_type, str(job.pk)),
        after={"status": job.status, **after},
    )


# ---- Upload -------------------------------------------------------------------------------


def _clean_original_name(name: str) -> str:
    name = nfc(os.path.basename(name or "").strip())
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    return name[-255:] or "file.xlsx"


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def import_job_create(*, actor, upload, default_unit=None, default_category: str = "") -> ImportJob:
    """Take an uploaded workbook (checked by its bytes and size), store it privately under a
    random name, and queue the check of its rows."""
    if not selectors.import_job_can(user=actor):
        raise PermissionError("No write grant on people.")
    errors = {}
    problems = xlsx_file_errors(upload) if upload is not None else [_("Choose a file.")]
    if problems:
        errors["file"] = problems
    if default_unit is not None and not actor.scope_unit.contains(default_unit):
        errors["default_unit"] = [_("The commune is outside your jurisdiction.")]
    if default_category and default_category not in Category.values:
        errors["default_category"] = [_("Choose a category from the list.")]
    if errors:
        raise ValidationError(errors)
    job = ImportJob(
        user=actor,
        unit=actor.scope_unit,
        scope_path=actor.scope_unit.path,
        original_name=_clean_original_name(upload.name),
        size=upload.size,
        sha256=_sha256(upload),
        default_unit=default_unit,
        default_category=default_category or "",
        status=ImportStatus.QUEUED,
        heartbeat_at=timezone.now(),
    )
    job.full_clean(exclude=["file"])
    upload.seek(0)
    # The stored name comes from `person_import_path`, whatever name is given here.
    job.file.save("upload.xlsx", upload, save=False)
    name = job.file.name
    try:
        job.save()
    except Exception:
        job.file.storage.delete(name)
        raise
    _log(actor, ChangeAction.CREATE, job, file=job.original_name, sha256=job.sha256)
    _enqueue("import_job_check", job.pk)
    return job


# ---- Mapping ------------------------------------------------------------------------------


def suggested_mapping(columns: list) -> dict[str, str]:
    """Each recognised column's key; a key claimed by two columns goes to the first."""
    mapping, taken = {}, set()
    for column in columns:
        key = column["key"]
        if key is None or (key and key in taken):
            continue
        mapping[str(column["index"])] = key
        taken.add(key)
    return mapping


def needs_mapping(columns: list, mapping: dict) -> bool:
    """The user says what the columns hold when one is unknown or a required one is missing."""
    if any(str(c["index"]) not in mapping for c in columns):
        return True
    return not set(REQUIRED_KEYS) <= set(mapping.values())


def mapping_errors(columns: list, mapping: dict) -> dict[str, list]:
    """Per file column ("column_<index>"), why the mapping is refused."""
    errors: dict[str, list] = {}
    keys = {c.key: c for c in active_columns()}
    indexes = {str(c["index"]): c for c in columns}
    used: dict[str, list] = {}
    for index, key in mapping.items():
        if index not in indexes:
            errors.setdefault("mapping", []).append(
                _("The file has no column %(index)s.") % {"index": index}
            )
        elif key and key not in keys:
            errors.setdefault(f"column_{index}", []).append(_("Choose a field from the list."))
        elif key:
            used.setdefault(key, []).append(index)
    for key, where in used.items():
        if len(where) > 1:
            letters = ", ".join(indexes[i]["letter"] for i in where)
            for index in where:
                errors.setdefault(f"column_{index}", []).append(
                    _("“%(field)s” is chosen for several columns (%(columns)s): keep one.")
                    % {"field": keys[key].label, "columns": letters}
                )
    for key in REQUIRED_KEYS:
        if key not in used and key in keys:
            errors.setdefault("mapping", []).append(
                _("Choose the column that holds “%(field)s”.") % {"field": keys[key].label}
            )
    return errors


@transaction.atomic
def import_job_map(*, actor, job: ImportJob, mapping: dict[str, str]) -> ImportJob:
    """Say what each column of the file holds ("" to ignore it), then check the rows again."""
    job = selectors.import_job_lock(pk=job.pk)
    if job.user_id != actor.pk:
        raise PermissionError("Only the uploader maps an import's columns.")
    if job.status not in (ImportStatus.MAPPING, ImportStatus.READY, ImportStatus.FAILED) or (
        not job.file or not job.columns
    ):
        raise ValidationError({"mapping": _("The columns of this import can no longer change.")})
    mapping = {str(k): (v or "") for k, v in mapping.items()}
    errors = mapping_errors(job.columns, mapping)
    if errors:
        raise ValidationError(errors)
    job.mapping = mapping
    _reset(job)
    job.status = ImportStatus.QUEUED
    job.heartbeat_at = timezone.now()
    job.save()
    _log(actor, ChangeAction.UPDATE, job, mapping=mapping)
    _enqueue("import_job_check", job.pk)
    return job


def _reset(job: ImportJob) -> None:
    job.report, job.result, job.error = {}, {}, ""
    job.total_rows = job.processed_rows = 0
    job.good_rows = job.bad_rows = job.warning_rows = job.skipped_rows = 0
    job.finished_at = None


# ---- The check ----------------------------------------------------------------------------


def _start(job_id: int, *, expected, status) -> ImportJob | None:
    """The job moved to `status`, or None when it is not in an `expected` status (a task
    delivered twice, or a job failed or cancelled meanwhile)."""
    with transaction.atomic():
        job = selectors.import_job_lock(pk=job_id)
        if job is None or job.status not in expected:
            return None
        job.status = status
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["status", "heartbeat_at"])
    return job


def import_job_check(*, job_id: int) -> ImportJob | None:
    """The checking pass (a task): find the header, ask for the mapping when the columns are
    not all known, else check every row and leave the job ready for the user's choice."""
    job = _start(
        job_id, expected=(ImportStatus.QUEUED, ImportStatus.CHECKING), status=ImportStatus.CHECKING
    )
    if job is None:
        return None
    try:
        with translation.override(settings.LANGUAGE_CODE):
            _check(job)
    except Exception as exc:  # noqa: BLE001 - any failure ends as a failed job, shown
        _fail(job.pk, exc)
    job.refresh_from_db()
    return job


def _check(job: ImportJob) -> None:
    with job.file.open("rb") as fh, ListReader(fh) as reader:
        layout = reader.layout
        if layout is None:
            raise FileProblem(
                _(
                    "No header row found in the first %(rows)s rows: the list needs a row of "
                    "column names (e.g. “Họ và tên”, “Năm sinh”, “Số CCCD”). Download the "
                    "template to see them."
                )
                % {"rows": 15}
            )
        job.sheet_name = layout.sheet[:100]
        job.header_row = layout.header_row
        job.columns = layout.columns
        mapping = job.mapping or suggested_mapping(layout.columns)
        if not job.mapping and needs_mapping(layout.columns, mapping):
            _finish_check(job, status=ImportStatus.MAPPING)
            return
        job.mapping = mapping
        job.total_rows = layout.declared_rows or 0
        rows, skipped = _check_rows(job, reader, mapping)
    counts = {status: 0 for status in (ERROR, WARNING, OK)}
    for row in rows:
        counts[row["status"]] += 1
    job.report = {"rows": rows}
    job.total_rows = len(rows)
    job.processed_rows = len(rows)
    job.bad_rows = counts[ERROR]
    job.warning_rows = counts[WARNING]
    job.good_rows = counts[WARNING] + counts[OK]
    job.skipped_rows = skipped
    _finish_check(job, status=ImportStatus.READY)


def _finish_check(job: ImportJob, *, status: str) -> None:
    with transaction.atomic():
        current = selectors.import_job_lock(pk=job.pk)
        if current is None or current.status != ImportStatus.CHECKING:
            return  # failed (expired) or re-mapped meanwhile: this pass's result is stale
        if current.mapping and current.mapping != job.mapping:
            return  # re-mapped, and the new check already started: it will report
        job.status = status
        job.heartbeat_at = timezone.now()
        job.save()


def _progress(job: ImportJob, processed: int) -> None:
    job.processed_rows = processed
    job.total_rows = max(job.total_rows, processed)
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["processed_rows", "total_rows", "heartbeat_at"])


class _Entry:
    """A row being checked: its report (JSON) and what the checks of a batch need."""

    __slots__ = ("report", "values", "sources", "person")

    def __init__(self, report, values, sources, person):
        self.report, self.values, self.sources, self.person = report, values, sources, person

    def add(self, level, code, message, field="", source=None):
        letter, header = source or self.sources.get(field) or ("", "")
        self.report["issues"].append(
            {
                "level": level,
                "column": letter,
                "header": header,
                "field": field,
                "code": code,
                "message": str(message),
            }
        )


class _FileState:
    """What the checks remember across batches: IDs and names seen so far in the file."""

    def __init__(self):
        self.ids: dict[str, _Entry] = {}
        self.names: dict[tuple, _Entry] = {}


def _check_rows(job: ImportJob, reader: ListReader, mapping: dict) -> tuple[list, int]:
    ctx = ParseContext(
        user=job.user, default_unit=job.default_unit, default_category=job.default_category
    )
    letters = {str(c["index"]): (c["letter"], c["header"]) for c in job.columns}
    mapped = []
    for index, key in mapping.items():
        column = column_for(key) if key else None
        if column is not None:
            mapped.append((int(index), column, letters.get(index, ("", ""))))
    name_index = next((i for i, c, _s in mapped if c.key == "full_name"), None)
    state = _FileState()
    rows, batch, seen, skipped = [], [], 0, 0
    for number, values in reader.rows():
        cells = [
            (column, source, values[i] if i < len(values) else None) for i, column, source in mapped
        ]
        filled = [cell for cell in cells if not _blank(cell[2])]
        if not filled:
            continue
        seen += 1
        if seen > MAX_ROWS:
            raise FileProblem(
                _("The file has more than %(limit)s rows: split it into several files.")
                % {"limit": f"{MAX_ROWS:,}".replace(",", ".")}
            )
        name = values[name_index] if name_index is not None and name_index < len(values) else None
        if (_blank(name) and len(filled) <= 1) or is_example_row(cell_text(name)):
            skipped += 1  # a signature line, a section title, the template's example
            continue
        entry = _parse_row(number, cells, ctx)
        rows.append(entry.report)
        batch.append(entry)
        if len(batch) >= CHUNK:
            _check_batch(batch, ctx, state)
            batch = []
            _progress(job, seen)
    _check_batch(batch, ctx, state)
    for report in rows:
        report["status"] = _status(report)
        if report["status"] == ERROR:
            report["values"] = {}  # a bad row is never written: its values are not kept
    return rows, skipped


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _status(report: dict) -> str:
    levels = {issue["level"] for issue in report["issues"]}
    return ERROR if ERROR in levels else WARNING if WARNING in levels else OK


# The fields every row needs (from its cells or from the upload's defaults).
_REQUIRED_FIELDS = ("full_name", "sex", "birth_year", "residence_unit", "category")
_FK_FIELDS = frozenset(
    f.name for f in Person._meta.concrete_fields if isinstance(f, models.ForeignKey)
)


def _parse_row(number: int, cells, ctx: ParseContext) -> _Entry:
    report = {"row": number, "status": OK, "name": "", "issues": []}
    values: dict = {}
    sources: dict = {}
    entry = _Entry(report, values, sources, None)
    writable = writable_fields()
    unreadable = set()  # the fields of the cells that could not be read
    for column, source, raw in cells:
        if _blank(raw):
            continue
        ctx.warnings = []
        try:
            parsed = ctx.parse(column, raw)
        except CellError as exc:
            entry.add(ERROR, exc.code, exc.message, column.key, source)
            for target in column.targets:
                sources.setdefault(target, source)
            unreadable.update(column.targets)
            continue
        for message, code in ctx.warnings:
            entry.add(WARNING, code, message, column.key, source)
        for field, value in parsed.items():
            if field not in writable:
                continue  # a field the registry does not have (yet): skipped
            if field in values and values[field] != value:
                entry.add(
                    ERROR,
                    "conflict",
                    _("This column says “%(value)s”, another says “%(other)s”.")
                    % {"value": _shown(value), "other": _shown(values[field])},
                    field,
                    source,
                )
                continue
            values[field] = value
            sources.setdefault(field, source)
    report["name"] = values.get("full_name", "")
    failed = unreadable | {i["field"] for i in report["issues"] if i["level"] == ERROR}
    _apply_defaults(values, ctx, failed)
    for field in _REQUIRED_FIELDS:
        if values.get(field) in (None, "") and field not in failed and field in writable:
            entry.add(ERROR, "required", _required_message(field), field)
            failed.add(field)
    entry.person = _validate_person(entry, values, failed, ctx)
    return entry


def _shown(value) -> str:
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _required_message(field: str) -> str:
    if field == "birth_year":
        return _("Give the date of birth or at least the birth year.")
    if field == "residence_unit":
        return _("Give the commune (or choose one for rows without it when uploading).")
    if field == "category":
        return _("Give the category (or choose one for rows without it when uploading).")
    return _("This field is required.")


def _apply_defaults(values: dict, ctx: ParseContext, failed: set) -> None:
    """The upload's choices fill empty cells (never a cell that could not be read)."""
    if not values.get("residence_unit") and "residence_unit" not in failed and ctx.default_unit:
        values["residence_unit"] = ctx.default_unit
    if not values.get("category") and "category" not in failed and ctx.default_category:
        values["category"] = ctx.default_category


def _person_fields(values: dict) -> dict:
    return {k: v for k, v in values.items() if k in _PERSON_FIELDS}


_PERSON_FIELDS = frozenset(f.name for f in Person._meta.concrete_fields)


def _validate_person(entry: _Entry, values: dict, failed: set, ctx: ParseContext):
    """The same rules as `person_create`, without writing: the model's checks (CCCD against
    birth year and sex, dates), the jurisdiction, the officer, and the registration event's
    dates. Foreign keys were resolved from the user's own lists, so no query per row."""
    fields = _person_fields(values)
    person = Person(created_by=ctx.user, **fields)
    _prepare(person)
    if person.full_name:
        entry.values["full_name"] = person.full_name
    # Fields the row leaves out keep their defaults: nothing to check in them (the required
    # ones were reported above); the model's own rules (`clean`) run whatever is excluded.
    exclude = {*_FK_FIELDS, *failed, *(_PERSON_FIELDS - fields.keys())}
    errors: dict = {}
    try:
        person.full_clean(
            exclude=sorted(exclude), validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        errors = exc.message_dict
    if person.residence_unit_id and "residence_unit" not in failed:
        try:
            _check_scope(actor=ctx.user, person=person)
            _check_officer(person)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
        except PermissionError:
            errors.setdefault("residence_unit", []).append(
                _("The commune is outside your jurisdiction.")
            )
    for field, messages in errors.items():
        target = "" if field == "__all__" else field
        for message in messages:
            entry.add(ERROR, "invalid", message, target)
    _validate_registration(entry, values, person, failed | set(errors))
    # Values the write uses, as the check saw them (normalised: NFC name, 12-digit CCCD).
    for field in ("national_id", "former_id", "birth_year"):
        if field in values or getattr(person, field, None):
            entry.values[field] = getattr(person, field)
    if entry.values.get("national_id"):
        entry.report["national_id"] = entry.values["national_id"]
    return person


# The registration event's fields that a row may give (person_create's arguments), by the
# name of the event's field.
_EVENT_FIELDS = {
    "occurred_on": "registered_on",
    "basis_number": "basis_number",
    "basis_date": "basis_date",
    "basis_body": "basis_body",
    "note": "note",
}


_EVENT_MODEL_FIELDS = [f.name for f in PersonEvent._meta.fields]


def _validate_registration(entry: _Entry, values: dict, person: Person, failed: set) -> None:
    """The checks of the registration event that `person_create` writes: its fields (lengths)
    and its dates (PersonEvent.clean: not in the future, not before the birth)."""
    today = timezone.localdate()
    given = {f for f, k in _EVENT_FIELDS.items() if k in values and k not in failed}
    if given:  # most lists give none of them: nothing to build
        day = values.get("registered_on") or today
        event = PersonEvent(
            kind=EventKind.REGISTERED,
            occurred_on=day,
            law=law_on(day),
            **{f: values[_EVENT_FIELDS[f]] for f in given - {"occurred_on"}},
        )
        try:
            event.clean_fields(exclude=[f for f in _EVENT_MODEL_FIELDS if f not in given])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                key = _EVENT_FIELDS.get(field, field)
                failed = failed | {key}
                for message in messages:
                    entry.add(ERROR, "invalid", message, key)
    day = values.get("registered_on")
    if day and "registered_on" not in failed:
        if day > today:
            entry.add(ERROR, "invalid", _("The date cannot be in the future."), "registered_on")
        elif person.birth_year and "birth_year" not in failed:
            born = person.date_of_birth or datetime.date(person.birth_year, 1, 1)
            if day < born:
                entry.add(
                    ERROR, "invalid", _("The date is before the person's birth."), "registered_on"
                )
    basis_date = values.get("basis_date")
    if basis_date and "basis_date" not in failed and basis_date > today:
        entry.add(ERROR, "invalid", _("The document date cannot be in the future."), "basis_date")


def _has_error(entry: _Entry, field: str) -> bool:
    return any(i["level"] == ERROR and i["field"] == field for i in entry.report["issues"])


def _check_batch(batch: list[_Entry], ctx: ParseContext, state: _FileState) -> None:
    """The checks that need other rows or the database, a batch at a time: a CCCD twice in
    the file or already registered (one query), a likely duplicate by name, birth year and
    commune in the file or registered (one query)."""
    if not batch:
        return
    with_id = [e for e in batch if e.values.get("national_id") and not _has_error(e, "national_id")]
    for entry in with_id:
        national_id = entry.values["national_id"]
        first = state.ids.get(national_id)
        if first is None:
            state.ids[national_id] = entry
            continue
        message = _("The same citizen ID is on row %(row)s of this file.")
        if not any(i["code"] == "duplicate_in_file" for i in first.report["issues"]):
            first.add(
                ERROR, "duplicate_in_file", message % {"row": entry.report["row"]}, "national_id"
            )
        entry.add(ERROR, "duplicate_in_file", message % {"row": first.report["row"]}, "national_id")
    holders = selectors.person_national_id_holders(
        national_ids=[e.values["national_id"] for e in with_id]
    )
    visible = (
        selectors.person_visible_ids(user=ctx.user, pks=holders.values()) if holders else set()
    )
    for entry in with_id:
        holder = holders.get(entry.values["national_id"])
        if holder is None:
            continue
        if holder in visible:
            message = _("This citizen ID is already registered: see person #%(id)s.") % {
                "id": holder
            }
        else:
            # As at entry: it exists elsewhere (not where, not who), for the province to resolve.
            message = _(
                "This citizen ID is already registered in another unit. "
                "Contact the provincial police (PC04) to resolve it."
            )
        entry.add(ERROR, "already_registered", message, "national_id")
        entry.report["registered_id"] = holder if holder in visible else None

    named = [
        e
        for e in batch
        if e.person is not None
        and e.person.full_name_folded
        and e.person.birth_year
        and e.person.residence_unit_id
    ]
    for entry in named:
        key = _name_key(entry.person)
        first = state.names.get(key)
        if first is None:
            state.names[key] = entry
            continue
        message = _("Same name, birth year and commune as row %(row)s: the same person?")
        if not any(i["code"] == "likely_duplicate_in_file" for i in first.report["issues"]):
            first.add(
                WARNING,
                "likely_duplicate_in_file",
                message % {"row": entry.report["row"]},
                "full_name",
            )
        entry.add(
            WARNING, "likely_duplicate_in_file", message % {"row": first.report["row"]}, "full_name"
        )
    matches = selectors.person_name_matches(
        user=ctx.user,
        names=[e.person.full_name_folded for e in named],
        unit_ids=[e.person.residence_unit_id for e in named],
    )
    registered: dict[tuple, list] = {}
    for match in matches:
        key = (match["full_name_folded"], match["birth_year"], match["residence_unit_id"])
        registered.setdefault(key, []).append(match["pk"])
    for entry in named:
        found = registered.get(_name_key(entry.person))
        if found and not _has_error(entry, "national_id"):
            entry.add(
                WARNING,
                "likely_registered",
                _(
                    "A person with the same name, birth year and commune is already "
                    "registered: person #%(id)s. Check that this is not the same person."
                )
                % {"id": ", #".join(str(pk) for pk in sorted(found))},
                "full_name",
            )
    for entry in batch:
        entry.report["values"] = _json_values(entry.values)


def _name_key(person: Person) -> tuple:
    return (person.full_name_folded, person.birth_year, person.residence_unit_id)


def _json_values(values: dict) -> dict:
    """The values the write will use, JSON-safe (dates ISO, related rows by id)."""
    plain = {}
    for field, value in values.items():
        if isinstance(value, models.Model):
            plain[field] = value.pk
        elif isinstance(value, datetime.date):
            plain[field] = value.isoformat()
        else:
            plain[field] = value
    return plain


# ---- The user's choice --------------------------------------------------------------------

MODE_GOOD_ROWS, MODE_NOTHING = "good_rows", "nothing"
MODES = (MODE_GOOD_ROWS, MODE_NOTHING)


@transaction.atomic
def import_job_confirm(*, actor, job: ImportJob, mode: str) -> ImportJob:
    """The user's choice after the preview: write nothing, or write exactly the good rows
    (queued: the write task does it, in one transaction)."""
    job = selectors.import_job_lock(pk=job.pk)
    if job.user_id != actor.pk:
        raise PermissionError("Only the uploader chooses what an import writes.")
    if mode not in MODES:
        raise ValidationError({"mode": _("Choose “good_rows” or “nothing”.")})
    if job.status != ImportStatus.READY:
        raise ValidationError({"mode": _("This import is not waiting for a choice.")})
    now = timezone.now()
    job.confirmed_at = now
    if mode == MODE_NOTHING:
        job.status = ImportStatus.CANCELLED
        job.result = {"mode": mode, "written": 0}
        job.finished_at = now
        _forget_values(job)
        job.save()
        _log(actor, ChangeAction.UPDATE, job, mode=mode, written=0)
        return job
    if not job.good_rows:
        raise ValidationError({"mode": _("There is no good row to write.")})
    job.status = ImportStatus.WRITING
    job.result = {"mode": mode}
    job.processed_rows = 0
    job.heartbeat_at = now
    job.save()
    _log(actor, ChangeAction.UPDATE, job, mode=mode)
    _enqueue("import_job_write", job.pk)
    return job


def _forget_values(job: ImportJob) -> None:
    """Once written or dropped, the rows' values are not kept (only the issues), nor the file."""
    for row in job.report.get("rows", []):
        row.pop("values", None)
    if job.file:
        name, storage = job.file.name, job.file.storage
        transaction.on_commit(lambda: storage.delete(name))
        job.file = None


# ---- The write ----------------------------------------------------------------------------


def _progress_key(job_id: int) -> str:
    return f"registry:import:{job_id}:written"


def import_job_write(*, job_id: int) -> ImportJob | None:
    """The write (a task): every good row through `person_create` (the same validation and
    history as a form entry), all in one transaction with the job's own status. Any failure
    rolls everything back and leaves the job failed with the reason."""
    try:
        with transaction.atomic():
            job = selectors.import_job_lock(pk=job_id)
            if job is None or job.status != ImportStatus.WRITING:
                return job
            with translation.override(settings.LANGUAGE_CODE):
                person_ids = _write_rows(job)
            job.status = ImportStatus.DONE
            job.result = {**job.result, "written": len(person_ids), "person_ids": person_ids}
            job.processed_rows = len(person_ids)
            job.finished_at = job.heartbeat_at = timezone.now()
            _forget_values(job)
            job.save()
            _log(job.user, ChangeAction.UPDATE, job, written=len(person_ids))
    except Exception as exc:  # noqa: BLE001 - any failure ends as a failed job, shown
        _fail(job_id, exc)
    finally:
        cache.delete(_progress_key(job_id))
    return _reload(job_id)


def _reload(job_id: int) -> ImportJob | None:
    with transaction.atomic():
        return selectors.import_job_lock(pk=job_id)


def _write_rows(job: ImportJob) -> list[int]:
    """The good rows through `person_create_many` (the same checks, events and change log as
    `person_create`, asked and written in batches), a batch at a time for the progress."""
    actor = job.user
    rows = [row for row in job.report.get("rows", []) if row["status"] != ERROR]
    related = _related_rows(actor, rows)
    provenance = _("Imported from the file “%(file)s”, row %(row)s.")
    person_ids = []
    for start in range(0, len(rows), WRITE_BATCH):
        batch = rows[start : start + WRITE_BATCH]
        entries = []
        for row in batch:
            values = _from_json(row, related)
            note = values.pop("note", "")
            values["note"] = "\n".join(
                part
                for part in (note, provenance % {"file": job.original_name, "row": row["row"]})
                if part
            )
            entries.append(values)
        try:
            people = person_create_many(actor=actor, entries=entries)
        except BulkRowError as exc:
            raise RowWriteError(_row_error(batch[exc.index]["row"], exc.error)) from exc
        person_ids += [person.pk for person in people]
        cache.set(_progress_key(job.pk), (len(person_ids), timezone.now().isoformat()), 24 * 3600)
    return person_ids


def _row_error(number: int, exc: ValidationError) -> str:
    messages = []
    for field, errors in getattr(exc, "message_dict", {"": exc.messages}).items():
        label = _field_label(field)
        messages.extend(f"{label}: {e}" if label else e for e in errors)
    return _refused(number, "; ".join(messages))


def _refused(number: int, reason: str) -> str:
    return _(
        "Row %(row)s was refused when writing (the data changed since the check): %(reason)s"
    ) % {"row": number, "reason": reason}


def _field_label(field: str) -> str:
    column = column_for(field)
    if column is not None:
        return str(column.label)
    try:
        return str(Person._meta.get_field(field).verbose_name)
    except Exception:  # noqa: BLE001
        return ""


def _related_rows(actor, rows: list) -> dict:
    """The rows that values point to, fetched once: communes and officers by id."""
    from accounts.selectors import officer_list

    related = {}
    for field in _FK_FIELDS & writable_fields():
        ids = {row["values"][field] for row in rows if row["values"].get(field)}
        if not ids:
            continue
        model = Person._meta.get_field(field).related_model
        if model._meta.label == settings.AUTH_USER_MODEL:
            qs = officer_list(user=actor)
        else:
            qs = commune_list()
        related[field] = {obj.pk: obj for obj in qs.filter(pk__in=ids)}
    return related


def _from_json(row: dict, related: dict) -> dict:
    """The keyword arguments of `person_create` from a row's stored values."""
    data = {}
    for field, value in row["values"].items():
        if field in related:
            data[field] = related[field].get(value)
            if data[field] is None:
                reason = _("%(field)s is no longer available.") % {"field": _field_label(field)}
                raise RowWriteError(_refused(row["row"], reason))
        elif isinstance(value, str) and _is_date_field(field) and value:
            data[field] = datetime.date.fromisoformat(value)
        else:
            data[field] = value
    return data


def _is_date_field(field: str) -> bool:
    if field in ("registered_on", "basis_date"):
        return True
    try:
        return isinstance(Person._meta.get_field(field), models.DateField)
    except Exception:  # noqa: BLE001
        return False


# ---- Failure and progress -----------------------------------------------------------------


def _failure_message(exc: Exception) -> str:
    if isinstance(exc, FileProblem | RowWriteError):
        return str(exc)
    # Never the exception's text: it may quote a name or an ID (see common/logging.py).
    return _(
        "The import stopped on an unexpected error (%(kind)s). Nothing was written; "
        "try again, or tell the administrator."
    ) % {"kind": type(exc).__name__}


def _fail(job_id: int, exc: Exception | None, message: str = "") -> None:
    if exc is not None and not isinstance(exc, FileProblem | RowWriteError):
        logger.error("Import %s failed", job_id, exc_info=exc)
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        job = selectors.import_job_lock(pk=job_id)
        if job is None:
            return
        job.status = ImportStatus.FAILED
        job.error = message or _failure_message(exc)
        job.finished_at = job.heartbeat_at = timezone.now()
        if job.result.get("mode") == MODE_GOOD_ROWS:
            job.result = {**job.result, "written": 0}
        job.save()


def import_job_progress(job: ImportJob) -> ImportJob:
    """The job with the write's progress (kept outside the write's transaction, which no
    other connection can see into)."""
    if job.status == ImportStatus.WRITING:
        noted = cache.get(_progress_key(job.pk))
        if noted:
            job.processed_rows = noted[0]
            job.heartbeat_at = max(
                filter(None, [job.heartbeat_at, datetime.datetime.fromisoformat(noted[1])])
            )
    return job


def import_job_expire(*, job: ImportJob) -> ImportJob:
    """A running job whose task shows no sign of life for too long is marked failed: its
    worker died (killed, out of memory, restarted). A write in progress holds the job's row
    lock (PostgreSQL), so a live one is never taken for dead."""
    job = import_job_progress(job)
    if job.status not in IMPORT_RUNNING or job.heartbeat_at is None:
        return job
    limit = QUEUED_STALE_AFTER if job.status == ImportStatus.QUEUED else STALE_AFTER
    if timezone.now() - job.heartbeat_at < limit:
        return job
    with transaction.atomic():
        locked = selectors.import_job_lock(pk=job.pk, skip_locked=True)
        if locked is None or locked.status != job.status:
            return job
        if locked.heartbeat_at and timezone.now() - locked.heartbeat_at < limit:
            return job
    with translation.override(settings.LANGUAGE_CODE):
        message = (
            _("No worker took the import: the background service may be stopped. Try again later.")
            if job.status == ImportStatus.QUEUED
            else _(
                "The import stopped: the background worker ended unexpectedly. "
                "Nothing was written; try again."
            )
        )
    _fail(job.pk, None, message)
    job.refresh_from_db()
    return job
