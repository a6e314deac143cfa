"""Jurisdiction suites of rehab's follow-up records: services reached, voluntary-rehab
registrations, post-rehab support, relapses and certificates, education at commune. Each is a
record of one commune's person: another commune gets 404 on its pages, forms and API, its
lists and searches leave it out; Health and readers see none; the province sees both."""

import datetime

from rehab.models import (
    EducationMeasure,
    PostRehabCertificate,
    PostRehabRelapse,
    PostRehabSupport,
    ServiceReached,
    VoluntaryRegistration,
)
from rehab.services_followup import post_rehab_relapse_record

from ..factories import make_person
from ..jurisdiction import JurisdictionSuite, PersonRecordJurisdictionSuite
from .test_education import compile_
from .test_followup import certificate, open_post_rehab, support
from .test_reach import reach, register

D = datetime.date


def _post_rehab_period(actor, commune):
    a = commune.code == "31135"
    person = make_person(
        actor, commune, full_name="Nguyễn Văn Ánh" if a else "Hồ Thị Đào", category="post_rehab"
    )
    return a, open_post_rehab(actor, person)


class TestServiceReachedJurisdiction(PersonRecordJurisdictionSuite):
    model = ServiceReached
    api_list_url = "/api/v1/services-reached/"
    api_detail_url = "/api/v1/services-reached/{pk}/"
    no_export_reason = "services reached have no export"

    def make_record(self, actor, commune):
        a = commune.code == "31135"
        person = make_person(actor, commune, full_name="Nguyễn Văn Ánh" if a else "Hồ Thị Đào")
        return reach(actor, person, provider="Tư vấn Ninh Kiều" if a else "Tư vấn Cái Khế")

    def search_text(self, record):
        return record.person.full_name_folded

    def label(self, record):
        return record.provider

    def _record_urls(self, record):
        base = f"/rehab/people/{record.person_id}/"
        return [base + "services/new/", base + "voluntary-registrations/new/"]

    def test_edit_post_of_other_commune_answers_404(self, client_for, officer_a, record_b):
        client = client_for(officer_a)
        for url in self._record_urls(record_b):
            assert client.post(url, {}).status_code == 404, url
        response = client.post(
            "/api/v1/voluntary-registrations/",
            {"person": record_b.person_id, "registered_on": "2026-03-01", "form": "voluntary_home"},
            content_type="application/json",
        )
        assert response.status_code == 400 and "person" in response.json()
        assert not VoluntaryRegistration.objects.exists()


class TestPostRehabSupportJurisdiction(PersonRecordJurisdictionSuite):
    """Support lives under a post-rehab period: its pages are the period's follow-up page and
    the forms under it; the person page and the API list it."""

    model = PostRehabSupport
    api_list_url = "/api/v1/post-rehab-supports/"
    api_detail_url = "/api/v1/post-rehab-supports/{pk}/"
    no_export_reason = "follow-up records have no export"

    def make_record(self, actor, commune):
        a = commune.code == "31135"
        person = make_person(
            actor, commune, full_name="Nguyễn Văn Ánh" if a else "Hồ Thị Đào", category="post_rehab"
        )
        p = open_post_rehab(actor, person)
        return support(actor, p, given_by="Hội LHPN Ninh Kiều" if a else "Đoàn TN Cái Khế")

    def search_text(self, record):
        return record.person.full_name_folded

    def label(self, record):
        return record.given_by

    def _record_urls(self, record):
        base = f"/rehab/post-rehab/{record.period_id}/"
        return [base, base + "support/new/", base + "relapse/new/", base + "certificate/new/"]

    def test_edit_post_of_other_commune_answers_404(self, client_for, officer_a, record_b):
        client = client_for(officer_a)
        for url in self._record_urls(record_b)[1:]:
            assert client.post(url, {}).status_code == 404, url
        for api in ("post-rehab-relapses", "post-rehab-certificates"):
            response = client.post(
                f"/api/v1/{api}/", {"period": record_b.period_id}, content_type="application/json"
            )
            assert response.status_code == 400 and "period" in response.json()
        assert not PostRehabRelapse.objects.exists()


