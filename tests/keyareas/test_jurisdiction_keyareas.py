"""Key areas: a commune reads the key areas of its commune only; the province designates."""

import pytest

from keyareas.models import KeyArea
from tests.factories import make_user

from ..jurisdiction import JurisdictionSuite
from .helpers import make_area

API = "/api/v1/key-areas/"


@pytest.fixture
def province_officer(units):
    return make_user("pc04_keyareas", "provincial_police", units["province"])


class TestKeyAreaJurisdiction(JurisdictionSuite):
    model = KeyArea
    list_url = "/key-areas/"
    detail_url = "/key-areas/{pk}/"
    export_url = "/key-areas/?format=xlsx"
    api_list_url = API
    api_detail_url = API + "{pk}/"

    @pytest.fixture
    def record_a(self, province_officer, units):
        return self.make_record(province_officer, units["a"])

    @pytest.fixture
    def record_b(self, province_officer, units):
        return self.make_record(province_officer, units["b"])

    def make_record(self, actor, commune):
        a = commune.code == "31135"
        return make_area(actor, [commune], name="Khu Ánh Dương" if a else "Khu Đào Hoa")

    def search_text(self, record):
        return "anh duong" if "Ánh" in record.name else "dao hoa"

    def label(self, record):
        return record.name

    def test_edit_post_of_other_commune_answers_404(
        self, client_for, officer_a, record_a, record_b
    ):
        """Communes only read: every write page answers 404, in scope or not."""
        client = client_for(officer_a)
        for record in (record_a, record_b):
            for suffix in ("measures/", "evaluations/", "transform/", "check/"):
                url = f"/key-areas/{record.pk}/{suffix}"
                assert client.get(url).status_code == 404, url
                assert client.post(url, {}).status_code == 404, url

    def test_api_detail_of_other_commune_answers_404(
        self, client_for, officer_a, record_a, record_b
    ):
        client = client_for(officer_a)
        assert client.get(f"{API}{record_a.pk}/").status_code == 200
        assert client.get(f"{API}{record_b.pk}/").status_code == 404
        # Read-only API: the same answer in and out of scope tells nothing.
        for method in ("patch", "put", "delete"):
            mine = getattr(client, method)(f"{API}{record_a.pk}/")
            other = getattr(client, method)(f"{API}{record_b.pk}/")
            assert mine.status_code == other.status_code == 405, method

    def test_area_of_two_communes_is_seen_by_the_province_only(
        self, client_for, officer_a, pc04, province_officer, units
    ):
        both = make_area(province_officer, [units["a"], units["b"]], name="Khu liên phường")
        assert both.scope_path == units["province"].path
        assert client_for(officer_a).get(f"/key-areas/{both.pk}/").status_code == 404
        assert client_for(pc04).get(f"/key-areas/{both.pk}/").status_code == 200
