"""Compulsory-rehab dossiers: adult or minor from the age at the last violation, the 3-month
rule, the stages in order with their deadlines on the working-day calendar, the decision and
its legal term for both laws (and the transition of 01/07/2026), enforcement through the
placement service, completion with the placement, files, the due list, pages and API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AccessLog
from registry.due import due_list
from registry.models import ManagementPeriod, Task
from registry.services.work import task_raise
from rehab.models import Dossier, DossierFile, RehabPlacement, StageDeadline
from rehab.services_dossiers import dossier_compile
from rehab.services_placements import placement_end

from ..factories import make_person
from .helpers import (
    compile_dossier,
    decide,
    dossier_stage,
    dossier_to_decision,
    make_facility,
    provincial_police_user,
)

pytestmark = pytest.mark.django_db
D = datetime.date
API = "/api/v1/dossiers/"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }
    return location


@pytest.fixture
def pc(units):
    return provincial_police_user(units, username="pc04_dossier")


@pytest.fixture
def centre(pc, units):
    return make_facility(pc, units["province"], kind="public_rehab", name="Cơ sở cai nghiện số 1")


@pytest.fixture
def reform_school(pc, units):
    return make_facility(
        pc,
        units["province"],
        kind="reform_school",
        name="Trường giáo dưỡng số 4",
        measures=["compulsory_minor"],
    )


@pytest.fixture
def adult(officer_a, units):
    return make_person(
        officer_a,
        units["a"],
        full_name="Trần Văn Lớn",
        birth_year=1995,
        date_of_birth=D(1995, 3, 2),
        category="addicted",
    )


@pytest.fixture
def minor(officer_a, units):
    return make_person(
        officer_a,
        units["a"],
        full_name="Lê Văn Nhỏ",
        birth_year=2010,
        date_of_birth=D(2010, 5, 1),
        category="addicted",
    )


def pdf(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


# ---- compilation ----------------------------------------------------------------------------
def test_compile_adult_law_73_closes_the_task_and_sets_the_reading_deadline(officer_a, adult):
    task = task_raise(
        person=adult, kind="compulsory_dossier_required", title="Lập hồ sơ", due_on=D(2026, 3, 3)
    )
    d = compile_dossier(
        officer_a, adult, compiled_on=D(2026, 3, 2), last_violation_on=D(2026, 2, 20)
    )
    assert (d.is_minor, d.law, d.stage) == (False, "73/2021/QH14", "compiled")
    # Monday 02/03/2026 + 1 working day.
    assert (d.next_step, d.next_due_on) == ("open_for_reading", D(2026, 3, 3))
    task.refresh_from_db()
    assert task.status == "done"
    assert d.events.get().officer_name


def test_minor_from_the_age_at_the_last_violation(officer_a, minor):
    d = compile_dossier(officer_a, minor, compiled_on=D(2026, 3, 2))
    assert d.is_minor


def test_under_12_and_unknown_birthday_are_refused(officer_a, units):
    child = make_person(
        officer_a, units["a"], full_name="Bé Tí", birth_year=2015, date_of_birth=D(2015, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        compile_dossier(officer_a, child, compiled_on=D(2026, 3, 2))
    assert "under 12" in exc.value.message_dict["last_violation_on"][0]
    year_only = make_person(officer_a, units["a"], full_name="Vũ Năm", birth_year=2008)
    with pytest.raises(ValidationError) as exc:
        compile_dossier(officer_a, year_only, compiled_on=D(2026, 3, 2))
    assert "date of birth" in exc.value.message_dict["last_violation_on"][0]
    assert not Dossier.objects.exists()


def test_compilation_more_than_3_months_after_the_violation_is_refused(officer_a, adult):
    with pytest.raises(ValidationError) as exc:
        compile_dossier(
            officer_a, adult, compiled_on=D(2026, 5, 21), last_violation_on=D(2026, 2, 20)
        )
    assert "within 3 months" in exc.value.message_dict["compiled_on"][0]
    assert "20/05/2026" in exc.value.message_dict["compiled_on"][0]
    # On the last day it is still allowed.
    compile_dossier(officer_a, adult, compiled_on=D(2026, 5, 20), last_violation_on=D(2026, 2, 20))


def test_one_open_dossier_per_person_and_grounds_required(officer_a, adult):
    with pytest.raises(ValidationError) as exc:
        compile_dossier(officer_a, adult, compiled_on=D(2026, 3, 2), grounds="  ")
    assert "grounds" in exc.value.message_dict
    compile_dossier(officer_a, adult, compiled_on=D(2026, 3, 2))
    with pytest.raises(ValidationError) as exc:
        compile_dossier(officer_a, adult, compiled_on=D(2026, 3, 3))
    assert "open dossier" in exc.value.message_dict["person"][0]


def test_a_bad_file_refuses_the_whole_compilation(officer_a, adult, private_dir):
    bad = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 50)
    with pytest.raises(ValidationError) as exc:
        compile_dossier(officer_a, adult, compiled_on=D(2026, 3, 2), files=[bad])
    assert "virus.pdf" in exc.value.message_dict["files"][0]
    assert not Dossier.objects.exists() and not DossierFile.objects.exists()
    assert not (private_dir.exists() and any(p.is_file() for p in private_dir.rglob("*")))


# ---- stages and deadlines -------------------------------------------------------------------
def test_stages_follow_their_order(officer_a, adult):
    d = compile_dossier(officer_a, adult, compiled_on=D(2026, 3, 2))
    with pytest.raises(ValidationError) as exc:
        dossier_stage(officer_a, d, "submitted", D(2026, 3, 3))
    assert "cannot go to" in exc.value.message_dict["stage"][0]
    with pytest.raises(ValidationError) as exc:
        dossier_stage(officer_a, d, "open_for_reading", D(2026, 3, 1))
    assert "before the previous stage" in exc.value.message_dict["occurred_on"][0]
    with pytest.raises(ValidationError) as exc:
        dossier_stage(officer_a, d, "enforced", D(2026, 3, 3))
    assert "stage" in exc.value.message_dict


def test_reading_and_submission_deadlines_skip_tet(officer_a, adult):
    d = compile_dossier(
        officer_a, adult, compiled_on=D(2026, 2, 11), last_violation_on=D(2026, 2, 1)
    )
    d = dossier_stage(officer_a, d, "open_for_reading", D(2026, 2, 12))
    # 3 working days to read (13/02, 23/02, 24/02 around Tết) and 1 to submit.
    assert (d.next_step, d.next_due_on) == ("submitted", D(2026, 2, 25))
    with pytest.raises(ValidationError) as exc:
        dossier_stage(officer_a, d, "submitted", D(2026, 2, 26), document_number="")
    assert "letter" in exc.value.message_dict["document_number"][0]
    d = dossier_stage(officer_a, d, "submitted", D(2026, 2, 26))
    event = d.events.get(stage="submitted")
    assert event.due_on == D(2026, 2, 25) and event.was_late
    assert d.next_due_on is None  # the court decides on its own time


def test_deadlines_are_data(officer_a, adult):
    StageDeadline.objects.filter(law="73/2021/QH14", step="compile").update(amount=2)
    d = compile_dossier(officer_a, adult, compiled_on=D(2026, 3, 6))  # Friday
    assert d.next_due_on == D(2026, 3, 10)


def test_court_questions_are_optional_repeatable_and_timed(officer_a, adult):
    d = compile_dossier(officer_a, adult, compiled_on=D(2026, 3, 2))
    d = dossier_stage(officer_a, d, "open_for_reading", D(2026, 3, 3))
    d = dossier_stage(officer_a, d, "submitted", D(2026, 3, 9))
    with pytest.raises(ValidationError) as exc:
        dossier_stage(officer_a, d, "court_questions", D(2026, 3, 13))
    assert "asked_on" in exc.value.message_dict
    d = dossier_stage(officer_a, d, "court_questions", D(2026, 3, 13), asked_on=D(2026, 3, 12))
    d = dossier_stage(officer_a, d, "court_questions", D(2026, 3, 19), asked_on=D(2026, 3, 16))
    assert d.stage == "submitted"
    on_time, late = d.events.filter(stage="court_questions").order_by("occurred_on")
    assert on_time.due_on == D(2026, 3, 16) and not on_time.was_late
    assert late.due_on == D(2026, 3, 18) and late.was_late


def test_withdrawal_needs_a_reason_and_closes(officer_a, adult):
    d = compile_dossier(officer_a, adult, compiled_on=D(2026, 3, 2))
    with pytest.raises(ValidationError) as exc:
        dossier_stage(officer_a, d, "withdrawn", D(2026, 3, 3))
    assert "reason" in exc.value.message_dict
    d = dossier_stage(officer_a, d, "withdrawn", D(2026, 3, 3), reason="Đang mang thai")
    assert d.is_closed and d.next_due_on is None and d.closed_reason == "Đang mang thai"
    # A new dossier may be compiled once the other is closed.
    compile_dossier(officer_a, adult, compiled_on=D(2026, 3, 4))


# ---- the decision and its legal term --------------------------------------------------------
def _submitted(officer, person, compiled_on):
    d = compile_dossier(officer, person, compiled_on=compiled_on)
    d = dossier_stage(officer, d, "open_for_reading", compiled_on + datetime.timedelta(days=1))
    return dossier_stage(officer, d, "submitted", compiled_on + datetime.timedelta(days=5))


def test_decision_needs_number_date_court_and_duration(officer_a, adult):
    d = _submitted(officer_a, adult, D(2026, 3, 2))
    with pytest.raises(ValidationError) as exc:
        dossier_stage(officer_a, d, "decided", D(2026, 3, 12))
    assert {"decision_number", "decision_date", "court", "months"} <= set(exc.value.message_dict)
    d.refresh_from_db()
    assert d.stage == "submitted" and not d.events.filter(stage="decided").exists()


def test_law_73_adult_12_to_24_months_with_override(officer_a, adult):
    d = _submitted(officer_a, adult, D(2026, 3, 2))
    with pytest.raises(ValidationError) as exc:
        decide(officer_a, d, D(2026, 3, 12), months=30)
    assert "12–24 months" in exc.value.message_dict["months_reason"][0]
    d = decide(officer_a, d, D(2026, 3, 12), months=30, months_reason="Tái phạm nhiều lần")
    assert (d.law, d.months, d.legal_term.min_months) == ("73/2021/QH14", 30, 12)
    # Each step after the decision within 24 hours.
    assert (d.next_step, d.next_due_on) == ("enforced", D(2026, 3, 13))


def test_law_73_minor_6_to_12_months(officer_a, minor):
    d = _submitted(officer_a, minor, D(2026, 3, 2))
    with pytest.raises(ValidationError) as exc:
        decide(officer_a, d, D(2026, 3, 12), months=18)
    assert "6–12 months" in exc.value.message_dict["months_reason"][0]
    d = decide(officer_a, d, D(2026, 3, 12), months=9)
    assert d.months == 9 and d.legal_term.measure == "rehab_compulsory_minor"


def test_law_120_adult_and_minor_24_months(officer_a, adult, minor):
    d = _submitted(officer_a, adult, D(2026, 7, 6))
    assert d.law == "120/2025/QH15"
    with pytest.raises(ValidationError) as exc:
        decide(officer_a, d, D(2026, 7, 20), months=12)
    assert "24 months" in exc.value.message_dict["months_reason"][0]
    assert decide(officer_a, d, D(2026, 7, 20), months=24).months == 24
    m = _submitted(officer_a, minor, D(2026, 7, 6))
    m = decide(officer_a, m, D(2026, 7, 20), months=24)
    assert m.is_minor and m.legal_term.measure == "rehab_compulsory_minor"


def test_begun_before_and_decided_after_1_july_2026_gets_the_new_terms(officer_a, adult):
    d = _submitted(officer_a, adult, D(2026, 6, 22))
    assert d.law == "73/2021/QH14"
    with pytest.raises(ValidationError) as exc:
        decide(officer_a, d, D(2026, 7, 3), months=18)
    assert "24 months" in exc.value.message_dict["months_reason"][0]
    d = decide(officer_a, d, D(2026, 7, 3), months=24)
    assert d.law == "120/2025/QH15" and "01/07/2026" not in d.law_reason
    assert "73/2021/QH14" in d.law_reason


# ---- enforcement and completion ---------------------------------------------------------------
def test_enforcement_opens_the_compulsory_placement(officer_a, adult, centre, reform_school):
    d = dossier_to_decision(officer_a, adult, compiled_on=D(2026, 3, 2), months=18)
    with pytest.raises(ValidationError) as exc:
        dossier_stage(officer_a, d, "enforced", D(2026, 3, 13), facility=reform_school)
    assert "public rehab facility" in exc.value.message_dict["facility"][0]
    d = dossier_stage(officer_a, d, "enforced", D(2026, 3, 13), facility=centre)
    p = d.placement
    assert (p.form, p.facility, p.months, p.start_on) == (
        "compulsory_adult",
        centre,
        18,
        D(2026, 3, 13),
    )
    assert (p.decision_number, p.decision_body) == (d.decision_number, d.court)
    assert p.planned_end_on == D(2027, 9, 12)
    assert d.next_due_on is None and d.stage == "enforced"


def test_a_minor_goes_to_a_reform_school_or_a_public_facility_taking_minors(
    officer_a, minor, pc, units, reform_school
):
    adults_only = make_facility(
        pc,
        units["province"],
        kind="public_rehab",
        name="Cơ sở cai nghiện người lớn",
        measures=["compulsory_adult"],
    )
    d = dossier_to_decision(officer_a, minor, compiled_on=D(2026, 3, 2), months=9)
    with pytest.raises(ValidationError) as exc:
        dossier_stage(officer_a, d, "enforced", D(2026, 3, 13), facility=adults_only)
    assert "reform school" in exc.value.message_dict["facility"][0]
    assert not RehabPlacement.objects.exists()
    d = dossier_stage(officer_a, d, "enforced", D(2026, 3, 13), facility=reform_school)
    assert d.placement.form == "compulsory_minor" and d.placement.months == 9


def test_completion_of_the_placement_completes_the_dossier_and_opens_2_years(
    officer_a, adult, centre
):
    d = dossier_to_decision(officer_a, adult, compiled_on=D(2025, 1, 6), months=12)
    d = dossier_stage(officer_a, d, "enforced", D(2025, 1, 17), facility=centre)
    assert d.placement.planned_end_on == D(2026, 1, 16)
    placement_end(
        actor=officer_a,
        placement=d.placement,
        ended_on=D(2026, 1, 16),
        outcome="completed",
        certificate_number="07/GCN",
    )
    d.refresh_from_db()
    assert d.stage == "completed" and d.stage_on == D(2026, 1, 16)
    period = ManagementPeriod.objects.get(person=adult, kind="post_rehab")
    assert (period.start_on, period.planned_end_on) == (D(2026, 1, 17), D(2028, 1, 16))


# ---- due list ----------------------------------------------------------------------------------
def test_next_stage_is_on_the_officers_due_list_and_overdue(officer_a, officer_b, adult):
    d = compile_dossier(officer_a, adult, compiled_on=D(2026, 3, 2))
    items = [i for i in due_list(user=officer_a, today=D(2026, 3, 5)) if i.key.startswith("rehab_")]
    assert [i.key for i in items] == [f"rehab_dossier:{d.pk}"]
    assert items[0].due_on == D(2026, 3, 3) and items[0].state(D(2026, 3, 5)) == "overdue"
    assert f"rehab_dossier:{d.pk}" not in {i.key for i in due_list(user=officer_b)}
    dossier_stage(officer_a, d, "open_for_reading", D(2026, 3, 3))
    dossier_stage(officer_a, d.__class__.objects.get(pk=d.pk), "submitted", D(2026, 3, 9))
    keys = {i.key for i in due_list(user=officer_a, today=D(2026, 3, 10))}
    assert f"rehab_dossier:{d.pk}" not in keys


# ---- pages -------------------------------------------------------------------------------------
def test_pages_compile_stage_files_and_download(client_for, officer_a, adult, centre):
    client = client_for(officer_a)
    assert f"/rehab/people/{adult.pk}/dossiers/new/" in client.get(f"/people/{adult.pk}/").text
    bad = client.post(
        f"/rehab/people/{adult.pk}/dossiers/new/",
        {"last_violation_on": "20/02/2026", "compiled_on": "01/06/2026", "grounds": "Bỏ cai"},
    )
    assert bad.status_code == 400 and "within 3 months" in bad.text
    response = client.post(
        f"/rehab/people/{adult.pk}/dossiers/new/",
        {
            "last_violation_on": "20/02/2026",
            "compiled_on": "02/03/2026",
            "grounds": "Bỏ cai nghiện tự nguyện",
            "document_number": "01/BB",
            "high_risk": "on",
            "files": [pdf("bien-ban-lap-ho-so.pdf"), pdf("to-trinh.pdf")],
        },
    )
    assert response.status_code == 302, response.content
    d = Dossier.objects.get()
    assert d.high_risk and DossierFile.objects.count() == 2
    detail = client.get(response["Location"])
    assert "bien-ban-lap-ho-so.pdf" in detail.text and "03/03/2026" in detail.text
    assert f"/rehab/dossiers/{d.pk}/stage/open_for_reading/" in detail.text
    assert client.get(f"/rehab/dossiers/{d.pk}/stage/decided/").status_code == 404
    f = DossierFile.objects.first()
    download = client.get(f"/rehab/dossiers/{d.pk}/files/{f.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert AccessLog.objects.filter(action="download", detail__contains=f"file {f.pk}").exists()
    response = client.post(
        f"/rehab/dossiers/{d.pk}/stage/open_for_reading/", {"occurred_on": "03/03/2026"}
    )
    assert response.status_code == 302
    bad = client.post(f"/rehab/dossiers/{d.pk}/stage/submitted/", {"occurred_on": "09/03/2026"})
    assert bad.status_code == 400
    client.post(
        f"/rehab/dossiers/{d.pk}/stage/submitted/",
        {"occurred_on": "09/03/2026", "document_number": "05/CV"},
    )
    bad = client.post(f"/rehab/dossiers/{d.pk}/stage/decided/", {"occurred_on": "12/03/2026"})
    assert bad.status_code == 400 and "court" in bad.text.lower()
    client.post(
        f"/rehab/dossiers/{d.pk}/stage/decided/",
        {
            "occurred_on": "12/03/2026",
            "decision_number": "15/QĐ-TA",
            "decision_date": "12/03/2026",
            "court": "TAND khu vực 1",
            "months": "18",
        },
    )
    response = client.post(
        f"/rehab/dossiers/{d.pk}/stage/enforced/",
        {"occurred_on": "13/03/2026", "facility": centre.pk},
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.stage == "enforced" and d.placement.form == "compulsory_adult"


def test_list_search_figures_filters_and_export(client_for, officer_a, adult, minor):
    client = client_for(officer_a)
    compile_dossier(officer_a, adult, compiled_on=D(2026, 3, 2), high_risk=True)
    compile_dossier(officer_a, minor, compiled_on=D(2026, 11, 30))
    page = client.get("/rehab/dossiers/", {"q": "tran van lon"})
    assert "Trần Văn Lớn" in page.text and "Lê Văn Nhỏ" not in page.text
    assert "1 person eligible and at high risk" in page.text
    assert "Lê Văn Nhỏ" in client.get("/rehab/dossiers/", {"age_group": "minor"}).text
    overdue = client.get("/rehab/dossiers/", {"status": "overdue"}).text
    assert "Trần Văn Lớn" in overdue
    assert "Lê Văn Nhỏ" not in client.get("/rehab/dossiers/", {"high_risk": "true"}).text
    export = client.get("/rehab/dossiers/", {"format": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd")
    empty = client.get("/rehab/dossiers/", {"q": "khong ai"})
    assert "No dossier matches" in empty.text


def test_list_page_and_api_query_counts_are_constant(client_for, officer_a, units):
    client = client_for(officer_a)

    def add(n, offset):
        for i in range(n):
            person = make_person(
                officer_a,
                units["a"],
                full_name=f"Người {offset + i}",
                national_id="",
                date_of_birth=D(1990, 1, 1),
            )
            d = compile_dossier(officer_a, person, compiled_on=D(2026, 3, 2))
            dossier_stage(officer_a, d, "open_for_reading", D(2026, 3, 3))

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    add(2, 0)
    few = count("/rehab/dossiers/"), count(API)
    add(3, 10)
    assert (count("/rehab/dossiers/"), count(API)) == few


# ---- API ---------------------------------------------------------------------------------------
def test_api_compile_stage_and_refuse(client_for, officer_a, adult, centre):
    client = client_for(officer_a)
    body = {
        "person": adult.pk,
        "last_violation_on": "2026-01-02",
        "compiled_on": "2026-06-01",
        "grounds": "Bỏ cai nghiện",
    }
    bad = client.post(API, body, content_type="application/json")
    assert bad.status_code == 400 and "compiled_on" in bad.json()
    body["compiled_on"] = "2026-03-02"
    response = client.post(API, body, content_type="application/json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["next_due_on"] == "2026-03-03"
    bad = client.post(
        f"{API}{pk}/stage/",
        {"stage": "decided", "occurred_on": "2026-03-03"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "stage" in bad.json()
    ok = client.post(
        f"{API}{pk}/stage/",
        {"stage": "open_for_reading", "occurred_on": "2026-03-03"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["stage"] == "open_for_reading"
    assert [e["stage"] for e in ok.json()["events"]] == ["compiled", "open_for_reading"]
    detail = client.get(f"{API}{pk}/").json()
    assert detail["next_step"] == "submitted" and len(detail["events"]) == 2


def test_compile_refused_for_a_person_of_another_commune(officer_b, adult):
    with pytest.raises(PermissionError):
        dossier_compile(
            actor=officer_b,
            person=adult,
            compiled_on=D(2026, 3, 2),
            last_violation_on=D(2026, 3, 1),
            grounds="x",
        )
    assert not Task.objects.filter(kind="compulsory_dossier_required").exists()
