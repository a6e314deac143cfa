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
from .imports import ImportJob, ImportJobQuerySet, person_import_path
from .moves import PersonResidence, PersonResidenceQuerySet
from .people import LAW_120_FROM, Person, PersonEvent, PersonQuerySet, law_on
from .periods import (
    PERIOD_MEASURES,
    LegalTerm,
    ManagementPeriod,
    ManagementPeriodQuerySet,
    period_end_date,
    period_measure,
)
from .prior_records import PriorRecord, PriorRecordQuerySet
from .reviews import ReviewCampaign, ReviewItem, ReviewItemQuerySet
from .supporters import Supporter, SupporterQuerySet
from .work import Reminder, Task, TaskQuerySet

__all__ = [
    "Contact",
    "ContactQuerySet",
    "DOCUMENT_TYPES",
    "DrugTest",
    "DrugTestQuerySet",
    "IMAGE_TYPES",
    "ImportJob",
    "ImportJobQuerySet",
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
    "PersonResidence",
    "PersonResidenceQuerySet",
    "PriorRecord",
    "PriorRecordQuerySet",
    "Reminder",
    "ReviewCampaign",
    "ReviewItem",
    "ReviewItemQuerySet",
    "Supporter",
    "SupporterQuerySet",
    "Task",
    "TaskQuerySet",
    "law_on",
    "period_end_date",
    "period_measure",
    "person_document_path",
    "person_import_path",
    "private_storage",
]
