"""The jurisdiction suite for management periods. A period lives under its person: its "list"
is the person page's Management periods section and the API list, its pages are the forms to
extend, end and renew it, and it has no export; those tests of the suite are restated for
that shape."""

import datetime

from django.utils import timezone

from registry import services
from registry.models import ManagementPeriod

from ..factories import make_person
from ..jurisdiction import PersonRecordJurisdictionSuite

API = "/api/v1/management-periods/"


class TestManagementPeriodJurisdiction(PersonRecordJurisdictionSuite):
    model = ManagementPeriod
    api_list_url = API
    api_detail_url = API + "{pk}/"
    no_export_reason = "management periods have no export"

    def make_record(self, actor, commune):
        a = commune.code == "31135"
        person = make_person(actor, commune, full_name="Nguyễn Văn Ánh" if a else "Hồ Thị Đào")
        start = timezone.localdate() - datetime.timedelta(days=30)
        return services.period_open(
            actor=actor,
            person=person,
            kind="user",
            start_on=start,
            decision_number="QĐ-xa-A" if a else "QĐ-xa-B",
            decision_date=start,
            decision_body="Công an xã",
        )

    def search_text(self, record):
        return record.person.full_name_folded

    def label(self, record):
        return record.decision_number

    def _record_urls(self, record):
        base = f"/people/{record.person_id}/periods/"
        return [
            f"{base}{record.pk}/extend/",
            f"{base}{record.pk}/end/",
            f"{base}{record.pk}/renew/",
            f"{base}new/",
            f"{API}{record.pk}/",
        ]

    def test_edit_post_of_other_commune_answers_404(self, client_for, officer_a, record_b):
        client = client_for(officer_a)
        for url in self._record_urls(record_b)[:4]:
            assert client.post(url, {}).status_code == 404, url
        for action in ("extend", "end", "renew"):
            url = f"{API}{record_b.pk}/{action}/"
            assert client.post(url, {}, content_type="application/json").status_code == 404
        # Creating under another commune's person: that person is unknown here.
        response = client.post(
            API,
            {
                "person": record_b.person_id,
                "kind": "user",
                "start_on": str(timezone.localdate()),
                "decision_number": "1",
                "decision_date": str(timezone.localdate()),
                "decision_body": "x",
            },
            content_type="application/json",
        )
        assert response.status_code == 400 and "person" in response.json()
        assert ManagementPeriod.objects.filter(person_id=record_b.person_id).count() == 1
