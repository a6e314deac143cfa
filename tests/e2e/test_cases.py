"""Drug cases in a real browser: a commune officer records a case, adds a suspect found in the
registry with the accent-free person picker, records a seizure, moves the case to charged, and
finds it behind the dashboard's "charged" figure and in the list. Steered by element ids, names
and URLs, so that it holds in any language. Screenshots go to var/screenshots/cases_*.png."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import make_person, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _d(days_ago: int) -> str:
    return f"{timezone.localdate() - datetime.timedelta(days=days_ago):%d/%m/%Y}"


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"cases_{name}.png"), full_page=True)


def test_officer_records_case_with_suspect_and_seizure(desktop, phone, live_server, units, log_in):
    xa1 = make_user("xa1", "commune_officer", units["a"])
    person = make_person(xa1, units["a"], full_name="Nguyễn Văn Đức")
    page = log_in(desktop, xa1)
    page.goto(f"{live_server.url}/cases/")
    expect(page.locator("#case-count")).to_be_visible()
    page.goto(f"{live_server.url}/cases/new/")
    page.fill("#id_number", "27/HS")
    page.fill("#id_detected_on", _d(20))
    page.locator("input[name=kinds][value=dealing]").check()
    page.select_option("#id_route", "courier")
    page.fill("#id_description", "Bưu phẩm chứa ma túy tổng hợp")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    detail = page.url

    # The suspect, found without accents in the registry.
    page.goto(f"{detail}suspects/")
    page.fill("#id_pq", "nguyen van duc")
    choice = page.locator(f"input[name=person][value='{person.pk}']")
    expect(choice).to_be_attached()
    choice.check()
    page.select_option("#id_role", "dealer")
    _shot(page, "suspect_form")
    page.locator("form.form button[type=submit]").last.click()
    expect(page).to_have_url(detail)
    expect(page.locator("#suspects")).to_contain_text("Nguyễn Văn Đức")

    # A seizure: a wrong unit is refused with the field, then corrected.
    page.goto(f"{detail}seizures/")
    page.select_option("#id_drug_type", "meth")
    page.fill("#id_quantity", "12,5")
    page.select_option("#id_unit", "m2")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".field.has-error #id_unit")).to_be_attached()
    page.select_option("#id_unit", "g")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(detail)
    expect(page.locator("#seizures")).to_contain_text(re.compile(r"12[,.]5 g"))

    # Charged: the stage and the timeline.
    page.goto(f"{detail}stage/")
    page.select_option("#id_step", "charge")
    page.fill("#id_occurred_on", _d(10))
    page.fill("#id_document_number", "05/QĐ-KTVA")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(detail)
    expect(page.locator("#case-timeline li")).to_have_count(2)
    _shot(page, "detail")

    # The dashboard's "charged" figure leads to the list that holds the case.
    page.goto(f"{live_server.url}/hotspots/dashboard/")
    expect(page.locator("#fig-stage-charged")).to_have_text("1")
    _shot(page, "dashboard")
    page.locator("#fig-stage-charged").click()
    expect(page).to_have_url(re.compile(r"/cases/\?stage=charged"))
    path = detail.replace(live_server.url, "")
    expect(page.locator(f"#case-table a[href='{path}']")).to_be_visible()
    _shot(page, "list")

    # The person's page lists the case.
    page.goto(f"{live_server.url}/people/{person.pk}/")
    expect(page.locator(f"#drug-cases ~ div a[href='{path}']")).to_be_visible()

    # The forms work on a phone.
    small = log_in(phone, xa1)
    small.goto(f"{detail}seizures/")
    expect(small.locator("#id_quantity")).to_be_visible()
    _shot(small, "phone_seizure")


def test_officer_corrects_one_seizure_and_withdraws_a_duplicate(
    desktop, live_server, units, log_in
):
    """500 g typed for 50 g is corrected with its reason; a seizure entered twice is withdrawn
    after the confirmation page. The case keeps both stories in its timeline, the withdrawn row
    stays struck out, and the dashboard counts the corrected figures only."""
    from cases import services

    xa1 = make_user("xa1", "commune_officer", units["a"])
    detected = timezone.localdate() - datetime.timedelta(days=6)
    case = services.case_create(
        actor=xa1, number="31/HS", commune=units["a"], detected_on=detected, kinds=["dealing"]
    )
    wrong = services.seizure_add(
        actor=xa1, case=case, drug_type="heroin", quantity="500", unit="g", note="Gói nilon"
    )
    services.seizure_add(actor=xa1, case=case, drug_type="meth", quantity="30", unit="g")
    twice = services.seizure_add(actor=xa1, case=case, drug_type="meth", quantity="30", unit="g")
    page = log_in(desktop, xa1)
    detail = f"{live_server.url}/cases/{case.pk}/"
    page.goto(detail)
    expect(page.locator("#seizures tfoot")).to_contain_text(re.compile(r"60 g"))
    _shot(page, "seizure_rows")

    # The correction: refused without its reason (what was typed kept), then saved.
    page.locator(f"#seizure-{wrong.pk} a.seizure-correct").click()
    expect(page).to_have_url(f"{detail}seizures/{wrong.pk}/correct/")
    expect(page.locator("#id_quantity")).to_have_value("500")
    page.fill("#id_quantity", "50")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".field.has-error #id_reason")).to_be_attached()
    expect(page.locator("#id_quantity")).to_have_value("50")
    _shot(page, "seizure_correct_refused")
    page.fill("#id_reason", "Nhập nhầm 500 g, biên bản ghi 50 g")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(f"{detail}#seizures")
    expect(page.locator(f"#seizure-{wrong.pk}")).to_contain_text(re.compile(r"(?<![0-9])50 g"))
    change = page.locator("#case-timeline li.seizure-change")
    expect(change).to_have_count(1)
    expect(change).to_contain_text("Nhập nhầm 500 g, biên bản ghi 50 g")
    expect(change.locator("del")).to_contain_text("500 g")

    # The withdrawal: a confirmation page; nothing changes until confirmed with a reason.
    page.locator(f"#seizure-{twice.pk} a.seizure-remove").click()
    expect(page).to_have_url(f"{detail}seizures/{twice.pk}/withdraw/")
    expect(page.locator(".warning-box")).to_be_visible()
    _shot(page, "seizure_withdraw_confirm")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".field.has-error #id_reason")).to_be_attached()
    page.fill("#id_reason", "Nhập trùng hai lần")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(f"{detail}#seizures")
    removed = page.locator(f"#seizure-{twice.pk}")
    expect(removed).to_have_class("removed")
    expect(removed).to_contain_text("Nhập trùng hai lần")
    expect(removed.locator("a")).to_have_count(0)
    expect(page.locator("#case-timeline li.seizure-change")).to_have_count(2)
    expect(page.locator("#seizures tfoot")).to_contain_text(re.compile(r"(?<![0-9])30 g"))
    expect(page.locator("#seizures tfoot")).to_contain_text(re.compile(r"(?<![0-9])50 g"))
    _shot(page, "seizure_after")

    # The police dashboard counts the corrected figures only.
    page.goto(f"{live_server.url}/hotspots/dashboard/")
    table = page.locator("#seizure-table")
    expect(table).to_contain_text(re.compile(r"(?<![0-9])50 g"))
    expect(table).to_contain_text(re.compile(r"(?<![0-9])30 g"))
    expect(table).not_to_contain_text("500")
    _shot(page, "seizure_dashboard")
