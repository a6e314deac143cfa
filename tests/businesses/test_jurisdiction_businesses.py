"""The jurisdiction suite for businesses: commune A's officer never reaches commune B's
business or its inspections on any page, form, API action, export or search."""

from businesses.models import Business

from ..jurisdiction import JurisdictionSuite
from .helpers import inspect, make_business

API = "/api/v1/businesses/"


class TestBusinessJurisdiction(JurisdictionSuite):
    model = Business
    list_url = "/businesses/"
    detail_url = "/businesses/{pk}/"
    edit_url = "/businesses/{pk}/edit/"
    extra_detail_urls = ("/businesses/{pk}/inspect/", "/businesses/{pk}/status/")
    export_url = "/businesses/?format=xlsx"
    api_list_url = API
    api_detail_url = API + "{pk}/"

    def make_record(self, actor, commune):
        a = commune.code == "31135"
        return make_business(
            actor,
            commune,
            name="Karaoke Ánh Dương" if a else "Nhà nghỉ Đào Hoa",
            owner_name="Lê Văn An" if a else "Võ Thị Bông",
        )

    def search_text(self, record):
        return "anh duong" if "Ánh" in record.name else "dao hoa"

    def label(self, record):
        return record.name

    def test_actions_of_other_commune_answer_404(self, client_for, officer_a, record_b):
        client = client_for(officer_a)
        for suffix in ("inspect/", "status/", "hotspot/"):
            url = f"/businesses/{record_b.pk}/{suffix}"
            assert client.get(url).status_code == 404, url
            assert client.post(url, {}).status_code == 404, url
        for action in ("status", "hotspot"):
            url = f"{API}{record_b.pk}/{action}/"
            assert client.post(url, {}, content_type="application/json").status_code == 404
        record_b.refresh_from_db()
        assert record_b.status == "open"

    def test_inspections_of_other_commune_are_hidden(
        self, client_for, officer_a, officer_b, record_a, record_b
    ):
        mine = inspect(officer_a, record_a, team="Tổ A")
        other = inspect(officer_b, record_b, team="Tổ B")
        client = client_for(officer_a)
        ids = {row["id"] for row in client.get("/api/v1/inspections/").json()["results"]}
        assert ids == {mine.pk}
        assert client.get(f"/api/v1/inspections/{other.pk}/").status_code == 404
        page = client.get("/businesses/inspections/").text
        assert "Tổ A" in page and "Tổ B" not in page
        # Recording an inspection on B's business through the API is refused.
        response = client.post(
            "/api/v1/inspections/",
            {"business": record_b.pk, "inspected_on": "2026-01-01", "team": "X"},
            content_type="application/json",
        )
        assert response.status_code == 400 and "business" in response.json()
        assert record_b.inspections.count() == 1

    def test_reader_sees_no_inspection(self, client_for, officer_a, reader, record_a):
        inspect(officer_a, record_a)
        client = client_for(reader)
        assert client.get("/businesses/inspections/").status_code == 404
        assert client.get("/api/v1/inspections/").json()["count"] == 0

    def test_create_in_other_commune_refused(self, client_for, officer_a, units):
        response = client_for(officer_a).post(
            API,
            {
                "name": "X",
                "kind": "bar",
                "owner_name": "Y",
                "address": "Z",
                "commune": units["b"].pk,
            },
            content_type="application/json",
        )
        assert response.status_code == 400 and "commune" in response.json()
        assert not Business.objects.exists()
