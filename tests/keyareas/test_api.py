"""/api/v1/key-areas/ writes: the province designates, plans, evaluates, declares transformed
and checks through the same services as the pages; refusals are JSON naming the field;
communes only read (403 on writes to what they see, 404 beyond their commune)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import ChangeLog
from keyareas import services
from keyareas.models import Evaluation, KeyArea, KeyAreaEvent, Measure
from tests.factories import make_user

from .helpers import DAY, make_area

pytestmark = pytest.mark.django_db
API = "/api/v1/key-areas/"


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def _iso(days_ago: int) -> str:
    return (timezone.localdate() - days_ago * DAY).isoformat()


def test_province_walks_the_whole_lifecycle(client_for, pc04, units):
    client = client_for(pc04)
    response = _post(
        client,
        API,
        {
            "name": "Khu vực bến xe Ngã Bảy",
            "communes": [units["a"].pk, units["b"].pk],
            "reason": "Nhiều điểm sử dụng trái phép chất ma túy",
            "designated_on": _iso(200),
            "designation_document": "125/QĐ-UBND",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    pk = body["id"]
    assert body["status"] == "designated"
    assert sorted(c["id"] for c in body["communes"]) == sorted([units["a"].pk, units["b"].pk])
    assert [e["step"] for e in body["events"]] == ["designate"]

    response = _post(
        client,
        f"{API}{pk}/measures/",
        {"title": "Lắp camera an ninh", "owner": "Công an phường", "deadline": _iso(20)},
    )
    assert response.status_code == 201, response.json()
    measure = response.json()["measures"][0]
    assert (measure["owner"], measure["deadline"], measure["status"]) == (
        "Công an phường",
        _iso(20),
        "planned",
    )
    response = _post(
        client,
        f"{API}{pk}/measures/{measure['id']}/status/",
        {"status": "done", "done_on": _iso(25)},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["measures"][0]["status"] == "done"

    response = _post(
        client,
        f"{API}{pk}/evaluations/",
        {"evaluated_on": _iso(15), "result": "meets", "note": "Không còn tụ tập"},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["evaluations"][0]["result"] == "meets"

    response = _post(
        client, f"{API}{pk}/transform/", {"occurred_on": _iso(10), "document_number": "9/QĐ"}
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "transformed"
    assert body["transformation_document"] == "9/QĐ" and body["watch_until"]

    response = _post(client, f"{API}{pk}/check/", {"checked_on": _iso(5), "finding": "quiet"})
    assert response.status_code == 200 and response.json()["status"] == "transformed"
    response = _post(client, f"{API}{pk}/check/", {"checked_on": _iso(0), "finding": "relapsed"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "designated" and body["relapse_count"] == 1
    assert body["watch_until"] is None
    steps = [e["step"] for e in body["events"]]
    assert steps == ["designate", "transform", "check", "check", "relapse"]
    # Same services as the pages: each write left its change log.
    logs = ChangeLog.objects.filter(user=pc04, record_type="key_area", record_id=str(pk))
    assert logs.count() == 4  # designated, transformed, checked twice
    assert ChangeLog.objects.filter(user=pc04, record_type="measure").count() == 2
    # The read of the same area gives the same detail.
    assert client.get(f"{API}{pk}/").json() == body


def test_refusals_name_the_field_and_write_nothing(client_for, pc04, units):
    client = client_for(pc04)
    response = _post(
        client,
        API,
        {"name": "X", "communes": [], "designated_on": _iso(-3), "designation_document": ""},
    )
    assert response.status_code == 400
    assert "communes" in response.json()
    response = _post(
        client,
        API,
        {
            "name": "X",
            "communes": [units["a"].pk],
            "reason": " ",
            "designated_on": _iso(-3),
            "designation_document": "",
        },
    )
    assert response.status_code == 400
    errors = response.json()
    assert {"reason", "designated_on", "designation_document"} <= set(errors)
    assert "document number" in errors["designation_document"][0]
    assert "future" in errors["designated_on"][0]
    assert not KeyArea.objects.exists()

    area = make_area(pc04, [units["a"]], days_ago=100)
    response = _post(
        client, f"{API}{area.pk}/measures/", {"title": "M", "owner": "O", "deadline": _iso(200)}
    )
    assert response.status_code == 400
    assert "before the designation" in response.json()["deadline"][0]
    response = _post(client, f"{API}{area.pk}/measures/", {"title": "M"})
    assert response.status_code == 400 and {"owner", "deadline"} <= set(response.json())
    response = _post(client, f"{API}{area.pk}/evaluations/", {"evaluated_on": _iso(5)})
    assert response.status_code == 400 and "result" in response.json()
    response = _post(
        client, f"{API}{area.pk}/evaluations/", {"evaluated_on": "31/02/2025", "result": "meets"}
    )
    assert response.status_code == 400 and "evaluated_on" in response.json()
    # Declared transformed without its document: refused on that field.
    response = _post(client, f"{API}{area.pk}/transform/", {"occurred_on": _iso(5)})
    assert response.status_code == 400
    assert list(response.json()) == ["document_number"]
    assert "document number" in response.json()["document_number"][0]
    # A check of an area not under watch.
    response = _post(client, f"{API}{area.pk}/check/", {"checked_on": _iso(1), "finding": "quiet"})
    assert response.status_code == 400 and "finding" in response.json()
    response = _post(
        client, f"{API}{area.pk}/measures/999999/status/", {"status": "done", "done_on": _iso(1)}
    )
    assert response.status_code == 404
    area.refresh_from_db()
    assert area.status == "designated" and area.transformation_document == ""
    assert not Measure.objects.exists() and not Evaluation.objects.exists()
    assert list(KeyAreaEvent.objects.values_list("step", flat=True)) == ["designate"]


def test_commune_users_read_but_every_write_is_refused(client_for, officer_a, pc04, units):
    mine = make_area(pc04, [units["a"]], name="Khu Ánh Dương")
    measure = services.measure_add(
        actor=pc04, key_area=mine, title="M", owner="O", deadline=timezone.localdate()
    )
    client = client_for(officer_a)
    assert client.get(f"{API}{mine.pk}/").status_code == 200
    response = _post(
        client,
        API,
        {
            "name": "Khu mới",
            "communes": [units["a"].pk],
            "reason": "R",
            "designated_on": _iso(1),
            "designation_document": "1/QĐ",
        },
    )
    assert response.status_code == 403
    assert "province" in response.json()["detail"]
    writes = {
        "measures/": {"title": "M2", "owner": "O", "deadline": _iso(0)},
        f"measures/{measure.pk}/status/": {"status": "done", "done_on": _iso(0)},
        "evaluations/": {"evaluated_on": _iso(1), "result": "meets"},
        "transform/": {"occurred_on": _iso(1), "document_number": "9/QĐ"},
        "check/": {"checked_on": _iso(1), "finding": "relapsed"},
    }
    for suffix, payload in writes.items():
        response = _post(client, f"{API}{mine.pk}/{suffix}", payload)
        assert response.status_code == 403, suffix
        assert "province" in response.json()["detail"], suffix
    mine.refresh_from_db()
    measure.refresh_from_db()
    assert KeyArea.objects.count() == 1 and mine.status == "designated"
    assert measure.status == "planned" and Measure.objects.count() == 1
    assert not Evaluation.objects.exists()


def test_writes_beyond_the_scope_answer_404(client_for, officer_a, pc04, units):
    """A key area out of scope answers 404 to every write, whoever asks; a province-level role
    scoped to one commune cannot designate in another either."""
    theirs = make_area(pc04, [units["b"]], name="Khu Đào Hoa")
    measure = services.measure_add(
        actor=pc04, key_area=theirs, title="M", owner="O", deadline=timezone.localdate()
    )
    writer_a = make_user("pc04_of_a", "provincial_police", units["a"])
    suffixes = (
        "measures/",
        f"measures/{measure.pk}/status/",
        "evaluations/",
        "transform/",
        "check/",
    )
    for user in (officer_a, writer_a):
        client = client_for(user)
        for suffix in suffixes:
            response = _post(client, f"{API}{theirs.pk}/{suffix}", {})
            assert response.status_code == 404, (user.username, suffix)
    response = _post(
        client_for(writer_a),
        API,
        {
            "name": "Khu lấn sang",
            "communes": [units["b"].pk],
            "reason": "R",
            "designated_on": _iso(1),
            "designation_document": "1/QĐ",
        },
    )
    assert response.status_code == 400 and "communes" in response.json()
    assert KeyArea.objects.count() == 1 and Measure.objects.count() == 1


def test_api_list_costs_the_same_queries_for_more_areas(client_for, pc04, units):
    client = client_for(pc04)
    make_area(pc04, [units["a"]], name="Khu 0")
    client.get(API)
    with CaptureQueriesContext(connection) as few:
        assert client.get(API).json()["count"] == 1
    for i in range(1, 7):
        area = make_area(pc04, [units["a"], units["b"]], name=f"Khu {i}")
        services.measure_add(
            actor=pc04, key_area=area, title="M", owner="O", deadline=timezone.localdate()
        )
        services.evaluation_add(
            actor=pc04, key_area=area, evaluated_on=timezone.localdate(), result="improving"
        )
    with CaptureQueriesContext(connection) as many:
        body = client.get(API).json()
    assert body["count"] == 7
    assert len(many) == len(few)
    assert client.get(API, {"status": "transformed"}).json()["count"] == 0
