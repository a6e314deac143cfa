"""Rehab in a real browser, issue 5's "Done when": Health records an addiction determination;
the commune officer sees the person become "addicted", registers voluntary rehab in the
community, records that the person quit; the due list asks for a compulsory-rehab dossier,
which goes through every stage to enforcement; completion opens 2 years of post-rehab
(`test_one_person_from_determination_to_post_rehab` tells it as one story). Steered by
element ids and URLs, so that it holds in any language; screenshots go to $REHAB_SHOTS
(default <tmp>/rehab_shots) to be looked at."""

import datetime
import os
import re
import tempfile
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from registry.choices import Category
from registry.models import Task
from registry.services.work import task_raise
from rehab import services
from tests.factories import make_agency, make_person, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("REHAB_SHOTS", Path(tempfile.gettempdir()) / "rehab_shots"))


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def world(units):
    # The flush of browser tests empties the legal terms; the conftest writes back 0011's,
    # the rehab terms are written here.
    import_module("registry.migrations.0017_rehab_measures").load(django_apps, None)
    agency = make_agency("Sở Y tế", "department", "health", units["province"])
    health = make_user("yte", "department", units["province"], agency=agency)
    xa1 = make_user("xa1", "commune_officer", units["a"], first_name="Hùng", last_name="Lê")
    pc04 = make_user("pc04", "provincial_police", units["province"])
    station = services.facility_create(
        actor=health,
        kind="health_station",
        name="Trạm Y tế phường Ninh Kiều",
        unit=units["a"],
        measures=["determination"],
    )
    provider = services.facility_create(
        actor=pc04,
        kind="community",
        name="Tổ cai nghiện cộng đồng Ninh Kiều",
        unit=units["a"],
        measures=["community_rehab"],
    )
    centre = services.facility_create(
        actor=pc04,
        kind="public_rehab",
        name="Cơ sở cai nghiện ma túy tỉnh",
        unit=units["province"],
        measures=["voluntary_rehab", "compulsory_adult", "compulsory_minor"],
    )
    person = make_person(xa1, units["a"], full_name="Phan Văn Hậu", birth_year=1992)
    task_raise(
        person=person,
        kind="determination_required",
        title="Xác định tình trạng nghiện",
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    return {
        "health": health,
        "xa1": xa1,
        "station": station,
        "provider": provider,
        "centre": centre,
        "person": person,
    }


def test_determination_to_compulsory_dossier(desktop, live_server, world, log_in):
    page = desktop
    person = world["person"]
    today = timezone.localdate()
    # Health records the determination from the person's page (identity only).
    log_in(page, world["health"])
    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.locator("#record-determination").click()
    expect(page).to_have_url(re.compile(r"/rehab/people/\d+/determinations/new/"))
    page.fill("#id_number", "15/PKQ-TYT")
    page.select_option("#id_facility", str(world["station"].pk))
    page.fill("#id_determined_on", f"{today:%d/%m/%Y}")
    page.fill("#id_physician_name", "BS. Trần Thị Thu")
    page.fill("#id_physician_certificate", "001234/CCHN")
    page.fill("#id_certificate_valid_from", "01/01/2021")
    page.fill("#id_observed_from", f"{today - datetime.timedelta(days=45):%d/%m/%Y}")
    page.fill("#id_observed_to", f"{today:%d/%m/%Y}")
    for criterion in ("craving", "loss_of_control"):
        page.check(f"#id_{criterion}")
    page.select_option("#id_result", "addicted")
    page.select_option("#id_degree", "moderate")
    _shot(page, "01_determination_form")
    page.locator("form.form button[type=submit]").click()
    # Two criteria contradict "addicted": refused with the field and the reason, input kept.
    expect(page.locator(".field.has-error #id_result")).to_be_visible()
    expect(page.locator("#id_number")).to_have_value("15/PKQ-TYT")
    _shot(page, "02_determination_refused")
    page.check("#id_withdrawal")
    page.fill("#id_observed_from", f"{today - datetime.timedelta(days=45):%d/%m/%Y}")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/rehab/determinations/\d+/$"))
    expect(page.locator("#determination-result")).to_be_visible()
    _shot(page, "03_determination_detail")
    page.context.clear_cookies()

    # The commune officer sees the person "addicted".
    log_in(page, world["xa1"])
    page.goto(f"{live_server.url}/people/{person.pk}/")
    with translation.override("vi"):
        addicted = gettext(Category.ADDICTED.label)
    expect(page.locator("dl").first).to_contain_text(addicted)
    expect(page.locator("#rehab")).to_be_visible()
    _shot(page, "04_person_addicted")
    # Registers voluntary rehab in the community.
    page.locator("#register-placement").click()
    page.select_option("#id_form", "voluntary_community")
    page.select_option("#id_facility", str(world["provider"].pk))
    start = today - datetime.timedelta(days=20)
    page.fill("#id_start_on", f"{start:%d/%m/%Y}")
    page.fill("#id_decision_number", "31/QĐ-UBND")
    page.fill("#id_decision_date", f"{start:%d/%m/%Y}")
    page.fill("#id_decision_body", "Chủ tịch UBND phường Ninh Kiều")
    _shot(page, "05_placement_form")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/rehab/placements/\d+/$"))
    expect(page.locator("#placement-timeline li")).to_have_count(1)
    _shot(page, "06_placement_detail")
    # Records that the person quit.
    page.locator("#end-placement").click()
    page.select_option("#id_outcome", "quit")
    page.fill("#id_ended_on", f"{today - datetime.timedelta(days=1):%d/%m/%Y}")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("#placement-timeline li")).to_have_count(2)
    _shot(page, "07_placement_quit")
    # The due list asks for the compulsory-rehab dossier.
    task = Task.objects.get(person=person, kind="compulsory_dossier_required", status="open")
    page.goto(f"{live_server.url}/people/due/?who=all")
    expect(page.locator(f"a[href='/people/tasks/{task.pk}/']").first).to_be_visible()
    _shot(page, "08_due_list")
    page.goto(f"{live_server.url}/rehab/placements/")
    expect(page.locator("#placement-table")).to_contain_text("Phan Văn Hậu")
    _shot(page, "09_placement_list")


