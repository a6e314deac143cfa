"""The registry's models, one module per sub-domain."""

from .checks import Contact, ContactQuerySet, DrugTest, DrugTestQuerySet
from .documents import (
    DOCUMENT_TYPES,
    IMAGE_TYPES,
    PersonDocument,
    PersonDocumentQuerySet,
    person_document_path,
    private_storage,
)
from .people import LAW_120_FROM, Person, PersonEvent, PersonQuerySet, law_on
from .periods import (
    PERIOD_MEASURES,
    LegalTerm,
    ManagementPeriod,
    ManagementPeriodQuerySet,
    period_end_date,
    period_measure,
)
from .work import Reminder, Task, TaskQuerySet

__all__ = [
    "Contact",
    "ContactQuerySet",
    "DOCUMENT_TYPES",
    "DrugTest",
    "DrugTestQuerySet",
    "IMAGE_TYPES",
    "LAW_120_FROM",
    "LegalTerm",
    "ManagementPeriod",
    "ManagementPeriodQuerySet",
    "PERIOD_MEASURES",
    "Person",
    "PersonDocument",
    "PersonDocumentQuerySet",
    "PersonEvent",
    "PersonQuerySet",
    "Reminder",
    "Task",
    "TaskQuerySet",
    "law_on",
    "period_end_date",
    "period_measure",
    "person_document_path",
    "private_storage",
]
