"""Review campaigns ("đợt tổng rà soát", 004 §III.12): the province opens and closes them; each
commune records, for each of its people in the campaign, that the record is correct, what it
corrected, or that the person no longer lives there / was not found.

Opening a campaign makes one item per person then in the categories in scope (a snapshot:
the figures are exact counts of rows). Recording a review again while the campaign is open
replaces the outcome; the change log keeps the one before, with who and when."""

import datetime

from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import change_log_record, snapshot
from accounts.choices import ChangeAction
from accounts.scoping import Access
from common.text import nfc

from .. import selectors_support
from ..choices import ReviewCorrection, ReviewOutcome, ReviewStatus
from ..models import Person, ReviewCampaign, ReviewItem

_CORRECTION_ORDER = {value: index for index, value in enumerate(ReviewCorrection.values)}


def _log(*, actor, record, action, before=None, after=None) -> None:
    change_log_record(
        user=actor,
        action=action,
        record=(record.log_record_type, str(record.pk)),
        before=before,
        after=after if after is not None else snapshot(record),
    )


@transaction.atomic
def review_campaign_open(
    *,
    actor,
    name: str,
    deadline: datetime.date,
    categories,
    basis_number: str = "",
    note: str = "",
) -> ReviewCampaign:
    """Open a review of the people of `categories` in the actor's province, due by
    `deadline`. Only provincial police and administrators open one. The returned campaign
    carries `item_count`, the number of people it covers."""
    if not selectors_support.review_campaign_can_manage(user=actor):
        raise PermissionError("Only the province opens a review.")
    unit = actor.scope_unit
    categories = list(dict.fromkeys(categories or ())) if not isinstance(categories, str) else []
    campaign = ReviewCampaign(
        name=nfc(name or ""),
        unit=unit,
        scope_path=unit.path,
        categories=categories,
        deadline=deadline,
        basis_number=nfc(basis_number or ""),
        note=(note or "").strip(),
        opened_by=actor,
    )
    errors = {}
    if deadline and deadline < timezone.localdate():
        errors["deadline"] = [_("The deadline cannot be in the past.")]
    try:
        campaign.full_clean()
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    campaign.save()
    count = _review_items_insert(
        campaign=campaign,
        people=selectors_support.review_people_to_include(actor=actor, categories=categories),
    )
    campaign.item_count = count
    _log(
        actor=actor,
        record=campaign,
        action=ChangeAction.CREATE,
        after={**snapshot(campaign), "item_count": count},
    )
    return campaign


def _review_items_insert(*, campaign: ReviewCampaign, people) -> int:
    """Write one pending item per (person id, category) row of `people` in one
    `INSERT … SELECT` over the selector's own SQL, so the jurisdiction stays in the selector
    and the database copies the rows without sending them through Python (a province of 100k
    people: one statement instead of fifty batches). Returns the number of rows written."""
    try:
        select_sql, select_params = people.query.sql_with_params()
    except EmptyResultSet:  # e.g. a scope that allows nothing
        return 0
    meta = ReviewItem._meta
    quote = connection.ops.quote_name

    def column(name):
        return quote(meta.get_field(name).column)

    # Every non-null column besides the three the selector gives, with its model default
    # (`corrections` adapted by its field, so PostgreSQL receives jsonb).
    constants = {
        "campaign": campaign.pk,
        "outcome": "",
        "corrections": meta.get_field("corrections").get_db_prep_save([], connection),
        "note": "",
    }
    columns = ", ".join(column(name) for name in ("person", "category", *constants))
    placeholders = ", ".join(["%s"] * len(constants))
    # The selector's rows are (person id, category), in that order: `sub.*` keeps it. Only
    # quoted model names and Django's compiled SQL are interpolated; every value is a parameter.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608
        f"SELECT sub.*, {placeholders} FROM ({select_sql}) sub"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*constants.values(), *select_params))
        return cursor.rowcount


@transaction.atomic
def review_campaign_close(*, actor, campaign: ReviewCampaign, note: str = "") -> ReviewCampaign:
    """Close a campaign: no review is recorded after it; unreviewed people stay unreviewed."""
    if not selectors_support.review_campaign_can_manage(user=actor):
        raise PermissionError("Only the province closes a review.")
    if not actor.scope_unit.contains(campaign.unit):
        raise PermissionError("The review is outside the actor's jurisdiction.")
    campaign = selectors_support.review_campaign_lock(pk=campaign.pk)
    if campaign.status != ReviewStatus.OPEN:
        raise ValidationError({"status": _("This review is already closed.")})
    before = snapshot(campaign)
    campaign.status = ReviewStatus.CLOSED
    campaign.closed_at = timezone.now()
    campaign.closed_by = actor
    campaign.close_note = (note or "").strip()
    campaign.save()
    _log(actor=actor, record=campaign, action=ChangeAction.UPDATE, before=before)
    return campaign


def _corrections(values):
    """Without repeats, in the order of the choices; anything else is left for `clean()`."""
    if not isinstance(values, list | tuple | set | frozenset):
        return values
    if not all(isinstance(v, str) for v in values):
        return list(values)
    order = len(_CORRECTION_ORDER)
    return sorted(set(values), key=lambda v: (_CORRECTION_ORDER.get(v, order), v))


@transaction.atomic
def review_record(
    *,
    actor,
    campaign: ReviewCampaign,
    person: Person,
    outcome: str,
    corrections=(),
    note: str = "",
    reviewed_on: datetime.date | None = None,
) -> ReviewItem:
    """Record the commune's review of one person in a campaign: confirmed as correct,
    corrected (with what was corrected), or no longer lives here / not found (with a note).
    A person who is not in the campaign, or not in the actor's jurisdiction, cannot be
    reviewed."""
    if not selectors_support.review_item_can(user=actor, access=Access.WRITE):
        raise PermissionError("No write grant on people.")
    item = selectors_support.review_item_lock(actor=actor, campaign=campaign, person=person)
    if item is None:
        raise ValidationError({"person": _("This person is not in this review.")})
    if item.campaign.status != ReviewStatus.OPEN:
        raise ValidationError({"outcome": _("This review is closed: nothing more is recorded.")})
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the review.")})
    before = snapshot(item)
    item.outcome = outcome
    item.corrections = _corrections(corrections or [])
    item.note = (note or "").strip()
    item.reviewed_on = reviewed_on or timezone.localdate()
    item.reviewed_by = actor
    item.reviewed_at = timezone.now()
    item.full_clean(validate_constraints=False)
    item.save()
    _log(actor=actor, record=item, action=ChangeAction.UPDATE, before=before)
    return item
