"""Every write to the registry: keyword-only, validated, atomic, with history and change log."""

import datetime
import hashlib
import os
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access, can
from common.text import fold, nfc

from . import selectors
from .choices import DocumentKind, EventKind
from .models import (
    DOCUMENT_TYPES,
    IMAGE_TYPES,
    Person,
    PersonDocument,
    PersonEvent,
    law_on,
)
from .validators import normalise_cccd

EDITABLE_FIELDS = (
    "full_name",
    "sex",
    "date_of_birth",
    "birth_year",
    "national_id",
    "former_id",
    "residence_unit",
    "address",
    "special_management",
    "responsible_officer",
)


def _check_scope(*, actor, person: Person) -> None:
    if not can(actor, Person.scope_record_type, Access.WRITE):
        raise PermissionError("No write grant on people.")
    scope = actor.scope_unit
    if not scope.contains(person.residence_unit):
        raise ValidationError({"residence_unit": _("The commune is outside your jurisdiction.")})


def _check_duplicate_id(*, actor, person: Person) -> None:
    holder = selectors.person_national_id_holder(
        national_id=person.national_id, exclude_pk=person.pk
    )
    if holder is None:
        return
    if selectors.person_list(user=actor).filter(pk=holder.pk).exists():
        message = _("This citizen ID is already registered: see person #%(id)s.") % {
            "id": holder.pk
        }
    else:
        # Deliberate: say that it exists elsewhere (not where, not who) so the province can
        # resolve it.
        message = _(
            "This citizen ID is already registered in another unit. "
            "Contact the provincial police (PC04) to resolve it."
        )
    raise ValidationError({"national_id": message})


def _prepare(person: Person) -> None:
    person.full_name = nfc(person.full_name)
    person.full_name_folded = fold(person.full_name)
    person.national_id = normalise_cccd(person.national_id)
    if person.date_of_birth and not person.birth_year:
        person.birth_year = person.date_of_birth.year
    person.scope_path = person.residence_unit.path if person.residence_unit_id else ""


def _save(person: Person) -> None:
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:  # a concurrent entry of the same CCCD
        raise ValidationError(
            {"national_id": _("This citizen ID is already registered in another unit.")}
        ) from exc


def _check_officer(person: Person) -> None:
    officer = person.responsible_officer
    if officer is None:
        return
    ok = (
        officer.is_active
        and can(officer, Person.scope_record_type, Access.WRITE)
        and officer.scope_unit.contains(person.residence_unit)
    )
    if not ok:
        raise ValidationError(
            {"responsible_officer": _("This officer cannot manage people of this commune.")}
        )


@transaction.atomic
def person_create(
    *,
    actor,
    category: str,
    registered_on: datetime.date | None = None,
    basis_number: str = "",
    basis_date: datetime.date | None = None,
    basis_body: str = "",
    note: str = "",
    **fields,
) -> Person:
    """Register a person with their first category; the registration is the first event."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    person = Person(category=category, created_by=actor, **fields)
    _prepare(person)
    person.full_clean()
    _check_scope(actor=actor, person=person)
    _check_officer(person)
    _check_duplicate_id(actor=actor, person=person)
    _save(person)
    day = registered_on or timezone.localdate()
    event = PersonEvent(
        person=person,
        kind=EventKind.REGISTERED,
        occurred_on=day,
        category_after=category,
        law=law_on(day),
        basis_number=basis_number,
        basis_date=basis_date,
        basis_body=basis_body,
        note=note,
        author=actor,
    )
    event.full_clean()
    event.save()
    change_log_record(user=actor, action=ChangeAction.CREATE, record=person, after=snapshot(person))
    return person


@transaction.atomic
def person_update(*, actor, person: Person, **fields) -> Person:
    """Change identity, residence and management fields. The category changes only through
    its own event (registry issue); it is not editable here."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    person = selectors.person_lock(pk=person.pk)
    before = snapshot(person)
    _check_scope(actor=actor, person=person)
    for name, value in fields.items():
        setattr(person, name, value)
    _prepare(person)
    person.full_clean()
    _check_scope(actor=actor, person=person)
    _check_officer(person)
    _check_duplicate_id(actor=actor, person=person)
    _save(person)
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=person,
        before=before,
        after=snapshot(person),
    )
    return person


