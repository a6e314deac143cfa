import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keyareas import services
from keyareas.models import KeyArea
from registry.due import due_items

from .helpers import DAY, make_area

pytestmark = pytest.mark.django_db


def test_designation_refusals(pc04, officer_a, units):
    with pytest.raises(ValidationError) as exc:
        services.keyarea_designate(
            actor=pc04,
            name="X",
            communes=[],
            reason=" ",
            designated_on=timezone.localdate() + DAY,
            designation_document="",
        )
    errors = exc.value.message_dict
    assert {"communes", "reason", "designation_document", "designated_on"} <= set(errors)
    with pytest.raises(PermissionError):
        make_area(officer_a, [units["a"]])
    assert not KeyArea.objects.exists()


def test_plan_evaluation_transform_and_relapse(pc04, units):
    area = make_area(pc04, [units["a"]], days_ago=200)
    today = timezone.localdate()
    measure = services.measure_add(
        actor=pc04,
        key_area=area,
        title="Lắp camera an ninh",
        owner="Công an phường",
        deadline=today - 10 * DAY,
    )
    with pytest.raises(ValidationError) as exc:
        services.measure_add(
            actor=pc04, key_area=area, title="X", owner="Y", deadline=today - 300 * DAY
        )
    assert "before the designation" in exc.value.message_dict["deadline"][0]
    overdue = [i for i in due_items(user=pc04, state="overdue") if i.kind == "keyarea_measure"]
    assert [i.key for i in overdue] == [f"keyarea_measure:{measure.pk}"]
    services.measure_set_status(actor=pc04, measure=measure, status="done", done_on=today)
    assert not [i for i in due_items(user=pc04) if i.kind == "keyarea_measure"]
    services.evaluation_add(actor=pc04, key_area=area, evaluated_on=today, result="meets")
    with pytest.raises(ValidationError) as exc:
        services.keyarea_transform(
            actor=pc04, key_area=area, occurred_on=today - 5 * DAY, document_number=""
        )
    assert "document number" in exc.value.message_dict["document_number"][0]
    area = services.keyarea_transform(
        actor=pc04, key_area=area, occurred_on=today - 40 * DAY, document_number="9/QĐ-UBND"
    )
    assert area.status == "transformed" and area.watch_until is not None
    checks = [i for i in due_items(user=pc04, state="overdue") if i.kind == "keyarea_watch_check"]
    assert [i.key for i in checks] == [f"keyarea_check:{area.pk}"]
    area = services.keyarea_check(
        actor=pc04, key_area=area, checked_on=today - 5 * DAY, finding="quiet"
    )
    assert area.status == "transformed"
    with pytest.raises(ValidationError) as exc:
        services.keyarea_check(
            actor=pc04, key_area=area, checked_on=today - 10 * DAY, finding="quiet"
        )
    assert "before the last check" in exc.value.message_dict["checked_on"][0]
    area = services.keyarea_check(actor=pc04, key_area=area, checked_on=today, finding="relapsed")
    assert area.status == "designated" and area.relapse_count == 1
    steps = list(area.events.values_list("step", flat=True))
    assert steps == ["designate", "transform", "check", "check", "relapse"]


def test_pages_designate_transform_with_confirmation(client_for, pc04, units):
    client = client_for(pc04)
    today = f"{timezone.localdate():%d/%m/%Y}"
    response = client.post(
        "/key-areas/new/",
        {
            "name": "Khu vực cầu Cái Răng",
            "communes": [units["a"].pk],
            "reason": "Tụ điểm phức tạp",
            "designated_on": today,
            "designation_document": "",
        },
    )
    assert response.status_code == 400
    assert "Designation document: This field is required." in response.text
    response = client.post(
        "/key-areas/new/",
        {
            "name": "Khu vực cầu Cái Răng",
            "communes": [units["a"].pk],
            "reason": "Tụ điểm phức tạp",
            "designated_on": today,
            "designation_document": "77/QĐ-UBND",
        },
    )
    area = KeyArea.objects.get()
    assert response.status_code == 302
    page = client.get(f"/key-areas/{area.pk}/transform/")
    assert "Nothing changes until you confirm below." in page.text
    response = client.post(
        f"/key-areas/{area.pk}/measures/",
        {"title": "Tuần tra", "owner": "Công an phường", "deadline": today},
    )
    assert response.status_code == 302
    assert "Tuần tra" in client.get(f"/key-areas/{area.pk}/").text
    response = client.post(
        f"/key-areas/{area.pk}/transform/", {"occurred_on": today, "document_number": "5/QĐ"}
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.status == "transformed"
    assert "No key area matches these filters." in client.get("/key-areas/", {"q": "zzz"}).text


def test_list_and_api_constant_query_count(client_for, pc04, units, django_assert_num_queries):
    client = client_for(pc04)
    for i in range(2):
        make_area(pc04, [units["a"]], name=f"Khu {i}")
    client.get("/key-areas/")
    with CaptureQueriesContext(connection) as first:
        client.get("/key-areas/")
        client.get("/api/v1/key-areas/")
    for i in range(2, 6):
        area = make_area(pc04, [units["a"], units["b"]], name=f"Khu {i}")
        services.measure_add(
            actor=pc04, key_area=area, title="M", owner="O", deadline=timezone.localdate()
        )
    with django_assert_num_queries(len(first.captured_queries)):
        client.get("/key-areas/")
        client.get("/api/v1/key-areas/")


def test_demo_seed_has_a_plan_and_is_rerunnable(units, pc04):
    import datetime
    import random

    from demo import seed_keyareas
    from keyareas import selectors
    from tests.factories import make_user

    users = {"pc04": pc04, "xa1": make_user("xa1", "commune_officer", units["a"])}
    args = {"province": units["province"], "users": users, "today": datetime.date.today()}
    assert seed_keyareas.seed(**args, rng=random.Random(1)) == 1
    assert seed_keyareas.seed(**args, rng=random.Random(1)) == 1
    area = selectors.keyarea_list(user=users["xa1"]).get()
    assert selectors.keyarea_measures(key_area=area).count() == 3
    due = [i for i in due_items(user=pc04) if i.kind == "keyarea_measure"]
    assert due and due[0].state(datetime.date.today()) == "overdue"
