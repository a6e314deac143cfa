"""Every write to the registry: keyword-only, validated, atomic, with history and change log.
One module per sub-domain, re-exported here."""

from .documents import person_document_add
from .people import EDITABLE_FIELDS, person_create, person_update

__all__ = ["EDITABLE_FIELDS", "person_create", "person_document_add", "person_update"]