def test_health_publishes_its_list_and_anyone_reads_it(desktop, live_server, world, log_in):
    page = desktop
    log_in(page, world["health"])
    page.goto(f"{live_server.url}/rehab/facilities/")
    expect(page.locator("#facility-table")).to_contain_text("Trạm Y tế phường Ninh Kiều")
    _shot(page, "10_facility_list")
    page.goto(f"{live_server.url}/rehab/facilities/publish/")
    page.select_option("#id_facility_list", "determination")
    page.fill("#id_number", "45/TB-SYT")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/rehab/lists/92/determination/$"))
    page.context.clear_cookies()
    # Anyone, without logging in.
    page.goto(f"{live_server.url}/rehab/lists/92/determination/")
    expect(page.locator("table")).to_contain_text("Trạm Y tế phường Ninh Kiều")
    expect(page.locator("body")).to_contain_text("45/TB-SYT")
    _shot(page, "11_public_list")
    response = page.request.get(f"{live_server.url}/rehab/lists/92/determination/pdf/")
    assert response.status == 200 and response.body().startswith(b"%PDF")


def _stage(page, stage, **fields):
    page.locator(f"#stage-{stage}").click()
    expect(page).to_have_url(re.compile(rf"/rehab/dossiers/\d+/stage/{stage}/$"))
    for name, value in fields.items():
        if name == "facility":
            page.select_option("#id_facility", str(value))
        else:
            page.fill(f"#id_{name}", value)
    page.locator("form.form button[type=submit]").click()


