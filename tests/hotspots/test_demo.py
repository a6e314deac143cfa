import datetime
import random

import pytest

from demo.seed_hotspots import seed
from hotspots import selectors
from hotspots.choices import HotspotStatus
from registry.due import due_list
from tests.factories import make_person, make_user

pytestmark = pytest.mark.django_db


def test_seed_hotspots_every_state_rerunnable(units, pc04, reader):
    users = {
        "pc04": pc04,
        "xa1": make_user("xa1", "commune_officer", units["a"]),
        "xa2": make_user("xa2", "commune_officer", units["b"]),
        "bcd": reader,
    }
    make_person(users["xa1"], units["a"], full_name="Phạm Văn Tư")
    today = datetime.date.today()
    made = seed(province=units["province"], users=users, today=today, rng=random.Random(5))
    again = seed(province=units["province"], users=users, today=today, rng=random.Random(5))
    assert made == again
    everything = selectors.hotspot_list(user=pc04)
    assert everything.count() == made
    statuses = set(everything.values_list("status", flat=True))
    assert statuses == set(HotspotStatus.values)
    for officer in (users["xa1"], users["xa2"]):
        mine = selectors.hotspot_list(user=officer)
        assert set(mine.values_list("status", flat=True)) == set(HotspotStatus.values)
        assert mine.filter(re_emerged_count__gte=2).exists()
        due = [i for i in due_list(user=officer) if i.kind == "hotspot_watch_check"]
        assert any(i.state(today) == "overdue" for i in due)
    assert everything.exclude(scope_path__in=[units["a"].path, units["b"].path]).exists()
