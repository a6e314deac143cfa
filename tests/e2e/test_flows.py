"""The real flows, in a real browser, in Vietnamese: log in, find a person, open the dossier
PDF, enter a person, read the dashboard, use a phone."""

import datetime
import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from tests.factories import make_person, make_user

from .conftest import PHONE, VI, pdf_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def vi(message: str) -> str:
    """A message as the server shows it to a Vietnamese browser (the same catalogue); fails
    while the catalogue lacks it, since the page would then show the English source."""
    with translation.override("vi"):
        text = gettext(message)
    assert text != message, f"not translated in locale/vi: {message!r}"
    return text


def field(page: Page, name: str):
    """The form row of one field (label, input, help, errors)."""
    return page.locator(".field").filter(has=page.locator(f"#id_{name}"))


def label_of(page: Page, name: str) -> str:
    return page.locator(f"label[for=id_{name}]").inner_text().replace("*", "").strip()


@pytest.fixture
def officer(units):
    return make_user("officer_a", "commune_officer", units["a"], first_name="Hùng", last_name="Lê")


@pytest.fixture
def duc_a(officer, units):
    return make_person(officer, units["a"], full_name="Nguyễn Văn Đức", birth_year=1988)


@pytest.fixture
def duc_b(units):
    """Same name, other commune: must stay invisible to the officer of commune A."""
    officer_b = make_user("officer_b", "commune_officer", units["b"])
    return make_person(officer_b, units["b"], full_name="Nguyễn Văn Đức", birth_year=1975)


