"""The jurisdiction suite for imports of people. An import is scoped by its uploader's unit;
its "list" is the import page's recent imports and the API list, its per-record pages are
the job page and its problems workbook; it has no search, edit page or list export, so
those tests of the suite are restated for that shape."""

import pytest
from openpyxl import Workbook

from registry import services
from registry.models import ImportJob

from ..jurisdiction import JurisdictionSuite
from .imports_helpers import workbook_bytes, xlsx_upload


class TestImportJobJurisdiction(JurisdictionSuite):
    model = ImportJob
    list_url = "/people/import/"
    detail_url = "/people/import/{pk}/"
    extra_detail_urls = ("/people/import/{pk}/report.xlsx",)
    api_list_url = "/api/v1/person-imports/"
    api_detail_url = "/api/v1/person-imports/{pk}/"

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
        name = "ds-xa-a.xlsx" if commune.code == "31135" else "ds-xa-b.xlsx"
        book = Workbook()
        book.active.append(["Họ và tên", "Năm sinh", "Giới tính"])
        book.active.append(["Nguyễn Văn Một", 1990, "Nam"])
        return services.import_job_create(
            actor=actor, upload=xlsx_upload(workbook_bytes(book), name), default_unit=commune
        )

    def label(self, record):
        return record.original_name

    def test_edit_post_of_other_commune_answers_404(self, client_for, officer_a, record_b):
        client = client_for(officer_a)
        for url in ("mapping/", "confirm/"):
            response = client.post(f"/people/import/{record_b.pk}/{url}", {"mode": "nothing"})
            assert response.status_code == 404, url
        for action in ("mapping", "confirm"):
            response = client.post(
                f"/api/v1/person-imports/{record_b.pk}/{action}/",
                {"mode": "nothing", "mapping": {}},
                content_type="application/json",
            )
            assert response.status_code == 404, action

    def test_api_detail_of_other_commune_answers_404(
        self, client_for, officer_a, record_a, record_b
    ):
        client = client_for(officer_a)
        assert client.get(self.api_detail_url.format(pk=record_a.pk)).status_code == 200
        assert client.get(self.api_detail_url.format(pk=record_b.pk)).status_code == 404
        # Nothing is changed or deleted: the same answer in and out of scope tells nothing.
        for method in ("patch", "put", "delete"):
            mine = getattr(client, method)(self.api_detail_url.format(pk=record_a.pk))
            other = getattr(client, method)(self.api_detail_url.format(pk=record_b.pk))
            assert mine.status_code == other.status_code == 405, method

    def test_list_and_search_hide_other_commune(self, client_for, officer_a, record_a, record_b):
        page = client_for(officer_a).get(self.list_url).text
        assert self.label(record_a) in page and self.label(record_b) not in page

    def test_api_list_and_search_hide_other_commune(
        self, client_for, officer_a, record_a, record_b
    ):
        rows = client_for(officer_a).get(self.api_list_url).json()["results"]
        assert {row["id"] for row in rows} == {record_a.pk}

    def test_export_hides_other_commune(self):
        pytest.skip("imports have no list export (each job's problems are a per-record page)")

    def test_reader_sees_no_record_anywhere(self, client_for, reader, record_a):
        client = client_for(reader)
        for url in [self.list_url, *self._record_urls(record_a)]:
            assert client.get(url).status_code == 404, url
        assert client.get(self.api_list_url).status_code == 404
        assert client.get(self.api_detail_url.format(pk=record_a.pk)).status_code == 404

    def test_health_sees_no_import(self, client_for, health, record_a):
        """A sector grant (identity fields of its people) never reaches imports."""
        client = client_for(health)
        for url in [self.list_url, *self._record_urls(record_a)]:
            assert client.get(url).status_code == 404, url
        assert client.get(self.api_detail_url.format(pk=record_a.pk)).status_code == 404
