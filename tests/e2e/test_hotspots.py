"""Hotspots in a real browser: PC04 reads the dashboard and the map of the demo hotspots,
filters to the re-emerged ones and follows them to the list and a timeline; a commune officer
records a hotspot by picking its point on the map, takes it to cleared, and finds the watch
check on the due list. Steered by element ids and URLs, so that it holds in any language."""

import datetime
import random
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import make_person, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(units):
    from demo.seed_hotspots import seed

    users = {
        "pc04": make_user("pc04", "provincial_police", units["province"]),
        "xa1": make_user("xa1", "commune_officer", units["a"]),
        "xa2": make_user("xa2", "commune_officer", units["b"]),
    }
    make_person(users["xa1"], units["a"], full_name="Phạm Văn Tư")
    seed(province=units["province"], users=users, today=timezone.localdate(), rng=random.Random(3))
    return users


def _d(days_ago: int) -> str:
    return f"{timezone.localdate() - datetime.timedelta(days=days_ago):%d/%m/%Y}"


def test_pc04_dashboard_map_and_timeline(desktop, live_server, demo, log_in):
    page = log_in(desktop, demo["pc04"])
    page.goto(f"{live_server.url}/hotspots/dashboard/")
    expect(page.locator("#status-table")).to_be_visible()
    page.goto(f"{live_server.url}/hotspots/map/")
    # The demo hotspots are drawn (clustered markers or single ones).
    expect(page.locator(".leaflet-marker-icon, path.leaflet-interactive").first).to_be_attached()
    page.select_option("#id_re_emerged", "true")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"re_emerged=true"))
    page.locator("a[href^='/hotspots/?']").first.click()
    expect(page).to_have_url(re.compile(r"/hotspots/\?.*re_emerged=true"))
    rows = page.locator("#hotspot-table tbody tr")
    expect(rows.first).to_be_visible()
    rows.first.locator("a").first.click()
    expect(page.locator("#hotspot-timeline li").first).to_be_visible()
    assert page.locator("#hotspot-timeline li").count() >= 4


def test_officer_records_hotspot_on_map_and_clears_it(desktop, live_server, demo, log_in):
    page = log_in(desktop, demo["xa1"])
    page.goto(f"{live_server.url}/hotspots/new/")
    page.fill("#id_name", "Bãi giữ xe bỏ hoang")
    page.locator("input[name=activities][value=use]").check()
    page.locator("input[name=activities][value=dealing]").check()
    page.fill("#id_detected_on", _d(90))
    # Picking the point on the map fills the coordinates.
    the_map = page.locator("#hotspot-map")
    box = the_map.bounding_box()
    the_map.click(position={"x": box["width"] / 2 + 20, "y": box["height"] / 2 + 10})
    expect(page.locator("#id_latitude")).not_to_have_value("")
    expect(page.locator("#id_longitude")).not_to_have_value("")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/hotspots/\d+/$"))
    detail = page.url
    for step, days in (("verify", 80), ("act", 70), ("clear", 60)):
        page.goto(f"{detail}step/")
        page.select_option("#id_step", step)
        page.fill("#id_occurred_on", _d(days))
        if step == "clear":
            page.fill("#id_document_number", "15/QĐ-UBND")
            page.fill("#id_document_date", _d(days))
        page.locator("form.form button[type=submit]").click()
        expect(page).to_have_url(detail)
    expect(page.locator("#hotspot-timeline li")).to_have_count(4)
    assert "15/QĐ-UBND" in page.locator("#hotspot-timeline").inner_text()
    page.goto(f"{live_server.url}/people/due/")
    path = detail.replace(live_server.url, "")
    expect(page.locator(f"a[href='{path}']").first).to_be_visible()
