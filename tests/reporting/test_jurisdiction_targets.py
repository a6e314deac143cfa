"""The jurisdiction suites of targets and entered figures: a commune never reaches another
commune's, on any surface; a department sees its own only; the steering-committee reader
reads them (aggregates, restated below) but writes none."""

from reporting import services

from ..jurisdiction import JurisdictionSuite
from .helpers import past_period


class _Restated:
    def search_text(self, record):
        return record.unit.name_folded

    def label(self, record):
        return record.unit.name

    def test_reader_sees_no_record_anywhere(self, client_for, reader, record_a):
        """Restated: the reader reads targets and entered figures (aggregates), writes none."""
        client = client_for(reader)
        assert client.get(self.detail_url.format(pk=record_a.pk)).status_code == 200
        assert client.get(self.list_url).status_code == 200
        assert client.post(self.api_list_url, {}).status_code == 403

    def test_api_detail_of_other_commune_answers_404(
        self, client_for, officer_a, record_a, record_b
    ):
        """Restated: nothing is edited through the API (the same 405 in and out of scope)."""
        client = client_for(officer_a)
        assert client.get(self.api_detail_url.format(pk=record_a.pk)).status_code == 200
        url = self.api_detail_url.format(pk=record_b.pk)
        assert client.get(url).status_code == 404
        mine = client.patch(self.api_detail_url.format(pk=record_a.pk), {})
        assert client.patch(url, {}).status_code == mine.status_code == 405

    def test_health_sees_none_of_a_communes(self, client_for, health, record_a):
        client = client_for(health)
        assert client.get(self.detail_url.format(pk=record_a.pk)).status_code == 404
        assert self.label(record_a) not in client.get(self.list_url).text
        assert client.get(self.api_detail_url.format(pk=record_a.pk)).status_code == 404


class TestTargetJurisdiction(_Restated, JurisdictionSuite):
    from reporting.models import Target as model

    list_url = "/reports/targets/"
    detail_url = "/reports/targets/{pk}/"
    api_list_url = "/api/v1/report-targets/"
    api_detail_url = "/api/v1/report-targets/{pk}/"

    def make_record(self, actor, commune):
        return services.target_create(
            actor=actor, code="news_items", kind="year", year_from=2026, value=3
        )

    def test_delete_of_other_commune_answers_404(self, client_for, officer_a, record_b):
        client = client_for(officer_a)
        assert client.get(f"/reports/targets/{record_b.pk}/delete/").status_code == 404
        assert client.post(f"/reports/targets/{record_b.pk}/delete/").status_code == 404
        assert client.delete(self.api_detail_url.format(pk=record_b.pk)).status_code == 404


class TestEnteredFigureJurisdiction(_Restated, JurisdictionSuite):
    from reporting.models import EnteredFigure as model

    list_url = "/reports/figures/"
    detail_url = "/reports/figures/{pk}/"
    api_list_url = "/api/v1/report-figures/"
    api_detail_url = "/api/v1/report-figures/{pk}/"

    def make_record(self, actor, commune):
        return services.entered_set(
            actor=actor, period=past_period(), code="news_items", value=3, source="Đài xã"
        )
