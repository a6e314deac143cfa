"""Merging two records of the same person (provincial users only).

The merge keeps both histories: every row that points at the merged record (events, tests,
contacts, periods, documents, tasks, … found from Person's metadata, so that a model added
later is covered without a change here) is re-pointed to the survivor. The merged record is
kept, marked `merged_into`: it is shown, counted and edited nowhere (PersonQuerySet), and its
page redirects to the survivor. The merge is an event on the survivor and is in the change log.

Two rows cannot always become one: a model may refuse two rows of the same person (a unique
constraint, a one-to-one link). Open tasks raised by the same rule are reconciled here (the
merged record's copy is cancelled); any other clash refuses the merge and names the kind of
record, so that it is resolved first. A model that must not be re-pointed says so with
`merge_repoints = False` (the residence history: two histories of the same days cannot be
one).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access

from .. import selectors
from ..choices import EventKind, TaskKind, TaskStatus
from ..models import Person, PersonEvent, law_on
from ..validators import cccd_errors
from .caseloads import is_provincial, officer_can_serve
from .events import category_on
from .people import check_write

# The person's own fields that follow the history once it is whole again.
SURVIVOR_FIELDS = ("category", "special_management", "national_id", "responsible_officer")


def person_can_merge(user) -> bool:
    return is_provincial(user)


@dataclass
class MergeResult:
    survivor: Person
    merged: Person
    # verbose name of the kind of record -> how many moved to the survivor
    moved: dict[str, int] = field(default_factory=dict)
    event: PersonEvent | None = None


def _cancel_duplicate_rule_tasks(*, actor, survivor: Person, merged: Person) -> None:
    """Work raised by a rule is open once per person: the merged record's copy of a kind the
    survivor already has open is cancelled (the survivor's stands)."""
    open_tasks = (
        selectors.task_list(user=actor, access=Access.WRITE)
        .open()
        .filter(person_id__in=[survivor.pk, merged.pk])
        .exclude(kind=TaskKind.MANUAL)
    )
    kept = {t.kind for t in open_tasks if t.person_id == survivor.pk}
    for task in open_tasks:
        if task.person_id != merged.pk or task.kind not in kept:
            continue
        before = snapshot(task)
        task.status = TaskStatus.CANCELLED
        task.result = _("Merged into record #%(id)s, where the same work is open.") % {
            "id": survivor.pk
        }
        task.closed_at = timezone.now()
        task.closed_by = actor
        task.save()
        change_log_record(
            user=actor,
            action=ChangeAction.UPDATE,
            record=("task", str(task.pk)),
            before=before,
            after=snapshot(task),
        )


def _repoint(*, survivor: Person, merged: Person) -> dict[str, int]:
    moved: dict[str, int] = {}
    for rel in selectors.person_relations():
        model, name = rel.related_model, rel.field.name
        if not getattr(model, "merge_repoints", True):
            continue
        label = str(model._meta.verbose_name_plural)
        rows = model._base_manager.filter(**{name: merged.pk})
        if rel.one_to_one and rows.exists():
            if model._base_manager.filter(**{name: survivor.pk}).exists():
                raise ValidationError(
                    _("Both records have %(what)s: resolve it before merging.") % {"what": label}
                )
        try:
            with transaction.atomic():
                count = rows.update(**{name: survivor.pk})
        except IntegrityError as exc:
            raise ValidationError(
                _("Both records have %(what)s that cannot be one: resolve it before merging.")
                % {"what": label}
            ) from exc
        if count:
            moved[label] = moved.get(label, 0) + count
    return moved


def _follow_the_survivor(*, actor, survivor: Person) -> None:
    """Open tasks that came with the merged record belong to the survivor's commune now."""
    tasks = (
        selectors.task_list(user=actor, access=Access.WRITE)
        .open()
        .filter(person_id=survivor.pk)
        .exclude(unit_id=survivor.residence_unit_id)
        .select_related("owner__scope_unit")
    )
    for task in tasks:
        before = snapshot(task)
        task.unit = survivor.residence_unit
        task.scope_path = survivor.scope_path
        if task.owner is not None and not officer_can_serve(task.owner, survivor.residence_unit):
            task.owner = survivor.responsible_officer
        task.save()
        change_log_record(
            user=actor,
            action=ChangeAction.UPDATE,
            record=("task", str(task.pk)),
            before=before,
            after=snapshot(task),
        )


@transaction.atomic
def person_merge(*, actor, survivor: Person, merged: Person, reason: str = "") -> MergeResult:
    """Merge `merged` into `survivor`. Records with two different citizen IDs merge only with
    a reason (one of the numbers is wrong, and the province says which)."""
    if not person_can_merge(actor):
        raise PermissionError("Only provincial users merge records.")
    if survivor.pk == merged.pk:
        raise ValidationError({"merged": _("Choose two different records.")})
    first, second = sorted([survivor.pk, merged.pk])
    locked = {pk: selectors.person_lock(pk=pk) for pk in (first, second)}
    survivor, merged = locked[survivor.pk], locked[merged.pk]
    for person, name in ((survivor, "survivor"), (merged, "merged")):
        if person.merged_into_id:
            raise ValidationError({name: _("This record has already been merged.")})
        check_write(actor=actor, person=person)
    reason = reason.strip()
    if (
        survivor.national_id
        and merged.national_id
        and survivor.national_id != merged.national_id
        and not reason
    ):
        raise ValidationError(
            {
                "reason": _(
                    "The two records have different citizen IDs: say why they are the same "
                    "person and which number is right."
                )
            }
        )
    survivor_before = snapshot(survivor)
    merged_before = snapshot(merged)

    _cancel_duplicate_rule_tasks(actor=actor, survivor=survivor, merged=merged)
    moved = _repoint(survivor=survivor, merged=merged)

    # The merged record is kept, marked; its citizen ID goes to a survivor that has none.
    merged.merged_into = survivor
    merged.merged_at = timezone.now()
    update = ["merged_into", "merged_at", "updated_at"]
    take_id = (
        merged.national_id
        and not survivor.national_id
        and not cccd_errors(merged.national_id, birth_year=survivor.birth_year, sex=survivor.sex)
    )
    if take_id:
        survivor.national_id, merged.national_id = merged.national_id, ""
        update.append("national_id")
    merged.save(update_fields=update)

    event = PersonEvent(
        person=survivor,
        kind=EventKind.MERGED,
        occurred_on=timezone.localdate(),
        law=law_on(timezone.localdate()),
        note="\n".join(
            part
            for part in (
                _("Record #%(id)s (%(name)s, %(year)s) merged into this one.")
                % {"id": merged.pk, "name": merged.full_name, "year": merged.birth_year},
                reason,
            )
            if part
        ),
        author=actor,
    )
    event.full_clean()
    event.save()

    # The current values are what the whole history says.
    survivor.category = category_on(person=survivor) or survivor.category
    special = (
        PersonEvent.objects.filter(
            person_id=survivor.pk, kind__in=[EventKind.SPECIAL_ON, EventKind.SPECIAL_OFF]
        )
        .order_by("-occurred_on", "-id")
        .values_list("kind", flat=True)
        .first()
    )
    if special is not None:
        survivor.special_management = special == EventKind.SPECIAL_ON
    if survivor.responsible_officer_id is None and officer_can_serve(
        merged.responsible_officer, survivor.residence_unit
    ):
        survivor.responsible_officer = merged.responsible_officer
    checked = [getattr(p, "last_checked_on", None) for p in (survivor, merged)]
    fields = [*SURVIVOR_FIELDS, "updated_at"]
    if checked[1] and (checked[0] is None or checked[1] > checked[0]):
        # Kept on the row by the check services: the merged record's later check counts.
        survivor.last_checked_on = checked[1]
        fields.append("last_checked_on")
    survivor.save(update_fields=fields)
    _follow_the_survivor(actor=actor, survivor=survivor)

    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=merged,
        before=merged_before,
        after=snapshot(merged),
    )
    change_log_record(
        user=actor,
        action=ChangeAction.UPDATE,
        record=survivor,
        before=survivor_before,
        after={**snapshot(survivor), "merged_in": merged.pk, "moved": moved, "reason": reason},
    )
    return MergeResult(survivor=survivor, merged=merged, moved=moved, event=event)
