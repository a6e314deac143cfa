"""Browser tests: a real chromium drives pytest-django's live server.

Playwright's sync API keeps an asyncio loop running in the test thread for as long as it is
started, and Django refuses ORM calls from a thread with a running loop. So playwright is
started per test module (not per session, as pytest-playwright's own fixtures do): the loop
and DJANGO_ALLOW_ASYNC_UNSAFE then live only while the browser tests of one file run, and the
other test files that `--dist loadfile` puts on the same worker are not affected.

Never `playwright install`: the system chromium is used.
"""

import os
import subprocess
import unicodedata
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
# Root needs --no-sandbox; the rest keeps chromium from calling home on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "secret-pass-123"  # tests/factories.make_user's default
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# What a Vietnamese officer's browser sends: the pages must come out in Vietnamese.
CONTEXT_ARGS = {"locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh", "viewport": DESKTOP}
# Generous for a loaded CI machine: the first page imports the URLconf, the first PDF loads fonts.
TIMEOUT_MS = 15_000

# The fixed Vietnamese texts of the interface (locale/vi/LC_MESSAGES/django.po).
VI = {
    "log_in": "Đăng nhập",
    "log_out": "Đăng xuất",
    "password": "Mật khẩu",
    "dashboard": "Tổng quan",
    "people": "Đối tượng",
    "people_under_management": "Đối tượng quản lý",
    "new_person": "Thêm đối tượng",
    "find_person": "Tìm đối tượng: họ tên hoặc số CCCD",
    "search": "Tìm kiếm",
    "dossier_pdf": "Hồ sơ PDF",
    "save": "Lưu",
    "full_name": "Họ và tên",
    "wrong_login": "Sai tên đăng nhập hoặc mật khẩu.",
}


@pytest.fixture(scope="module", autouse=True)
def _async_unsafe_allowed():
    """Lets the ORM run beside playwright's loop, for this module's tests only."""
    key = "DJANGO_ALLOW_ASYNC_UNSAFE"
    before = os.environ.get(key)
    os.environ[key] = "true"
    yield
    if before is None:
        os.environ.pop(key, None)
    else:
        os.environ[key] = before


@pytest.fixture(scope="module")
def live_server(request):
    """pytest-django's live server, started per module with one workaround: the settings leave
    MEDIA_URL unset (no public media), and Django's live server thread cannot start its media
    handler without one. The handler reads it once, at start; it is restored right after."""
    from django.conf import settings
    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    media_url = settings.MEDIA_URL
    settings.MEDIA_URL = "/__media-not-served__/"
    try:
        server = LiveServer(addr)
    finally:
        settings.MEDIA_URL = media_url
    yield server
    server.stop()


@pytest.fixture(scope="module")
def chromium(_async_unsafe_allowed):
    """The system chromium (named apart from pytest-playwright's session-wide fixtures)."""
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def open_context(chromium):
    """`open_context(**overrides)`: a fresh browser profile (cookies, viewport) for one test."""
    contexts = []

    def make(**overrides):
        context = chromium.new_context(**{**CONTEXT_ARGS, **overrides})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def desktop(open_context) -> Page:
    return open_context().new_page()


@pytest.fixture
def phone(open_context) -> Page:
    return open_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()


@pytest.fixture
def log_in(live_server):
    """`log_in(page, user)`: through the login form, as the user does; lands on the dashboard."""

    def go(page: Page, user, password: str = PASSWORD) -> Page:
        page.goto(f"{live_server.url}/accounts/login/")
        page.locator("#id_username").fill(user.username)
        page.locator("#id_password").fill(password)
        page.get_by_role("button", name=VI["log_in"]).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(VI["dashboard"])
        return page

    return go


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """The text of a PDF (poppler's pdftotext), NFC-normalised like the names in the database."""
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return unicodedata.normalize("NFC", result.stdout.decode("utf-8"))
