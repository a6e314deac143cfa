"""Issue #4's "Done when", walked as a new ward officer would in a real browser: enter a
person, record a positive test, see "determination required" on the due list, change the
category on a decision, and find the person again by typing the name without accents."""

import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from registry.models import Person, Task
from tests.factories import make_user

from .conftest import VI
from .test_flows import vi

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def snap(page, name):
    """With SCREENSHOT_DIR set, keep a picture of the step for a person to look at."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.fixture
def officer(units):
    return make_user("officer_a", "commune_officer", units["a"], first_name="Hùng", last_name="Lê")


def test_new_officer_enters_tests_sees_due_work_changes_category_and_finds(
    desktop, live_server, officer, log_in
):
    page = desktop
    today = timezone.localdate()
    log_in(page, officer)

    # 1. Enter a person: an illicit user with no stable residence.
    page.locator("header nav").get_by_role("link", name=VI["people"], exact=True).click()
    page.get_by_role("link", name=VI["new_person"]).click()
    page.locator("#id_full_name").fill("Trương Thị Ánh Nguyệt")
    page.locator("#id_sex").select_option("F")
    page.locator("#id_date_of_birth").fill("04/07/1994")
    page.locator("#id_national_id").fill("092194004321")
    page.locator("#id_address").fill("Tổ 5, khu vực 2")
    page.locator("#id_category").select_option("illicit_user")
    page.locator("#id_has_stable_residence").uncheck()
    page.get_by_role("button", name=VI["save"]).click()
    expect(page).to_have_url(re.compile(r"/people/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trương Thị Ánh Nguyệt")
    person = Person.objects.get(national_id="092194004321")
    assert person.category == "illicit_user" and not person.has_stable_residence

    # 2. Record a positive quick test from the person's page.
    page.get_by_role("link", name=vi("Record a test")).click()
    page.locator("#id_tested_on").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label(vi("Quick test")).check()
    page.locator("#id_substances_tested").get_by_label(vi("Methamphetamine")).check()
    page.get_by_label(vi("Positive"), exact=True).check()
    page.locator("#id_substances_positive").get_by_label(vi("Methamphetamine")).check()
    page.get_by_role("button", name=VI["save"]).click()
    expect(page).to_have_url(re.compile(rf"/people/{person.pk}/(#[a-z-]*)?$"))
    expect(page.locator(".messages")).to_be_visible()
    task = Task.objects.get(person=person, kind="determination_required", status="open")

    # 3. The due list ("Việc cần làm") carries it, with its deadline.
    page.locator("header nav").get_by_role("link", name=vi("What is due")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(vi("What is due"))
    row = page.locator("tr").filter(has_text="Trương Thị Ánh Nguyệt")
    expect(row).to_contain_text(vi("Addiction determination required")[:20])
    expect(row).to_contain_text(task.due_on.strftime("%d/%m/%Y"))
    snap(page, "flow-due-list")
    row.get_by_role("link").first.click()

    # 4. Change the category on its decision (number, date, deciding body).
    page.goto(f"{live_server.url}{person.get_absolute_url()}")
    page.get_by_role("link", name=vi("Change category")).click()
    page.locator("#id_category").select_option("addicted")
    decided = today
    page.locator("#id_occurred_on").fill(decided.strftime("%d/%m/%Y"))
    page.locator("#id_basis_number").fill("15/QĐ-UBND")
    page.locator("#id_basis_date").fill(decided.strftime("%d/%m/%Y"))
    page.locator("#id_basis_body").fill("UBND phường Ninh Kiều")
    page.get_by_role("button", name=VI["save"]).click()
    expect(page).to_have_url(re.compile(rf"/people/{person.pk}/(#[a-z-]*)?$"))
    history = page.locator("ol.timeline")
    expect(history).to_contain_text("15/QĐ-UBND")
    snap(page, "flow-person-after-category")
    # The decision answers the due work: it is closed with the decision as its result.
    expect(page.get_by_role("link", name=task.title)).to_have_count(0)
    task.refresh_from_db()
    assert task.status == "done" and "15/QĐ-UBND" in task.result
    person.refresh_from_db()
    assert person.category == "addicted"

    # 5. Find the person by typing the name without accents, in the top search box.
    search = page.get_by_placeholder(VI["find_person"])
    search.fill("truong thi anh nguyet")
    search.press("Enter")
    expect(page.locator("table.people")).to_contain_text("Trương Thị Ánh Nguyệt")
    expect(page.locator("#result-count")).to_have_text(re.compile(r"^1\D"))
