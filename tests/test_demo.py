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
