"""Key areas in a real browser: PC04 designates a key area, adds a measure to its plan, records
an evaluation, declares it transformed (first without the document: refused on that field,
the input kept), then a watch check finds it complex again and reopens it; the commune
officer sees it read-only. Steered by element ids and URLs; screenshots go to
$KEYAREA_SHOTS (default <tmp>/keyarea_shots) to be looked at."""

import datetime
import os
import re
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from keyareas.models import KeyArea
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("KEYAREA_SHOTS", Path(tempfile.gettempdir()) / "keyarea_shots"))
DAY = datetime.timedelta(days=1)


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _vi(text: str) -> str:
    with translation.override("vi"):
        return gettext(text)


def _submit(page):
    page.locator("form.form button[type=submit]").click()


def test_designate_plan_transform_relapse_and_commune_reads(
    desktop, open_context, live_server, units, log_in
):
    page = desktop
    url = live_server.url
    today = timezone.localdate()
    pc04 = make_user("pc04", "provincial_police", units["province"], first_name="Khoa")
    xa1 = make_user("xa1", "commune_officer", units["a"], first_name="Hùng", last_name="Lê")
    log_in(page, pc04)

    # Designates a key area over commune A.
    page.goto(f"{url}/key-areas/")
    page.locator("a[href='/key-areas/new/']").first.click()
    page.fill("#id_name", "Khu vực bến xe và chợ đêm")
    page.select_option("#id_communes", [str(units["a"].pk)])
    page.fill("#id_reason", "Nhiều điểm sử dụng, mua bán ma túy nhỏ lẻ; người nghiện tập trung")
    page.fill("#id_designated_on", f"{today - 90 * DAY:%d/%m/%Y}")
    page.fill("#id_designation_document", "125/QĐ-UBND")
    _shot(page, "01_designate_form")
    _submit(page)
    expect(page).to_have_url(re.compile(r"/key-areas/\d+/$"))
    area = KeyArea.objects.get()
    expect(page.locator("h1")).to_have_text("Khu vực bến xe và chợ đêm")
    expect(page.locator("#keyarea-timeline li")).to_have_count(1)
    expect(page.locator("#keyarea-read-only")).to_have_count(0)
    _shot(page, "02_designated")

    # Adds a measure to the plan: owner and deadline.
    page.locator(f"a[href='/key-areas/{area.pk}/measures/']").click()
    page.fill("#id_title", "Lắp camera an ninh tại bãi giữ xe")
    page.fill("#id_owner", "Công an phường")
    page.fill("#id_deadline", f"{today + 30 * DAY:%d/%m/%Y}")
    _submit(page)
    expect(page).to_have_url(re.compile(rf"/key-areas/{area.pk}/$"))
    measures = page.locator("#keyarea-measures")
    expect(measures).to_contain_text("Lắp camera an ninh tại bãi giữ xe")
    expect(measures).to_contain_text("Công an phường")
    expect(measures).to_contain_text(f"{today + 30 * DAY:%d/%m/%Y}")

    # Records an evaluation.
    page.locator(f"a[href='/key-areas/{area.pk}/evaluations/']").click()
    page.fill("#id_evaluated_on", f"{today - 30 * DAY:%d/%m/%Y}")
    page.select_option("#id_result", "meets")
    page.fill("#id_note", "Không còn tụ tập sử dụng ma túy")
    _submit(page)
    expect(page).to_have_url(re.compile(rf"/key-areas/{area.pk}/$"))
    expect(page.locator("body")).to_contain_text("Không còn tụ tập sử dụng ma túy")
    _shot(page, "03_plan_and_evaluation")

    # Declares it transformed: first without the document, refused on that field.
    page.locator(f"a[href='/key-areas/{area.pk}/transform/']").click()
    expect(page.locator(".warning-box")).to_be_visible()
    confirm = page.locator("form.form button[type=submit]")
    expect(confirm).to_have_text(_vi("Confirm: declare the area transformed"))
    page.fill("#id_occurred_on", f"{today - 20 * DAY:%d/%m/%Y}")
    page.fill("#id_note", "Đủ tiêu chí chuyển hóa")
    _submit(page)
    error = page.locator(".field.has-error .error")
    expect(error).to_have_count(1)
    expect(error).to_contain_text(_vi("Document number"))
    expect(page.locator(".field.has-error #id_document_number")).to_be_visible()
    expect(page.locator("#id_note")).to_have_value("Đủ tiêu chí chuyển hóa")
    _shot(page, "04_transform_refused")
    area.refresh_from_db()
    assert area.status == "designated"
    page.fill("#id_document_number", "9/QĐ-UBND")
    _submit(page)
    expect(page).to_have_url(re.compile(rf"/key-areas/{area.pk}/$"))
    expect(page.locator("dl.facts")).to_contain_text(_vi("Transformed: under watch"))
    expect(page.locator("#keyarea-timeline")).to_contain_text("9/QĐ-UBND")
    _shot(page, "05_transformed")

    # A watch check finds it complex again: reopened and counted.
    page.locator(f"a[href='/key-areas/{area.pk}/check/']").click()
    page.check("input[name=finding][value=relapsed]")
    page.fill("#id_note", "Phát hiện đối tượng tụ tập sử dụng ma túy trở lại")
    _submit(page)
    expect(page).to_have_url(re.compile(rf"/key-areas/{area.pk}/$"))
    expect(page.locator("dl.facts")).to_contain_text(_vi("Designated: being transformed"))
    expect(page.locator("#keyarea-timeline li")).to_have_count(4)
    expect(page.locator("#keyarea-timeline")).to_contain_text(_vi("Became complex again"))
    _shot(page, "06_complex_again")
    area.refresh_from_db()
    assert (area.status, area.relapse_count) == ("designated", 1)
    page.goto(f"{url}/key-areas/?relapsed=true")
    expect(page.locator("body")).to_contain_text("Khu vực bến xe và chợ đêm")
    _shot(page, "07_list_complex_again")

    # The commune officer reads it: no write button, the write pages answer 404.
    commune = open_context().new_page()
    log_in(commune, xa1)
    commune.goto(f"{url}/key-areas/")
    commune.locator(f"a[href='/key-areas/{area.pk}/']").first.click()
    expect(commune.locator("h1")).to_have_text("Khu vực bến xe và chợ đêm")
    expect(commune.locator("#keyarea-measures")).to_contain_text("Công an phường")
    expect(commune.locator("#keyarea-read-only")).to_be_visible()
    actions = commune.locator(".page-head .actions a")
    expect(actions).to_have_count(1)
    expect(commune.locator("a[href*='/measures/']")).to_have_count(0)
    expect(commune.locator("a[href='/key-areas/new/']")).to_have_count(0)
    _shot(commune, "08_commune_reads")
    response = commune.goto(f"{url}/key-areas/{area.pk}/check/")
    assert response.status == 404
