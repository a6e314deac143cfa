from django.core.management import call_command
from django.db import models

from accounts.models import User
from demo.management.commands.seed_demo import DEMO_USERS
from registry.models import Person


def test_seed_demo_creates_logins_and_people_once(db, units):
    call_command("seed_demo")
    usernames = {u[0] for u in DEMO_USERS}
    assert usernames == {"admin", "pc04", "xa1", "xa2", "yte", "bcd", "cscn"}
    for username in usernames:
        assert User.objects.get(username=username).check_password("demo12345")
    xa1, xa2 = User.objects.get(username="xa1"), User.objects.get(username="xa2")
    assert xa1.scope_unit != xa2.scope_unit
    assert Person.objects.visible_to(xa1).exists() and Person.objects.visible_to(xa2).exists()
    assert not Person.objects.visible_to(xa1).filter(scope_path=xa2.scope_unit.path).exists()
    assert not Person.objects.visible_to(User.objects.get(username="bcd")).exists()
    # The facility officer sees the learners of the public facility only: placed there, some
    # admitted; nobody else, and no placement elsewhere.
    from rehab.models import RehabPlacement

    cscn = User.objects.get(username="cscn")
    learners = RehabPlacement.objects.visible_to(cscn)
    assert learners.exists() and learners.filter(admitted_on__isnull=False).exists()
    assert set(learners.values_list("facility__agency", flat=True)) == {cscn.agency_id}
    assert RehabPlacement.objects.exclude(pk__in=learners.values("pk")).exists()
    people = set(Person.objects.visible_to(cscn).values_list("pk", flat=True))
    assert people == set(learners.values_list("person", flat=True))
    total = Person.objects.count()
    assert 200 <= total <= 500
    names = sorted(Person.objects.values_list("full_name", "national_id"))
    call_command("seed_demo")  # up to date: nothing changes
    assert Person.objects.count() == total
    call_command("seed_demo", force=True)  # deterministic re-seed
    assert sorted(Person.objects.values_list("full_name", "national_id")) == names


def test_scale_adds_people_with_their_work(db, units):
    """The benchmark data: people in bulk with what makes a real due list (last checks,
    open tasks, management periods), every row valid for the pages that read it."""
    import io

    from registry.due import due_counts, due_list
    from registry.models import ManagementPeriod, Task

    call_command("seed_demo", stdout=io.StringIO())
    before = Person.objects.count()
    call_command("seed_demo", scale=2000, stdout=io.StringIO())
    added = Person.objects.exclude(pk__in=Person.objects.order_by("pk")[:before].values("pk"))
    assert added.count() == 2000
    assert not added.filter(last_checked_on__isnull=True).exists()
    assert Task.objects.filter(person__in=added).exists()
    periods = ManagementPeriod.objects.filter(person__in=added)
    assert periods.exists()
    assert all(p.planned_end_on > p.start_on for p in periods)
    pc04 = User.objects.get(username="pc04")
    counts = due_counts(user=pc04)
    assert counts["overdue"] > 100
    assert sum(counts.values()) == len(due_list(user=pc04))


def test_demo_people_have_a_background(db, units):
    """Ethnicity, education, occupation, phone, prior record and custody for most people, as a
    commune's list would hold them (not every field for everyone)."""
    import io

    from registry.models import PersonEvent, PriorRecord

    call_command("seed_demo", stdout=io.StringIO())
    people = Person.objects.all()
    total = people.count()

    def share(**condition):
        return people.filter(**condition).count() / total

    assert share(ethnicity="01") > 0.8
    assert people.exclude(ethnicity__in=["", "01"]).exists()  # Khmer, Hoa
    assert share(education_level="") < 0.15
    assert people.values("education_level").distinct().count() >= 5
    assert share(occupation="") < 0.15
    assert 0.5 < share(phone__startswith="0") < 0.9
    assert all(len(p) == 10 for p in people.exclude(phone="").values_list("phone", flat=True))
    with_record = people.filter(prior_records__isnull=False).distinct().count() / total
    assert 0.2 < with_record < 0.5
    assert PriorRecord.objects.filter(kind="criminal").exists()
    assert PriorRecord.objects.filter(kind="administrative", drug_related=True).exists()
    held = people.exclude(custody_state="at_home")
    assert 0 < held.count() < total * 0.15
    assert not held.filter(custody_place="").exists()
    assert not held.filter(custody_since__lt=models.F("last_checked_on")).exists()
    assert PersonEvent.objects.filter(kind="custody").count() == held.count()


def test_demo_review_shows_progress_in_xa1_and_none_in_xa2(db, units, client):
    import io

    from django.utils import timezone

    from registry.models import ReviewCampaign
    from registry.selectors_support import review_progress

    call_command("seed_demo", stdout=io.StringIO())
    pc04 = User.objects.get(username="pc04")
    xa1, xa2 = User.objects.get(username="xa1"), User.objects.get(username="xa2")
    campaign = ReviewCampaign.objects.get()
    assert campaign.opened_by == pc04 and campaign.is_open
    assert campaign.items.count() == Person.objects.filter(merged_into__isnull=True).count()
    progress = review_progress(user=pc04, campaign=campaign, today=timezone.localdate())
    rows = {row["commune"].pk: row for row in progress["rows"]}
    first, second = rows[xa1.scope_unit_id], rows[xa2.scope_unit_id]
    assert first["total"] > 30 and second["total"] > 30
    assert first["confirmed"] == first["reviewed"]
    assert 0.6 <= first["reviewed"] / first["total"] <= 0.7
    assert second["reviewed"] == 0
    assert progress["total"]["reviewed"] == first["reviewed"]
    # The province's page shows both communes' progress.
    client.force_login(pc04)
    page = client.get(f"/people/reviews/{campaign.pk}/")
    assert page.status_code == 200
    assert xa1.scope_unit.name in page.text and xa2.scope_unit.name in page.text
    call_command("seed_demo", force=True, stdout=io.StringIO())  # re-seed: still one campaign
    assert ReviewCampaign.objects.count() == 1