# ---- Files: photos and scanned decisions ----------------------------------------------------

_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)
_PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


def _sniff_content_type(upload) -> str | None:
    """The file's type from its first bytes; None when it is none of the accepted types."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return next((kind for magic, kind in _MAGIC if head.startswith(magic)), None)


def _is_whole_image(upload, content_type: str) -> bool:
    """Pillow reads the image's structure (without decoding its pixels)."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            ok = image.format == _PILLOW_FORMATS[content_type]
            image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        ok = False
    finally:
        upload.seek(0)
    return ok


def _clean_original_name(name: str) -> str:
    """The name the user's file had, for the download: no path, no control characters."""
    name = nfc(os.path.basename(name or "").strip())
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    return name[-255:] or "file"


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _document_file_errors(*, kind: str, upload, original_name: str) -> tuple[str, list]:
    """The file's type (from its bytes) and the reasons it is refused."""
    limit = settings.UPLOAD_MAX_BYTES
    if not upload.size:
        return "", [_("The file is empty.")]
    if upload.size > limit:
        return "", [
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        ]
    content_type = _sniff_content_type(upload)
    if content_type is None:
        return "", [
            _("Only JPEG or PNG images and PDF documents are accepted; this file is none of them.")
        ]
    errors = []
    extension = os.path.splitext(original_name)[1].lower()
    if extension not in DOCUMENT_TYPES[content_type]:
        errors.append(
            _("The file name ends in “%(extension)s” but the file is a %(type)s.")
            % {"extension": extension or _("(nothing)"), "type": _type_label(content_type)}
        )
    if content_type in IMAGE_TYPES and not _is_whole_image(upload, content_type):
        errors.append(_("The image is damaged or incomplete."))
    if kind == DocumentKind.PHOTO and content_type not in IMAGE_TYPES:
        errors.append(_("A photo must be a JPEG or PNG image."))
    return content_type, errors


def _type_label(content_type: str) -> str:
    return {
        "image/jpeg": _("JPEG image"),
        "image/png": _("PNG image"),
        "application/pdf": _("PDF document"),
    }[content_type]


def _document_snapshot(document: PersonDocument) -> dict:
    return snapshot(document)


@transaction.atomic
def person_document_add(
    *, actor, person: Person, kind: str, title: str = "", upload
) -> PersonDocument:
    """Add a photo or a scanned document to a person's file. The type is found from the
    file's bytes; the file is stored privately under a random name."""
    if not selectors.person_document_can(user=actor, access=Access.WRITE):
        raise PermissionError("No write grant on people's documents.")
    if not selectors.person_list(user=actor, access=Access.WRITE).filter(pk=person.pk).exists():
        raise PermissionError("The person is outside the actor's jurisdiction.")
    if upload is None:
        raise ValidationError({"file": _("Choose a file.")})
    original_name = _clean_original_name(upload.name)
    content_type, problems = _document_file_errors(
        kind=kind, upload=upload, original_name=original_name
    )
    document = PersonDocument(
        person=person,
        kind=kind,
        title=nfc((title or "").strip()),
        original_name=original_name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    # Every reason at once: the file's and the other fields'.
    errors = {"file": problems} if problems else {}
    try:
        document.full_clean(exclude=["file", "content_type", "sha256"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    document.sha256 = _sha256(upload)
    upload.seek(0)
    # The stored name comes from `person_document_path`, whatever name is given here.
    document.file.save("upload", upload, save=False)
    try:
        document.save()
        change_log_record(
            user=actor,
            action=ChangeAction.CREATE,
            record=(PersonDocument.log_record_type, str(document.pk)),
            after=_document_snapshot(document),
        )
    except Exception:
        document.file.storage.delete(document.file.name)
        raise
    return document
