"""Jurisdiction suites of the treatment records: Health writes them, commune A's officer reads
those of A's people only, the province reads both, the steering committee none."""

from treatment.models import PsychosisRecord, SubstitutionTreatment

from ..factories import make_agency, make_person, make_user
from ..jurisdiction import JurisdictionSuite
from .helpers import enrol, flag, hospital, site


def _health():
    from accounts.models import User
    from areas.models import AdminUnit

    user = User.objects.filter(username="health_treatment_suite").first()
    if user:
        return user
    province = AdminUnit.objects.get(path="92")
    agency = make_agency("Sở Y tế (suite)", "department", "health", province)
    return make_user("health_treatment_suite", "department", province, agency=agency)


class TestTreatmentJurisdiction(JurisdictionSuite):
    model = SubstitutionTreatment
    list_url = "/treatment/substitution/"
    detail_url = "/treatment/substitution/{pk}/"
    export_url = "/treatment/substitution/?format=xlsx"
    api_list_url = "/api/v1/substitution-treatments/"
    api_detail_url = "/api/v1/substitution-treatments/{pk}/"

    def make_record(self, actor, commune):
        a = commune.code == "31135"
        person = make_person(actor, commune, full_name="Nguyễn Văn Ánh" if a else "Hồ Thị Đào")
        health = _health()
        facility = site(health, commune, name=f"Cơ sở Methadone {commune.code}")
        return enrol(health, person, facility, code="MMT-A-01" if a else "MMT-B-02")

    def search_text(self, record):
        return record.person.full_name_folded

    def label(self, record):
        return record.patient_code

    def test_commune_officer_reads_but_may_not_write(self, client_for, officer_a, record_a):
        client = client_for(officer_a)
        url = f"/treatment/substitution/{record_a.pk}/status/"
        assert client.get(url).status_code == 404
        response = client.post(
            f"{self.api_list_url}{record_a.pk}/status/",
            {"status": "dropped_out", "occurred_on": "2025-01-01"},
            content_type="application/json",
        )
        assert response.status_code == 403
        record_a.refresh_from_db()
        assert record_a.is_active

    def test_edit_post_of_other_commune_answers_404(self, client_for, officer_a, record_b):
        # No edit page for the police (read-only): Health's status page answers 404 to them.
        url = f"/treatment/substitution/{record_b.pk}/status/"
        body = {"status": "dropped_out", "occurred_on": "01/01/2026"}
        assert client_for(officer_a).post(url, body).status_code == 404
        record_b.refresh_from_db()
        assert record_b.is_active

    def test_reader_sees_no_record_anywhere(self, client_for, reader, record_a):
        super().test_reader_sees_no_record_anywhere(client_for, reader, record_a)
        assert client_for(reader).get(self.api_list_url).status_code == 404


class TestPsychosisJurisdiction(JurisdictionSuite):
    model = PsychosisRecord
    list_url = "/treatment/psychosis/"
    detail_url = "/treatment/psychosis/{pk}/"
    export_url = "/treatment/psychosis/?format=xlsx"
    api_list_url = "/api/v1/psychosis/"
    api_detail_url = "/api/v1/psychosis/{pk}/"

    def make_record(self, actor, commune):
        a = commune.code == "31135"
        person = make_person(actor, commune, full_name="Nguyễn Văn Ánh" if a else "Hồ Thị Đào")
        health = _health()
        facility = hospital(health, commune, name=f"Bệnh viện {commune.code}")
        return flag(health, person, facility, physician_name="BS. Phạm An" if a else "BS. Đỗ Bình")

    def search_text(self, record):
        return record.person.full_name_folded

    def label(self, record):
        return record.physician_name

    def test_edit_post_of_other_commune_answers_404(self, client_for, officer_a, record_b):
        url = f"/treatment/psychosis/{record_b.pk}/end/"
        body = {"ended_on": "01/01/2026", "end_reason": "recovered"}
        assert client_for(officer_a).post(url, body).status_code == 404
        record_b.refresh_from_db()
        assert record_b.is_open

    def test_commune_officer_may_not_end_it(self, client_for, officer_a, record_a):
        client = client_for(officer_a)
        assert client.get(f"/treatment/psychosis/{record_a.pk}/end/").status_code == 404
        response = client.post(
            f"{self.api_list_url}{record_a.pk}/end/",
            {"ended_on": "2026-01-01", "end_reason": "recovered"},
            content_type="application/json",
        )
        assert response.status_code == 403
