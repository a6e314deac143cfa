"""Moving: the transfer, the residence history, who sees what after a move (old commune:
read-only up to the move; new commune: everything; third commune: nothing), moves out of the
province, and where people are counted on a past day."""

import types

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AccessLog, ChangeLog
from registry import selectors, services
from registry.choices import EventKind, PeriodEndReason, TaskStatus
from registry.models import Person, PersonResidence, Task

from ..factories import make_person, make_user
from .moving import DAY, change_category, contact, drug_test, third_commune, today, transfer


@pytest.fixture
def unit_c(units):
    return third_commune(units)


@pytest.fixture
def officer_c(unit_c):
    return make_user("officer_c", "commune_officer", unit_c)


@pytest.fixture
def resident(officer_a, units):
    """A person of commune A whose record began 100 days ago."""
    return make_person(
        officer_a, units["a"], full_name="Võ Văn Ở", registered_on=today() - 100 * DAY
    )


@pytest.fixture
def moved(officer_a, officer_b, units):
    """A person of commune A, checked there, moved to B 30 days ago; B then records more."""
    person = make_person(
        officer_a,
        units["a"],
        full_name="Phạm Văn Chuyển",
        registered_on=today() - 200 * DAY,
        address="Số 1 đường Cũ",
        responsible_officer=officer_a,
    )
    before = contact(officer_a, person, 100, note="Thăm nhà trước khi chuyển")
    test = drug_test(officer_a, person, 90)
    task = services.task_create(
        actor=officer_a, title="Việc mang theo", person=person, due_on=today() + 5 * DAY
    )
    event = transfer(officer_a, person, to_unit=units["b"], days_ago=30, address="Số 2 đường Mới")
    person.refresh_from_db()
    after = contact(officer_b, person, 10, note="Thăm nhà sau khi chuyển")
    late = contact(officer_b, person, 40, note="Ghi muộn trước ngày chuyển")
    category = change_category(officer_b, person, "addicted", 5, number="QĐ-sau-chuyển")
    return types.SimpleNamespace(
        person=person,
        before=before,
        test=test,
        task=task,
        event=event,
        after=after,
        late=late,
        category=category,
    )


# ---- the transfer --------------------------------------------------------------------------


def test_transfer_moves_responsibility_with_an_event(moved, officer_a, units):
    person = moved.person
    assert person.residence_unit == units["b"] and person.scope_path == units["b"].path
    assert person.address == "Số 2 đường Mới"
    assert person.responsible_officer is None
    event = moved.event
    assert event.kind == EventKind.TRANSFER and event.occurred_on == today() - 30 * DAY
    assert event.basis_number == "12/TB-CAX" and event.author == officer_a
    assert units["a"].name in event.note and units["b"].name in event.note
    old, new = PersonResidence.objects.filter(person=person).order_by("started_on")
    assert (old.unit, old.started_on, old.ended_on) == (
        units["a"],
        today() - 200 * DAY,
        today() - 31 * DAY,
    )
    assert old.ended_by == event and old.address == "Số 1 đường Cũ"
    assert old.record["full_name"] == "Phạm Văn Chuyển" and old.record["address"] == "Số 1 đường Cũ"
    assert (new.unit, new.started_on, new.ended_on, new.started_by) == (
        units["b"],
        today() - 30 * DAY,
        None,
        event,
    )
    logged = ChangeLog.objects.filter(record_type="person", record_id=str(person.pk))
    assert logged.filter(after__scope_path=units["b"].path).exists()


def test_open_tasks_follow_the_person(moved, units):
    task = Task.objects.get(pk=moved.task.pk)
    assert task.status == TaskStatus.OPEN
    assert task.unit == units["b"] and task.scope_path == units["b"].path
    # The old commune's officer cannot work in B: the task waits for B's officer.
    assert task.owner is None