def test_officer_logs_in_finds_a_person_and_prints_the_dossier(
    desktop, live_server, officer, duc_a, duc_b, units, tmp_path
):
    page = desktop
    make_person(officer, units["a"], full_name="Trần Thị Lan", sex="F", birth_year=1995)

    # The login page is Vietnamese; a wrong password is refused in Vietnamese and keeps the name.
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("label[for=id_password]")).to_contain_text(VI["password"])
    page.locator("#id_username").fill("officer_a")
    page.locator("#id_password").fill("not-the-password")
    page.get_by_role("button", name=VI["log_in"]).click()
    expect(page.locator(".errors")).to_have_text(VI["wrong_login"])
    expect(page.locator("#id_username")).to_have_value("officer_a")

    page.locator("#id_password").fill("secret-pass-123")
    page.get_by_role("button", name=VI["log_in"]).click()

    # The dashboard, in Vietnamese, with the commune's figure.
    expect(page.get_by_role("heading", level=1)).to_have_text(VI["dashboard"])
    nav = page.locator("header nav")
    expect(nav.get_by_role("link", name=VI["people"], exact=True)).to_be_visible()
    total = page.locator(".card").filter(has_text=VI["people_under_management"])
    expect(total.locator(".num")).to_have_text("2")
    expect(page.get_by_role("button", name=VI["log_out"])).to_be_visible()

    # The name typed without accents finds the person of commune A, and only them.
    search = page.get_by_placeholder(VI["find_person"])
    search.fill("nguyen van duc")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/people/\?q=nguyen\+van\+duc"))
    expect(page.get_by_role("heading", level=1)).to_have_text(VI["people_under_management"])
    expect(page.locator("label[for=id_q]")).to_have_text(VI["search"])
    expect(page.locator("#id_q")).to_have_value("nguyen van duc")
    rows = page.locator("table.people tbody tr")
    expect(rows).to_have_count(1)
    expect(page.locator("table.people th").first).to_have_text(VI["full_name"])
    link = rows.get_by_role("link", name="Nguyễn Văn Đức")
    expect(link).to_have_attribute("href", f"/people/{duc_a.pk}/")
    expect(rows).to_contain_text("1988")
    expect(page.locator("main")).not_to_contain_text("1975")

    # Commune B's citizen ID finds nothing either.
    search = page.get_by_placeholder(VI["find_person"])
    search.fill(duc_b.national_id)
    search.press("Enter")
    expect(page.locator("table.people")).to_have_count(0)
    expect(page.locator(".empty")).to_be_visible()

    # The person page, then the dossier PDF in a new tab.
    page.go_back()
    page.locator("table.people").get_by_role("link", name="Nguyễn Văn Đức").click()
    expect(page).to_have_url(f"{live_server.url}/people/{duc_a.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nguyễn Văn Đức")
    expect(page.locator(".facts")).to_contain_text(duc_a.national_id)

    dossier = page.get_by_role("link", name=VI["dossier_pdf"])
    expect(dossier).to_have_attribute("href", f"/people/{duc_a.pk}/dossier.pdf")
    with page.context.expect_event(
        "response", lambda r: r.url.endswith("/dossier.pdf")
    ) as response_info:
        dossier.click()
    response = response_info.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    # The same document, fetched with the browser's session, read as text.
    pdf = page.request.get(f"{live_server.url}/people/{duc_a.pk}/dossier.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.body(), tmp_path)
    assert MOTTO in text
    assert "Nguyễn Văn Đức" in text
    assert duc_a.national_id in text

    # Commune B's person does not exist for this officer: 404 by URL, for the page and the PDF.
    for url in (f"/people/{duc_b.pk}/", f"/people/{duc_b.pk}/dossier.pdf"):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 404, url
        expect(page.locator("body")).not_to_contain_text("1975")
        expect(page.locator("body")).not_to_contain_text(duc_b.national_id)


def test_officer_enters_a_person_fixing_bad_input(desktop, live_server, officer, log_in):
    page = desktop
    log_in(page, officer)
    page.locator("header nav").get_by_role("link", name=VI["people"], exact=True).click()
    page.get_by_role("link", name=VI["new_person"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(VI["new_person"])

    next_year = datetime.date.today().year + 1
    future = f"15/03/{next_year}"
    page.locator("#id_full_name").fill("Phạm Thị Hoa")
    page.locator("#id_sex").select_option("F")
    page.locator("#id_date_of_birth").fill(future)
    page.locator("#id_national_id").fill("09219900001")  # 11 digits
    page.locator("#id_address").fill("Số 12, hẻm 3, đường Mậu Thân")
    page.locator("#id_category").select_option("addicted")
    page.get_by_role("button", name=VI["save"]).click()

    # Refused: each error names its field and says why; what was typed is still there.
    expect(page).to_have_url(f"{live_server.url}/people/new/")
    expected = {
        "national_id": vi("A citizen ID has exactly 12 digits."),
        "date_of_birth": vi("The date of birth cannot be in the future."),
    }
    for name, message in expected.items():
        row = field(page, name)
        expect(row).to_have_class(re.compile(r"\bhas-error\b"))
        expect(row.locator(".error")).to_contain_text(f"{label_of(page, name)}: {message}")
    expect(page.locator("#id_full_name")).to_have_value("Phạm Thị Hoa")
    expect(page.locator("#id_sex")).to_have_value("F")
    expect(page.locator("#id_date_of_birth")).to_have_value(future)
    expect(page.locator("#id_national_id")).to_have_value("09219900001")
    expect(page.locator("#id_address")).to_have_value("Số 12, hẻm 3, đường Mậu Thân")
    expect(page.locator("#id_category")).to_have_value("addicted")

    # Corrected, it is saved and the person's page opens.
    page.locator("#id_date_of_birth").fill("15/03/1996")
    page.locator("#id_national_id").fill("092196001234")
    page.get_by_role("button", name=VI["save"]).click()
    expect(page).to_have_url(re.compile(r"/people/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phạm Thị Hoa")
    expect(page.locator(".messages")).to_have_text(vi("The person has been registered."))
    facts = page.locator(".facts")
    expect(facts).to_contain_text("092196001234")
    expect(facts).to_contain_text("15/03/1996")
    expect(facts).to_contain_text(officer.scope_unit.name)


def test_reader_sees_figures_but_no_personal_records(desktop, live_server, units, log_in):
    page = desktop
    officer_a = make_user("officer_a", "commune_officer", units["a"])
    officer_b = make_user("officer_b", "commune_officer", units["b"])
    person = make_person(officer_a, units["a"], full_name="Võ Thành Nam")
    make_person(officer_a, units["a"], full_name="Đặng Thị Mai", sex="F")
    make_person(officer_b, units["b"], full_name="Huỳnh Văn Bảy")
    reader = make_user("bcd_reader", "reader", units["province"])

    log_in(page, reader)
    total = page.locator(".card").filter(has_text=VI["people_under_management"])
    expect(total.locator(".num")).to_have_text("3")
    expect(page.locator("main")).not_to_contain_text("Võ Thành Nam")
    nav = page.locator("header nav")
    expect(nav.get_by_role("link", name=VI["dashboard"], exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name=VI["people"], exact=True)).to_have_count(0)
    expect(page.get_by_placeholder(VI["find_person"])).to_have_count(0)
    expect(page.locator(".card a")).to_have_count(0)  # figures do not drill down to people

    for url in ("/people/", f"/people/{person.pk}/", "/people/new/", "/people/export.xlsx"):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 404, url
        expect(page.locator("body")).not_to_contain_text("Võ Thành Nam")


def test_phone_menu_and_scrolling_table(phone, live_server, officer, units, log_in):
    page = phone
    for name in ("Nguyễn Thị Minh Khai", "Lâm Quang Huy", "Bùi Thị Xuân"):
        make_person(officer, units["a"], full_name=name, address="Khu vực 4, phường Ninh Kiều")
    log_in(page, officer)

    nav = page.locator("header nav")
    people_link = nav.get_by_role("link", name=VI["people"], exact=True)
    expect(people_link).to_be_hidden()
    page.locator(".nav-toggle-label").click()
    expect(people_link).to_be_visible()
    # The toggle also works from the keyboard (it is a real, labelled checkbox).
    toggle = page.get_by_role("checkbox", name=vi("Menu"))
    toggle.focus()
    page.keyboard.press("Space")
    expect(people_link).to_be_hidden()
    page.keyboard.press("Space")
    expect(people_link).to_be_visible()
    people_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(VI["people_under_management"])
    expect(page.locator("table.people tbody tr")).to_have_count(3)

    sizes = page.evaluate(
        """() => {
            const wrap = document.querySelector('.table-wrap');
            wrap.scrollLeft = 120;
            return {
                page: document.documentElement.scrollWidth,
                viewport: window.innerWidth,
                wrapScroll: wrap.scrollWidth,
                wrapWidth: wrap.clientWidth,
                wrapLeft: wrap.scrollLeft,
            };
        }"""
    )
    # The page itself is no wider than the phone (a phone browser would otherwise zoom out
    # to fit it, widening the layout viewport too) and never scrolls sideways.
    assert sizes["page"] <= PHONE["width"] and sizes["viewport"] == PHONE["width"], sizes
    assert sizes["wrapScroll"] > sizes["wrapWidth"], sizes  # the table is wider than the phone
    assert sizes["wrapLeft"] > 0, sizes  # and scrolls inside its frame
