"""The jurisdiction suite for supporters (who helps each person). A supporter lives under its
person: its "list" is the person page's "Who helps" section and the API list, its pages are the
form to end it and the form to assign one under the person, and it has no export; those tests
of the suite are restated for that shape."""

import datetime

from django.utils import timezone

from registry import services
from registry.models import Supporter

from ..factories import make_person
from ..jurisdiction import PersonRecordJurisdictionSuite

API = "/api/v1/supporters/"


def today() -> datetime.date:
    """The local date when the test runs, not when the module was imported: a run that
    crosses midnight in Asia/Ho_Chi_Minh sees the new day."""
    return timezone.localdate()


class TestSupporterJurisdiction(PersonRecordJurisdictionSuite):
    model = Supporter
    api_list_url = API
    api_detail_url = API + "{pk}/"
    no_export_reason = "supporters have no export"

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
            start_on=today() - datetime.timedelta(days=3),
        )

    def search_text(self, record):
        return record.person.full_name_folded

    def label(self, record):
        return record.name

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
            {"ended_on": str(today()), "end_reason": "x"},
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
                "start_on": str(today()),
            },
            content_type="application/json",
        )
        assert response.status_code == 400 and "person" in response.json()
        record_b.refresh_from_db()
        assert record_b.ended_on is None
        assert Supporter.objects.filter(person_id=record_b.person_id).count() == 1
