"""Duplicates: the warning at entry (form and API), the province's list of possible
duplicates, and the merge that keeps both histories."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AccessLog, ChangeLog
from registry import selectors, services
from registry.choices import EventKind, TaskKind, TaskStatus
from registry.models import Contact, DrugTest, ManagementPeriod, Person, Reminder, Task

from ..factories import cccd, make_person, make_user
from .moving import DAY, change_category, contact, drug_test, today


def _form(**fields):
    data = {
        "full_name": "Nguyen Van An",
        "sex": "M",
        "birth_year": 1990,
        "category": "illicit_user",
    }
    data.update(fields)
    return data


@pytest.fixture
def namesakes(officer_a, officer_b, units):
    """'Nguyễn Văn An', born 1990, in commune A and in commune B."""
    return (
        make_person(officer_a, units["a"], full_name="Nguyễn Văn An", national_id=""),
        make_person(officer_b, units["b"], full_name="Nguyễn Văn  An", national_id=""),
    )


# ---- at entry ------------------------------------------------------------------------------


def test_the_form_warns_with_candidates_and_saves_when_confirmed(
    client_for, officer_a, namesakes, units
):
    mine, theirs = namesakes
    client = client_for(officer_a)
    data = _form(residence_unit=units["a"].pk, address="Số 5 hẻm 3")
    warned = client.post("/people/new/", data)
    assert warned.status_code == 409
    found = warned.context["duplicates"]
    assert [p.pk for p in found["candidates"]] == [mine.pk]  # B's record is only counted
    assert found["elsewhere"] == 1
    assert mine.get_absolute_url() in warned.text
    assert theirs.get_absolute_url() not in warned.text
    assert 'value="Số 5 hẻm 3"' in warned.text  # what was typed is kept
    assert 'name="confirm_duplicate"' in warned.text
    assert Person.objects.count() == 2
    assert AccessLog.objects.filter(user=officer_a, action="search").exists()
    saved = client.post("/people/new/", {**data, "confirm_duplicate": "1"})
    assert saved.status_code == 302 and Person.objects.count() == 3


def test_no_warning_for_another_birth_year(client_for, officer_a, namesakes, units):
    response = client_for(officer_a).post(
        "/people/new/", _form(residence_unit=units["a"].pk, birth_year=1991)
    )
    assert response.status_code == 302


def test_the_api_answers_409_unless_confirmed(client_for, officer_a, namesakes, units):
    mine, _theirs = namesakes
    client = client_for(officer_a)
    data = _form(residence_unit=units["a"].pk)
    conflict = client.post("/api/v1/persons/", data, "application/json")
    assert conflict.status_code == 409
    body = conflict.json()
    assert [c["id"] for c in body["candidates"]] == [mine.pk]
    assert body["candidates"][0]["same_commune"] is True
    assert body["elsewhere"] == 1
    assert Person.objects.count() == 2
    saved = client.post("/api/v1/persons/", {**data, "confirm_duplicate": True}, "application/json")
    assert saved.status_code == 201 and Person.objects.count() == 3


def test_merged_records_are_not_candidates(pc04, namesakes):
    mine, theirs = namesakes
    services.person_merge(actor=pc04, survivor=mine, merged=theirs)
    visible, elsewhere = selectors.person_duplicate_candidates(
        user=pc04, full_name="nguyen van an", birth_year=1990
    )
    assert [p.pk for p in visible] == [mine.pk] and elsewhere == 0


# ---- the province's list -------------------------------------------------------------------


def test_duplicate_list_groups_same_name_and_year(client_for, pc04, officer_a, namesakes, units):
    make_person(officer_a, units["a"], full_name="Nguyễn Văn An", birth_year=1991)
    response = client_for(pc04).get("/people/duplicates/")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 1
    assert {p.pk for p in rows[0]["people"]} == {p.pk for p in namesakes}
    api = client_for(pc04).get("/api/v1/duplicates/").json()
    assert api["count"] == 1 and len(api["results"][0]["people"]) == 2


def test_duplicate_list_and_merge_are_for_the_province(client_for, officer_a, leader, namesakes):
    mine, theirs = namesakes
    for user in (officer_a, leader):
        client = client_for(user)
        assert client.get("/people/duplicates/").status_code == 404
        assert client.get("/api/v1/duplicates/").status_code == 404
        merge = f"/people/merge/?survivor={mine.pk}&merged={theirs.pk}"
        assert client.get(merge).status_code == 404
    other_person = make_person(officer_a, mine.residence_unit, full_name="Nguyễn Văn An")
    response = client_for(officer_a).post(
        f"/api/v1/persons/{mine.pk}/merge/", {"merged": other_person.pk}, "application/json"
    )
    assert response.status_code == 403
    assert not Person.objects.filter(merged_into__isnull=False).exists()


@pytest.fixture
def leader(units):
    return make_user("leader_a", "commune_leader", units["a"])


def test_duplicate_list_query_count_does_not_grow(client_for, pc04, officer_a, units):
    client = client_for(pc04)

    def add(n, start):
        for i in range(start, start + n):
            for _ in range(2):
                make_person(officer_a, units["a"], full_name=f"Trùng Tên {i}", national_id="")

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    add(2, 0)
    few = {url: count(url) for url in ("/people/duplicates/", "/api/v1/duplicates/")}
    add(4, 2)
    assert {url: count(url) for url in few} == few


# ---- the merge -----------------------------------------------------------------------------


@pytest.fixture
def histories(officer_a, officer_b, pc04, namesakes):
    """Each record with its own history: events, tests, contacts, a period, tasks."""
    mine, theirs = namesakes
    start = today() - 100 * DAY
    period = services.period_open(
        actor=officer_b,
        person=theirs,
        kind="user",
        start_on=start,
        decision_number="QĐ-B",
        decision_date=start,
        decision_body="Công an xã",
    )
    drug_test(officer_a, mine, 20)
    contact(officer_b, theirs, 15)
    test = drug_test(officer_b, theirs, 10)
    change_category(officer_b, theirs, "addicted", 0, number="QĐ-nghiện")
    task = services.task_create(actor=officer_b, title="Việc B", person=theirs, due_on=today())
    reminder = Reminder.objects.create(
        user=officer_b, key="x", label="x", due_on=today(), day=today(), person=theirs
    )
    return {"period": period, "test": test, "task": task, "reminder": reminder}


def test_the_merge_keeps_both_histories(pc04, officer_a, namesakes, histories, units):
    mine, theirs = namesakes
    result = services.person_merge(actor=pc04, survivor=mine, merged=theirs)
    survivor, merged = Person.objects.get(pk=mine.pk), Person.objects.get(pk=theirs.pk)
    assert merged.merged_into == survivor and merged.merged_at
    assert DrugTest.objects.filter(person=survivor).count() == 2
    assert Contact.objects.filter(person=survivor).count() == 3
    assert ManagementPeriod.objects.get(pk=histories["period"].pk).person == survivor
    assert Reminder.objects.get(pk=histories["reminder"].pk).person == survivor  # hidden FK
    task = Task.objects.get(pk=histories["task"].pk)
    assert task.person == survivor and task.unit == units["a"]  # follows the survivor
    kinds = list(survivor.events.values_list("kind", flat=True))
    assert kinds.count(EventKind.REGISTERED) == 2 and EventKind.MERGED in kinds
    assert not merged.events.exists()
    # The current category is what the whole history says now (the latest decision, B's).
    assert survivor.category == "addicted"
    assert result.moved and result.event.author == pc04
    logged = ChangeLog.objects.filter(record_type="person", record_id=str(survivor.pk))
    assert logged.filter(after__merged_in=merged.pk).exists()
    assert ChangeLog.objects.filter(
        record_type="person", record_id=str(merged.pk), after__merged_into_id=survivor.pk
    ).exists()


def test_a_merged_record_is_hidden_and_its_page_redirects(
    client_for, pc04, officer_a, officer_b, namesakes
):
    mine, theirs = namesakes
    services.person_merge(actor=pc04, survivor=mine, merged=theirs)
    client = client_for(pc04)
    listed = [p.pk for p in client.get("/people/", {"q": "van an"}).context["page"].object_list]
    assert listed == [mine.pk]
    ids = {row["id"] for row in client.get("/api/v1/persons/").json()["results"]}
    assert mine.pk in ids and theirs.pk not in ids
    assert client.get(f"/api/v1/persons/{theirs.pk}/").status_code == 404
    response = client.get(f"/people/{theirs.pk}/")
    assert response.status_code == 302 and response["Location"] == mine.get_absolute_url()
    # Commune B no longer sees the record; nor may it follow the redirect to A's person.
    assert client_for(officer_b).get(f"/people/{theirs.pk}/").status_code == 404
    assert not Person.objects.countable_by(pc04).filter(pk=theirs.pk).exists()


def test_different_citizen_ids_need_a_reason(pc04, officer_a, officer_b, units):
    one = make_person(officer_a, units["a"], full_name="Lê Văn Hai", national_id=cccd(1990))
    two = make_person(officer_b, units["b"], full_name="Lê Văn Hai", national_id=cccd(1990))
    with pytest.raises(ValidationError) as excinfo:
        services.person_merge(actor=pc04, survivor=one, merged=two)
    assert "reason" in excinfo.value.message_dict
    assert not Person.objects.filter(merged_into__isnull=False).exists()
    services.person_merge(actor=pc04, survivor=one, merged=two, reason="Số CCCD nhập sai")
    assert Person.objects.get(pk=two.pk).merged_into_id == one.pk


def test_the_citizen_id_goes_to_a_survivor_without_one(pc04, officer_a, officer_b, units):
    number = cccd(1990)
    one = make_person(officer_a, units["a"], full_name="Lê Văn Ba", national_id="")
    two = make_person(officer_b, units["b"], full_name="Lê Văn Ba", national_id=number)
    services.person_merge(actor=pc04, survivor=one, merged=two)
    assert Person.objects.get(pk=one.pk).national_id == number
    assert Person.objects.get(pk=two.pk).national_id == ""


def test_open_work_raised_twice_is_reconciled(pc04, officer_a, officer_b, namesakes):
    mine, theirs = namesakes
    for person in (mine, theirs):
        services.task_raise(
            person=person, kind=TaskKind.DETERMINATION_REQUIRED, title="XĐ", due_on=today()
        )
    services.person_merge(actor=pc04, survivor=mine, merged=theirs)
    tasks = Task.objects.filter(person=mine, kind=TaskKind.DETERMINATION_REQUIRED)
    assert tasks.filter(status=TaskStatus.OPEN).count() == 1
    assert tasks.filter(status=TaskStatus.CANCELLED).count() == 1


def test_bad_merges_are_refused(pc04, namesakes):
    mine, theirs = namesakes
    with pytest.raises(ValidationError):
        services.person_merge(actor=pc04, survivor=mine, merged=mine)
    services.person_merge(actor=pc04, survivor=mine, merged=theirs)
    with pytest.raises(ValidationError):
        services.person_merge(actor=pc04, survivor=mine, merged=theirs)


def test_merge_page_confirms_before_anything_changes(client_for, pc04, namesakes):
    mine, theirs = namesakes
    client = client_for(pc04)
    url = f"/people/merge/?survivor={mine.pk}&merged={theirs.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["survivor"] == mine and page.context["merged"] == theirs
    assert not Person.objects.filter(merged_into__isnull=False).exists()
    data = {"survivor": mine.pk, "merged": theirs.pk}
    unconfirmed = client.post("/people/merge/", data)
    assert unconfirmed.status_code == 400 and "confirm" in unconfirmed.context["form"].errors
    done = client.post("/people/merge/", {**data, "confirm": "on"})
    assert done.status_code == 302 and done["Location"] == mine.get_absolute_url()
    assert Person.objects.get(pk=theirs.pk).merged_into_id == mine.pk


def test_merge_api(client_for, pc04, officer_a, namesakes, units):
    mine, theirs = namesakes
    client = client_for(pc04)
    response = client.post(
        f"/api/v1/persons/{mine.pk}/merge/", {"merged": theirs.pk}, "application/json"
    )
    assert response.status_code == 200
    assert response.json()["merged"] == theirs.pk
    again = client.post(
        f"/api/v1/persons/{mine.pk}/merge/", {"merged": theirs.pk}, "application/json"
    )
    assert again.status_code == 400 and "merged" in again.json()


def test_person_relations_cover_every_model_pointing_at_a_person():
    names = {rel.related_model.__name__ for rel in selectors.person_relations()}
    assert {"PersonEvent", "DrugTest", "Contact", "ManagementPeriod", "Task", "Reminder"} <= names
    assert {"PersonDocument", "PersonResidence", "Person"} <= names
