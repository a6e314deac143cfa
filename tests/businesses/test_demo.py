import datetime
import random

import pytest

from businesses import selectors
from demo import seed_businesses, seed_hotspots
from registry.due import due_list
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_seed_businesses_rerunnable_with_flags_and_due_work(units, pc04):
    users = {
        "pc04": pc04,
        "xa1": make_user("xa1", "commune_officer", units["a"]),
        "xa2": make_user("xa2", "commune_officer", units["b"]),
    }
    today = datetime.date.today()
    seed_hotspots.seed(province=units["province"], users=users, today=today, rng=random.Random(1))
    args = {"province": units["province"], "users": users, "today": today}
    made = seed_businesses.seed(**args, rng=random.Random(5))
    assert seed_businesses.seed(**args, rng=random.Random(5)) == made
    everything = selectors.business_list(user=pc04)
    assert everything.count() == made
    assert everything.filter(flagged=True).exists()
    assert everything.filter(hotspot__isnull=False).exists()
    assert everything.filter(status="closed").exists()
    assert selectors.inspection_list(user=pc04).exists()
    due = [i for i in due_list(user=users["xa1"]) if i.kind == "business_inspection"]
    assert any(i.state(today) == "overdue" for i in due)
    # Purged before the hotspots it points at: the hotspots' own purge then succeeds.
    seed_businesses.purge(users=users)
    seed_hotspots.purge(users=users)
    assert not selectors.business_list(user=pc04).exists()
