"""Jurisdiction suites of the rehab records."""

import datetime

from rehab.models import AddictionDetermination, Dossier, RehabPlacement

from ..factories import make_agency, make_person, make_user
from ..jurisdiction import JurisdictionSuite
from .helpers import (
    compile_dossier,
    dossier_stage,
    make_facility,
    open_placement,
    raise_determination_task,
    record_determination,
)

API = "/api/v1/determinations/"


class TestDeterminationJurisdiction(JurisdictionSuite):
    """Health records determinations; commune A's officer reads those of A's people only."""

    model = AddictionDetermination
    list_url = "/rehab/determinations/"
    detail_url = "/rehab/determinations/{pk}/"
    api_list_url = API
    api_detail_url = API + "{pk}/"

    def make_record(self, actor, commune):
        from areas.models import AdminUnit

        province = AdminUnit.objects.get(path="92")
        health = _health(province)
        a = commune.code == "31135"
        person = make_person(actor, commune, full_name="Nguyễn Văn Ánh" if a else "Hồ Thị Đào")
        raise_determination_task(person)
        facility = make_facility(health, commune, name=f"Trạm Y tế {commune.code}")
        return record_determination(
            health, person, facility, number="PKQ-A-01" if a else "PKQ-B-02"
        )

    def search_text(self, record):
        return record.person.full_name_folded

    def label(self, record):
        return record.number

    def test_api_detail_of_other_commune_answers_404(
        self, client_for, officer_a, record_a, record_b
    ):
        client = client_for(officer_a)
        assert client.get(self.api_detail_url.format(pk=record_a.pk)).status_code == 200
        assert client.get(self.api_detail_url.format(pk=record_b.pk)).status_code == 404
        # Nothing is edited or deleted: the same answer in and out of scope tells nothing.
        for method in ("patch", "put", "delete"):
            mine = getattr(client, method)(self.api_detail_url.format(pk=record_a.pk))
            other = getattr(client, method)(self.api_detail_url.format(pk=record_b.pk))
            assert mine.status_code == other.status_code == 405, method

    def test_reader_sees_no_record_anywhere(self, client_for, reader, record_a):
        client = client_for(reader)
        for url in [self.list_url, *self._record_urls(record_a)]:
            assert client.get(url).status_code == 404, url
        assert client.get(self.api_detail_url.format(pk=record_a.pk)).status_code == 404
        assert client.get(self.api_list_url).status_code == 404

    def test_api_create_for_other_communes_person_is_refused(self, client_for, officer_a, record_b):
        # A commune officer records no determination at all.
        response = client_for(officer_a).post(
            API, {"person": record_b.person_id}, content_type="application/json"
        )
        assert response.status_code == 403


def _health(province):
    from accounts.models import User

    user = User.objects.filter(username="health_suite").first()
    if user:
        return user
    agency = make_agency("Sở Y tế (suite)", "department", "health", province)
    return make_user("health_suite", "department", province, agency=agency)


