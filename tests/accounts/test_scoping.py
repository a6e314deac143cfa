from accounts.scoping import Access, can, grant_for
from registry.models import Person

from ..factories import make_agency, make_user


def test_no_scope_unit_means_no_rows(units, person_a):
    user = make_user("drifter", "commune_officer", None)
    assert grant_for(user, "person").access == Access.NONE
    assert not Person.objects.visible_to(user).exists()


def test_unknown_role_means_no_rows(units, person_a):
    user = make_user("nobody", "", units["province"])
    assert not Person.objects.visible_to(user).exists()


def test_inactive_user_sees_nothing(officer_a, person_a):
    officer_a.is_active = False
    assert not Person.objects.visible_to(officer_a).exists()


def test_anonymous_sees_nothing(db, person_a):
    from django.contrib.auth.models import AnonymousUser

    assert not Person.objects.visible_to(AnonymousUser()).exists()


def test_commune_sees_own_province_sees_all(officer_a, pc04, person_a, person_b):
    assert list(Person.objects.visible_to(officer_a)) == [person_a]
    assert set(Person.objects.visible_to(pc04)) == {person_a, person_b}


def test_reader_counts_but_does_not_read(reader, person_a, person_b):
    assert not Person.objects.visible_to(reader).exists()
    assert Person.objects.countable_by(reader).count() == 2
    assert not can(reader, "person", Access.READ)


def test_department_other_than_health_counts_only(units, person_a):
    agency = make_agency("Sở Nội vụ", "department", "home_affairs", units["province"])
    user = make_user("noivu", "department", units["province"], agency=agency)
    assert not Person.objects.visible_to(user).exists()
    assert Person.objects.countable_by(user).count() == 1


def test_facility_officer_without_registered_restriction_sees_nothing(units, person_a):
    user = make_user("facility", "facility_officer", units["province"])
    assert not Person.objects.visible_to(user).exists()


def test_prefix_does_not_leak_to_sibling_codes(units, officer_a, person_a):
    """Path '92.3113' must not match '92.31135': the prefix ends at a dot."""
    from areas.models import AdminUnit

    fake = AdminUnit(path="92.3113", code="3113", level=3, name="x", short_name="x", kind="Xã")
    officer_a.scope_unit = fake
    assert not Person.objects.visible_to(officer_a).exists()