def test_province_may_name_the_new_officer_and_keeps_its_own_tasks(pc04, officer_a, units):
    officer_b2 = make_user("officer_b2", "commune_officer", units["b"])
    person = make_person(
        officer_a, units["a"], responsible_officer=officer_a, registered_on=today() - 9 * DAY
    )
    own = services.task_create(
        actor=pc04, title="Việc của tỉnh", person=person, owner=pc04, due_on=today() + DAY
    )
    theirs = services.task_create(
        actor=officer_a, title="Việc của xã", person=person, due_on=today() + DAY
    )
    transfer(pc04, person, to_unit=units["b"], responsible_officer=officer_b2, days_ago=1)
    person.refresh_from_db()
    assert person.responsible_officer == officer_b2
    assert Task.objects.get(pk=own.pk).owner == pc04
    assert Task.objects.get(pk=theirs.pk).owner == officer_b2


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"to_unit": "a"}, "to_unit"),
        ({"to_unit": None}, "to_unit"),
        ({"to_unit": "b", "destination": "Hà Nội"}, "destination"),
        ({"to_unit": "b", "days_ago": -1}, "moved_on"),
        ({"to_unit": "b", "days_ago": 400}, "moved_on"),
        ({"to_unit": "b", "basis_number": " "}, "basis_number"),
        ({"to_unit": "b", "basis_body": ""}, "basis_body"),
        ({"to_unit": "b", "responsible_officer": "officer_a"}, "responsible_officer"),
    ],
)
def test_bad_transfers_are_refused_and_nothing_is_written(
    fields, field, officer_a, resident, units
):
    fields = dict(fields)
    if fields.get("to_unit") in units:
        fields["to_unit"] = units[fields["to_unit"]]
    if fields.get("responsible_officer") == "officer_a":
        fields["responsible_officer"] = officer_a
    with pytest.raises(ValidationError) as excinfo:
        transfer(officer_a, resident, **fields)
    assert field in excinfo.value.message_dict
    resident.refresh_from_db()
    assert resident.residence_unit == units["a"]
    assert not PersonResidence.objects.exists()
    assert not resident.events.filter(kind=EventKind.TRANSFER).exists()


def test_a_move_must_follow_the_last_one(officer_a, officer_b, resident, units):
    transfer(officer_a, resident, to_unit=units["b"], days_ago=30)
    with pytest.raises(ValidationError) as excinfo:
        transfer(officer_b, resident, to_unit=units["a"], days_ago=30)
    assert "moved_on" in excinfo.value.message_dict


def test_only_the_current_commune_or_the_province_moves_a_person(
    officer_b, officer_c, resident, units
):
    for officer in (officer_b, officer_c):
        with pytest.raises(PermissionError):
            transfer(officer, resident, to_unit=units["b"])


def test_moving_back_restores_full_access(moved, officer_a, officer_b, units, client_for):
    transfer(officer_b, moved.person, to_unit=units["a"], days_ago=2)
    response = client_for(officer_a).get(f"/people/{moved.person.pk}/")
    assert response.status_code == 200
    assert "registry/person_detail.html" in [t.name for t in response.templates]
    stints = PersonResidence.objects.filter(person=moved.person).order_by("started_on")
    assert [s.unit for s in stints] == [units["a"], units["b"], units["a"]]
    assert [s.ended_on for s in stints][-1] is None


def test_an_edit_of_the_commune_corrects_the_current_stint(moved, pc04, units, unit_c):
    services.person_update(actor=pc04, person=moved.person, residence_unit=unit_c)
    current = PersonResidence.objects.get(person=moved.person, ended_on__isnull=True)
    assert current.unit == unit_c and current.scope_path == unit_c.path


# ---- who sees what after the move --------------------------------------------------------


