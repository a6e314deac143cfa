"""Every write to the registry: keyword-only, validated, atomic, with history and change log.
One module per sub-domain, re-exported here."""

from .caseloads import (
    CaseloadMove,
    caseload_can_reassign,
    caseload_reassign,
    is_provincial,
    officer_can_serve,
    person_assign_officer,
)
from .checks import RaisedWork, contact_record, drug_test_record
from .documents import person_document_add
from .duplicates import MergeResult, person_can_merge, person_merge
from .events import (
    category_on,
    person_change_category,
    person_correct_event,
    person_set_special_management,
)
from .imports import (
    import_job_check,
    import_job_confirm,
    import_job_create,
    import_job_expire,
    import_job_map,
    import_job_write,
)
from .moves import person_transfer, residence_sync_current
from .people import (
    EDITABLE_FIELDS,
    BulkRowError,
    check_write,
    person_create,
    person_create_many,
    person_update,
)
from .periods import period_end, period_extend, period_open, period_renew
from .prior_records import prior_record_add, prior_record_void
from .reviews import review_campaign_close, review_campaign_open, review_record
from .states import person_set_custody, person_set_verification
from .supporters import supporter_assign, supporter_end
from .work import due_reminders_record, task_close, task_close_rule, task_create, task_raise

__all__ = [
    "CaseloadMove",
    "MergeResult",
    "caseload_can_reassign",
    "caseload_reassign",
    "is_provincial",
    "officer_can_serve",
    "person_assign_officer",
    "person_can_merge",
    "person_merge",
    "person_transfer",
    "residence_sync_current",
    "EDITABLE_FIELDS",
    "import_job_check",
    "import_job_confirm",
    "import_job_create",
    "import_job_expire",
    "import_job_map",
    "import_job_write",
    "RaisedWork",
    "contact_record",
    "drug_test_record",
    "category_on",
    "due_reminders_record",
    "check_write",
    "person_change_category",
    "person_correct_event",
    "person_create",
    "person_create_many",
    "BulkRowError",
    "person_document_add",
    "person_set_custody",
    "person_set_special_management",
    "person_set_verification",
    "prior_record_add",
    "prior_record_void",
    "person_update",
    "period_end",
    "period_extend",
    "period_open",
    "period_renew",
    "task_close",
    "task_close_rule",
    "task_create",
    "task_raise",
    "review_campaign_close",
    "review_campaign_open",
    "review_record",
    "supporter_assign",
    "supporter_end",
]
