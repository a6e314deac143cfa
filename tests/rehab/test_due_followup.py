"""The due list ("Việc đến hạn") for rehab follow-up: education at commune whose period ends
within 30 days (record its end and result; overdue once the last day passed without it), and a
voluntary-rehab registration not followed by rehab within 2 working days (DOMAIN.md §3). Items,
counts per state, the owner and the jurisdiction, the page, and queries that do not grow with
the rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from registry.due import due_counts, due_list
from rehab.due import EducationEnds, RegistrationStarts
from rehab.services_education import education_compile, education_decide, education_end
from rehab.services_reach import voluntary_registration_record

from ..factories import make_person
from .helpers import compile_dossier, open_placement

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = datetime.timedelta(days=1)


def educate(actor, person, decided_on, *, compiled_on=None):
    measure = education_compile(
        actor=actor,
        person=person,
        compiled_on=compiled_on or decided_on - 5 * DAY,
        grounds="Sử dụng trái phép chất ma túy, có nơi cư trú ổn định",
    )
    return education_decide(
        actor=actor,
        measure=measure,
        decision_number="45/QĐ-UBND",
        decision_date=decided_on,
        decision_body="Chủ tịch UBND phường",
    )


def register(actor, person, on, **kw):
    kw.setdefault("form", "voluntary_home")
    kw.setdefault("place", "12 Trần Phú, Ninh Kiều")
    return voluntary_registration_record(actor=actor, person=person, registered_on=on, **kw)


def keys(user, today, owner=None, prefix="rehab_"):
    return {
        i.key: i for i in due_list(user=user, today=today, owner=owner) if i.key.startswith(prefix)
    }


@pytest.fixture
def person(officer_a, units):
    return make_person(
        officer_a,
        units["a"],
        full_name="Tạ Văn Giáo",
        category="addicted",
        responsible_officer=officer_a,
    )


# ---- education at commune -------------------------------------------------------------------
def test_education_end_is_due_30_days_ahead_then_overdue_until_recorded(officer_a, person):
    m = educate(officer_a, person, D(2025, 2, 10))  # 3 months: last day 09/05/2025
    key = f"rehab_education:{m.pk}"
    assert key not in keys(officer_a, D(2025, 4, 8))  # 31 days before
    item = keys(officer_a, D(2025, 4, 9))[key]  # 30 days before
    assert item.due_on == D(2025, 5, 9) and item.state(D(2025, 4, 9)) == "later"
    assert item.kind == "rehab_education_end" and "09/05/2025" in item.label
    assert "record its end" in item.label
    assert item.url == f"/rehab/education/{m.pk}/"
    assert (item.person_id, item.owner_id) == (person.pk, officer_a.pk)
    assert keys(officer_a, D(2025, 5, 20))[key].state(D(2025, 5, 20)) == "overdue"
    education_end(actor=officer_a, measure=m, ended_on=D(2025, 5, 9), status="completed")
    assert key not in keys(officer_a, D(2025, 5, 20))


def test_education_ended_early_or_only_compiled_is_not_due(officer_a, person, units):
    m = educate(officer_a, person, D(2025, 2, 10))
    education_end(
        actor=officer_a,
        measure=m,
        ended_on=D(2025, 4, 1),
        status="ended_early",
        end_note="Chuyển đi",
    )
    # A compiled dossier with no decision: DOMAIN.md gives no deadline for the decision.
    other = make_person(officer_a, units["a"], full_name="Chưa Quyết Định")
    education_compile(
        actor=officer_a, person=other, compiled_on=D(2025, 1, 2), grounds="Sử dụng trái phép"
    )
    assert not {k for k in keys(officer_a, D(2025, 5, 1)) if k.startswith("rehab_education")}


# ---- voluntary-rehab registrations ----------------------------------------------------------
def test_registration_is_due_two_working_days_later_until_rehab_starts(officer_a, person):
    # Friday 24/04/2026: Monday 27/04 is a holiday (Hùng Kings, moved), so 28 and 29/04.
    r = register(officer_a, person, D(2026, 4, 24))
    assert r.start_due_on == D(2026, 4, 29)
    key = f"rehab_registration:{r.pk}"
    item = keys(officer_a, D(2026, 4, 24))[key]
    assert item.due_on == D(2026, 4, 29) and item.state(D(2026, 4, 24)) == "soon"
    assert item.kind == "rehab_registration_start" and "24/04/2026" in item.label
    assert "record the placement" in item.label
    assert item.url == f"/people/{person.pk}/#rehab"
    assert keys(officer_a, D(2026, 5, 4))[key].state(D(2026, 5, 4)) == "overdue"
    open_placement(officer_a, person, form="voluntary_home", start_on=D(2026, 4, 29))
    assert key not in keys(officer_a, D(2026, 5, 4))


def test_registration_answered_by_a_dossier_or_a_new_registration(officer_a, person, units):
    first = register(officer_a, person, D(2026, 3, 2))
    second = register(officer_a, person, D(2026, 3, 20))
    due = keys(officer_a, D(2026, 3, 25))
    assert f"rehab_registration:{first.pk}" not in due
    assert f"rehab_registration:{second.pk}" in due
    # The person did not start: the commune compiles the compulsory-rehab dossier.
    compile_dossier(officer_a, person, compiled_on=D(2026, 3, 25))
    assert f"rehab_registration:{second.pk}" not in keys(officer_a, D(2026, 3, 26))
    # A placement that started before the registration does not answer it.
    other = make_person(officer_a, units["a"], full_name="Đã Cai Trước", category="addicted")
    p = open_placement(officer_a, other, form="voluntary_home", start_on=D(2025, 1, 6))
    from rehab.services_placements import placement_end

    placement_end(
        actor=officer_a,
        placement=p,
        ended_on=D(2025, 3, 3),
        outcome="quit",
        end_note="Bỏ cai",
    )
    r = register(officer_a, other, D(2026, 3, 2))
    assert f"rehab_registration:{r.pk}" in keys(officer_a, D(2026, 3, 25))


def test_working_days_to_start_are_a_setting(officer_a, person, settings):
    settings.REHAB_VOLUNTARY_START_WORKING_DAYS = 5
    assert register(officer_a, person, D(2026, 3, 2)).start_due_on == D(2026, 3, 9)


# ---- counts, owner, jurisdiction ------------------------------------------------------------
def test_counts_per_state(officer_a, person, units):
    today = D(2026, 5, 4)
    # Overdue registration (due 29/04), education ending today, education ending in 20 days.
    register(officer_a, person, D(2026, 4, 24))
    educate(officer_a, make_person(officer_a, units["a"], full_name="A"), D(2026, 2, 5))
    educate(officer_a, make_person(officer_a, units["a"], full_name="B"), D(2026, 2, 25))
    counts = {}
    for provider in (EducationEnds(), RegistrationStarts()):
        for state, n in provider.counts(user=officer_a, today=today, owner=None).items():
            counts[state] = counts.get(state, 0) + n
    assert counts == {"overdue": 1, "today": 1, "soon": 0, "later": 1}
    totals = due_counts(user=officer_a, today=today)
    assert totals["overdue"] >= 1 and totals["today"] >= 1 and totals["later"] >= 1


def test_items_are_scoped_and_narrowed_to_the_officer(officer_a, officer_b, pc04, health, units):
    mine = make_person(officer_a, units["a"], full_name="Của Tôi", responsible_officer=officer_a)
    nobody = make_person(officer_a, units["a"], full_name="Chưa Giao")
    theirs = make_person(officer_b, units["b"], full_name="Xã Khác", responsible_officer=officer_b)
    e1 = educate(officer_a, mine, D(2025, 2, 10))
    r2 = register(officer_a, nobody, D(2025, 4, 21))
    e3 = educate(officer_b, theirs, D(2025, 2, 10))
    r3 = register(officer_b, theirs, D(2025, 6, 2))
    day = D(2025, 5, 1)
    a_keys = {f"rehab_education:{e1.pk}", f"rehab_registration:{r2.pk}"}
    b_keys = {f"rehab_education:{e3.pk}", f"rehab_registration:{r3.pk}"}
    assert set(keys(officer_a, day)) == a_keys
    assert set(keys(officer_a, day, owner=officer_a)) == {f"rehab_education:{e1.pk}"}
    assert set(keys(officer_b, day)) == b_keys
    assert set(keys(pc04, day)) == a_keys | b_keys
    assert set(keys(pc04, day, owner=officer_b)) == b_keys
    assert keys(health, day) == {}


def test_due_page_mine_theirs_and_the_province(client_for, officer_a, officer_b, pc04, units):
    today = timezone.localdate()
    mine = make_person(
        officer_a, units["a"], full_name="Lâm Văn Đăng", responsible_officer=officer_a
    )
    register(officer_a, mine, today - 10 * DAY)
    learner = make_person(
        officer_a, units["a"], full_name="Tạ Thị Giáo", responsible_officer=officer_a
    )
    m = educate(officer_a, learner, today - 80 * DAY)  # ends within 30 days
    page = client_for(officer_a).get("/people/due/")
    assert page.status_code == 200
    assert "Lâm Văn Đăng" in page.text and f"/people/{mine.pk}/#rehab" in page.text
    assert "Tạ Thị Giáo" in page.text and f"/rehab/education/{m.pk}/" in page.text
    other = client_for(officer_b).get("/people/due/", {"who": "all"}).text
    assert "Lâm Văn Đăng" not in other and "Tạ Thị Giáo" not in other
    province = client_for(pc04).get("/people/due/", {"who": "all"}).text
    assert "Lâm Văn Đăng" in province and "Tạ Thị Giáo" in province
    assert "Lâm Văn Đăng" not in client_for(pc04).get("/people/due/").text


def test_due_list_queries_do_not_grow_with_rows(client_for, officer_a, units):
    today = timezone.localdate()
    client = client_for(officer_a)

    def add(i):
        a = make_person(
            officer_a, units["a"], full_name=f"Đăng Ký {i}", responsible_officer=officer_a
        )
        register(officer_a, a, today - (10 + i) * DAY)
        b = make_person(
            officer_a, units["a"], full_name=f"Giáo Dục {i}", responsible_officer=officer_a
        )
        educate(officer_a, b, today - (80 + i) * DAY)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/people/due/")
        assert response.status_code == 200
        sizes = []
        for provider in (EducationEnds(), RegistrationStarts()):
            with CaptureQueriesContext(connection) as own:
                items = list(provider.items(user=officer_a, today=today, owner=officer_a))
            sizes.append((len(items), len(own.captured_queries)))
        return sum(response.context["counts"].values()), len(ctx.captured_queries), sizes

    add(0)
    few_total, few, few_sizes = count()
    for i in range(1, 4):
        add(i)
    many_total, many, many_sizes = count()
    # Each registration (Law 120) also raises "determination required": 3 × 3 items more.
    assert many_total - few_total == 9
    assert many == few
    assert [n for n, _ in few_sizes] == [1, 1] and [n for n, _ in many_sizes] == [4, 4]
    assert [q for _, q in few_sizes] == [q for _, q in many_sizes]
