"""Adding photos and scanned documents to a person's file."""

import hashlib
import os
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access
from common.text import nfc

from .. import selectors
from ..choices import DocumentKind
from ..models import (
    DOCUMENT_TYPES,
    IMAGE_TYPES,
    Person,
    PersonDocument,
)

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