class TestPlacementJurisdiction(JurisdictionSuite):
    """Commune A's officer reaches the placements of A's people only; Health none."""

    model = RehabPlacement
    list_url = "/rehab/placements/"
    detail_url = "/rehab/placements/{pk}/"
    edit_url = "/rehab/placements/{pk}/end/"
    export_url = "/rehab/placements/?format=xlsx"
    api_list_url = "/api/v1/placements/"
    api_detail_url = "/api/v1/placements/{pk}/"

    def make_record(self, actor, commune):
        a = commune.code == "31135"
        person = make_person(actor, commune, full_name="Nguyễn Văn Ánh" if a else "Hồ Thị Đào")
        return open_placement(
            actor,
            person,
            start_on=datetime.date(2025, 3, 15),
            decision_number="QĐ-CN-A" if a else "QĐ-CN-B",
        )

    def search_text(self, record):
        return record.person.full_name_folded

    def label(self, record):
        return record.decision_number

    def test_api_detail_of_other_commune_answers_404(
        self, client_for, officer_a, record_a, record_b
    ):
        client = client_for(officer_a)
        assert client.get(self.api_detail_url.format(pk=record_a.pk)).status_code == 200
        assert client.get(self.api_detail_url.format(pk=record_b.pk)).status_code == 404
        for method in ("patch", "put", "delete"):
            mine = getattr(client, method)(self.api_detail_url.format(pk=record_a.pk))
            other = getattr(client, method)(self.api_detail_url.format(pk=record_b.pk))
            assert mine.status_code == other.status_code == 405, method
        url = self.api_detail_url.format(pk=record_b.pk) + "end/"
        body = {"outcome": "quit", "ended_on": "2025-04-01"}
        assert client.post(url, body, content_type="application/json").status_code == 404
        response = client.post(
            self.api_list_url,
            {
                "person": record_b.person_id,
                "form": "voluntary_home",
                "start_on": "2025-06-01",
                "decision_number": "x",
                "decision_date": "2025-06-01",
                "decision_body": "x",
            },
            content_type="application/json",
        )
        assert response.status_code == 400 and "person" in response.json()
        assert RehabPlacement.objects.filter(person_id=record_b.person_id).count() == 1

    def test_reader_sees_no_record_anywhere(self, client_for, reader, record_a):
        client = client_for(reader)
        for url in [self.list_url, *self._record_urls(record_a), self.export_url]:
            assert client.get(url).status_code == 404, url
        assert client.get(self.api_detail_url.format(pk=record_a.pk)).status_code == 404
        assert client.get(self.api_list_url).status_code == 404

    def test_health_sees_none(self, client_for, health, record_a):
        client = client_for(health)
        for url in [self.list_url, *self._record_urls(record_a), self.api_list_url]:
            assert client.get(url).status_code == 404, url


class TestDossierJurisdiction(JurisdictionSuite):
    """Commune A's officer reaches the dossiers (and their files) of A's people only; Health
    none; the reader none."""

    model = Dossier
    list_url = "/rehab/dossiers/"
    detail_url = "/rehab/dossiers/{pk}/"
    edit_url = "/rehab/dossiers/{pk}/stage/open_for_reading/"
    export_url = "/rehab/dossiers/?format=xlsx"
    api_list_url = "/api/v1/dossiers/"
    api_detail_url = "/api/v1/dossiers/{pk}/"

    def make_record(self, actor, commune):
        a = commune.code == "31135"
        person = make_person(
            actor,
            commune,
            full_name="Nguyễn Văn Ánh" if a else "Hồ Thị Đào",
            date_of_birth=datetime.date(1990, 1, 1),
        )
        return compile_dossier(actor, person, compiled_on=datetime.date(2026, 3, 2))

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
        stage = {"stage": "open_for_reading", "occurred_on": "2026-03-03"}
        response = client.post(
            f"{self.api_detail_url.format(pk=record_b.pk)}stage/",
            stage,
            content_type="application/json",
        )
        assert response.status_code == 404
        for method in ("patch", "put", "delete"):
            mine = getattr(client, method)(self.api_detail_url.format(pk=record_a.pk))
            other = getattr(client, method)(self.api_detail_url.format(pk=record_b.pk))
            assert mine.status_code == other.status_code == 405, method

    def test_files_and_flag_of_other_commune_answer_404(
        self, client_for, officer_a, officer_b, record_b, settings, tmp_path
    ):
        from django.core.files.uploadedfile import SimpleUploadedFile

        settings.STORAGES = {
            **settings.STORAGES,
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": tmp_path, "base_url": None},
            },
        }
        pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")
        dossier_stage(
            officer_b, record_b, "open_for_reading", datetime.date(2026, 3, 3), files=[pdf]
        )
        f = record_b.events.get(stage="open_for_reading").files.get()
        client = client_for(officer_a)
        assert client.get(f"/rehab/dossiers/{record_b.pk}/files/{f.pk}/").status_code == 404
        response = client.post(f"/rehab/dossiers/{record_b.pk}/high-risk/", {"high_risk": "1"})
        assert response.status_code == 404
        record_b.refresh_from_db()
        assert not record_b.high_risk

    def test_health_sees_none(self, client_for, health, record_a):
        client = client_for(health)
        assert client.get(self.list_url).status_code == 404
        assert client.get(self.detail_url.format(pk=record_a.pk)).status_code == 404
        assert client.get(self.api_list_url).status_code == 404
