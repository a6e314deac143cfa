"""The jurisdiction suite for reports. A report holds aggregates, not personal records: the
steering-committee reader READS reports (restated below); a commune never reaches another
commune's report, on any surface."""

import pytest

from reporting import services
from reporting.models import Report

from ..jurisdiction import JurisdictionSuite
from .helpers import past_period


class TestReportJurisdiction(JurisdictionSuite):
    model = Report
    list_url = "/reports/all/"
    detail_url = "/reports/{pk}/"
    extra_detail_urls = ("/reports/{pk}/build-status/",)
    api_list_url = "/api/v1/reports/"
    api_detail_url = "/api/v1/reports/{pk}/"

    def make_record(self, actor, commune):
        return services.report_open(actor=actor, period=past_period())

    def search_text(self, record):
        return record.unit.name_folded

    def label(self, record):
        return record.unit.name

    def test_reader_sees_no_record_anywhere(self, client_for, reader, record_a):
        """Restated: the reader reads reports (aggregates), but writes none."""
        client = client_for(reader)
        assert client.get(self.detail_url.format(pk=record_a.pk)).status_code == 200
        assert client.get(self.list_url).status_code == 200
        url = self.api_detail_url.format(pk=record_a.pk)
        assert client.patch(url, {}, content_type="application/json").status_code == 404
        assert client.post(f"/reports/{record_a.pk}/build/").status_code == 404

    @pytest.mark.parametrize("action", ["save", "build", "submit", "receive", "return", "correct"])
    def test_actions_on_other_commune_answer_404(self, client_for, officer_a, record_b, action):
        client = client_for(officer_a)
        assert client.post(f"/reports/{record_b.pk}/{action}/").status_code == 404
        assert client.post(f"/api/v1/reports/{record_b.pk}/{action}/").status_code in (404, 405)

    def test_health_sees_no_commune_report(self, client_for, health, record_a):
        """A department reports for itself: it sees its own reports, never a commune's."""
        client = client_for(health)
        assert client.get(self.detail_url.format(pk=record_a.pk)).status_code == 404
        assert client.get(self.list_url).status_code == 200
        assert self.label(record_a) not in client.get(self.list_url).text
        ids = {row["id"] for row in client.get(self.api_list_url).json()["results"]}
        assert record_a.pk not in ids

    def test_a_department_never_reaches_another_departments_report(self, client_for, health, units):
        from ..factories import make_agency, make_user

        agency = make_agency("Sở Giáo dục và Đào tạo", "department", "education", units["province"])
        education = make_user("education_user", "department", units["province"], agency=agency)
        theirs = services.report_open(actor=education, period=past_period())
        client = client_for(health)
        assert client.get(self.detail_url.format(pk=theirs.pk)).status_code == 404
        assert client.get(self.api_detail_url.format(pk=theirs.pk)).status_code == 404
        assert client.post(f"/reports/{theirs.pk}/submit/").status_code == 404
