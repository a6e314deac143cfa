"""Recording drug tests and contacts, and the due work a positive test raises (DOMAIN.md §3).

- A positive test of an illicit user under management, of a person under post-rehab
  management, or of a person with no stable residence requires an addiction-status
  determination: it raises "determination required" as due work.
- A positive test during post-rehab management may be a crime again (Criminal Code Art. 256a,
  from 01/07/2025): it also raises "possible criminal matter".
The deadlines are settings (`REGISTRY_DETERMINATION_DUE_DAYS`, default 5;
`REGISTRY_POSSIBLE_CRIME_DUE_DAYS`, default 1), counted from the test date."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access, RecordType, can
from common.text import nfc

from .. import selectors
from ..choices import Category, ContactKind, DrugTestResult, Substance, TaskKind
from ..models import Contact, DrugTest, Person, Task, law_on
from .work import task_raise

# A positive test of a person in these categories requires a determination.
DETERMINATION_CATEGORIES = (Category.ILLICIT_USER, Category.POST_REHAB)
# A positive test of a person in these categories may be a crime (Art. 256a).
POSSIBLE_CRIME_CATEGORIES = (Category.POST_REHAB,)
# Contacts entered by hand; a "drug test" contact comes only with the test it records.
MANUAL_CONTACT_KINDS = tuple(k for k in ContactKind if k != ContactKind.TEST)

_SUBSTANCE_ORDER = {value: index for index, value in enumerate(Substance.values)}


@dataclass(frozen=True)
class RaisedWork:
    """Due work a rule raised, or found already open (`new` False)."""

    task: Task
    new: bool


def determination_due_days() -> int:
    return int(getattr(settings, "REGISTRY_DETERMINATION_DUE_DAYS", 5))


def possible_crime_due_days() -> int:
    return int(getattr(settings, "REGISTRY_POSSIBLE_CRIME_DUE_DAYS", 1))


def _check_write(*, actor, person: Person) -> None:
    """The actor may add to this person's record (grant with every field, and jurisdiction).
    Views and the API answer 404 before reaching here: this is the last guard."""
    if not selectors.person_check_can(user=actor, access=Access.WRITE):
        raise PermissionError("No write grant on people's tests and contacts.")
    if not selectors.person_list(user=actor, access=Access.WRITE).filter(pk=person.pk).exists():
        raise PermissionError("The person is outside the actor's jurisdiction.")


def _officer_errors(officer, person: Person) -> list:
    """An officer named on a test or contact works in the person's commune."""
    if officer is None:
        return []
    ok = (
        officer.is_active
        and can(officer, RecordType.PERSON, Access.WRITE)
        and officer.scope_unit_id
        and officer.scope_unit.contains(person.residence_unit)
    )
    return [] if ok else [_("This officer cannot work with people of this commune.")]


def _substances(values):
    """Without repeats, in the order of the choices; anything else is left for `clean()`
    to refuse."""
    if not isinstance(values, list | tuple | set | frozenset):
        return values
    if not all(isinstance(v, str) for v in values):
        return list(values)
    return sorted(set(values), key=lambda v: (_SUBSTANCE_ORDER.get(v, len(_SUBSTANCE_ORDER)), v))


def _validate(record, *, extra: dict | None = None) -> None:
    """Every reason at once: the model's and the service's."""
    errors = {field: list(messages) for field, messages in (extra or {}).items() if messages}
    try:
        record.full_clean()
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _log_create(*, actor, record) -> None:
    change_log_record(
        user=actor,
        action=ChangeAction.CREATE,
        record=(record.log_record_type, str(record.pk)),
        after=snapshot(record),
    )


def _raise(*, person: Person, kind: str, title: str, detail: str, due_on, actor) -> RaisedWork:
    already = selectors.task_open_for(person=person, kind=kind)
    task = task_raise(
        person=person, kind=kind, title=title, detail=detail, due_on=due_on, actor=actor
    )
    return RaisedWork(task=task, new=already is None)


# Rules of higher apps (rehab: a positive test during or within a year after education at
# commune asks for a determination), registered from their AppConfig.ready(). Each is called
# with (person=, test=) for a positive test and returns the work to raise, as dicts with the
# keyword arguments of `task_raise` (kind, title, detail, due_on).
_POSITIVE_TEST_RULES: dict[str, Callable] = {}


def register_positive_test_rule(name: str, rule: Callable) -> None:
    _POSITIVE_TEST_RULES[name] = rule


