"""Rehab in a real browser, as far as slice 1 reaches of issue 5's "Done when": Health records
an addiction determination; the commune officer sees the person become "addicted", registers
voluntary rehab in the community, records that the person quit; the due list asks for a
compulsory-rehab dossier. Steered by element ids and URLs, so that it holds in any language;
screenshots go to $REHAB_SHOTS (default <tmp>/rehab_shots) to be looked at."""

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
