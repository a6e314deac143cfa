import datetime
import random

import pytest

from demo import seed_hotspots, seed_tips
from registry.due import due_list
from tests.factories import make_user
from tips import selectors
from tips.choices import TipResult

pytestmark = pytest.mark.django_db


def test_seed_tips_every_state_rerunnable(units, pc04):
    users = {
        "pc04": pc04,
        "xa1": make_user("xa1", "commune_officer", units["a"]),
        "xa2": make_user("xa2", "commune_officer", units["b"]),
    }
    today = datetime.date.today()
    seed_hotspots.seed(province=units["province"], users=users, today=today, rng=random.Random(1))
    args = {"province": units["province"], "users": users, "today": today}
    made = seed_tips.seed(**args, rng=random.Random(5))
    assert seed_tips.seed(**args, rng=random.Random(5)) == made
    tips = selectors.tip_list(user=pc04)
    assert tips.count() == made
    assert set(tips.values_list("result", flat=True)) == set(TipResult.values)
    assert tips.filter(routed_unit__isnull=True).exists() and tips.filter(is_public=True).exists()
    assert tips.filter(led_to_hotspot__isnull=False).exists()
    due = [i for i in due_list(user=users["xa1"]) if i.kind == "tip_verification"]
    assert len(due) == 1
    seed_tips.purge(users=users)
    seed_hotspots.purge(users=users)
    assert not selectors.tip_list(user=pc04).exists()
