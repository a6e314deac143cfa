"""Every write to the registry: keyword-only, validated, atomic, with history and change log.
One module per sub-domain, re-exported here."""

from .checks import RaisedWork, contact_record, drug_test_record
from .documents import person_document_add
from .events import (
    category_on,
    person_change_category,
    person_correct_event,
    person_set_special_management,
)
from .people import EDITABLE_FIELDS, check_write, person_create, person_update
from .periods import period_end, period_extend, period_open, period_renew
from .work import due_reminders_record, task_close, task_close_rule, task_create, task_raise

__all__ = [
    "EDITABLE_FIELDS",
    "RaisedWork",
    "contact_record",
    "drug_test_record",
    "category_on",
    "due_reminders_record",
    "check_write",
    "person_change_category",
    "person_correct_event",
    "person_create",
    "person_document_add",
    "person_set_special_management",
    "person_update",
    "period_end",
    "period_extend",
    "period_open",
    "period_renew",
    "task_close",
    "task_close_rule",
    "task_create",
    "task_raise",
]
