"""Rehab follow-up in a real browser, as the commune officer of commune A: post-rehab support
and the certificate of completion (refused too early, naming the first day; then issued,
completing the period); a relapse that puts "compulsory-rehab dossier required" on the due
list; a registration for voluntary rehab at home and a service reached; education at commune,
whose decision is first refused without its number; as the province, a dashboard figure whose
link opens the list it counts; and the due list with education at commune ending (one overdue,
ended from the list) and a voluntary-rehab registration not followed by rehab. Steered by
element ids and URLs; texts are read through the Vietnamese catalogue. Screenshots (desktop
and phone) go to $REHAB_SHOTS (default <tmp>/rehab_shots) to be looked at."""

import datetime
import os
import re
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from registry.models import Task, period_end_date
from registry.services.periods import period_open
from rehab import services
from rehab.services_education import education_compile, education_decide
from rehab.services_followup import certificate_earliest, post_rehab_support_record
from rehab.services_reach import service_reached_record, voluntary_registration_record
from tests.factories import make_person, make_user

from .conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("REHAB_SHOTS", Path(tempfile.gettempdir()) / "rehab_shots"))


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def vi(message: str) -> str:
    """A message as the server shows it to a Vietnamese browser (the same catalogue); fails
    while the catalogue lacks it, since the page would then show the English source."""
    with translation.override("vi"):
        text = gettext(message)
    assert text != message, f"not translated in locale/vi: {message!r}"
    return text


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _months_ago(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, min(day.day, 28))


