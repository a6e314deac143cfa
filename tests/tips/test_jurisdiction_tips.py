"""The jurisdiction suite for tips: commune A's officer never reaches commune B's tip on any
page, form, API action, export or search; a reader sees no tip."""

from tips.models import Tip

from ..jurisdiction import JurisdictionSuite
from .helpers import make_tip

API = "/api/v1/tips/"


class TestTipJurisdiction(JurisdictionSuite):
    model = Tip
    list_url = "/tips/"
    detail_url = "/tips/{pk}/"
    edit_url = "/tips/{pk}/route/"
    extra_detail_urls = ("/tips/{pk}/verify/", "/tips/{pk}/tipster/")
    export_url = "/tips/?format=xlsx"
    api_list_url = API
    api_detail_url = API + "{pk}/"

    def make_record(self, actor, commune):
        a = commune.code == "31135"
        return make_tip(
            actor,
            commune,
            content="Quán nước Ánh Dương có người bán ma túy" if a else "Nhà trọ Đào Hoa",
        )

    def search_text(self, record):
        return "anh duong" if "Ánh" in record.content else "dao hoa"

    def label(self, record):
        return record.reference

    def test_actions_of_other_commune_answer_404(self, client_for, officer_a, units, record_b):
        client = client_for(officer_a)
        for url in (f"/tips/{record_b.pk}/verify/", f"/tips/{record_b.pk}/route/"):
            assert client.post(url, {}).status_code == 404, url
        for action in ("route", "verify"):
            url = f"{API}{record_b.pk}/{action}/"
            assert client.post(url, {}, content_type="application/json").status_code == 404
        assert client.get(f"{API}{record_b.pk}/tipster/").status_code == 404
        record_b.refresh_from_db()
        assert record_b.routed_unit is None and record_b.result == "pending"

    def test_route_to_other_commune_refused(self, client_for, officer_a, units, record_a):
        response = client_for(officer_a).post(
            f"{API}{record_a.pk}/route/",
            {"unit": units["b"].pk, "routed_on": str(record_a.received_on)},
            content_type="application/json",
        )
        assert response.status_code == 400 and "unit" in response.json()
