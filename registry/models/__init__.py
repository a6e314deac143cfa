"""The registry's models, one module per sub-domain."""

from .documents import (
    DOCUMENT_TYPES,
    IMAGE_TYPES,
    PersonDocument,
    PersonDocumentQuerySet,
    person_document_path,
    private_storage,
)
from .people import LAW_120_FROM, Person, PersonEvent, PersonQuerySet, law_on
from .work import Task, TaskQuerySet

__all__ = [
    "DOCUMENT_TYPES",
    "IMAGE_TYPES",
    "LAW_120_FROM",
    "Person",
    "PersonDocument",
    "PersonDocumentQuerySet",
    "PersonEvent",
    "PersonQuerySet",
    "Task",
    "TaskQuerySet",
    "law_on",
    "person_document_path",
    "private_storage",
]
