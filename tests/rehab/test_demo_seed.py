"""The rehab demo seed runs on the demo data, twice (re-runnable)."""

import random

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from areas.models import AdminUnit
from demo import seed_rehab
from registry.due import due_list
from rehab.models import AddictionDetermination, Facility, FacilityListPublication, RehabPlacement

pytestmark = pytest.mark.django_db


def _run():
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["admin", "pc04", "xa1", "xa2", "yte", "bcd"])
    }
    return seed_rehab.seed(
        province=AdminUnit.objects.get(path="92"),
        users=users,
        today=timezone.localdate(),
        rng=random.Random(5),
    )


def test_seed_rehab_is_rerunnable(units):
    call_command("seed_demo")
    assert _run() == 8
    assert _run() == 8
    assert Facility.objects.count() == 8
    assert FacilityListPublication.objects.count() == 3
    assert RehabPlacement.objects.count() == 8
    assert AddictionDetermination.objects.count() == 8
    xa1 = User.objects.get(username="xa1")
    kinds = {item.kind for item in due_list(user=xa1)}
    assert "rehab_placement_end" in kinds and "compulsory_dossier_required" in kinds
