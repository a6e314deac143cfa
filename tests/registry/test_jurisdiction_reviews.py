"""The jurisdiction suite for review items: the people of a review campaign. An item lives under
its campaign and its person: its list is the campaign's work list (page and API), its pages are
the review form and the quick confirm; it has no export. The campaign is opened by the province
once both people exist, so the URLs of the suite are restated with the campaign's id."""

import pytest

from registry import services
from registry.models import ReviewItem

from ..factories import make_person
from ..jurisdiction import JurisdictionSuite


class TestReviewItemJurisdiction(JurisdictionSuite):
    model = ReviewItem

    @pytest.fixture
    def people(self, officer_a, officer_b, units):
        return {
            "a": make_person(officer_a, units["a"], full_name="Nguyễn Văn Ánh"),
            "b": make_person(officer_b, units["b"], full_name="Hồ Thị Đào", sex="F"),
        }

    @pytest.fixture
    def campaign(self, pc04, people):
        from django.utils import timezone

        return services.review_campaign_open(
            actor=pc04,
            name="Tổng rà soát",
            deadline=timezone.localdate(),
            categories=["illicit_user"],
        )

    @pytest.fixture
    def record_a(self, campaign, people):
        return ReviewItem.objects.get(campaign=campaign, person=people["a"])

    @pytest.fixture
    def record_b(self, campaign, people):
        return ReviewItem.objects.get(campaign=campaign, person=people["b"])

    def search_text(self, record):
        return record.person.full_name_folded

    def label(self, record):
        return record.person.full_name

    @staticmethod
    def list_page(record):
        return f"/people/reviews/{record.campaign_id}/people/"

    @staticmethod
    def api_list(record):
        return f"/api/v1/review-campaigns/{record.campaign_id}/items/"

    def api_detail(self, record):
        return f"{self.api_list(record)}{record.pk}/"

    def _record_urls(self, record):
        return [f"{self.list_page(record)}{record.pk}/", self.api_detail(record)]

    def test_edit_post_of_other_commune_answers_404(self, client_for, officer_a, record_b):
        client = client_for(officer_a)
        base = self.list_page(record_b)
        data = {"outcome": "confirmed", "reviewed_on": "01/01/2026"}
        assert client.post(f"{base}{record_b.pk}/", data).status_code == 404
        assert client.post(f"{base}{record_b.pk}/confirm/", {}).status_code == 404
        response = client.post(
            f"{self.api_detail(record_b)}review/",
            {"outcome": "confirmed"},
            content_type="application/json",
        )
        assert response.status_code == 404
        record_b.refresh_from_db()
        assert record_b.is_pending

    def test_api_detail_of_other_commune_answers_404(
        self, client_for, officer_a, record_a, record_b
    ):
        client = client_for(officer_a)
        assert client.get(self.api_detail(record_a)).status_code == 200
        assert client.get(self.api_detail(record_b)).status_code == 404
        for method in ("patch", "put", "delete"):
            mine = getattr(client, method)(self.api_detail(record_a))
            other = getattr(client, method)(self.api_detail(record_b))
            assert mine.status_code == other.status_code == 405, method

    def test_list_and_search_hide_other_commune(self, client_for, officer_a, record_a, record_b):
        client = client_for(officer_a)
        page = client.get(self.list_page(record_a)).text
        assert self.label(record_a) in page and self.label(record_b) not in page
        found = client.get(self.list_page(record_a), {"q": self.search_text(record_b)}).text
        assert self.label(record_b) not in found
        found = client.get(self.list_page(record_a), {"q": self.search_text(record_a)}).text
        assert self.label(record_a) in found

    def test_api_list_and_search_hide_other_commune(
        self, client_for, officer_a, record_a, record_b
    ):
        client = client_for(officer_a)
        ids = {row["id"] for row in client.get(self.api_list(record_a)).json()["results"]}
        assert record_a.pk in ids and record_b.pk not in ids
        found = client.get(self.api_list(record_a), {"q": self.search_text(record_b)}).json()
        assert found["count"] == 0
        found = client.get(self.api_list(record_a), {"person": record_b.person_id}).json()
        assert found["count"] == 0

    def test_export_hides_other_commune(self):
        pytest.skip("review items have no export")

    def test_reader_sees_no_record_anywhere(self, client_for, reader, record_a):
        client = client_for(reader)
        for url in [self.list_page(record_a), *self._record_urls(record_a)]:
            assert client.get(url).status_code == 404, url
        assert client.get(self.api_list(record_a)).status_code == 404

    def test_health_sees_no_record(self, client_for, health, record_a):
        client = client_for(health)
        for url in [self.list_page(record_a), *self._record_urls(record_a)]:
            assert client.get(url).status_code == 404, url

    def test_province_sees_both(self, client_for, pc04, record_a, record_b):
        client = client_for(pc04)
        page = client.get(self.list_page(record_a)).text
        assert self.label(record_a) in page and self.label(record_b) in page
        for record in (record_a, record_b):
            for url in self._record_urls(record):
                assert client.get(url).status_code == 200, url

    def test_anonymous_is_sent_to_login_or_401(self, client, record_a):
        response = client.get(self._record_urls(record_a)[0])
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert client.get(self.api_detail(record_a)).status_code == 401
        assert client.get(self.api_list(record_a)).status_code == 401
