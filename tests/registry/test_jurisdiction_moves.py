"""The jurisdiction suite for the residence history. A stint lives under its person: its "list"
is the person page's Residence section and the API list under the person, it has no page of
its own, no edit and no export; those tests of the suite are restated for that shape. (What
the commune a person left may still read is tested in test_moves.py.)"""

import pytest

from registry.models import PersonResidence

from ..factories import make_person, make_user
from ..jurisdiction import JurisdictionSuite
from .moving import DAY, third_commune, today, transfer


class TestPersonResidenceJurisdiction(JurisdictionSuite):
    model = PersonResidence

    @pytest.fixture
    def record_a(self, officer_a, units):
        return self.make_record(units, units["a"])

    @pytest.fixture
    def record_b(self, officer_b, units):
        return self.make_record(units, units["b"])

    def make_record(self, units, commune):
        """A person of a third commune, moved into `commune` by the province: the open
        stint."""
        mover = make_user(f"mover_{commune.code}", "provincial_police", units["province"])
        a = commune == units["a"]
        person = make_person(
            mover,
            third_commune(units),
            full_name="Đặng Văn Về" if a else "Lý Thị Đến",
            registered_on=today() - 100 * DAY,
        )
        transfer(
            mover, person, to_unit=commune, days_ago=10, address="Nhà 11 A" if a else "Nhà 22 B"
        )
        return PersonResidence.objects.get(person=person, ended_on__isnull=True)

    def search_text(self, record):
        return record.person.full_name_folded

    def label(self, record):
        return record.address

    @staticmethod
    def api(record):
        return f"/api/v1/persons/{record.person_id}/residences/"

    def _record_urls(self, record):
        return [f"/people/{record.person_id}/", self.api(record)]

    def test_edit_post_of_other_commune_answers_404(self, client_for, officer_a, record_b):
        client = client_for(officer_a)
        url = f"/people/{record_b.person_id}/transfer/"
        assert client.post(url, {}).status_code == 404
        api = f"/api/v1/persons/{record_b.person_id}/transfer/"
        assert client.post(api, {}, content_type="application/json").status_code == 404

    def test_api_detail_of_other_commune_answers_404(
        self, client_for, officer_a, record_a, record_b
    ):
        client = client_for(officer_a)
        assert client.get(self.api(record_a)).status_code == 200
        assert client.get(self.api(record_b)).status_code == 404
        # Nothing is written through this list: the same answer in and out of scope.
        for method in ("post", "patch", "put", "delete"):
            mine = getattr(client, method)(self.api(record_a))
            other = getattr(client, method)(self.api(record_b))
            assert mine.status_code in (404, 405) and other.status_code in (404, 405), method

    def test_list_and_search_hide_other_commune(self, client_for, officer_a, record_a, record_b):
        client = client_for(officer_a)
        page = client.get(f"/people/{record_a.person_id}/").text
        assert self.label(record_a) in page and self.label(record_b) not in page

    def test_api_list_and_search_hide_other_commune(
        self, client_for, officer_a, record_a, record_b
    ):
        client = client_for(officer_a)
        ids = {row["id"] for row in client.get(self.api(record_a)).json()["results"]}
        assert record_a.pk in ids and record_b.pk not in ids

    def test_export_hides_other_commune(self):
        pytest.skip("the residence history has no export")

    def test_reader_sees_no_record_anywhere(self, client_for, reader, record_a):
        client = client_for(reader)
        for url in self._record_urls(record_a):
            assert client.get(url).status_code == 404, url

    def test_health_sees_no_residence(self, client_for, health, record_a):
        assert client_for(health).get(self.api(record_a)).status_code == 404

    def test_province_sees_both(self, client_for, pc04, record_a, record_b):
        client = client_for(pc04)
        for record in (record_a, record_b):
            assert self.label(record) in client.get(f"/people/{record.person_id}/").text
            ids = {row["id"] for row in client.get(self.api(record)).json()["results"]}
            assert record.pk in ids

    def test_anonymous_is_sent_to_login_or_401(self, client, record_a):
        response = client.get(f"/people/{record_a.person_id}/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert client.get(self.api(record_a)).status_code == 401