def test_old_commune_reads_the_record_as_it_stood_before_the_move(moved, officer_a, client_for):
    client = client_for(officer_a)
    response = client.get(f"/people/{moved.person.pk}/")
    assert response.status_code == 200
    assert "registry/person_former_detail.html" in [t.name for t in response.templates]
    context = response.context
    kinds = [e.kind for e in context["events"]]
    assert kinds == [EventKind.REGISTERED, EventKind.TRANSFER]
    assert moved.category.pk not in {e.pk for e in context["events"]}
    contacts = {c.pk for c in context["checks"]}
    assert contacts == {moved.before.pk, moved.test.contact.pk}
    # Neither what B recorded after the move, nor what B back-dated before it.
    assert moved.after.pk not in contacts and moved.late.pk not in contacts
    assert context["record"]["address"] == "Số 1 đường Cũ"
    assert context["record"]["category"]  # the category as it was (a label)
    text = response.text
    assert "Số 2 đường Mới" not in text and "QĐ-sau-chuyển" not in text
    log = AccessLog.objects.filter(user=officer_a, record_id=str(moved.person.pk)).latest("id")
    assert log.action == "view" and log.detail.startswith("former residence")


def test_old_commune_cannot_change_anything(moved, officer_a, client_for):
    client = client_for(officer_a)
    pk = moved.person.pk
    for url in (
        f"/people/{pk}/edit/",
        f"/people/{pk}/category/",
        f"/people/{pk}/special/",
        f"/people/{pk}/tests/new/",
        f"/people/{pk}/contacts/new/",
        f"/people/{pk}/periods/new/",
        f"/people/{pk}/transfer/",
        f"/people/{pk}/officer/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    assert client.get(f"/people/{pk}/dossier.pdf").status_code == 404
    api = f"/api/v1/persons/{pk}/"
    assert client.get(api).status_code == 404
    assert client.patch(api, {}, content_type="application/json").status_code == 404
    assert client.post(f"{api}transfer/", {}, content_type="application/json").status_code == 404
    assert client.get(f"{api}events/").status_code == 404
    assert client.get(f"{api}residences/").status_code == 404
    with pytest.raises(PermissionError):
        services.contact_record(
            actor=officer_a, person=moved.person, contacted_on=today(), kind="home_visit"
        )


def test_old_commune_lists_the_person_only_among_those_who_moved_away(moved, officer_a, client_for):
    client = client_for(officer_a)
    assert "Phạm Văn Chuyển" not in client.get("/people/").text
    assert "Phạm Văn Chuyển" not in client.get("/people/", {"q": "pham van chuyen"}).text
    ids = {row["id"] for row in client.get("/api/v1/persons/").json()["results"]}
    assert moved.person.pk not in ids
    page = client.get("/people/moved-away/")
    assert page.status_code == 200 and "Phạm Văn Chuyển" in page.text
    rows = client.get("/api/v1/moved-away/").json()["results"]
    assert [row["person"] for row in rows] == [moved.person.pk]


def test_old_commune_reads_the_same_through_the_api(moved, officer_a, client_for):
    body = client_for(officer_a).get(f"/api/v1/moved-away/{moved.person.pk}/").json()
    assert [e["kind"] for e in body["events"]] == ["registered", "transfer"]
    assert {c["id"] for c in body["contacts"]} == {moved.before.pk, moved.test.contact.pk}
    assert body["record"]["address"] == "Số 1 đường Cũ"
    log = AccessLog.objects.filter(user=officer_a, record_id=str(moved.person.pk)).latest("id")
    assert log.detail.startswith("former residence")


def test_new_commune_sees_and_changes_everything(moved, officer_b, client_for):
    client = client_for(officer_b)
    response = client.get(f"/people/{moved.person.pk}/")
    assert "registry/person_detail.html" in [t.name for t in response.templates]
    assert {e.kind for e in response.context["events"]} >= {
        EventKind.REGISTERED,
        EventKind.TRANSFER,
        EventKind.CATEGORY,
    }
    contacts = {c.pk for c in response.context["checks"]}
    assert {moved.before.pk, moved.after.pk, moved.late.pk} <= contacts
    assert len(response.context["residences"]) == 2
    assert client.get(f"/people/{moved.person.pk}/edit/").status_code == 200
    assert client.get(f"/api/v1/persons/{moved.person.pk}/").status_code == 200
    rows = client.get(f"/api/v1/persons/{moved.person.pk}/residences/").json()["results"]
    assert len(rows) == 2
    assert client.get("/people/moved-away/").context["page"].paginator.count == 0


def test_third_commune_sees_nothing(moved, officer_c, client_for):
    client = client_for(officer_c)
    pk = moved.person.pk
    for url in (
        f"/people/{pk}/",
        f"/people/{pk}/transfer/",
        f"/api/v1/persons/{pk}/",
        f"/api/v1/moved-away/{pk}/",
        f"/api/v1/persons/{pk}/residences/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/moved-away/").json()["count"] == 0


def test_moved_away_needs_a_grant_on_whole_records(moved, reader, health, client_for):
    for user in (reader, health):
        client = client_for(user)
        assert client.get(f"/people/{moved.person.pk}/").status_code == 404
        assert client.get("/people/moved-away/").status_code == 404
        assert client.get("/api/v1/moved-away/").status_code == 404


# ---- out of the province -----------------------------------------------------------------


def test_a_move_out_of_the_province_leaves_the_system(pc04, officer_a, resident, client_for):
    start = today() - 60 * DAY
    period = services.period_open(
        actor=officer_a,
        person=resident,
        kind="user",
        start_on=start,
        decision_number="QĐ-9",
        decision_date=start,
        decision_body="Công an xã",
    )
    task = services.task_create(
        actor=officer_a, title="Kiểm tra", person=resident, due_on=today() + DAY
    )
    transfer(pc04, resident, destination="Tỉnh Bình Dương, phường Phú Lợi", days_ago=3)
    person = Person.objects.get(pk=resident.pk)
    assert person.scope_path == "" and person.responsible_officer is None
    assert not Person.objects.visible_to(pc04).filter(pk=person.pk).exists()
    period.refresh_from_db()
    assert period.ended_on == today() - 4 * DAY and period.end_reason == PeriodEndReason.MOVED_AWAY
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED and task.result
    last = PersonResidence.objects.get(person=person, ended_on__isnull=True)
    assert last.unit is None and last.destination.startswith("Tỉnh Bình Dương")
    # The province and the old commune keep the read-only view; nobody lists it as current.
    for user in (pc04, officer_a):
        client = client_for(user)
        response = client.get(f"/people/{person.pk}/")
        assert response.status_code == 200
        assert "registry/person_former_detail.html" in [t.name for t in response.templates]
        assert person.full_name not in client.get("/people/").text


def test_the_province_records_a_return_from_outside(pc04, officer_a, resident, units, client_for):
    transfer(pc04, resident, destination="Tỉnh Long An", days_ago=20)
    url = f"/people/{resident.pk}/transfer/"
    # Only the province brings the person back; the old commune only reads.
    assert client_for(officer_a).get(url).status_code == 404
    with pytest.raises(PermissionError):
        transfer(officer_a, resident, to_unit=units["a"], days_ago=2)
    client = client_for(pc04)
    assert f'href="{url}"' in client.get(f"/people/{resident.pk}/").text
    form = {
        "moved_on": f"{today() - 2 * DAY:%d/%m/%Y}",
        "basis_number": "3/TB",
        "basis_body": "PC04",
    }
    refused = client.post(url, form)
    assert refused.status_code == 400 and "to_unit" in refused.context["form"].errors
    done = client.post(url, {**form, "to_unit": units["a"].pk})
    assert done.status_code == 302
    person = Person.objects.get(pk=resident.pk)
    assert person.scope_path == units["a"].path
    stints = PersonResidence.objects.filter(person=person).order_by("started_on")
    assert [s.unit_id for s in stints] == [units["a"].pk, None, units["a"].pk]
    response = client_for(officer_a).get(f"/people/{resident.pk}/")
    assert "registry/person_detail.html" in [t.name for t in response.templates]


def test_the_transfer_api_moves_and_refuses_bad_input(officer_a, resident, units, client_for):
    client = client_for(officer_a)
    url = f"/api/v1/persons/{resident.pk}/transfer/"
    bad = client.post(
        url, {"moved_on": str(today()), "basis_number": "", "basis_body": ""}, "application/json"
    )
    assert bad.status_code == 400
    assert {"to_unit", "basis_number", "basis_body"} <= set(bad.json())
    good = client.post(
        url,
        {
            "moved_on": str(today() - DAY),
            "to_unit": units["b"].pk,
            "basis_number": "5/TB",
            "basis_body": "Công an xã",
        },
        "application/json",
    )
    assert good.status_code == 201
    body = good.json()
    assert body["event"]["kind"] == "transfer"
    assert [r["unit"] for r in body["residences"]] == [units["a"].pk, units["b"].pk]


# ---- the pages ------------------------------------------------------------------------------


def test_person_page_carries_the_transfer_form(officer_a, resident, client_for):
    response = client_for(officer_a).get(f"/people/{resident.pk}/")
    assert f'action="/people/{resident.pk}/transfer/"' in response.text
    assert response.context["transfer_form"] is not None


def test_transfer_form_keeps_input_and_names_the_field(officer_a, resident, units, client_for):
    client = client_for(officer_a)
    url = f"/people/{resident.pk}/transfer/"
    response = client.post(
        url,
        {"moved_on": "31/02/2025", "to_unit": units["b"].pk, "basis_number": "7/TB"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "moved_on" in errors and "basis_body" in errors
    assert 'value="7/TB"' in response.text
    done = client.post(
        url,
        {
            "moved_on": f"{today() - DAY:%d/%m/%Y}",
            "to_unit": units["b"].pk,
            "basis_number": "7/TB",
            "basis_body": "Công an xã",
        },
    )
    assert done.status_code == 302 and done["Location"].startswith(f"/people/{resident.pk}/")
    assert Person.objects.get(pk=resident.pk).residence_unit == units["b"]


def test_moved_away_list_query_count_does_not_grow(officer_a, units, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def move(n):
        for i in range(n):
            person = make_person(
                officer_a,
                units["a"],
                full_name=f"Người Đi {i}",
                national_id="",
                registered_on=today() - 9 * DAY,
            )
            transfer(officer_a, person, to_unit=units["b"], days_ago=1)

    client = client_for(officer_a)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    move(2)
    few = {url: count(url) for url in ("/people/moved-away/", "/api/v1/moved-away/")}
    move(4)
    assert {url: count(url) for url in few} == few


# ---- where people are counted on a past day ------------------------------------------------


def test_residence_on_a_day_follows_the_history(moved, person_b, units):
    person = moved.person
    on = selectors.person_residence_on
    assert on(person=person, day=today() - 31 * DAY).unit == units["a"]
    assert on(person=person, day=today() - 30 * DAY).unit == units["b"]
    assert on(person=person, day=today() - 999 * DAY).unit == units["a"]  # before the record
    assert on(person=person_b, day=today() - 999 * DAY).unit == units["b"]  # never moved


def test_counts_by_unit_on_a_day_use_where_people_lived(moved, person_a, pc04, officer_a, units):
    before = selectors.person_count_by_unit_on(user=pc04, day=today() - 31 * DAY)
    after = selectors.person_count_by_unit_on(user=pc04, day=today())
    assert before == {units["a"].path: 2}
    assert after == {units["a"].path: 1, units["b"].path: 1}
    # Commune A's report for a past period still counts the person who has left since.
    was_here = selectors.person_countable_on(user=officer_a, day=today() - 31 * DAY)
    assert set(was_here.values_list("pk", flat=True)) == {moved.person.pk, person_a.pk}
    assert set(
        selectors.person_countable_on(user=officer_a, day=today()).values_list("pk", flat=True)
    ) == {person_a.pk}
