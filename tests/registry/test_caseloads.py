"""Caseloads: one person's responsible officer, a whole caseload moved in one logged action,
the page and the API, and the refusal of an officer who cannot serve the people's communes."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ChangeLog
from registry import services
from registry.models import Person, Task

from ..factories import make_person, make_user
from .moving import DAY, today


@pytest.fixture
def leader_a(units):
    return make_user("leader_a", "commune_leader", units["a"])


@pytest.fixture
def leaving(units):
    return make_user("leaving_a", "commune_officer", units["a"], last_name="Rời")


@pytest.fixture
def staying(units):
    return make_user("staying_a", "commune_officer", units["a"], last_name="Ở Lại")


@pytest.fixture
def caseload(officer_a, leaving, units):
    """Three people of A in `leaving`'s care (one addicted), each with an open task they own,
    and one person of A in someone else's care."""
    people = [
        make_person(officer_a, units["a"], full_name=f"Người {i}", responsible_officer=leaving)
        for i in range(2)
    ]
    people.append(
        make_person(
            officer_a,
            units["a"],
            full_name="Người Nghiện",
            category="addicted",
            responsible_officer=leaving,
        )
    )
    other = make_person(
        officer_a, units["a"], full_name="Người Khác", responsible_officer=officer_a
    )
    tasks = [
        services.task_create(actor=officer_a, title=f"Việc {p.pk}", person=p, due_on=today() + DAY)
        for p in people
    ]
    return {"people": people, "other": other, "tasks": tasks}


def _officer(person):
    return Person.objects.get(pk=person.pk).responsible_officer


# ---- the whole caseload --------------------------------------------------------------------


def test_a_caseload_moves_with_its_tasks_in_one_logged_action(
    leader_a, leaving, staying, officer_a, caseload
):
    moved = services.caseload_reassign(
        actor=leader_a, from_officer=leaving, to_officer=staying, reason="Chuyển công tác"
    )
    assert sorted(moved.people) == sorted(p.pk for p in caseload["people"])
    assert all(_officer(p) == staying for p in caseload["people"])
    assert _officer(caseload["other"]) == officer_a
    assert {t.owner for t in Task.objects.filter(pk__in=moved.tasks)} == {staying}
    assert len(moved.tasks) == 3
    per_person = ChangeLog.objects.filter(
        record_type="person", record_id__in=[str(pk) for pk in moved.people]
    ).filter(after__responsible_officer_id=staying.pk)
    assert per_person.count() == 3
    summary = ChangeLog.objects.get(record_type="caseload", record_id=str(leaving.pk))
    assert summary.user == leader_a and sorted(summary.after["people"]) == sorted(moved.people)


def test_a_caseload_can_be_narrowed_to_a_category(leader_a, leaving, staying, caseload):
    moved = services.caseload_reassign(
        actor=leader_a,
        from_officer=leaving,
        to_officer=staying,
        category="addicted",
        reason="Chia lại",
    )
    assert len(moved.people) == 1
    assert [p.full_name for p in Person.objects.filter(responsible_officer=staying)] == [
        "Người Nghiện"
    ]


def test_an_officer_who_left_still_hands_over(leader_a, leaving, staying, caseload):
    leaving.is_active = False
    leaving.save()
    moved = services.caseload_reassign(
        actor=leader_a, from_officer=leaving, to_officer=staying, reason="Nghỉ hưu"
    )
    assert len(moved.people) == 3


def test_a_target_who_cannot_serve_the_communes_is_refused(
    leader_a, pc04, leaving, officer_b, caseload
):
    for actor in (leader_a, pc04):
        with pytest.raises(ValidationError) as excinfo:
            services.caseload_reassign(
                actor=actor, from_officer=leaving, to_officer=officer_b, reason="Sai"
            )
        assert "to_officer" in excinfo.value.message_dict
    assert all(_officer(p) == leaving for p in caseload["people"])
    assert not ChangeLog.objects.filter(record_type="caseload").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [({"reason": " "}, "reason"), ({"to_officer": "leaving"}, "to_officer")],
)
def test_bad_caseload_moves_are_refused(change, field, leader_a, leaving, staying, caseload):
    data = {"from_officer": leaving, "to_officer": staying, "reason": "Lý do", **change}
    if data["to_officer"] == "leaving":
        data["to_officer"] = leaving
    with pytest.raises(ValidationError) as excinfo:
        services.caseload_reassign(actor=leader_a, **data)
    assert field in excinfo.value.message_dict


def test_an_empty_caseload_is_refused(leader_a, staying, officer_a):
    with pytest.raises(ValidationError) as excinfo:
        services.caseload_reassign(
            actor=leader_a, from_officer=staying, to_officer=officer_a, reason="x"
        )
    assert "from_officer" in excinfo.value.message_dict


def test_commune_officers_do_not_move_caseloads(officer_a, leaving, staying, caseload):
    with pytest.raises(PermissionError):
        services.caseload_reassign(
            actor=officer_a, from_officer=leaving, to_officer=staying, reason="x"
        )


