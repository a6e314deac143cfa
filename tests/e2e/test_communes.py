"""The commune classification in a real browser: PC04 follows the dashboard's link to the
list, opens a commune with drug figures, sees the criteria table, enters the population,
records the decided class (first without its document: refused by field, input kept); the
commune officer registers the drug-free target year; the roadmap counts it. Steered by
element ids and URLs; screenshots go to $CLASSIFY_SHOTS (default <tmp>/classify_shots)."""

import os
import re
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from communes.models import CommuneClassification, DrugFreeTarget
from tests.communes.helpers import make_type_1
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("CLASSIFY_SHOTS", Path(tempfile.gettempdir()) / "classify_shots"))


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_classify_decide_and_register_target(desktop, live_server, units, log_in):
    page = desktop
    today = timezone.localdate()
    xa1 = make_user("xa1", "commune_officer", units["a"], first_name="Hùng", last_name="Lê")
    pc04 = make_user("pc04", "provincial_police", units["province"], first_name="Khoa")
    make_type_1(officer=xa1, pc04=pc04, commune=units["a"])
    CommuneClassification.objects.all().delete()  # a decided class appears on the dashboard
    from communes import services

    services.classification_decide(
        actor=pc04,
        commune=units["b"],
        year=today.year,
        drug_class="drug_free",
        document_number="5/QĐ-UBND",
        document_date=today,
        deciding_body="UBND tỉnh",
    )
    log_in(page, pc04)

    # The dashboard links to the classification with the communes by decided class.
    page.goto(f"{live_server.url}/hotspots/dashboard/")
    expect(page.locator("#commune-classes")).to_be_visible()
    _shot(page, "01_dashboard")
    page.locator(f"a[href='/communes/?year={today.year}&decided=drug_free']").click()
    expect(page.locator("#status-rows")).to_contain_text(units["b"].name)
    expect(page.locator("#status-rows")).not_to_contain_text(units["a"].name)
    _shot(page, "02_list_drug_free")

    # The whole list sorted by proposed class: commune A (type I) first.
    page.goto(f"{live_server.url}/communes/?sort=proposed")
    expect(page.locator("#status-rows tbody tr").first).to_contain_text(units["a"].name)
    _shot(page, "03_list_sorted")
    page.locator("#status-rows tbody tr").first.locator("a").click()
    expect(page).to_have_url(re.compile(rf"/communes/{units['a'].pk}/"))
    expect(page.locator("#criteria-table tr[data-criterion=users]")).to_contain_text("0,600")
    _shot(page, "04_detail")

    # Records the decision: without its document it is refused by field, the input kept.
    page.goto(f"{live_server.url}/communes/{units['a'].pk}/decide/?year={today.year}")
    page.check("input[name=drug_class][value=type_1]")
    page.fill("#id_deciding_body", "UBND tỉnh")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".field.has-error #id_document_number")).to_be_visible()
    expect(page.locator("#id_deciding_body")).to_have_value("UBND tỉnh")
    _shot(page, "05_decision_refused")
    page.fill("#id_document_number", "21/QĐ-UBND")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/communes/{units['a'].pk}/\?year={today.year}$"))
    expect(page.locator("#decided-class")).to_contain_text("21/QĐ-UBND")
    expect(page.locator("#decision-history tbody tr")).to_have_count(1)
    _shot(page, "06_decided")

    # The commune officer registers the drug-free target year; the roadmap counts it.
    page.context.clear_cookies()
    log_in(page, xa1)
    page.goto(f"{live_server.url}/communes/{units['a'].pk}/target/")
    page.fill("#id_target_year", "2028")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("#target-history li")).to_have_count(1)
    assert DrugFreeTarget.objects.get().target_year == 2028
    page.goto(f"{live_server.url}/communes/roadmap/")
    expect(page.locator("#roadmap-table")).to_contain_text("2028")
    _shot(page, "07_roadmap")
