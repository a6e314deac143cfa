"""The jurisdiction suite for people's documents. A document lives under its person, so its
"list" is the person page's Documents section and the API list under the person, and it has
no search, export or edit page: those tests of the suite are restated for that shape."""

import pytest

from registry.models import PersonDocument

from ..factories import make_person
from ..jurisdiction import JurisdictionSuite
from .test_documents import add_document


class TestPersonDocumentJurisdiction(JurisdictionSuite):
    model = PersonDocument

    @pytest.fixture(autouse=True)
    def _private_storage(self, settings, tmp_path):
        settings.STORAGES = {
            **settings.STORAGES,
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": tmp_path / "private", "base_url": None},
            },
        }

    def make_record(self, actor, commune):
        a = commune.code == "31135"
        person = make_person(actor, commune, full_name="Nguyễn Văn Ánh" if a else "Hồ Thị Đào")
        title = "Quyết định xã A" if a else "Quyết định xã B"
        return add_document(actor, person, title=title, name=f"{title}.pdf")

    def label(self, record):
        return record.title

    @staticmethod
    def person_url(record):
        return f"/people/{record.person_id}/"

    @staticmethod
    def api_list(record):
        return f"/api/v1/persons/{record.person_id}/documents/"

    def _record_urls(self, record):
        return [
            f"/people/{record.person_id}/documents/{record.pk}/",
            f"/people/{record.person_id}/documents/{record.pk}/?inline=1",
            f"/people/{record.person_id}/documents/new/",
            f"{self.api_list(record)}{record.pk}/",
            self.api_list(record),
        ]

    def test_edit_post_of_other_commune_answers_404(self, client_for, officer_a, record_b):
        response = client_for(officer_a).post(f"/people/{record_b.person_id}/documents/new/", {})
        assert response.status_code == 404
        response = client_for(officer_a).post(self.api_list(record_b), {})
        assert response.status_code == 404

    def test_api_detail_of_other_commune_answers_404(
        self, client_for, officer_a, record_a, record_b
    ):
        client = client_for(officer_a)
        assert client.get(f"{self.api_list(record_a)}{record_a.pk}/").status_code == 200
        assert client.get(f"{self.api_list(record_b)}{record_b.pk}/").status_code == 404
        # Nothing is changed or deleted: the same answer in and out of scope tells nothing.
        for method in ("patch", "put", "delete"):
            mine = getattr(client, method)(f"{self.api_list(record_a)}{record_a.pk}/")
            other = getattr(client, method)(f"{self.api_list(record_b)}{record_b.pk}/")
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
        ids = {row["id"] for row in client.get(self.api_list(record_a)).json()["results"]}
        assert ids == {record_a.pk}
        assert client.get(self.api_list(record_b)).status_code == 404

    def test_export_hides_other_commune(self):
        pytest.skip("documents have no export")

    def test_reader_sees_no_record_anywhere(self, client_for, reader, record_a):
        client = client_for(reader)
        for url in self._record_urls(record_a):
            assert client.get(url).status_code == 404, url

    def test_province_sees_both(self, client_for, pc04, record_a, record_b):
        client = client_for(pc04)
        for record in (record_a, record_b):
            assert self.label(record) in client.get(self.person_url(record)).text
            for url in self._record_urls(record):
                assert client.get(url).status_code == 200, url

    def test_anonymous_is_sent_to_login_or_401(self, client, record_a):
        response = client.get(f"/people/{record_a.person_id}/documents/{record_a.pk}/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert client.get(f"{self.api_list(record_a)}{record_a.pk}/").status_code == 401
