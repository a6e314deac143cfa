"""Demo people's state after their history, and a review under way: a few people held in
detention or prison since after their last check, and one province-wide review campaign opened
by PC04 in which xa1's officer has confirmed about two thirds of the commune's people and xa2's
none, so the province's progress page shows both. Written through the services; re-runnable
(the previous demo campaigns are removed)."""

import datetime

from django.db import transaction

from demo import names
from registry import selectors, selectors_support, services
from registry.choices import Category, ReviewOutcome
from registry.models import ReviewCampaign

CAMPAIGN_NAME = "Tổng rà soát người nghiện, người sử dụng trái phép chất ma túy năm 2026"


@transaction.atomic
def purge(*, users) -> None:
    """The demo campaigns with their items (before the demo people go)."""
    for campaign in ReviewCampaign.objects.filter(opened_by__in=list(users.values())):
        campaign.items.all().delete()
        campaign.delete()


def seed(*, province, users, today: datetime.date, rng) -> ReviewCampaign:
    _custody(users=users, today=today, rng=rng)
    return _review(users=users, today=today)


def _custody(*, users, today, rng) -> None:
    """About one demo person in twenty is held, from a few days after their last check."""
    day = datetime.timedelta(days=1)
    people = (
        selectors.person_list(user=users["pc04"])
        .filter(created_by__in=list(users.values()))
        .select_related("created_by")
        .order_by("id")
    )
    for person in people:
        held = names.custody(rng)
        if held is None:
            continue
        since = min(today, person.last_checked_on + day * rng.randint(1, 10))
        services.person_set_custody(
            actor=person.created_by,
            person=person,
            since=since,
            basis_number=f"{rng.randint(1, 300)}/QĐ-TG",
            basis_date=since,
            basis_body="Cơ quan Cảnh sát điều tra Công an thành phố Cần Thơ",
            **held,
        )


def _review(*, users, today) -> ReviewCampaign:
    pc04, xa1 = users["pc04"], users["xa1"]
    campaign = services.review_campaign_open(
        actor=pc04,
        name=CAMPAIGN_NAME,
        deadline=today + datetime.timedelta(days=20),
        categories=list(Category.values),
        basis_number="125/KH-CATP",
        note="Rà soát, cập nhật đầy đủ thông tin từng người (đúng, đủ, sạch, sống).",
    )
    items = selectors_support.review_item_list(user=xa1, campaign=campaign).order_by("person_id")
    for index, item in enumerate(items):
        if index % 3 == 2:  # a third left to do
            continue
        services.review_record(
            actor=xa1,
            campaign=campaign,
            person=item.person,
            outcome=ReviewOutcome.CONFIRMED,
            reviewed_on=today,
        )
    return campaign
