"""The rehab demo seed runs on the demo data, twice (re-runnable)."""

import random

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from areas.models import AdminUnit
from demo import seed_rehab
from registry.due import due_list
from rehab.models import (
    AddictionDetermination,
    Dossier,
    EducationMeasure,
    Facility,
    FacilityListPublication,
    PostRehabCertificate,
    PostRehabRelapse,
    PostRehabSupport,
    RehabPlacement,
    ServiceReached,
    VoluntaryRegistration,
)

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
    assert _run() == 14
    assert _run() == 14
    assert Facility.objects.filter(licence_number__startswith="DEMO").count() == 8
    assert FacilityListPublication.objects.count() == 3
    assert RehabPlacement.objects.count() == 14
    assert AddictionDetermination.objects.count() == 8
    # Dossiers at every stage, for each of the two communes; the enforced one has its
    # placement; the quitter's dossier closed the task the quitting raised.
    stages = sorted(Dossier.objects.values_list("stage", flat=True))
    assert stages == sorted(
        ["compiled", "open_for_reading", "submitted", "decided", "enforced", "withdrawn"] * 2
    )
    assert Dossier.objects.filter(stage="enforced", placement__isnull=False).count() == 2
    assert Dossier.objects.filter(high_risk=True).count() == 6
    xa1 = User.objects.get(username="xa1")
    kinds = {item.kind for item in due_list(user=xa1)}
    assert "rehab_placement_end" in kinds and "rehab_dossier_stage" in kinds
    assert "compulsory_dossier_required" not in kinds
    overdue = [i for i in due_list(user=xa1) if i.kind == "rehab_dossier_stage"]
    assert any(i.due_on < timezone.localdate() for i in overdue)


def test_seed_rehab_follow_up_rows(units):
    """Post-rehab support in both communes, a certificate in xa1's, a relapse in xa2's (its
    compulsory-dossier work on the due list), registrations, education at commune under way
    and completed (a positive test after it asks for a determination), services reached."""
    call_command("seed_demo")
    _run()
    assert PostRehabSupport.objects.count() == 8
    assert PostRehabCertificate.objects.count() == 1
    assert PostRehabRelapse.objects.count() == 1
    assert VoluntaryRegistration.objects.count() == 2
    assert sorted(EducationMeasure.objects.values_list("status", flat=True)) == [
        "completed",
        "completed",
        "decided",
        "decided",
    ]
    assert ServiceReached.objects.count() > 10
    xa2 = User.objects.get(username="xa2")
    kinds = {item.kind for item in due_list(user=xa2)}
    assert "compulsory_dossier_required" in kinds and "determination_required" in kinds
