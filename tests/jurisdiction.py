"""The jurisdiction suite (STYLE.md 13): one reusable class that each scoped model declares
itself into. It proves that a user of commune A cannot reach commune B's record on any
surface — list, detail, edit, export, API, search — and answers 404, never 403, so that
existence is not told; that a steering-committee reader sees no record; and that the
province sees both."""

import io

import pytest
from openpyxl import load_workbook


class JurisdictionSuite:
    model = None
    list_url = ""
    detail_url = ""  # with {pk}
    edit_url = None  # with {pk}
    extra_detail_urls = ()  # other per-record pages (PDF, …), with {pk}
    export_url = None
    api_list_url = ""
    api_detail_url = ""  # with {pk}

    def make_record(self, actor, commune):
        raise NotImplementedError

    def search_text(self, record) -> str:
        """What a user types to find the record (accent-free)."""
        raise NotImplementedError

    def label(self, record) -> str:
        """A text that appears wherever the record is listed."""
        raise NotImplementedError

    # ---- fixtures ---------------------------------------------------------------------
    @pytest.fixture
    def record_a(self, officer_a, units):
        return self.make_record(officer_a, units["a"])

    @pytest.fixture
    def record_b(self, officer_b, units):
        return self.make_record(officer_b, units["b"])

    # ---- per-record surfaces: 404 out of scope ------------------------------------------
    def _record_urls(self, record):
        urls = [self.detail_url.format(pk=record.pk)]
        if self.edit_url:
            urls.append(self.edit_url.format(pk=record.pk))
        urls += [u.format(pk=record.pk) for u in self.extra_detail_urls]
        return urls

    def test_pages_of_other_commune_answer_404(self, client_for, officer_a, record_a, record_b):
        client = client_for(officer_a)
        for url in self._record_urls(record_a):
            assert client.get(url).status_code == 200, url
        for url in self._record_urls(record_b):
            assert client.get(url).status_code == 404, url

    def test_edit_post_of_other_commune_answers_404(self, client_for, officer_a, record_b):
        if not self.edit_url:
            pytest.skip("no edit page for this model")
        response = client_for(officer_a).post(self.edit_url.format(pk=record_b.pk), {})
        assert response.status_code == 404

    def test_api_detail_of_other_commune_answers_404(
        self, client_for, officer_a, record_a, record_b
    ):
        client = client_for(officer_a)
        assert client.get(self.api_detail_url.format(pk=record_a.pk)).status_code == 200
        url = self.api_detail_url.format(pk=record_b.pk)
        assert client.get(url).status_code == 404
        assert client.patch(url, {}, content_type="application/json").status_code == 404
        assert client.put(url, {}, content_type="application/json").status_code == 404

    # ---- collections: out-of-scope rows never appear ------------------------------------
    def test_list_and_search_hide_other_commune(self, client_for, officer_a, record_a, record_b):
        client = client_for(officer_a)
        page = client.get(self.list_url).text
        assert self.label(record_a) in page
        assert self.label(record_b) not in page
        found = client.get(self.list_url, {"q": self.search_text(record_b)}).text
        assert self.label(record_b) not in found
        found = client.get(self.list_url, {"q": self.search_text(record_a)}).text
        assert self.label(record_a) in found

    def test_api_list_and_search_hide_other_commune(
        self, client_for, officer_a, record_a, record_b
    ):
        client = client_for(officer_a)
        ids = {row["id"] for row in client.get(self.api_list_url).json()["results"]}
        assert record_a.pk in ids and record_b.pk not in ids
        found = client.get(self.api_list_url, {"q": self.search_text(record_b)}).json()
        assert found["count"] == 0

    def test_export_hides_other_commune(self, client_for, officer_a, record_a, record_b):
        if not self.export_url:
            pytest.skip("no export for this model")
        response = client_for(officer_a).get(self.export_url)
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        text = " ".join(
            str(cell) for row in book.active.iter_rows(values_only=True) for cell in row if cell
        )
        assert self.label(record_a) in text
        assert self.label(record_b) not in text

    # ---- roles ------------------------------------------------------------------------
    def test_reader_sees_no_record_anywhere(self, client_for, reader, record_a):
        client = client_for(reader)
        for url in [self.list_url, *self._record_urls(record_a)]:
            assert client.get(url).status_code == 404, url
        if self.export_url:
            assert client.get(self.export_url).status_code == 404
        assert client.get(self.api_detail_url.format(pk=record_a.pk)).status_code == 404

    def test_province_sees_both(self, client_for, pc04, record_a, record_b):
        client = client_for(pc04)
        page = client.get(self.list_url).text
        assert self.label(record_a) in page and self.label(record_b) in page
        for record in (record_a, record_b):
            assert client.get(self.detail_url.format(pk=record.pk)).status_code == 200

    def test_anonymous_is_sent_to_login_or_401(self, client, record_a):
        response = client.get(self.detail_url.format(pk=record_a.pk))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert client.get(self.api_detail_url.format(pk=record_a.pk)).status_code == 401