def _positive_test_rules(*, actor, person: Person, test: DrugTest) -> list[RaisedWork]:
    """The due work a positive test raises (DOMAIN.md §3). Raising again while the work is
    open returns the open task: one open task of a kind per person."""
    if test.result != DrugTestResult.POSITIVE:
        return []
    day = f"{test.tested_on:%d/%m/%Y}"
    found = ", ".join(test.substances_positive_labels)
    raised = []
    reasons = []
    if person.category in DETERMINATION_CATEGORIES:
        reasons.append(
            _("the person is in the category “%(category)s”")
            % {"category": person.get_category_display()}
        )
    if not person.has_stable_residence:
        reasons.append(_("the person has no stable residence"))
    if reasons:
        raised.append(
            _raise(
                person=person,
                kind=TaskKind.DETERMINATION_REQUIRED,
                title=_("Addiction determination required: positive drug test of %(day)s")
                % {"day": day},
                detail=_("Positive drug test of %(day)s (%(found)s); %(reasons)s.")
                % {"day": day, "found": found, "reasons": "; ".join(reasons)},
                due_on=test.tested_on + datetime.timedelta(days=determination_due_days()),
                actor=actor,
            )
        )
    if person.category in POSSIBLE_CRIME_CATEGORIES:
        raised.append(
            _raise(
                person=person,
                kind=TaskKind.POSSIBLE_CRIME,
                title=_(
                    "Possible criminal matter under Criminal Code Art. 256a: positive drug "
                    "test of %(day)s during post-rehab management"
                )
                % {"day": day},
                detail=_(
                    "Drug use during post-rehab management may be a crime (Criminal Code "
                    "Art. 256a, from 01/07/2025). Positive drug test of %(day)s (%(found)s)."
                )
                % {"day": day, "found": found},
                due_on=test.tested_on + datetime.timedelta(days=possible_crime_due_days()),
                actor=actor,
            )
        )
    for rule in _POSITIVE_TEST_RULES.values():
        for work in rule(person=person, test=test) or ():
            found = _raise(person=person, actor=actor, **work)
            if all(r.task.pk != found.task.pk for r in raised):
                raised.append(found)
    return raised


@transaction.atomic
def drug_test_record(
    *,
    actor,
    person: Person,
    tested_on: datetime.date,
    method: str,
    sample: str,
    substances_tested,
    result: str,
    substances_positive=(),
    place: str = "",
    tested_by=None,
    note: str = "",
) -> DrugTest:
    """Record a drug test (also a contact with the person) and raise the due work a positive
    result calls for. The returned test carries `raised_work`: a list of `RaisedWork`."""
    _check_write(actor=actor, person=person)
    # Locked: two tests of the same person are recorded one after the other, against the
    # person's current category.
    person = selectors.person_lock(pk=person.pk)
    tested_by = tested_by or actor
    test = DrugTest(
        person=person,
        tested_on=tested_on,
        method=method,
        sample=sample,
        substances_tested=_substances(substances_tested),
        substances_positive=_substances(substances_positive or []),
        result=result,
        place=nfc((place or "").strip()),
        tested_by=tested_by,
        note=nfc((note or "").strip()),
        law=law_on(tested_on if isinstance(tested_on, datetime.date) else timezone.localdate()),
        created_by=actor,
    )
    _validate(test, extra={"tested_by": _officer_errors(tested_by, person)})
    test.save()
    _log_create(actor=actor, record=test)
    contact = Contact(
        person=person,
        contacted_on=test.tested_on,
        kind=ContactKind.TEST,
        drug_test=test,
        officer=tested_by,
        created_by=actor,
    )
    _validate(contact)
    contact.save()
    _log_create(actor=actor, record=contact)
    _mark_checked(person, test.tested_on)
    test.raised_work = _positive_test_rules(actor=actor, person=person, test=test)
    return test


@transaction.atomic
def contact_record(
    *,
    actor,
    person: Person,
    contacted_on: datetime.date,
    kind: str,
    officer=None,
    note: str = "",
) -> Contact:
    """Record a contact with a managed person: a home visit, a phone call or a talk at the
    office (a drug test is recorded with `drug_test_record`, which adds its contact)."""
    _check_write(actor=actor, person=person)
    person = selectors.person_lock(pk=person.pk)
    officer = officer or actor
    contact = Contact(
        person=person,
        contacted_on=contacted_on,
        kind=kind,
        officer=officer,
        note=nfc((note or "").strip()),
        created_by=actor,
    )
    _validate(contact, extra={"officer": _officer_errors(officer, person)})
    contact.save()
    _log_create(actor=actor, record=contact)
    _mark_checked(person, contact.contacted_on)
    return contact


def _mark_checked(person: Person, day: datetime.date) -> None:
    """Keep Person.last_checked_on the latest contact or test (a late entry of an older
    contact does not move it back)."""
    if person.last_checked_on is None or day > person.last_checked_on:
        person.last_checked_on = day
        person.save(update_fields=["last_checked_on"])
