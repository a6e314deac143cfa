"""Commune classification: a commune reads its own status only; the province reads and
decides every commune's; a reader counts (no page). The three scoped models (decisions, the
commune's yearly data, drug-free targets) show on the commune's status (list, page, export,
API by commune id): each suite's record is that commune with the model's row in it."""

from types import SimpleNamespace

import pytest

from areas.models import AdminUnit
from communes import services
from communes.models import CommuneClassification, CommuneYearData, DrugFreeTarget
from tests.factories import make_user

from ..jurisdiction import JurisdictionSuite
from .helpers import decide, today

API = "/api/v1/commune-status/"


@pytest.fixture
def province_officer(units):
    return make_user("pc04_communes", "provincial_police", units["province"])


class _CommuneStatusSuite(JurisdictionSuite):
    """The record is the commune (its status page and API row are by commune id) with the
    model's row recorded in it; `label` is what of that row the list and export show."""

    model = None
    list_url = "/communes/"
    detail_url = "/communes/{pk}/"
    export_url = "/communes/?format=xlsx"
    api_list_url = API
    api_detail_url = API + "{pk}/"

    @pytest.fixture
    def record_a(self, province_officer, units):
        return self.make_record(province_officer, units["a"])

    @pytest.fixture
    def record_b(self, province_officer, units):
        return self.make_record(province_officer, units["b"])

    def make_record(self, actor, commune):
        decide(actor, commune, "type_2")
        return SimpleNamespace(pk=commune.pk, commune=commune, label=commune.name)

    def search_text(self, record):
        return record.commune.name_folded

    def label(self, record):
        return record.label

    def test_edit_post_of_other_commune_answers_404(
        self, client_for, officer_a, record_a, record_b
    ):
        """Communes only read their status: the province's forms answer 404 in scope or
        not; the target form answers for their own commune only."""
        client = client_for(officer_a)
        for record in (record_a, record_b):
            for suffix in ("decide/", "data/"):
                url = f"/communes/{record.pk}/{suffix}"
                assert client.get(url).status_code == 404, url
                assert client.post(url, {}).status_code == 404, url
        assert client.get(f"/communes/{record_a.pk}/target/").status_code == 200
        assert client.get(f"/communes/{record_b.pk}/target/").status_code == 404
        assert client.post(f"/communes/{record_b.pk}/target/", {}).status_code == 404
        assert client.get("/communes/criteria/").status_code == 404

    def test_api_detail_of_other_commune_answers_404(
        self, client_for, officer_a, record_a, record_b
    ):
        client = client_for(officer_a)
        assert client.get(f"{API}{record_a.pk}/").status_code == 200
        assert client.get(f"{API}{record_b.pk}/").status_code == 404
        for method in ("patch", "put", "delete"):
            mine = getattr(client, method)(f"{API}{record_a.pk}/")
            other = getattr(client, method)(f"{API}{record_b.pk}/")
            assert mine.status_code == other.status_code == 405, method

    def test_api_list_and_search_hide_other_commune(
        self, client_for, officer_a, record_a, record_b
    ):
        client = client_for(officer_a)
        rows = client.get(API).json()["results"]
        assert [row["id"] for row in rows] == [record_a.pk]
        assert client.get(API, {"q": self.search_text(record_b)}).json()["count"] == 0

    def test_province_sees_every_commune(self, client_for, pc04, record_a, record_b, units):
        rows = client_for(pc04).get(API, {"page_size": 500}).json()
        communes = AdminUnit.objects.communes().within(units["province"]).count()
        assert rows["count"] == communes
        assert {record_a.pk, record_b.pk} <= {row["id"] for row in rows["results"]}

    def test_reader_counts_on_the_roadmap_only(self, client_for, reader, record_a):
        client = client_for(reader)
        assert client.get("/communes/roadmap/").status_code == 200
        assert client.get(API).status_code == 404


class TestDecisionJurisdiction(_CommuneStatusSuite):
    model = CommuneClassification

    def make_record(self, actor, commune):
        a = commune.pk == AdminUnit.objects.get(path__endswith=".31135").pk
        number = "15/QĐ-AAA" if a else "16/QĐ-BBB"
        decide(actor, commune, "type_2", number=number)
        return SimpleNamespace(pk=commune.pk, commune=commune, label=number)


class TestYearDataJurisdiction(_CommuneStatusSuite):
    model = CommuneYearData

    def make_record(self, actor, commune):
        services.year_data_save(
            actor=actor, commune=commune, year=today().year, population=5000, on_drug_route=True
        )
        return SimpleNamespace(pk=commune.pk, commune=commune, label=commune.name)


class TestTargetJurisdiction(_CommuneStatusSuite):
    model = DrugFreeTarget

    def make_record(self, actor, commune):
        a = commune.pk == AdminUnit.objects.get(path__endswith=".31135").pk
        year = 2028 if a else 2029
        services.target_register(
            actor=actor, commune=commune, target_year=year, registered_on=today()
        )
        return SimpleNamespace(pk=commune.pk, commune=commune, label=str(year))

    def test_commune_sees_only_its_own_target_on_the_roadmap(
        self, client_for, officer_a, record_a, record_b
    ):
        page = client_for(officer_a).get("/communes/roadmap/").text
        assert "1 of 1 communes have registered" in page
