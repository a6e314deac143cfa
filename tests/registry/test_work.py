import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from registry import services
from registry.choices import TaskKind, TaskStatus
from registry.due import due_list
from registry.models import Reminder, Task

from ..factories import make_person, make_user

DAY = datetime.timedelta(days=1)


def _task(actor, person, days, **extra):
    return services.task_create(
        actor=actor,
        title=extra.pop("title", "Xác minh nơi ở"),
        due_on=timezone.localdate() + days * DAY,
        person=person,
        **extra,
    )


def test_task_has_owner_deadline_and_result(officer_a, units):
    person = make_person(officer_a, units["a"], responsible_officer=officer_a)
    task = _task(officer_a, person, 3)
    assert task.owner == officer_a  # defaults to the person's responsible officer
    assert task.status == TaskStatus.OPEN and task.scope_path == person.scope_path
    with pytest.raises(ValidationError) as excinfo:
        services.task_close(actor=officer_a, task=task, result="")
    assert "result" in excinfo.value.message_dict
    services.task_close(actor=officer_a, task=task, result="Đã xác minh, có mặt tại nhà")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.closed_by == officer_a
    with pytest.raises(ValidationError):
        services.task_close(actor=officer_a, task=task, result="again")


def test_task_deadline_in_the_past_is_refused(officer_a, person_a):
    with pytest.raises(ValidationError) as excinfo:
        _task(officer_a, person_a, -1)
    assert "due_on" in excinfo.value.message_dict


def test_task_owner_must_serve_the_unit(officer_a, officer_b, person_a):
    with pytest.raises(ValidationError) as excinfo:
        _task(officer_a, person_a, 2, owner=officer_b)
    assert "owner" in excinfo.value.message_dict


def test_rule_raises_due_work_once(officer_a, person_a):
    first = services.task_raise(
        person=person_a,
        kind=TaskKind.DETERMINATION_REQUIRED,
        title="XĐ",
        due_on=timezone.localdate(),
    )
    again = services.task_raise(
        person=person_a,
        kind=TaskKind.DETERMINATION_REQUIRED,
        title="XĐ",
        due_on=timezone.localdate(),
    )
    assert first == again
    assert Task.objects.filter(person=person_a).count() == 1
    services.task_close_rule(
        person=person_a, kind=TaskKind.DETERMINATION_REQUIRED, result="Đã xác định"
    )
    first.refresh_from_db()
    assert first.status == TaskStatus.DONE


def test_due_list_is_sorted_and_marks_overdue(officer_a, units):
    person = make_person(officer_a, units["a"], responsible_officer=officer_a)
    later = _task(officer_a, person, 10, title="Sau")
    soon = _task(officer_a, person, 1, title="Sắp")
    overdue = services.task_raise(
        person=person,
        kind=TaskKind.POSSIBLE_CRIME,
        title="Quá hạn",
        due_on=timezone.localdate() - 2 * DAY,
    )
    items = [i for i in due_list(user=officer_a, owner=officer_a) if i.key.startswith("task:")]
    assert [i.key for i in items] == [f"task:{t.pk}" for t in (overdue, soon, later)]
    assert [i.state(timezone.localdate()) for i in items] == ["overdue", "soon", "later"]


def test_supervisor_sees_every_officer_officer_sees_own(officer_a, pc04, units):
    colleague = make_user("colleague", "commune_officer", units["a"])
    person = make_person(officer_a, units["a"])
    mine = _task(officer_a, person, 2, owner=officer_a)
    theirs = _task(officer_a, person, 2, owner=colleague, title="Của đồng nghiệp")
    keys = {i.key for i in due_list(user=officer_a, owner=officer_a)}
    assert f"task:{mine.pk}" in keys and f"task:{theirs.pk}" not in keys
    all_keys = {i.key for i in due_list(user=pc04)}
    assert {f"task:{mine.pk}", f"task:{theirs.pk}"} <= all_keys
    assert f"task:{mine.pk}" not in {i.key for i in due_list(user=pc04, owner=colleague)}


def test_due_page(client_for, officer_a, officer_b, units):
    person = make_person(officer_a, units["a"], responsible_officer=officer_a)
    services.task_raise(
        person=person,
        kind=TaskKind.DETERMINATION_REQUIRED,
        title="Cần xác định nghiện",
        due_on=timezone.localdate() - DAY,
    )
    page = client_for(officer_a).get("/people/due/")
    assert page.status_code == 200
    assert "Cần xác định nghiện" in page.text
    assert page.context["counts"]["overdue"] == 1
    only_today = client_for(officer_a).get("/people/due/", {"state": "today"})
    assert "Cần xác định nghiện" not in only_today.text
    assert "Cần xác định nghiện" not in client_for(officer_b).get("/people/due/?who=all").text
    assert client_for(officer_a).get("/people/due/", {"who": str(officer_b.pk)}).status_code == 404


def test_due_page_query_count_is_constant(client_for, officer_a, units):
    client = client_for(officer_a)
    person = make_person(officer_a, units["a"], responsible_officer=officer_a)
    _task(officer_a, person, 1)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/people/due/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(4):
        other = make_person(officer_a, units["a"], responsible_officer=officer_a, national_id="")
        _task(officer_a, other, i + 2)
    assert count() == few


