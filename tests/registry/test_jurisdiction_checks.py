"""The jurisdiction suite for drug tests and contacts. They live under their person: their
"list" page is the person page's "Tests and contacts" section, their pages are the two forms
under the person, and they have no edit page or export; the API has a list (searchable by the
person's name) and a detail. The tests of the suite that assume another shape are restated."""

import datetime

import pytest
from django.utils import timezone

from registry import services
from registry.choices import ContactKind
from registry.models import Contact, DrugTest

from ..factories import make_person
from ..jurisdiction import JurisdictionSuite

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def _person(actor, commune):
    a = commune.code == "31135"
    return make_person(actor, commune, full_name="Nguyễn Văn Ánh" if a else "Hồ Thị Đào"), a


class _PersonCheckSuite(JurisdictionSuite):
    kind = ""  # "tests" or "contacts": the form under the person

    def search_text(self, record):
        return record.person.full_name_folded

    def form_url(self, record):
        return f"/people/{record.person_id}/{self.kind}/new/"

    @staticmethod
    def person_url(record):
        return f"/people/{record.person_id}/"

    def _record_urls(self, record):
        return [self.form_url(record), self.api_detail_url.format(pk=record.pk)]

    def post_data(self, record) -> dict:
        raise NotImplementedError

    def test_edit_post_of_other_commune_answers_404(self, client_for, officer_a, record_b):
        client = client_for(officer_a)
        before = self.model.objects.count()
        assert client.post(self.form_url(record_b), self.post_data(record_b)).status_code == 404
        # Through the API, a person out of scope is unknown: the field says so, no more.
        response = client.post(
            self.api_list_url, self.post_data(record_b), content_type="application/json"
        )
        assert response.status_code == 400 and "person" in response.json()
        assert self.model.objects.count() == before

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
        client = client_for(officer_a)
        page = client.get(self.person_url(record_a)).text
        assert self.label(record_a) in page and self.label(record_b) not in page
        assert client.get(self.person_url(record_b)).status_code == 404

    def test_api_list_filtered_by_a_person_out_of_scope_is_empty(
        self, client_for, officer_a, record_b
    ):
        body = client_for(officer_a).get(self.api_list_url, {"person": record_b.person_id}).json()
        assert body["count"] == 0

    def test_export_hides_other_commune(self):
        pytest.skip("tests and contacts have no export")

    def test_reader_sees_no_record_anywhere(self, client_for, reader, record_a):
        client = client_for(reader)
        for url in [self.person_url(record_a), *self._record_urls(record_a)]:
            assert client.get(url).status_code == 404, url
        assert client.get(self.api_list_url).status_code == 404

    def test_identity_grant_sees_no_record(self, client_for, health, record_a):
        client = client_for(health)
        assert self.label(record_a) not in client.get(self.person_url(record_a)).text
        assert client.get(self.api_detail_url.format(pk=record_a.pk)).status_code == 404
        assert client.get(self.api_list_url).status_code == 404

    def test_province_sees_both(self, client_for, pc04, record_a, record_b):
        client = client_for(pc04)
        ids = {row["id"] for row in client.get(self.api_list_url).json()["results"]}
        assert {record_a.pk, record_b.pk} <= ids
        for record in (record_a, record_b):
            assert self.label(record) in client.get(self.person_url(record)).text
            for url in self._record_urls(record):
                assert client.get(url).status_code == 200, url

    def test_anonymous_is_sent_to_login_or_401(self, client, record_a):
        response = client.get(self.form_url(record_a))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert client.get(self.api_detail_url.format(pk=record_a.pk)).status_code == 401
        assert client.get(self.api_list_url).status_code == 401


class TestDrugTestJurisdiction(_PersonCheckSuite):
    model = DrugTest
    kind = "tests"
    api_list_url = "/api/v1/drug-tests/"
    api_detail_url = "/api/v1/drug-tests/{pk}/"

    def make_record(self, actor, commune):
        person, a = _person(actor, commune)
        return services.drug_test_record(
            actor=actor,
            person=person,
            tested_on=YESTERDAY,
            method="quick",
            sample="urine",
            substances_tested=["methamphetamine"],
            result="negative",
            place="Trạm y tế Ninh Kiều" if a else "Trạm y tế Cái Khế",
        )

    def label(self, record):
        return record.place

    def post_data(self, record):
        return {
            "person": record.person_id,
            "tested_on": YESTERDAY.isoformat(),
            "method": "quick",
            "sample": "urine",
            "substances_tested": ["opiates"],
            "result": "negative",
        }


class TestContactJurisdiction(_PersonCheckSuite):
    model = Contact
    kind = "contacts"
    api_list_url = "/api/v1/contacts/"
    api_detail_url = "/api/v1/contacts/{pk}/"

    def make_record(self, actor, commune):
        person, a = _person(actor, commune)
        return services.contact_record(
            actor=actor,
            person=person,
            contacted_on=YESTERDAY,
            kind=ContactKind.HOME_VISIT,
            note="Thăm nhà ở Ninh Kiều" if a else "Thăm nhà ở Cái Khế",
        )

    def label(self, record):
        return record.note

    def post_data(self, record):
        return {
            "person": record.person_id,
            "contacted_on": YESTERDAY.isoformat(),
            "kind": "phone_call",
        }
