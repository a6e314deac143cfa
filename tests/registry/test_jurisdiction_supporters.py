"""The jurisdiction suite for supporters (who helps each person). A supporter lives under its
person: its "list" is the person page's "Who helps" section and the API list, its pages are the
form to end it and the form to assign one under the person, and it has no export; those tests
of the suite are restated for that shape."""

import datetime

import pytest
from django.utils import timezone

from registry import services
from registry.models import Supporter

from ..factories import make_person
from ..jurisdiction import JurisdictionSuite

API = "/api/v1/supporters/"
TODAY = timezone.localdate()


class TestSupporterJurisdiction(JurisdictionSuite):
    model = Supporter
    api_list_url = API
    api_detail_url = API + "{pk}/"

    def make_record(self, actor, commune):
        a = commune.code == "31135"
        person = make_person(actor, commune, full_name="Nguyễn Văn Ánh" if a else "Hồ Thị Đào")
        return services.supporter_assign(
            actor=actor,
            person=person,
            kind="family",
            role="family_guardian",
            name="Bà Ngọc Ninh Kiều" if a else "Bà Hạnh Cái Khế",
            relationship="Mẹ",
            phone="0912345678" if a else "0987654321",
            start_on=TODAY - datetime.timedelta(days=3),
        )

    def search_text(self, record):
        return record.person.full_name_folded

    def label(self, record):
        return record.name

    @staticmethod
    def person_url(record):
        return f"/people/{record.person_id}/"

    def _record_urls(self, record):
        return [
            f"/people/{record.person_id}/supporters/{record.pk}/end/",
            f"/people/{record.person_id}/supporters/new/",
            f"{API}{record.pk}/",
        ]

    def test_edit_post_of_other_commune_answers_404(self, client_for, officer_a, record_b):
        client = client_for(officer_a)
        for url in self._record_urls(record_b)[:2]:
            assert client.post(url, {}).status_code == 404, url
        response = client.post(
            f"{API}{record_b.pk}/end/",
            {"ended_on": str(TODAY), "end_reason": "x"},
            content_type="application/json",
        )
        assert response.status_code == 404
        # Assigning under another commune's person: that person is unknown here.
        response = client.post(
            API,
            {
                "person": record_b.person_id,
                "kind": "family",
                "role": "family_guardian",
                "name": "X",
                "relationship": "Cha",
                "phone": "0912345678",
                "start_on": str(TODAY),
            },
            content_type="application/json",
        )
        assert response.status_code == 400 and "person" in response.json()
        record_b.refresh_from_db()
        assert record_b.ended_on is None
        assert Supporter.objects.filter(person_id=record_b.person_id).count() == 1

    def test_api_detail_of_other_commune_answers_404(
        self, client_for, officer_a, record_a, record_b
    ):
        client = client_for(officer_a)
        assert client.get(f"{API}{record_a.pk}/").status_code == 200
        assert client.get(f"{API}{record_b.pk}/").status_code == 404
        # Nothing is edited or deleted: the same answer in and out of scope tells nothing.
        for method in ("patch", "put", "delete"):
            mine = getattr(client, method)(f"{API}{record_a.pk}/")
            other = getattr(client, method)(f"{API}{record_b.pk}/")
            assert mine.status_code == other.status_code == 405, method

    def test_list_and_search_hide_other_commune(self, client_for, officer_a, record_a, record_b):
        client = client_for(officer_a)
        page = client.get(self.person_url(record_a)).text
        assert self.label(record_a) in page and self.label(record_b) not in page
        assert client.get(self.person_url(record_b)).status_code == 404

    def test_api_list_and_search_hide_other_commune(
        self, client_for, officer_a, record_a, record_b
    ):
        client = client_for(officer_a)
        ids = {row["id"] for row in client.get(API).json()["results"]}
        assert record_a.pk in ids and record_b.pk not in ids
        assert client.get(API, {"q": self.search_text(record_b)}).json()["count"] == 0
        assert client.get(API, {"person": record_b.person_id}).json()["count"] == 0
        found = client.get(API, {"q": self.search_text(record_a)}).json()
        assert [row["id"] for row in found["results"]] == [record_a.pk]

    def test_export_hides_other_commune(self):
        pytest.skip("supporters have no export")

    def test_reader_sees_no_record_anywhere(self, client_for, reader, record_a):
        client = client_for(reader)
        for url in [*self._record_urls(record_a), API, self.person_url(record_a)]:
            assert client.get(url).status_code == 404, url

    def test_health_sees_no_supporter(self, client_for, health, record_a):
        client = client_for(health)
        for url in [*self._record_urls(record_a), API]:
            assert client.get(url).status_code == 404, url

    def test_province_sees_both(self, client_for, pc04, record_a, record_b):
        client = client_for(pc04)
        for record in (record_a, record_b):
            assert self.label(record) in client.get(self.person_url(record)).text
            for url in self._record_urls(record):
                assert client.get(url).status_code == 200, url
        ids = {row["id"] for row in client.get(API).json()["results"]}
        assert {record_a.pk, record_b.pk} <= ids

    def test_anonymous_is_sent_to_login_or_401(self, client, record_a):
        response = client.get(self._record_urls(record_a)[0])
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert client.get(f"{API}{record_a.pk}/").status_code == 401
        assert client.get(API).status_code == 401
