"""Businesses and tips in a real browser: xa1 registers a business, records an inspection with
drug findings, receives a tip and routes it; the verification task shows on "Việc cần làm";
an anonymous citizen sends a tip through the public form and gets a reference code only.
Steered by element ids and URLs; screenshots go to $COMMUNITY_SHOTS (default
<tmp>/community_shots) to be looked at."""

import os
import re
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from businesses.models import Business
from registry.models import Task
from tests.factories import make_user
from tips.models import Tip

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("COMMUNITY_SHOTS", Path(tempfile.gettempdir()) / "community_shots"))


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_business_inspection_tip_and_public_form(desktop, live_server, units, log_in):
    from django.core.cache import cache

    cache.clear()
    page = desktop
    today = f"{timezone.localdate():%d/%m/%Y}"
    xa1 = make_user("xa1", "commune_officer", units["a"], first_name="Hùng", last_name="Lê")
    log_in(page, xa1)

    # Registers a business.
    page.goto(f"{live_server.url}/businesses/new/")
    page.fill("#id_name", "Karaoke Thiên Đường")
    page.select_option("#id_kind", "karaoke")
    page.fill("#id_owner_name", "Phạm Văn Lực")
    page.fill("#id_owner_phone", "0912345678")
    page.fill("#id_address", "25 Nguyễn Trãi")
    page.fill("#id_licence_number", "15/GCN-ANTT")
    _shot(page, "01_business_form")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/businesses/\d+/$"))
    business = Business.objects.get(name="Karaoke Thiên Đường")

    # Records an inspection with drug findings; the first try without the fine's amount is
    # refused with the field, the input kept.
    page.goto(f"{live_server.url}/businesses/{business.pk}/inspect/")
    page.fill("#id_team", "Tổ kiểm tra liên ngành phường")
    page.fill("#id_findings", "Phát hiện 3 người sử dụng ma túy trong phòng hát")
    page.check("#id_drug_findings")
    page.check("input[name=violations][value=drug_use]")
    page.select_option("#id_penalty_measure", "fine")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".field.has-error #id_penalty_amount")).to_be_visible()
    expect(page.locator("#id_team")).to_have_value("Tổ kiểm tra liên ngành phường")
    _shot(page, "02_inspection_refused")
    page.fill("#id_penalty_amount", "15000000")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/businesses/{business.pk}/$"))
    expect(page.locator("#business-timeline li")).to_have_count(3)  # register, inspection, flag
    _shot(page, "03_business_flagged")
    page.goto(f"{live_server.url}/businesses/?flagged=true")
    expect(page.locator("#business-table")).to_contain_text("Karaoke Thiên Đường")
    _shot(page, "04_business_list")

    # Receives a tip and routes it to the commune.
    page.goto(f"{live_server.url}/tips/new/")
    page.select_option("#id_channel", "hotline")
    page.fill("#id_content", "Có người bán ma túy ở bãi giữ xe chợ đêm")
    page.fill("#id_tipster_name", "Bà Năm")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/tips/\d+/$"))
    tip = Tip.objects.get()
    page.goto(f"{live_server.url}/tips/{tip.pk}/route/")
    page.select_option("#id_unit", str(units["a"].pk))
    page.fill("#id_routed_on", today)
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/tips/{tip.pk}/$"))
    _shot(page, "05_tip_routed")
    expect(page.locator("body")).not_to_contain_text("Bà Năm")

    # The verification task is on "Việc cần làm".
    task = Task.objects.get(kind="tip_verification", status="open")
    assert task.owner == xa1
    page.goto(f"{live_server.url}/people/due/")
    expect(page.locator(f"a[href='/people/tasks/{task.pk}/']").first).to_be_visible()
    _shot(page, "06_due_list")

    # An anonymous citizen sends a tip: a reference code, nothing else echoed.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/tips/gui/")
    page.fill("#id_content", "Nhà số 5 đường Lê Lợi có người bán ma túy buổi tối")
    page.select_option("#id_commune", str(units["a"].pk))
    page.fill("#id_tipster_phone", "0977000111")
    _shot(page, "07_public_form")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("#tip-reference")).to_have_text(re.compile(r"^TB-[A-Z0-9]{8}$"))
    expect(page.locator("body")).not_to_contain_text("0977000111")
    _shot(page, "08_public_thanks")
    assert Tip.objects.filter(is_public=True).count() == 1
