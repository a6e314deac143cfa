"""Links to drug cases in a real browser: xa1 links a business where drugs were found to the
drug case they led to, and names the case a verified tip led to (first without choosing:
refused on that field); both pages then open the case. Screenshots go to $CASELINK_SHOTS
(default <tmp>/caselink_shots) to be looked at."""

import os
import re
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.businesses.helpers import inspect, make_business
from tests.cases.helpers import make_case
from tests.factories import make_user
from tests.tips.helpers import make_tip
from tips import services as tip_services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("CASELINK_SHOTS", Path(tempfile.gettempdir()) / "caselink_shots"))


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _vi(text: str) -> str:
    with translation.override("vi"):
        return gettext(text)


def test_business_and_tip_linked_to_their_case(desktop, live_server, units, log_in):
    page = desktop
    url = live_server.url
    xa1 = make_user("xa1", "commune_officer", units["a"], first_name="Hùng", last_name="Lê")
    business = make_business(xa1, units["a"], name="Karaoke Thiên Đường")
    inspect(xa1, business, days_ago=6, drug_findings=True)
    case = make_case(xa1, units["a"], number="27", days_ago=5)
    tip = make_tip(xa1, units["a"], days_ago=9)
    tip_services.tip_verify(actor=xa1, tip=tip, result="true", verified_on=timezone.localdate())
    log_in(page, xa1)

    # The business where drugs were found: linked to the case.
    page.goto(f"{url}/businesses/{business.pk}/")
    page.locator(f"a[href='/businesses/{business.pk}/case/']").click()
    page.select_option("#id_case", str(case.pk))
    _shot(page, "01_business_link_form")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/businesses/{business.pk}/$"))
    expect(page.locator("#business-case")).to_have_text(str(case))
    expect(page.locator("#business-timeline")).to_contain_text(_vi("Linked to a drug case"))
    _shot(page, "02_business_linked")
    page.locator("#business-case").click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))

    # The verified tip: the case it led to, first without choosing one.
    page.goto(f"{url}/tips/{tip.pk}/")
    page.locator(f"a[href='/tips/{tip.pk}/case/']").click()
    page.fill("#id_note", "Khởi tố từ tin báo")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".field.has-error #id_led_to_case")).to_be_visible()
    expect(page.locator(".field.has-error .error")).to_contain_text(_vi("Led to the drug case"))
    expect(page.locator("#id_note")).to_have_value("Khởi tố từ tin báo")
    _shot(page, "03_tip_link_refused")
    page.select_option("#id_led_to_case", str(case.pk))
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/tips/{tip.pk}/$"))
    expect(page.locator("#tip-case")).to_have_text(str(case))
    expect(page.locator("#tip-timeline")).to_contain_text(f"{case} — Khởi tố từ tin báo")
    _shot(page, "04_tip_linked")