def _no_sideways_scroll(page):
    """On a phone the page itself never scrolls sideways: wide tables scroll in their frame."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width}px wide on a {PHONE['width']}px phone"


def _post_rehab(actor, person, start_on):
    return period_open(
        actor=actor,
        person=person,
        kind="post_rehab",
        basis="voluntary_rehab",
        start_on=start_on,
        decision_number="30/QĐ-UBND",
        decision_date=start_on,
        decision_body="UBND phường Ninh Kiều",
    )


@pytest.fixture
def world(units):
    today = timezone.localdate()
    xa1 = make_user("xa1", "commune_officer", units["a"], first_name="Hùng", last_name="Lê")
    pc04 = make_user("pc04", "provincial_police", units["province"])
    services.facility_create(
        actor=pc04,
        kind="public_rehab",
        name="Cơ sở cai nghiện ma túy tỉnh",
        unit=units["province"],
        measures=["voluntary_rehab", "compulsory_adult", "compulsory_minor"],
    )
    # A post-rehab period of 12 months whose last day is yesterday: the certificate is due.
    start = _months_ago(today, 12)
    finished = make_person(
        xa1, units["a"], category="post_rehab", full_name="Trần Văn Khải", birth_year=1990
    )
    finishing = _post_rehab(xa1, finished, start)
    assert finishing.current_end <= today
    # One in the middle of its period.
    relapsing = make_person(
        xa1, units["a"], category="post_rehab", full_name="Lý Văn Tài", birth_year=1987
    )
    ongoing = _post_rehab(xa1, relapsing, _months_ago(today, 3))
    addicted = make_person(
        xa1, units["a"], category="addicted", full_name="Ngô Thị Lan", sex="F", birth_year=1995
    )
    user = make_person(xa1, units["a"], full_name="Võ Văn Bình", birth_year=2001)
    return {
        "xa1": xa1,
        "pc04": pc04,
        "finished": finished,
        "finishing": finishing,
        "relapsing": relapsing,
        "ongoing": ongoing,
        "addicted": addicted,
        "user": user,
    }


def test_support_and_certificate_of_completion(desktop, open_context, live_server, world, log_in):
    page = desktop
    period = world["finishing"]
    today = timezone.localdate()
    log_in(page, world["xa1"])
    page.goto(f"{live_server.url}/people/{world['finished'].pk}/")
    expect(page.locator("#post-rehab-followup")).to_have_text(vi("Post-rehab follow-up"))
    _shot(page, "f01_person_post_rehab")
    # From the person page to the follow-up page.
    page.locator(f"a[href='/rehab/post-rehab/{period.pk}/']").first.click()
    expect(page).to_have_url(re.compile(rf"/rehab/post-rehab/{period.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(vi("Post-rehab follow-up"))
    expect(page.locator("body")).to_contain_text(vi("No support recorded."))
    _shot(page, "f02_followup_empty")

    # Support given: a job.
    page.locator("#record-support").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(vi("Record support given"))
    page.select_option("#id_kind", "job")
    page.fill("#id_given_on", _d(period.current_end - datetime.timedelta(days=30)))
    page.fill("#id_given_by", "Phòng Văn hóa – Xã hội phường Ninh Kiều")
    page.fill("#id_note", "Giới thiệu việc làm tại xưởng may")
    _shot(page, "f03_support_form")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/rehab/post-rehab/{period.pk}/$"))
    expect(page.locator(".messages")).to_contain_text(vi("The support has been recorded."))
    with translation.override("vi"):
        job = gettext("Job or vocational placement")
    expect(page.locator("#supports tbody tr")).to_have_count(1)
    expect(page.locator("#supports")).to_contain_text(job)

    # The certificate, too early: refused, naming the first day it may be issued.
    earliest = certificate_earliest(period)
    too_early = earliest - datetime.timedelta(days=40)
    page.locator("#issue-certificate").click()
    page.fill("#id_number", "12/GCN-UBND")
    page.fill("#id_issued_on", _d(too_early))
    page.fill("#id_signer_name", "Nguyễn Văn Chủ")
    page.locator("form.form button[type=submit]").click()
    error = page.locator(".field.has-error").filter(has=page.locator("#id_issued_on"))
    expect(error).to_contain_text(_d(earliest))
    expect(error).to_contain_text(_d(period.current_end))
    expect(page.locator("#id_number")).to_have_value("12/GCN-UBND")
    _shot(page, "f04_certificate_too_early")
    # Issued today: the period is completed on its last day.
    page.fill("#id_issued_on", _d(today))
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/rehab/post-rehab/{period.pk}/$"))
    expect(page.locator("#certificate")).to_contain_text("12/GCN-UBND")
    expect(page.locator("#issue-certificate")).to_have_count(0)
    with translation.override("vi"):
        completed = gettext("Completed")
    status = page.locator("dl.facts dd").nth(2)
    expect(status).to_contain_text(completed)
    expect(status).to_contain_text(_d(period.current_end))
    _shot(page, "f05_certificate_issued")
    period.refresh_from_db()
    assert period.ended_on == period.current_end and period.end_reason == "completed"

    # A relapse after the period's end: refused on its date, pointing to the registry.
    page.locator("#record-relapse").click()
    page.fill("#id_occurred_on", _d(today))
    page.select_option("#id_basis", "positive_test")
    page.fill("#id_note", "Test nhanh dương tính")
    page.locator("form.form button[type=submit]").click()
    error = page.locator(".field.has-error").filter(has=page.locator("#id_occurred_on"))
    with translation.override("vi"):
        ended = gettext("Post-rehab management ended on %(date)s.") % {
            "date": _d(period.current_end)
        }
    expect(error).to_contain_text(ended)
    expect(error).to_contain_text(
        vi(
            "Drug use after that day is not a relapse during it: record the new positive drug "
            "test in the person's registry record instead; the registry's usual rule then asks "
            "for an addiction determination."
        )
    )
    expect(page.locator("#id_note")).to_have_value("Test nhanh dương tính")
    _shot(page, "f05b_relapse_after_the_end_refused")

    # The same page on a phone.
    phone = open_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    log_in(phone, world["xa1"])
    phone.goto(f"{live_server.url}/rehab/post-rehab/{period.pk}/")
    expect(phone.locator("#certificate")).to_contain_text("12/GCN-UBND")
    _no_sideways_scroll(phone)
    _shot(phone, "f06_followup_phone")
    phone.goto(f"{live_server.url}/people/{world['finished'].pk}/")
    _no_sideways_scroll(phone)
    _shot(phone, "f07_person_phone")


def test_relapse_asks_for_a_compulsory_dossier(desktop, live_server, world, log_in):
    page = desktop
    period = world["ongoing"]
    person = world["relapsing"]
    today = timezone.localdate()
    log_in(page, world["xa1"])
    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.locator(f"a[href='/rehab/post-rehab/{period.pk}/']").first.click()
    page.locator("#record-relapse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(vi("Record a relapse"))
    relapse_on = today - datetime.timedelta(days=2)
    page.fill("#id_occurred_on", _d(relapse_on))
    page.select_option("#id_basis", "positive_test")
    page.fill("#id_note", "Test nhanh dương tính Methamphetamine")
    _shot(page, "f10_relapse_form")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/rehab/post-rehab/{period.pk}/$"))
    expect(page.locator("#relapses tbody tr")).to_have_count(1)
    expect(page.locator("#relapses")).to_contain_text(_d(relapse_on))
    _shot(page, "f11_relapse_recorded")
    task = Task.objects.get(person=person, kind="compulsory_dossier_required", status="open")

    # "Việc cần làm" carries it, titled in Vietnamese, with the person.
    page.locator("header nav").get_by_role("link", name=vi("What is due")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(vi("What is due"))
    page.goto(f"{live_server.url}/people/due/?who=all")
    row = page.locator("tr").filter(has=page.locator(f"a[href='/people/tasks/{task.pk}/']"))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Lý Văn Tài")
    with translation.override("vi"):
        title = gettext(
            "Compile the compulsory-rehab dossier: relapse during post-rehab management on %(date)s"
        ) % {"date": _d(relapse_on)}
    expect(row).to_contain_text(title)
    _shot(page, "f12_due_list")
    # The task's page names its kind: compulsory-rehab dossier required.
    row.locator(f"a[href='/people/tasks/{task.pk}/']").click()
    expect(page.locator("body")).to_contain_text(vi("Compulsory-rehab dossier required"))
    _shot(page, "f13_task")


def test_voluntary_rehab_at_home_and_a_service_reached(desktop, live_server, world, log_in):
    page = desktop
    person = world["addicted"]
    today = timezone.localdate()
    log_in(page, world["xa1"])
    page.goto(f"{live_server.url}/people/{person.pk}/")
    expect(page.locator("body")).to_contain_text(vi("No voluntary-rehab registration."))
    expect(page.locator("body")).to_contain_text(vi("No service reached is recorded."))
    page.locator("#register-voluntary").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(vi("Register for voluntary rehab"))
    page.select_option("#id_form", "voluntary_home")
    page.fill("#id_registered_on", _d(today))
    page.fill("#id_place", "Số 12 đường 30/4, phường Ninh Kiều")
    _shot(page, "f20_registration_form")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/people/{person.pk}/(#rehab)?$"))
    expect(page.locator(".messages")).to_contain_text(
        vi("The voluntary-rehab registration has been recorded.")
    )
    registrations = page.locator("#voluntary-registrations + p + .table-wrap table")
    with translation.override("vi"):
        at_home = gettext("Voluntary rehab at home")
    expect(registrations).to_contain_text(at_home)
    expect(registrations).to_contain_text("Số 12 đường 30/4")

    page.locator("#record-service").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(vi("Record a service reached"))
    page.select_option("#id_kind", "counselling")
    page.fill("#id_reached_on", _d(today))
    page.fill("#id_provider", "Trạm Y tế phường Ninh Kiều")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/people/{person.pk}/(#rehab)?$"))
    services_table = page.locator("#services-reached + p + .table-wrap table")
    expect(services_table.locator("tbody tr")).to_have_count(1)
    expect(services_table).to_contain_text(vi("Counselling"))
    page.locator("#voluntary-registrations").scroll_into_view_if_needed()
    _shot(page, "f21_person_registered_and_reached")

    page.goto(f"{live_server.url}/rehab/services/")
    expect(page.get_by_role("heading", level=1)).to_have_text(vi("Services reached"))
    expect(page.locator("#service-table tbody tr")).to_have_count(1)
    expect(page.locator("#service-table")).to_contain_text("Ngô Thị Lan")
    expect(page.locator("#service-table")).to_contain_text("Trạm Y tế phường Ninh Kiều")
    _shot(page, "f22_service_list")
    page.goto(f"{live_server.url}/rehab/services/?q=nobody-of-that-name")
    expect(page.locator("#service-table .empty")).to_be_visible()
    _shot(page, "f23_service_list_empty")


def test_education_at_commune(desktop, open_context, live_server, world, log_in):
    page = desktop
    person = world["user"]
    today = timezone.localdate()
    log_in(page, world["xa1"])
    page.goto(f"{live_server.url}/people/{person.pk}/")
    expect(page.locator("body")).to_contain_text(vi("No education at commune."))
    page.locator("#compile-education").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(vi("Education at commune: dossier"))
    page.fill("#id_compiled_on", _d(today))
    page.fill("#id_dossier_number", "05/HS-GDX")
    page.fill("#id_grounds", "Sử dụng trái phép chất ma túy lần thứ hai trong 6 tháng")
    _shot(page, "f30_education_dossier_form")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/rehab/education/\d+/$"))
    expect(page.locator("#education-timeline li")).to_have_count(1)
    _shot(page, "f31_education_compiled")

    # The decision without its number: refused on that field; what was typed is kept.
    page.locator("#education-decide").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(vi("Record the decision"))
    page.fill("#id_decision_date", _d(today))
    page.fill("#id_note", "Giao Đoàn thanh niên phường giúp đỡ")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".field.has-error #id_decision_number")).to_be_visible()
    expect(page.locator(".field.has-error")).to_have_count(1)
    expect(page.locator("#id_decision_date")).to_have_value(_d(today))
    _shot(page, "f32_education_decision_refused")
    page.fill("#id_decision_number", "17/QĐ-UBND")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/rehab/education/\d+/$"))
    end = period_end_date(today, 3)
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("17/QĐ-UBND")
    expect(facts).to_contain_text(f"{_d(today)} – {_d(end)}")
    with translation.override("vi"):
        decided = gettext("Decided: under education")
    expect(facts).to_contain_text(decided)
    expect(page.locator("#education-timeline li")).to_have_count(2)
    _shot(page, "f33_education_decided")
    # The person page shows the measure with its period.
    page.goto(f"{live_server.url}/people/{person.pk}/")
    education = page.locator("#education-at-commune + p + .table-wrap table")
    expect(education).to_contain_text("17/QĐ-UBND")
    expect(education).to_contain_text(f"{_d(today)} – {_d(end)}")
    page.locator("#education-at-commune").scroll_into_view_if_needed()
    _shot(page, "f34_person_education")

    phone = open_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    log_in(phone, world["xa1"])
    phone.goto(f"{live_server.url}/rehab/education/")
    expect(phone.locator("#education-table")).to_contain_text("Võ Văn Bình")
    _no_sideways_scroll(phone)
    _shot(phone, "f35_education_list_phone")


def test_province_dashboard_figure_opens_its_list(
    desktop, open_context, live_server, world, log_in
):
    xa1, today = world["xa1"], timezone.localdate()
    # Two of the four managed people (two post-rehab, an addict, an illicit user) reached a
    # service: the addict counselling, one post-rehab person a loan as post-rehab support.
    service_reached_record(
        actor=xa1,
        person=world["addicted"],
        kind="counselling",
        reached_on=today,
        provider="Trạm Y tế phường Ninh Kiều",
    )
    post_rehab_support_record(
        actor=xa1,
        period=world["ongoing"],
        kind="loan",
        given_on=today,
        given_by="Ngân hàng Chính sách xã hội",
    )
    page = desktop
    log_in(page, world["pc04"])
    page.goto(f"{live_server.url}/rehab/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text(vi("Rehab dashboard"))
    _shot(page, "f40_dashboard")
    reached = int(page.locator("#fig-reached").inner_text())
    managed = int(page.locator("#fig-managed").inner_text())
    assert (reached, managed) == (2, 4)
    page.locator("#fig-reached").click()
    expect(page).to_have_url(re.compile(r"/rehab/reached/\?reached=yes$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        vi("Managed people and services reached")
    )
    expect(page.locator("#reached-people tbody tr")).to_have_count(reached)
    expect(page.locator("#reached-tabs [aria-current=page]")).to_have_text(vi("Reached a service"))
    expect(page.locator("p.muted").first).to_contain_text(str(reached))
    expect(page.locator("#reached-people")).to_contain_text("Ngô Thị Lan")
    expect(page.locator("#reached-people")).to_contain_text("Lý Văn Tài")
    _shot(page, "f41_reached_people")
    # And the managed total opens the list of all of them.
    page.goto(f"{live_server.url}/rehab/dashboard/")
    page.locator("#fig-managed").click()
    expect(page.locator("#reached-people tbody tr")).to_have_count(managed)

    phone = open_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    log_in(phone, world["pc04"])
    phone.goto(f"{live_server.url}/rehab/dashboard/")
    expect(phone.locator("#fig-reached")).to_have_text(str(reached))
    _no_sideways_scroll(phone)
    _shot(phone, "f42_dashboard_phone")


def test_due_list_shows_the_education_end_and_the_pending_registration(
    desktop, open_context, live_server, world, units, log_in
):
    """The commune officer's "Việc cần làm": an education at commune whose last day passed
    without its end (overdue), one ending within 30 days, and a voluntary-rehab registration
    not followed by rehab within 2 working days. The officer opens the overdue measure from the
    list and records its end: it leaves the list. Another commune's officer sees none of them;
    the province sees them with ?who=all."""
    xa1, today = world["xa1"], timezone.localdate()
    day = datetime.timedelta(days=1)
    xa2 = make_user("xa2", "commune_officer", units["b"], first_name="Minh", last_name="Phan")

    def educate(person, decided_on):
        measure = education_compile(
            actor=xa1,
            person=person,
            compiled_on=decided_on - 5 * day,
            grounds="Sử dụng trái phép chất ma túy, có nơi cư trú ổn định",
        )
        return education_decide(
            actor=xa1,
            measure=measure,
            decision_number=f"{person.pk}/QĐ-UBND",
            decision_date=decided_on,
            decision_body="Chủ tịch UBND phường Ninh Kiều",
        )

    late = make_person(
        xa1, units["a"], full_name="Đinh Văn Quá", birth_year=1993, responsible_officer=xa1
    )
    overdue = educate(late, _months_ago(today, 3) - 6 * day)
    assert overdue.planned_end_on < today
    ending = make_person(
        xa1, units["a"], full_name="Mai Thị Sắp", sex="F", birth_year=1999, responsible_officer=xa1
    )
    soon = educate(ending, _months_ago(today, 3) + 12 * day)
    assert today < soon.planned_end_on <= today + 30 * day
    registered = make_person(
        xa1, units["a"], category="addicted", full_name="Hồ Văn Hẹn", responsible_officer=xa1
    )
    registration = voluntary_registration_record(
        actor=xa1,
        person=registered,
        registered_on=today - 7 * day,
        form="voluntary_home",
        place="Số 8 Hai Bà Trưng, phường Ninh Kiều",
    )
    assert registration.start_due_on < today

    page = desktop
    log_in(page, xa1)
    page.goto(f"{live_server.url}/people/due/")
    expect(page.get_by_role("heading", level=1)).to_have_text(vi("What is due"))
    with translation.override("vi"):
        ends = gettext("Education at commune ends on %(date)s: record its end and result")
        late_label = ends % {"date": _d(overdue.planned_end_on)}
        soon_label = ends % {"date": _d(soon.planned_end_on)}
        registration_label = gettext(
            "%(form)s: registered on %(date)s, not started; record the placement, or compile "
            "the compulsory-rehab dossier"
        ) % {"form": registration.get_form_display(), "date": _d(registration.registered_on)}
    late_row = page.locator("tr.due-overdue").filter(has_text="Đinh Văn Quá")
    expect(late_row).to_contain_text(late_label)
    expect(late_row.locator(f"a[href='/rehab/education/{overdue.pk}/']")).to_be_visible()
    soon_row = page.locator("tbody tr").filter(has_text="Mai Thị Sắp")
    expect(soon_row).to_contain_text(soon_label)
    expect(soon_row).not_to_have_class(re.compile("due-overdue"))
    registration_row = page.locator("tr.due-overdue").filter(has_text=registration_label)
    expect(registration_row).to_contain_text("Hồ Văn Hẹn")
    expect(registration_row).to_contain_text(_d(registration.start_due_on))
    _shot(page, "f50_due_list_education_registration")

    # The registration's row opens the person's rehab section, with the registration.
    registration_row.get_by_role("link", name=registration_label).click()
    expect(page).to_have_url(re.compile(rf"/people/{registered.pk}/#rehab$"))
    registrations = page.locator("#voluntary-registrations + p + .table-wrap table")
    expect(registrations).to_contain_text("Số 8 Hai Bà Trưng")
    _shot(page, "f51_registration_on_person_page")

    # The overdue measure: opened from the list, its end recorded on its last day.
    page.goto(f"{live_server.url}/people/due/")
    late_row.get_by_role("link", name=late_label).click()
    expect(page).to_have_url(re.compile(rf"/rehab/education/{overdue.pk}/$"))
    page.locator("#education-end").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(vi("Record the end"))
    expect(page.locator("#id_ended_on")).to_have_value(_d(overdue.planned_end_on))
    page.select_option("#id_status", "completed")
    page.fill("#id_document_number", "09/GCN-UBND")
    page.fill("#id_end_note", "Chấp hành tốt, không tái phạm")
    _shot(page, "f52_education_end_form")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/rehab/education/{overdue.pk}/$"))
    expect(page.locator("#education-timeline li")).to_have_count(3)
    page.goto(f"{live_server.url}/people/due/")
    expect(page.locator("tbody tr").filter(has_text="Đinh Văn Quá")).to_have_count(0)
    expect(page.locator("tbody tr").filter(has_text="Mai Thị Sắp")).to_have_count(1)
    _shot(page, "f53_due_list_after_end")

    # Another commune's officer: none of them, even for everyone in the jurisdiction.
    other = open_context().new_page()
    log_in(other, xa2)
    other.goto(f"{live_server.url}/people/due/?who=all")
    for name in ("Mai Thị Sắp", "Hồ Văn Hẹn"):
        expect(other.locator("body")).not_to_contain_text(name)
    _shot(other, "f54_due_list_other_commune")
    # The province, for everyone: both, with the commune's name.
    province = open_context().new_page()
    log_in(province, world["pc04"])
    province.goto(f"{live_server.url}/people/due/?who=all")
    for name in ("Mai Thị Sắp", "Hồ Văn Hẹn"):
        row = province.locator("tbody tr").filter(has_text=name).first
        expect(row).to_contain_text(units["a"].name)
    _shot(province, "f55_due_list_province")

    # On a phone the list scrolls in its frame, not the page.
    phone = open_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    log_in(phone, xa1)
    phone.goto(f"{live_server.url}/people/due/")
    expect(phone.locator("tbody tr").filter(has_text="Hồ Văn Hẹn").first).to_be_attached()
    _no_sideways_scroll(phone)
    _shot(phone, "f56_due_list_phone")
