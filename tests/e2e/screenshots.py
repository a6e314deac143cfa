"""Screenshots of the main pages, for a person to look at (not an automatic check).

    .venv/bin/python tests/e2e/screenshots.py        # or: .venv/bin/pytest tests/e2e/screenshots.py

Writes var/screenshots/*.png: login, dashboard, person list, person detail, person form with
errors, the phone views and the dossier PDF's first page. The file name does not match
`test_*.py`, so the suite never collects it; named on the command line, pytest runs it with
the e2e fixtures.
"""

import subprocess
import sys
from pathlib import Path

import pytest

# Run as a script, this file is only handed to pytest (which sets Django up); so the imports
# that need Django or the test package are made inside the test.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OUT = Path(__file__).resolve().parents[2] / "var" / "screenshots"

PEOPLE = [
    # name, sex, birth year, category, special management, has CCCD, address
    ("Nguyễn Văn Đức", "M", 1988, "addicted", False, True, "Số 12, hẻm 3, đường Mậu Thân"),
    ("Trần Thị Lan", "F", 1995, "illicit_user", False, True, "Khu vực 4"),
    ("Lê Hoàng Phúc", "M", 2001, "suspected_use", False, False, ""),
    ("Phạm Minh Tuấn", "M", 1979, "post_rehab", True, True, "Số 208/15 đường 30 tháng 4"),
    ("Huỳnh Thị Ngọc Bích", "F", 1992, "suspected_addiction", False, True, ""),
    ("Võ Thành Nam", "M", 1985, "addicted", True, True, "Hẻm 51, đường 3 tháng 2"),
    ("Đặng Quốc Bảo", "M", 1999, "illicit_user", False, False, "Khu vực 2"),
    ("Tôn Nữ Thị Phương Thảo", "F", 1990, "addicted", False, True, ""),
]


def shot(page, name: str, *, full_page: bool = True) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def test_screenshots(desktop, open_context, live_server, units, log_in, tmp_path):
    from tests.factories import make_person, make_user

    from .conftest import PHONE, VI

    officer = make_user(
        "officer_a", "commune_officer", units["a"], first_name="Hùng", last_name="Lê Văn"
    )
    reader = make_user("bcd_reader", "reader", units["province"])
    people = [
        make_person(
            officer,
            units["a"],
            full_name=name,
            sex=sex,
            birth_year=year,
            category=category,
            special_management=special,
            address=address,
            responsible_officer=officer if index % 2 else None,
            **({} if has_id else {"national_id": ""}),
        )
        for index, (name, sex, year, category, special, has_id, address) in enumerate(PEOPLE)
    ]
    url = live_server.url
    page = desktop

    page.goto(f"{url}/accounts/login/")
    page.locator("#id_username").fill("officer_a")
    page.locator("#id_password").fill("wrong-password")
    page.get_by_role("button", name=VI["log_in"]).click()
    page.locator(".errors").wait_for()
    shot(page, "01-login-error")

    log_in(page, officer)
    shot(page, "02-dashboard")

    page.goto(f"{url}/people/")
    shot(page, "03-person-list")

    page.goto(f"{url}/people/?q=nguyen")
    shot(page, "03b-person-search")

    page.goto(f"{url}/people/{people[3].pk}/")
    shot(page, "04-person-detail")

    page.goto(f"{url}/people/new/")
    page.locator("#id_full_name").fill("Phạm Thị Hoa")
    page.locator("#id_date_of_birth").fill("15/03/2099")
    page.locator("#id_national_id").fill("09219900001")
    page.get_by_role("button", name=VI["save"]).click()
    page.locator(".has-error").first.wait_for()
    shot(page, "05-person-form-errors")

    response = page.request.get(f"{url}/people/{people[3].pk}/dossier.pdf")
    pdf = tmp_path / "dossier.pdf"
    pdf.write_bytes(response.body())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf)]
        + [str(OUT / "06-dossier-pdf-page1")],
        check=True,
        timeout=60,
    )

    page.goto(f"{url}/people/{people[0].pk + 999}/")
    shot(page, "07-not-found")

    tablet = open_context(viewport={"width": 1024, "height": 768}).new_page()
    log_in(tablet, officer)
    tablet.goto(f"{url}/people/")
    shot(tablet, "09-narrow-laptop-person-list")

    reader_page = open_context().new_page()
    log_in(reader_page, reader)
    shot(reader_page, "08-reader-dashboard")

    phone = open_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    log_in(phone, officer)
    shot(phone, "10-phone-dashboard")
    phone.locator(".nav-toggle-label").click()
    shot(phone, "11-phone-menu-open")
    phone.goto(f"{url}/people/")
    shot(phone, "12-phone-person-list")
    phone.locator(".table-wrap").evaluate("el => el.scrollLeft = 200")
    shot(phone, "13-phone-person-list-scrolled", full_page=False)
    phone.goto(f"{url}/people/{people[3].pk}/")
    shot(phone, "14-phone-person-detail")
    phone.goto(f"{url}/people/new/")
    phone.get_by_role("button", name=VI["save"]).click()
    phone.locator(".has-error").first.wait_for()
    shot(phone, "15-phone-person-form-errors")
    small = open_context(viewport={"width": 320, "height": 640}, is_mobile=True).new_page()
    log_in(small, officer)
    small.goto(f"{url}/people/")
    shot(small, "17-small-phone-person-list")
    width = small.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the 320 px page is {width} px wide"

    phone.locator(".nav-toggle-label").click()
    phone.get_by_role("button", name=VI["log_out"]).click()
    phone.locator("#id_username").wait_for()
    shot(phone, "16-phone-login")

    print(f"\nScreenshots in {OUT}")  # noqa: T201


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-p", "no:xdist", "-q", "-s"]))
