from django.core.management import call_command

from accounts.models import User
from demo.management.commands.seed_demo import DEMO_USERS
from registry.models import Person


def test_seed_demo_creates_logins_and_people_once(db, units):
    call_command("seed_demo")
    usernames = {u[0] for u in DEMO_USERS}
    assert usernames == {"admin", "pc04", "xa1", "xa2", "yte", "bcd"}
    for username in usernames:
        assert User.objects.get(username=username).check_password("demo12345")
    xa1, xa2 = User.objects.get(username="xa1"), User.objects.get(username="xa2")
    assert xa1.scope_unit != xa2.scope_unit
    assert Person.objects.visible_to(xa1).exists() and Person.objects.visible_to(xa2).exists()
    assert not Person.objects.visible_to(xa1).filter(scope_path=xa2.scope_unit.path).exists()
    assert not Person.objects.visible_to(User.objects.get(username="bcd")).exists()
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
