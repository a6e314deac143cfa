"""The jurisdiction suites of drug cases and planting sites: commune A's officer never reaches
commune B's records on any page, form, API action, export, search or dashboard link."""

from cases import services
from cases.models import DrugCase, PlantingSite

from ..jurisdiction import JurisdictionSuite
from .helpers import make_case, make_site

API = "/api/v1/drug-cases/"
SITES = "/api/v1/planting-sites/"


class TestDrugCaseJurisdiction(JurisdictionSuite):
    model = DrugCase
    list_url = "/cases/"
    detail_url = "/cases/{pk}/"
    edit_url = "/cases/{pk}/edit/"
    extra_detail_urls = ("/cases/{pk}/stage/", "/cases/{pk}/suspects/", "/cases/{pk}/seizures/")
    export_url = "/cases/?format=xlsx"
    api_list_url = API
    api_detail_url = API + "{pk}/"

    def make_record(self, actor, commune):
        a = commune.code == "31135"
        return make_case(
            actor,
            commune,
            number="111A" if a else "222B",
            description="Vụ Ánh Dương" if a else "Vụ Đào Hoa",
        )

    def search_text(self, record):
        return "anh duong" if record.number == "111A" else "dao hoa"

    def label(self, record):
        return "Vụ Ánh Dương" if record.number == "111A" else "Vụ Đào Hoa"

    def _page_label(self, record):
        return str(record)

    def test_list_and_search_hide_other_commune(self, client_for, officer_a, record_a, record_b):
        client = client_for(officer_a)
        page = client.get(self.list_url).text
        assert str(record_a) in page and str(record_b) not in page
        assert str(record_b) not in client.get(self.list_url, {"q": "dao hoa"}).text
        assert str(record_a) in client.get(self.list_url, {"q": "anh duong"}).text

    def test_province_sees_both(self, client_for, pc04, record_a, record_b):
        client = client_for(pc04)
        page = client.get(self.list_url).text
        assert str(record_a) in page and str(record_b) in page
        for record in (record_a, record_b):
            assert client.get(self.detail_url.format(pk=record.pk)).status_code == 200

    def test_actions_of_other_commune_answer_404(self, client_for, officer_a, record_b):
        client = client_for(officer_a)
        for url in ("stage", "suspects", "seizures"):
            assert client.post(f"/cases/{record_b.pk}/{url}/", {}).status_code == 404
        for action in ("stage", "suspects", "suspect-events", "seizures"):
            response = client.post(
                f"{API}{record_b.pk}/{action}/", {}, content_type="application/json"
            )
            assert response.status_code == 404, action
        record_b.refresh_from_db()
        assert record_b.stage == "detected"

    def test_seizure_correction_and_withdrawal_of_other_commune_answer_404(
        self, client_for, officer_a, officer_b, record_a, record_b
    ):
        seizure = services.seizure_add(
            actor=officer_b, case=record_b, drug_type="heroin", quantity="500", unit="g"
        )
        client = client_for(officer_a)
        for action in ("correct", "withdraw"):
            for case in (record_b, record_a):  # B's case, or A's own case with B's seizure
                url = f"/cases/{case.pk}/seizures/{seizure.pk}/{action}/"
                assert client.get(url).status_code == 404, url
                assert client.post(url, {"reason": "x"}).status_code == 404, url
                response = client.post(
                    f"{API}{case.pk}/seizures/{seizure.pk}/{action}/",
                    {"reason": "x"},
                    content_type="application/json",
                )
                assert response.status_code == 404, url
        # Neither the pages nor the API of A show B's seizure or its history.
        assert "500" not in client.get(f"/cases/{record_a.pk}/").text
        seizure.refresh_from_db()
        assert seizure.quantity == 500 and not seizure.is_removed

    def test_create_in_other_commune_refused(self, client_for, officer_a, units):
        response = client_for(officer_a).post(
            API,
            {
                "number": "5",
                "commune": units["b"].pk,
                "detected_on": "2026-01-05",
                "kinds": ["dealing"],
            },
            content_type="application/json",
        )
        assert response.status_code == 400 and "commune" in response.json()

    def test_person_picker_finds_only_people_in_scope(
        self, client_for, officer_a, person_a, person_b
    ):
        client = client_for(officer_a)
        assert "Nguyễn Văn Đức" in client.get("/cases/pick-person/", {"pq": "nguyen van duc"}).text
        assert "Trần Thị Bích" not in client.get("/cases/pick-person/", {"pq": "tran thi"}).text

    def test_dashboard_links_count_only_own_commune(
        self, client_for, officer_a, record_a, record_b
    ):
        page = client_for(officer_a).get("/hotspots/dashboard/")
        stages = {s["value"]: s["count"] for s in page.context["figures"]["cases"]["stages"]}
        assert stages["detected"] == 1


class TestPlantingSiteJurisdiction(JurisdictionSuite):
    model = PlantingSite
    list_url = "/cases/planting/"
    detail_url = "/cases/planting/{pk}/"
    edit_url = "/cases/planting/{pk}/edit/"
    extra_detail_urls = ("/cases/planting/{pk}/step/",)
    export_url = "/cases/planting/?format=xlsx"
    api_list_url = SITES
    api_detail_url = SITES + "{pk}/"

    def make_record(self, actor, commune):
        a = commune.code == "31135"
        return make_site(actor, commune, location="Rẫy Ánh Dương" if a else "Rẫy Đào Hoa")

    def search_text(self, record):
        return "anh duong" if "Ánh" in record.location else "dao hoa"

    def label(self, record):
        return record.location

    def test_step_of_other_commune_answers_404(self, client_for, officer_a, record_b):
        client = client_for(officer_a)
        assert client.post(f"/cases/planting/{record_b.pk}/step/", {}).status_code == 404
        response = client.post(f"{SITES}{record_b.pk}/step/", {}, content_type="application/json")
        assert response.status_code == 404
