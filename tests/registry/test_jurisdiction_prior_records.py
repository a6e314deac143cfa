"""The jurisdiction suite for prior-record entries. Like tests and contacts they live under
their person: their "list" is the person page's "Prior record" section, their pages are the
add form and the void form under the person, and they have no edit page or export (the
people export carries them as a column, and is covered by the person suite); the API has a
list (searchable by the person's name), a detail and the void action."""

from registry import services
from registry.models import PriorRecord

from ..factories import make_person
from .test_jurisdiction_checks import _PersonCheckSuite


class TestPriorRecordJurisdiction(_PersonCheckSuite):
    model = PriorRecord
    kind = "prior-records"
    api_list_url = "/api/v1/prior-records/"
    api_detail_url = "/api/v1/prior-records/{pk}/"

    def make_record(self, actor, commune):
        a = commune.code == "31135"
        person = make_person(actor, commune, full_name="Nguyễn Văn Ánh" if a else "Hồ Thị Đào")
        return services.prior_record_add(
            actor=actor,
            person=person,
            kind="criminal",
            drug_related=True,
            year=2015,
            description="Án xã Ninh Kiều" if a else "Án xã Cái Khế",
        )

    def label(self, record):
        return record.description

    def post_data(self, record):
        return {
            "person": record.person_id,
            "kind": "administrative",
            "year": 2019,
            "description": "Phạt hành chính",
        }

    def _record_urls(self, record):
        void = f"/people/{record.person_id}/prior-records/{record.pk}/void/"
        return [*super()._record_urls(record), void]

    def test_void_of_other_commune_answers_404(self, client_for, officer_a, record_b):
        client = client_for(officer_a)
        page = f"/people/{record_b.person_id}/prior-records/{record_b.pk}/void/"
        assert client.post(page, {"reason": "x"}).status_code == 404
        api = f"/api/v1/prior-records/{record_b.pk}/void/"
        assert client.post(api, {"reason": "x"}, content_type="application/json").status_code == 404
        record_b.refresh_from_db()
        assert not record_b.is_voided
