"""The jurisdiction suite for hotspots: commune A's officer never reaches commune B's hotspot
on any page, form, API action, export, search, map or GeoJSON; a reader sees no record."""

import pytest

from hotspots.models import Hotspot

from ..jurisdiction import JurisdictionSuite
from .helpers import TO_CLEARED, make_hotspot, move

API = "/api/v1/hotspots/"


class TestHotspotJurisdiction(JurisdictionSuite):
    model = Hotspot
    list_url = "/hotspots/"
    detail_url = "/hotspots/{pk}/"
    edit_url = "/hotspots/{pk}/edit/"
    extra_detail_urls = ("/hotspots/{pk}/step/", "/hotspots/{pk}/people/")
    export_url = "/hotspots/?format=xlsx"
    api_list_url = API
    api_detail_url = API + "{pk}/"

    def make_record(self, actor, commune):
        a = commune.code == "31135"
        return make_hotspot(
            actor,
            commune,
            name="Quán nước Ánh Dương" if a else "Nhà trọ Đào Hoa",
            description="Điểm A" if a else "Điểm B",
        )

    def search_text(self, record):
        return "anh duong" if "Ánh" in record.name else "dao hoa"

    def label(self, record):
        return record.name

    def test_actions_of_other_commune_answer_404(self, client_for, officer_a, record_b):
        client = client_for(officer_a)
        for url in (
            f"/hotspots/{record_b.pk}/step/",
            f"/hotspots/{record_b.pk}/check/",
            f"/hotspots/{record_b.pk}/people/",
        ):
            assert client.post(url, {}).status_code == 404, url
        for action in ("step", "check", "people"):
            url = f"{API}{record_b.pk}/{action}/"
            assert client.post(url, {}, content_type="application/json").status_code == 404
        assert client.get(f"{API}{record_b.pk}/events/").status_code == 404
        record_b.refresh_from_db()
        assert record_b.status == "detected"

    def test_check_page_of_other_commune_answers_404(self, client_for, officer_a, officer_b, units):
        hotspot = move(officer_b, make_hotspot(officer_b, units["b"]), *TO_CLEARED)
        assert client_for(officer_a).get(f"/hotspots/{hotspot.pk}/check/").status_code == 404

    def test_map_and_geojson_hide_other_commune(self, client_for, officer_a, record_a, record_b):
        client = client_for(officer_a)
        page = client.get("/hotspots/map/")
        on_map = {f["properties"]["name"] for f in page.context["geojson"]["features"]}
        assert on_map == {record_a.name}
        assert f"/hotspots/{record_b.pk}/" not in page.text
        names = {f["properties"]["name"] for f in client.get(f"{API}geojson/").json()["features"]}
        assert names == {record_a.name}

    def test_reader_counts_but_sees_no_map_or_geojson(self, client_for, reader, record_a):
        client = client_for(reader)
        assert client.get("/hotspots/map/").status_code == 404
        assert client.get(f"{API}geojson/").json()["features"] == []
        page = client.get("/hotspots/dashboard/")
        assert page.status_code == 200
        assert f"/hotspots/{record_a.pk}/" not in page.text

    @pytest.mark.parametrize("field", ["commune"])
    def test_create_in_other_commune_refused(self, client_for, officer_a, units, field):
        response = client_for(officer_a).post(
            API,
            {
                "name": "X",
                "kind": "point",
                "activities": ["use"],
                "commune": units["b"].pk,
                "detected_on": "2026-01-01",
            },
            content_type="application/json",
        )
        assert response.status_code == 400
        assert field in str(response.json())