def test_a_leader_moves_only_their_communes_people(leader_a, officer_b, units):
    officer_b2 = make_user("officer_b2", "commune_officer", units["b"])
    make_person(officer_b, units["b"], responsible_officer=officer_b)
    with pytest.raises(ValidationError):
        services.caseload_reassign(
            actor=leader_a, from_officer=officer_b, to_officer=officer_b2, reason="x"
        )


# ---- the page and the API ------------------------------------------------------------------


def test_caseload_page_lists_officers_and_moves_a_caseload(
    client_for, leader_a, leaving, staying, caseload
):
    client = client_for(leader_a)
    page = client.get("/people/caseloads/")
    assert page.status_code == 200
    counts = {o.pk: o.caseload for o in page.context["officers"]}
    assert counts[leaving.pk] == 3 and counts[staying.pk] == 0
    bad = client.post("/people/caseloads/", {"from_officer": leaving.pk, "to_officer": staying.pk})
    assert bad.status_code == 400 and "reason" in bad.context["form"].errors
    done = client.post(
        "/people/caseloads/",
        {"from_officer": leaving.pk, "to_officer": staying.pk, "reason": "Chuyển công tác"},
    )
    assert done.status_code == 302
    assert Person.objects.filter(responsible_officer=staying).count() == 3


def test_caseload_page_is_for_leaders_and_the_province(
    client_for, officer_a, reader, pc04, leader_a
):
    assert client_for(officer_a).get("/people/caseloads/").status_code == 404
    assert client_for(reader).get("/people/caseloads/").status_code == 404
    assert client_for(officer_a).get("/api/v1/caseloads/").status_code == 404
    assert client_for(pc04).get("/people/caseloads/").status_code == 200
    assert client_for(leader_a).get("/api/v1/caseloads/").status_code == 200


def test_leader_sees_only_their_communes_officers(client_for, leader_a, officer_a, officer_b):
    officers = client_for(leader_a).get("/people/caseloads/").context["officers"]
    assert officer_a in officers and officer_b not in officers


def test_caseload_page_query_count_does_not_grow(client_for, leader_a, officer_a, units):
    client = client_for(leader_a)

    def add(n):
        for i in range(n):
            officer = make_user(f"cb_{n}_{i}", "commune_officer", units["a"])
            person = make_person(officer_a, units["a"], responsible_officer=officer)
            services.task_create(actor=officer_a, title="x", person=person, due_on=today())

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    add(2)
    few = {url: count(url) for url in ("/people/caseloads/", "/api/v1/caseloads/")}
    add(4)
    assert {url: count(url) for url in few} == few


def test_caseload_api_lists_and_moves(client_for, pc04, leaving, staying, officer_b, caseload):
    client = client_for(pc04)
    rows = {r["id"]: r for r in client.get("/api/v1/caseloads/").json()["results"]}
    assert rows[leaving.pk]["caseload"] == 3 and rows[leaving.pk]["open_tasks"] == 3
    url = "/api/v1/caseloads/reassign/"
    refused = client.post(
        url,
        {"from_officer": leaving.pk, "to_officer": officer_b.pk, "reason": "x"},
        "application/json",
    )
    assert refused.status_code == 400 and "to_officer" in refused.json()
    done = client.post(
        url,
        {"from_officer": leaving.pk, "to_officer": staying.pk, "reason": "x"},
        "application/json",
    )
    assert done.status_code == 200 and len(done.json()["people"]) == 3


# ---- one person ----------------------------------------------------------------------------


def test_one_persons_officer_changes_with_their_tasks(officer_a, leaving, staying, caseload):
    person, task = caseload["people"][0], caseload["tasks"][0]
    services.person_assign_officer(actor=officer_a, person=person, officer=staying, reason="x")
    assert _officer(person) == staying
    assert Task.objects.get(pk=task.pk).owner == staying
    assert Task.objects.get(pk=caseload["tasks"][1].pk).owner == leaving
    log = ChangeLog.objects.filter(record_type="person", record_id=str(person.pk)).latest("id")
    assert log.after["responsible_officer_id"] == staying.pk and log.after["tasks"] == [task.pk]


def test_one_persons_officer_must_serve_their_commune(officer_a, officer_b, person_a):
    with pytest.raises(ValidationError) as excinfo:
        services.person_assign_officer(actor=officer_a, person=person_a, officer=officer_b)
    assert "officer" in excinfo.value.message_dict


def test_officer_page_and_api(client_for, officer_a, officer_b, staying, person_a, person_b):
    client = client_for(officer_a)
    url = f"/people/{person_a.pk}/officer/"
    assert client.get(url).status_code == 200
    assert client.get(f"/people/{person_b.pk}/officer/").status_code == 404
    done = client.post(url, {"officer": staying.pk, "reason": "Phân công lại"})
    assert done.status_code == 302 and _officer(person_a) == staying
    api = f"/api/v1/persons/{person_a.pk}/officer/"
    # An officer of another commune is not even a choice here.
    refused = client.post(api, {"officer": officer_b.pk}, "application/json")
    assert refused.status_code == 400 and "officer" in refused.json()
    cleared = client.post(api, {"officer": None}, "application/json")
    assert cleared.status_code == 200 and _officer(person_a) is None
    other = f"/api/v1/persons/{person_b.pk}/officer/"
    assert client.post(other, {"officer": None}, "application/json").status_code == 404
