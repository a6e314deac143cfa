import pytest
from django.utils import timezone

from hotspots.models import Hotspot

from .helpers import TO_CLEARED, make_hotspot, move

pytestmark = pytest.mark.django_db
API = "/api/v1/hotspots/"


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_create_update_and_lifecycle_through_api(client_for, officer_a, units):
    client = client_for(officer_a)
    today = timezone.localdate().isoformat()
    commune = units["a"]
    response = _post(
        client,
        API,
        {
            "name": "Bến đò cũ",
            "kind": "point",
            "activities": ["use", "production"],
            "commune": commune.pk,
            "latitude": commune.latitude,
            "longitude": commune.longitude,
            "detected_on": today,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "detected" and body["activities"] == ["use", "production"]
    pk = body["id"]
    response = client.patch(f"{API}{pk}/", {"is_hot": True}, content_type="application/json")
    assert response.status_code == 200 and response.json()["is_hot"] is True
    for step in ("verify", "act"):
        response = _post(client, f"{API}{pk}/step/", {"step": step, "occurred_on": today})
        assert response.status_code == 200, response.json()
    response = _post(client, f"{API}{pk}/step/", {"step": "clear", "occurred_on": today})
    assert response.status_code == 400
    assert "document_number" in str(response.json())
    response = _post(
        client,
        f"{API}{pk}/step/",
        {"step": "clear", "occurred_on": today, "document_number": "7/QĐ", "document_date": today},
    )
    assert response.json()["status"] == "cleared"
    response = _post(client, f"{API}{pk}/check/", {"checked_on": today, "finding": "re_emerged"})
    assert response.json()["status"] == "re_emerged"
    assert response.json()["re_emerged_count"] == 1
    events = client.get(f"{API}{pk}/events/").json()
    assert [e["step"] for e in events] == ["detect", "verify", "act", "clear", "re_emerge"]


def test_illegal_step_is_structured_error(client_for, officer_a, units):
    hotspot = make_hotspot(officer_a, units["a"])
    response = _post(
        client_for(officer_a),
        f"{API}{hotspot.pk}/step/",
        {"step": "close", "occurred_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    assert "step" in str(response.json()) and "cannot go through" in str(response.json())


def test_link_people_through_api(client_for, officer_a, units, person_a, person_b):
    hotspot = make_hotspot(officer_a, units["a"])
    client = client_for(officer_a)
    url = f"{API}{hotspot.pk}/people/"
    assert _post(client, url, {"role": "user", "person": person_a.pk}).status_code == 201
    response = _post(client, url, {"role": "user", "person": person_b.pk})
    assert response.status_code == 400 and "person" in str(response.json())
    assert _post(client, url, {"role": "owner", "description": "Chủ nhà"}).status_code == 201


def test_reader_cannot_create(client_for, reader, units):
    response = _post(
        client_for(reader),
        API,
        {"name": "X", "kind": "point", "activities": ["use"], "commune": units["a"].pk},
    )
    assert response.status_code in (400, 403, 404)
    assert not Hotspot.objects.exists()


def test_geojson_feature_collection_and_filters(client_for, pc04, officer_a, units):
    commune = units["a"]
    make_hotspot(officer_a, commune, latitude=commune.latitude, longitude=commune.longitude)
    move(officer_a, make_hotspot(officer_a, commune, name="Không tọa độ"), *TO_CLEARED)
    data = client_for(pc04).get(f"{API}geojson/").json()
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 2
    feature = data["features"][0]
    assert feature["geometry"]["type"] == "Point"
    assert set(feature["properties"]) >= {"id", "name", "status", "url", "colour"}
    approximate = [f for f in data["features"] if f["properties"]["approximate"]]
    assert approximate[0]["properties"]["name"] == "Không tọa độ"
    cleared = client_for(pc04).get(f"{API}geojson/", {"status": "cleared"}).json()
    assert [f["properties"]["name"] for f in cleared["features"]] == ["Không tọa độ"]


def test_api_list_filters(client_for, officer_a, units):
    make_hotspot(officer_a, units["a"], name="Điểm Một", activities=["use"])
    make_hotspot(officer_a, units["a"], name="Điểm Hai", activities=["dealing"])
    client = client_for(officer_a)
    rows = client.get(API, {"activity": "dealing"}).json()["results"]
    assert [r["name"] for r in rows] == ["Điểm Hai"]
    rows = client.get(API, {"q": "diem mot"}).json()["results"]
    assert [r["name"] for r in rows] == ["Điểm Một"]