def test_compulsory_dossier_through_every_stage(desktop, live_server, world, log_in):
    """The rest of "Done when": the officer compiles the dossier the due list asks for (the
    voluntary rehab was quit yesterday), it goes through reading, submission, the court's
    questions, the decision (refused without the court) and enforcement, which opens the
    compulsory placement; and the placement of an earlier dossier, completed, opens 2 years of
    post-rehab with the right end date."""
    from registry.models import period_end_date
    from rehab.models import Dossier
    from tests.rehab.helpers import dossier_stage, dossier_to_decision

    page = desktop
    person = world["person"]
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    task_raise(
        person=person,
        kind="compulsory_dossier_required",
        title="Lập hồ sơ đề nghị áp dụng biện pháp cai nghiện bắt buộc",
        due_on=today,
    )
    log_in(page, world["xa1"])
    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.locator("#compile-dossier").click()
    page.fill("#id_last_violation_on", f"{yesterday:%d/%m/%Y}")
    page.fill("#id_compiled_on", f"{today:%d/%m/%Y}")
    page.fill("#id_grounds", "Tự ý chấm dứt cai nghiện tự nguyện tại cộng đồng")
    page.fill("#id_document_number", "01/BB-CAP")
    _shot(page, "20_dossier_form")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/rehab/dossiers/\d+/$"))
    dossier = Dossier.objects.get(person=person)
    assert not Task.objects.filter(person=person, kind="compulsory_dossier_required", status="open")
    expect(page.locator("#dossier-next")).to_be_visible()
    _shot(page, "21_dossier_compiled")
    # Its next step is on the officer's due list.
    page.goto(f"{live_server.url}/people/due/?who=all")
    expect(page.locator(f"a[href='/rehab/dossiers/{dossier.pk}/']").first).to_be_visible()
    page.goto(f"{live_server.url}/rehab/dossiers/{dossier.pk}/")
    _stage(page, "open_for_reading", occurred_on=f"{today:%d/%m/%Y}")
    _stage(page, "submitted", occurred_on=f"{today:%d/%m/%Y}", document_number="07/CV-CAP")
    _stage(
        page,
        "court_questions",
        asked_on=f"{today:%d/%m/%Y}",
        occurred_on=f"{today:%d/%m/%Y}",
    )
    # The decision without its court is refused, naming the field; the input is kept.
    _stage(
        page,
        "decided",
        occurred_on=f"{today:%d/%m/%Y}",
        decision_number="21/2026/QĐ-TA",
        decision_date=f"{today:%d/%m/%Y}",
        months="24",
    )
    expect(page.locator(".field.has-error #id_court")).to_be_visible()
    expect(page.locator("#id_decision_number")).to_have_value("21/2026/QĐ-TA")
    _shot(page, "22_decision_refused")
    page.fill("#id_court", "Tòa án nhân dân khu vực 1 – Cần Thơ")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("#dossier-decision")).to_contain_text("21/2026/QĐ-TA")
    _stage(page, "enforced", occurred_on=f"{today:%d/%m/%Y}", facility=world["centre"].pk)
    expect(page.locator("#dossier-placement")).to_be_visible()
    expect(page.locator("#dossier-timeline li")).to_have_count(6)
    _shot(page, "23_dossier_enforced")
    dossier.refresh_from_db()
    assert dossier.stage == "enforced" and dossier.placement.form == "compulsory_adult"
    assert dossier.placement.planned_end_on == period_end_date(today, 24)
    page.goto(f"{live_server.url}/rehab/dossiers/?q=phan van hau")
    expect(page.locator("#dossier-table")).to_contain_text("Phan Văn Hậu")
    _shot(page, "24_dossier_list")

    # An earlier dossier (Law 73, 12 months, enforced on 17/01/2025): completing its placement
    # on the last day of the term opens 2 years of post-rehab, to 16/01/2028.
    other = make_person(
        world["xa1"],
        person.residence_unit,
        full_name="Đỗ Văn Thành",
        birth_year=1988,
        date_of_birth=datetime.date(1988, 4, 9),
    )
    earlier = dossier_to_decision(
        world["xa1"], other, compiled_on=datetime.date(2025, 1, 6), months=12
    )
    earlier = dossier_stage(
        world["xa1"], earlier, "enforced", datetime.date(2025, 1, 17), facility=world["centre"]
    )
    page.goto(f"{live_server.url}/rehab/placements/{earlier.placement.pk}/")
    page.locator("#end-placement").click()
    page.select_option("#id_outcome", "completed")
    page.fill("#id_ended_on", "16/01/2026")
    page.fill("#id_certificate_number", "09/GCN-CSCN")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("#placement-timeline li")).to_have_count(2)
    page.goto(f"{live_server.url}/people/{other.pk}/")
    expect(page.locator("body")).to_contain_text("16/01/2028")
    _shot(page, "25_post_rehab_opened")
    page.goto(f"{live_server.url}/rehab/dossiers/{earlier.pk}/")
    expect(page.locator("#dossier-timeline li")).to_have_count(6)
    _shot(page, "26_dossier_completed")