def test_task_pages(client_for, officer_a, officer_b, person_a):
    client = client_for(officer_a)
    response = client.post(
        f"/people/tasks/new/?person={person_a.pk}",
        {"title": "Gặp gia đình", "due_on": (timezone.localdate() + 3 * DAY).strftime("%d/%m/%Y")},
    )
    assert response.status_code == 302
    task = Task.objects.get(title="Gặp gia đình")
    assert task.person == person_a
    url = f"/people/tasks/{task.pk}/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"status": "done", "result": ""})
    assert bad.status_code == 400
    other = client_for(officer_b)  # the same test client, now logged in as officer_b
    assert other.get(url).status_code == 404
    assert other.post(url, {"status": "done", "result": "x"}).status_code == 404
    assert other.get(f"/people/tasks/new/?person={person_a.pk}").status_code == 404
    client = client_for(officer_a)
    assert client.post(url, {"status": "done", "result": "Đã gặp"}).status_code == 302
    task.refresh_from_db()
    assert task.status == "done" and task.result == "Đã gặp"


def test_tasks_and_due_api(client_for, officer_a, officer_b, person_a):
    client = client_for(officer_a)
    created = client.post(
        "/api/v1/tasks/",
        {"title": "Kiểm tra", "due_on": str(timezone.localdate() + 2 * DAY), "person": person_a.pk},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    due = client.get("/api/v1/due/", {"who": "all"}).json()
    assert any(row["key"] == f"task:{pk}" and row["state"] == "soon" for row in due["results"])
    bad = client.post(f"/api/v1/tasks/{pk}/close/", {}, content_type="application/json")
    assert bad.status_code == 400 and "result" in bad.json()
    closed = client.post(
        f"/api/v1/tasks/{pk}/close/", {"result": "Xong"}, content_type="application/json"
    )
    assert closed.status_code == 200 and closed.json()["status"] == "done"
    other = client_for(officer_b)
    assert other.get(f"/api/v1/tasks/{pk}/").status_code == 404
    outside = other.post(
        "/api/v1/tasks/",
        {"title": "x", "due_on": str(timezone.localdate() + DAY), "person": person_a.pk},
        content_type="application/json",
    )
    assert outside.status_code == 400 and "person" in outside.json()


def test_daily_reminders_once_a_day(officer_a, units):
    person = make_person(officer_a, units["a"], responsible_officer=officer_a)
    _task(officer_a, person, 1, title="Sắp đến hạn")
    _task(officer_a, person, 20, title="Còn xa")
    from registry.tasks import due_reminders_record

    due_reminders_record.delay()
    assert list(Reminder.objects.values_list("label", flat=True)) == ["Sắp đến hạn"]
    due_reminders_record.delay()
    assert Reminder.objects.count() == 1


def test_home_shows_my_due_work(client_for, officer_a, units, reader):
    person = make_person(officer_a, units["a"], responsible_officer=officer_a)
    services.task_raise(
        person=person,
        kind=TaskKind.POSSIBLE_CRIME,
        title="Dấu hiệu tội phạm",
        due_on=timezone.localdate(),
    )
    home = client_for(officer_a).get("/")
    assert home.context["due"]["today"] == 1 and "Dấu hiệu tội phạm" in home.text
    assert "due" not in client_for(reader).get("/").context


def _raise(person, days, title):
    return services.task_raise(
        person=person,
        kind=TaskKind.DETERMINATION_REQUIRED,
        title=title,
        due_on=timezone.localdate() + days * DAY,
    )


def test_due_list_counts_and_pages_every_item_across_providers(client_for, officer_a, units):
    """Counts come from the database, not from a capped list; page 2 continues page 1 in
    deadline order, tasks and monthly checks merged."""
    today = timezone.localdate()
    people = [
        make_person(officer_a, units["a"], responsible_officer=officer_a, national_id="")
        for _ in range(56)
    ]
    for i, person in enumerate(people[:30]):
        _raise(person, -(i + 1), f"Việc quá hạn {i}")  # 30 overdue tasks
    for i, person in enumerate(people[30:40]):
        _task(officer_a, person, i % 3 + 1)  # 10 due within 7 days
    # 16 managed people last checked long ago: 16 overdue monthly checks.
    from registry.models import Person

    Person.objects.filter(pk__in=[p.pk for p in people[40:]]).update(
        category="illicit_user", last_checked_on=today - 45 * DAY
    )
    client = client_for(officer_a)
    first = client.get("/people/due/")
    assert first.context["counts"] == {"overdue": 46, "today": 0, "soon": 10, "later": 0}
    assert first.context["page"].paginator.count == 56
    second = client.get("/people/due/", {"page": 2})
    rows = [item for item, _state, _days in first.context["rows"]] + [
        item for item, _state, _days in second.context["rows"]
    ]
    assert len(rows) == 56 and len({item.key for item in rows}) == 56
    assert [item.due_on for item in rows] == sorted(item.due_on for item in rows)
    overdue = client.get("/people/due/", {"state": "overdue", "page": 1}).context
    assert overdue["page"].paginator.count == 46
    assert all(state == "overdue" for _item, state, _days in overdue["rows"])
    api = client.get("/api/v1/due/", {"state": "soon"}).json()
    assert api["count"] == 10 and {row["state"] for row in api["results"]} == {"soon"}
    refused = client.get("/api/v1/due/", {"state": "yesterday"})
    assert refused.status_code == 400 and "state" in refused.json()


def test_due_page_queries_do_not_grow_with_pages_of_items(client_for, officer_a, units):
    client = client_for(officer_a)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/people/due/", {"page": 2}).status_code == 200
        return len(ctx.captured_queries)

    def add(n, offset):
        for i in range(n):
            person = make_person(
                officer_a, units["a"], responsible_officer=officer_a, national_id=""
            )
            _raise(person, -(offset + i + 1), f"Việc {offset + i}")

    add(60, 0)
    few = count()
    add(60, 60)
    assert count() == few
