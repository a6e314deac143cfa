"""The treatment demo seed runs on the demo data, twice (re-runnable)."""

import random

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from areas.models import AdminUnit
from demo import seed_treatment
from registry.models import Task
from treatment.models import PsychosisRecord, SubstitutionTreatment

pytestmark = pytest.mark.django_db


def _run():
    users = {u.username: u for u in User.objects.filter(username__in=["pc04", "xa1", "xa2", "yte"])}
    return seed_treatment.seed(
        province=AdminUnit.objects.get(path="92"),
        users=users,
        today=timezone.localdate(),
        rng=random.Random(5),
    )


def test_seed_treatment_is_rerunnable(units):
    call_command("seed_demo")
    assert _run() == 8
    assert _run() == 8
    assert SubstitutionTreatment.objects.filter(status="dropped_out").count() == 2
    assert SubstitutionTreatment.objects.filter(status="completed").count() == 2
    assert PsychosisRecord.objects.filter(ended_on__isnull=True).count() == 2
    assert Task.objects.filter(kind="substitution_dropout", status="open").count() == 2
    # Purged before the demo people are deleted, seed_demo runs again.
    seed_treatment.purge(users={"yte": User.objects.get(username="yte")})
    assert not SubstitutionTreatment.objects.exists() and not PsychosisRecord.objects.exists()
    call_command("seed_demo")