def test_one_person_from_determination_to_post_rehab(desktop, live_server, world, log_in):
    """Issue 5's "Done when" as one story about one person, every step in the browser and
    dated in the past so that the compulsory placement can run to its end: Health determines
    the addiction (01/10/2024); the commune officer sees "addicted", registers voluntary rehab
    in the community (05/10/2024), records that the person quit (10/11/2024); the due list asks
    for the compulsory dossier; the officer compiles it and takes it through reading,
    submission, the court's decision (12 months, Law 73) and enforcement (17/01/2025); the
    facility's completion on the last day of the term (16/01/2026) opens 2 years of
    post-rehab, to 16/01/2028."""
    from rehab.models import Dossier

    page = desktop
    person = make_person(
        world["xa1"],
        world["person"].residence_unit,
        full_name="Đỗ Văn Thành",
        birth_year=1988,
        registered_on=datetime.date(2024, 8, 1),
    )
    # As a positive test of a managed person asks (tested in the registry's browser test).
    task_raise(
        person=person,
        kind="determination_required",
        title="Xác định tình trạng nghiện",
        due_on=datetime.date(2024, 10, 3),
    )
    log_in(page, world["health"])
    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.locator("#record-determination").click()
    for field, value in {
        "number": "40/PKQ-TYT",
        "determined_on": "01/10/2024",
        "physician_name": "BS. Trần Thị Thu",
        "physician_certificate": "001234/CCHN",
        "certificate_valid_from": "01/01/2021",
        "observed_from": "15/08/2024",
        "observed_to": "01/10/2024",
    }.items():
        page.fill(f"#id_{field}", value)
    page.select_option("#id_facility", str(world["station"].pk))
    for criterion in ("craving", "loss_of_control", "withdrawal"):
        page.check(f"#id_{criterion}")
    page.select_option("#id_result", "addicted")
    page.select_option("#id_degree", "severe")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/rehab/determinations/\d+/$"))
    page.context.clear_cookies()

    log_in(page, world["xa1"])
    page.goto(f"{live_server.url}/people/{person.pk}/")
    with translation.override("vi"):
        addicted = gettext(Category.ADDICTED.label)
    expect(page.locator("dl").first).to_contain_text(addicted)
    page.locator("#register-placement").click()
    page.select_option("#id_form", "voluntary_community")
    page.select_option("#id_facility", str(world["provider"].pk))
    page.fill("#id_start_on", "05/10/2024")
    page.fill("#id_decision_number", "31/QĐ-UBND")
    page.fill("#id_decision_date", "05/10/2024")
    page.fill("#id_decision_body", "Chủ tịch UBND phường Ninh Kiều")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/rehab/placements/\d+/$"))
    page.locator("#end-placement").click()
    page.select_option("#id_outcome", "quit")
    page.fill("#id_ended_on", "10/11/2024")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("#placement-timeline li")).to_have_count(2)

    # The due list asks for the dossier; its link leads to the work, and the officer compiles.
    task = Task.objects.get(person=person, kind="compulsory_dossier_required", status="open")
    page.goto(f"{live_server.url}/people/due/?who=all")
    expect(page.locator(f"a[href='/people/tasks/{task.pk}/']").first).to_be_visible()
    _shot(page, "30_story_due_list")
    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.locator("#compile-dossier").click()
    page.fill("#id_last_violation_on", "10/11/2024")
    page.fill("#id_compiled_on", "15/11/2024")
    page.fill("#id_grounds", "Tự ý chấm dứt cai nghiện tự nguyện tại cộng đồng")
    page.fill("#id_document_number", "12/BB-CAP")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/rehab/dossiers/\d+/$"))
    dossier = Dossier.objects.get(person=person)
    _stage(page, "open_for_reading", occurred_on="18/11/2024")
    _stage(page, "submitted", occurred_on="25/11/2024", document_number="30/CV-CAP")
    _stage(
        page,
        "decided",
        occurred_on="20/12/2024",
        decision_number="88/2024/QĐ-TA",
        decision_date="20/12/2024",
        court="Tòa án nhân dân thành phố Cần Thơ",
        months="12",
    )
    expect(page.locator("#dossier-decision")).to_contain_text("88/2024/QĐ-TA")
    _stage(page, "enforced", occurred_on="17/01/2025", facility=world["centre"].pk)
    expect(page.locator("#dossier-placement")).to_be_visible()
    dossier.refresh_from_db()
    placement = dossier.placement
    assert placement.form == "compulsory_adult"
    assert placement.planned_end_on == datetime.date(2026, 1, 16)

    # Completed on the last day of the term: 2 years of post-rehab, to 16/01/2028.
    page.goto(f"{live_server.url}/rehab/placements/{placement.pk}/")
    page.locator("#end-placement").click()
    page.select_option("#id_outcome", "completed")
    page.fill("#id_ended_on", "16/01/2026")
    page.fill("#id_certificate_number", "15/GCN-CSCN")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("#placement-timeline li")).to_have_count(2)
    page.goto(f"{live_server.url}/people/{person.pk}/")
    expect(page.locator("body")).to_contain_text("17/01/2026")
    expect(page.locator("body")).to_contain_text("16/01/2028")
    _shot(page, "31_story_post_rehab")
    page.goto(f"{live_server.url}/rehab/dossiers/{dossier.pk}/")
    expect(page.locator("#dossier-timeline li")).to_have_count(6)
    expect(page.locator("#dossier-timeline li").last).to_contain_text("15/GCN-CSCN")
    _shot(page, "32_story_dossier_completed")