class TestEducationJurisdiction(JurisdictionSuite):
    model = EducationMeasure
    list_url = "/rehab/education/"
    detail_url = "/rehab/education/{pk}/"
    edit_url = "/rehab/education/{pk}/decide/"
    api_list_url = "/api/v1/education-measures/"
    api_detail_url = "/api/v1/education-measures/{pk}/"

    def make_record(self, actor, commune):
        a = commune.code == "31135"
        person = make_person(actor, commune, full_name="Nguyễn Văn Ánh" if a else "Hồ Thị Đào")
        return compile_(actor, person, dossier_number="HS-A-01" if a else "HS-B-02")

    def search_text(self, record):
        return record.person.full_name_folded

    def label(self, record):
        return record.person.full_name

    def test_api_detail_of_other_commune_answers_404(
        self, client_for, officer_a, record_a, record_b
    ):
        client = client_for(officer_a)
        assert client.get(self.api_detail_url.format(pk=record_a.pk)).status_code == 200
        assert client.get(self.api_detail_url.format(pk=record_b.pk)).status_code == 404
        for step in ("decide", "end", "withdraw"):
            url = f"{self.api_detail_url.format(pk=record_b.pk)}{step}/"
            assert client.post(url, {}, content_type="application/json").status_code == 404
        for method in ("patch", "put", "delete"):
            mine = getattr(client, method)(self.api_detail_url.format(pk=record_a.pk))
            other = getattr(client, method)(self.api_detail_url.format(pk=record_b.pk))
            assert mine.status_code == other.status_code == 405, method

    def test_health_sees_none(self, client_for, health, record_a):
        client = client_for(health)
        for url in [self.list_url, *self._record_urls(record_a), self.api_list_url]:
            assert client.get(url).status_code == 404, url


class TestVoluntaryRegistrationJurisdiction(TestServiceReachedJurisdiction):
    model = VoluntaryRegistration
    api_list_url = "/api/v1/voluntary-registrations/"
    api_detail_url = "/api/v1/voluntary-registrations/{pk}/"
    no_export_reason = "voluntary-rehab registrations have no export"

    def make_record(self, actor, commune):
        a = commune.code == "31135"
        person = make_person(actor, commune, full_name="Nguyễn Văn Ánh" if a else "Hồ Thị Đào")
        return register(actor, person, place="12 Trần Phú, Ninh Kiều" if a else "5 Lê Lợi, Cái Khế")

    def label(self, record):
        return record.place

    def test_edit_post_of_other_commune_answers_404(self, client_for, officer_a, record_b):
        client = client_for(officer_a)
        before = VoluntaryRegistration.objects.count()
        for url in self._record_urls(record_b):
            assert client.post(url, {}).status_code == 404, url
        assert VoluntaryRegistration.objects.count() == before


class _FollowUpSuite(TestPostRehabSupportJurisdiction):
    """Relapses and certificates live on the same follow-up page and forms as support."""

    def test_edit_post_of_other_commune_answers_404(self, client_for, officer_a, record_b):
        client = client_for(officer_a)
        before = self.model.objects.count()
        for url in self._record_urls(record_b)[1:]:
            assert client.post(url, {}).status_code == 404, url
        assert self.model.objects.count() == before


class TestPostRehabRelapseJurisdiction(_FollowUpSuite):
    model = PostRehabRelapse
    api_list_url = "/api/v1/post-rehab-relapses/"
    api_detail_url = "/api/v1/post-rehab-relapses/{pk}/"

    def make_record(self, actor, commune):
        a, period = _post_rehab_period(actor, commune)
        return post_rehab_relapse_record(
            actor=actor,
            period=period,
            occurred_on=D(2025, 6, 2) if a else D(2025, 7, 3),
            basis="positive_test",
        )

    def label(self, record):
        return f"{record.occurred_on:%d/%m/%Y}"


class TestPostRehabCertificateJurisdiction(_FollowUpSuite):
    model = PostRehabCertificate
    api_list_url = "/api/v1/post-rehab-certificates/"
    api_detail_url = "/api/v1/post-rehab-certificates/{pk}/"

    def make_record(self, actor, commune):
        a, period = _post_rehab_period(actor, commune)
        return certificate(actor, period, number="05/GCN-NK" if a else "07/GCN-CK")

    def label(self, record):
        return record.number