class PersonRecordJurisdictionSuite(JurisdictionSuite):
    """For records that live under a person: their "list" is a section of the person page
    (`person_url`) and the API list; nothing is edited or deleted through the API; Health,
    whose grant covers identity fields only, sees none; and they have no export."""

    no_export_reason = "these records have no export"

    @staticmethod
    def person_url(record):
        return f"/people/{record.person_id}/"

    def test_api_detail_of_other_commune_answers_404(
        self, client_for, officer_a, record_a, record_b
    ):
        client = client_for(officer_a)
        assert client.get(f"{self.api_list_url}{record_a.pk}/").status_code == 200
        assert client.get(f"{self.api_list_url}{record_b.pk}/").status_code == 404
        # Nothing is edited or deleted: the same answer in and out of scope tells nothing.
        for method in ("patch", "put", "delete"):
            mine = getattr(client, method)(f"{self.api_list_url}{record_a.pk}/")
            other = getattr(client, method)(f"{self.api_list_url}{record_b.pk}/")
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
        ids = {row["id"] for row in client.get(self.api_list_url).json()["results"]}
        assert record_a.pk in ids and record_b.pk not in ids
        assert client.get(self.api_list_url, {"q": self.search_text(record_b)}).json()["count"] == 0
        assert client.get(self.api_list_url, {"person": record_b.person_id}).json()["count"] == 0
        found = client.get(self.api_list_url, {"q": self.search_text(record_a)}).json()
        assert [row["id"] for row in found["results"]] == [record_a.pk]

    def test_export_hides_other_commune(self):
        pytest.skip(self.no_export_reason)

    def test_reader_sees_no_record_anywhere(self, client_for, reader, record_a):
        client = client_for(reader)
        for url in [*self._record_urls(record_a), self.api_list_url, self.person_url(record_a)]:
            assert client.get(url).status_code == 404, url

    def test_health_sees_none(self, client_for, health, record_a):
        client = client_for(health)
        for url in [*self._record_urls(record_a), self.api_list_url]:
            assert client.get(url).status_code == 404, url

    def test_province_sees_both(self, client_for, pc04, record_a, record_b):
        client = client_for(pc04)
        for record in (record_a, record_b):
            assert self.label(record) in client.get(self.person_url(record)).text
            for url in self._record_urls(record):
                assert client.get(url).status_code == 200, url
        ids = {row["id"] for row in client.get(self.api_list_url).json()["results"]}
        assert {record_a.pk, record_b.pk} <= ids

    def test_anonymous_is_sent_to_login_or_401(self, client, record_a):
        response = client.get(self._record_urls(record_a)[0])
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert client.get(f"{self.api_list_url}{record_a.pk}/").status_code == 401
        assert client.get(self.api_list_url).status_code == 401
