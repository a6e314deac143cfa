import datetime
import random

import pytest

from areas.models import AdminUnit
from communes import selectors
from demo.seed_communes import seed
from tests.factories import make_person, make_user

pytestmark = pytest.mark.django_db


def test_seed_communes_proposes_every_commune_and_decides_some(units, pc04, reader):
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
    assert made == again > 0
    communes = AdminUnit.objects.communes().within(units["province"]).count()
    rows = selectors.status_rows(user=pc04, year=today.year - 1)
    assert len(rows) == communes
    assert all(row.proposal.figures.population for row in rows)
    decided = [row for row in rows if row.decision]
    assert 0 < len(decided) < communes
    assert any(row.differs for row in decided)
    # One commune decided twice: both decisions kept.
    assert any(
        selectors.decisions_of(user=pc04, commune=row.commune).count() == 2 for row in decided
    )
    assert selectors.current_targets(user=users["xa1"])[units["a"].pk].target_year >= 2026
    assert selectors.roadmap(user=pc04)["registered"] >= 1
