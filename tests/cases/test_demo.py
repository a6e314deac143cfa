import random

import pytest
from django.utils import timezone

from cases import selectors
from cases.choices import CaseStage, SuspectStatus
from demo import seed_cases, seed_hotspots
from tests.factories import make_person, make_user

pytestmark = pytest.mark.django_db


def test_seed_cases_every_stage_rerunnable(units, pc04, reader):
    users = {
        "pc04": pc04,
        "xa1": make_user("xa1", "commune_officer", units["a"]),
        "xa2": make_user("xa2", "commune_officer", units["b"]),
        "bcd": reader,
    }
    for n in range(14):
        make_person(users["xa1"], units["a"], full_name=f"Phạm Văn Tư {n}")
    today = timezone.localdate()
    seed_hotspots.seed(province=units["province"], users=users, today=today, rng=random.Random(5))
    made = seed_cases.seed(
        province=units["province"], users=users, today=today, rng=random.Random(5)
    )
    again = seed_cases.seed(
        province=units["province"], users=users, today=today, rng=random.Random(5)
    )
    assert made == again
    cases = selectors.case_list(user=pc04)
    assert cases.count() == made
    for officer in (users["xa1"], users["xa2"]):
        mine = selectors.case_list(user=officer)
        assert set(mine.values_list("stage", flat=True)) == set(CaseStage.values)
        assert mine.filter(wanted_count__gt=0).exists()
        assert selectors.seizures_of(cases=mine).exists()
        assert selectors.planting_list(user=officer).filter(replanted_count__gt=0).exists()
    mine = selectors.case_list(user=users["xa1"])
    statuses = {s.status for c in mine for s in selectors.case_suspects(case=c)}
    assert {SuspectStatus.WANTED, SuspectStatus.ARRESTED} <= statuses
    assert any(s.person_id for c in mine for s in selectors.case_suspects(case=c))
    # The hotspots the cases point at can be re-seeded once the cases are purged.
    seed_cases.purge(users=users)
    seed_hotspots.purge(users=users)
    assert not cases.exists()
