"""Substitution treatment in a real browser: the `yte` Health user imports a monthly list
(one matched, one unmatched row), writes the good rows, marks the patient dropped out; the
commune officer sees the drop-out task on "Việc cần làm". Steered by element ids and URLs, so
that it holds in any language; screenshots go to $TREATMENT_SHOTS (default
<tmp>/treatment_shots) to be looked at."""

import datetime
import io
import os
import re
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from registry.models import Person, Task
from rehab import services as rehab_services
from tests.factories import make_agency, make_person, make_user
from treatment.models import SubstitutionTreatment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("TREATMENT_SHOTS", Path(tempfile.gettempdir()) / "treatment_shots"))


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def world(units):
    agency = make_agency("Sở Y tế", "department", "health", units["province"])
    health = make_user("yte", "department", units["province"], agency=agency)
    xa1 = make_user("xa1", "commune_officer", units["a"], first_name="Hùng", last_name="Lê")
    site = rehab_services.facility_create(
        actor=health,
        kind="substitution",
        name="Cơ sở điều trị Methadone Ninh Kiều",
        unit=units["a"],
        measures=["substitution"],
    )
    person = make_person(
        xa1, units["a"], full_name="Phan Văn Hậu", birth_year=1992, national_id="092092000321"
    )
    from registry.services import person_assign_officer

    person_assign_officer(actor=xa1, person=person, officer=xa1)
    return {"health": health, "xa1": xa1, "site": site, "person": person}


def _list_file(path: Path, today) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH BỆNH NHÂN THÁNG"])
    sheet.append(
        [
            "Họ và tên",
            "Năm sinh",
            "Số CCCD",
            "Mã bệnh nhân",
            "Ngày bắt đầu điều trị",
            "Thuốc điều trị",
            "Liều hiện tại (mg)",
            "Tình trạng điều trị",
        ]
    )
    start = f"{today - datetime.timedelta(days=60):%d/%m/%Y}"
    sheet.append(
        ["Phan Văn Hậu", 1992, "092092000321", "NK-0101", start, "Methadone", 60, "Đang điều trị"]
    )
    sheet.append(
        [
            "Người Không Có Hồ Sơ",
            1985,
            "092085000999",
            "NK-0102",
            start,
            "Methadone",
            40,
            "Đang điều trị",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_monthly_list_import_to_dropout_task(desktop, live_server, world, log_in, tmp_path):
    page = desktop
    today = timezone.localdate()
    people_before = Person.objects.count()
    log_in(page, world["health"])
    page.goto(f"{live_server.url}/treatment/")
    _shot(page, "01_overview_empty")
    page.goto(f"{live_server.url}/treatment/imports/")
    page.locator("#import-substitution").click()
    expect(page).to_have_url(re.compile(r"/treatment/imports/substitution/new/$"))
    page.select_option("#id_facility", str(world["site"].pk))
    page.fill("#id_month", f"{today:%m/%Y}")
    page.set_input_files("#id_file", str(_list_file(tmp_path / "thang.xlsx", today)))
    _shot(page, "02_import_form")
    page.locator("#check").click()
    expect(page).to_have_url(re.compile(r"/treatment/imports/\d+/$"))
    expect(page.locator("#import-rows tr.row-new")).to_have_count(1)
    expect(page.locator("#import-rows tr.row-unmatched")).to_have_count(1)
    _shot(page, "03_import_preview")
    page.locator("#write-good").click()
    expect(page.locator("#write-good")).to_have_count(0)
    _shot(page, "04_import_written")
    assert Person.objects.count() == people_before
    treatment = SubstitutionTreatment.objects.get(person=world["person"])

    # Marks the patient dropped out.
    page.goto(f"{live_server.url}/treatment/substitution/")
    expect(page.locator("#treatment-table")).to_contain_text("NK-0101")
    _shot(page, "05_list")
    page.goto(f"{live_server.url}/treatment/substitution/{treatment.pk}/")
    page.locator("#change-status").click()
    page.select_option("#id_status", "dropped_out")
    page.fill("#id_occurred_on", f"{today:%d/%m/%Y}")
    _shot(page, "06_status_form")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#save").click()
    expect(page).to_have_url(re.compile(rf"/treatment/substitution/{treatment.pk}/$"))
    expect(page.locator("#treatment-timeline li")).to_have_count(2)
    _shot(page, "07_dropped_out")
    page.context.clear_cookies()

    # The commune officer sees the task on the due list.
    task = Task.objects.get(person=world["person"], kind="substitution_dropout", status="open")
    log_in(page, world["xa1"])
    page.goto(f"{live_server.url}/people/due/")
    expect(page.locator(f"a[href='/people/tasks/{task.pk}/']").first).to_be_visible()
    _shot(page, "08_due_list")
    page.goto(f"{live_server.url}/treatment/")
    expect(page.locator("#fig-dropouts")).to_have_text("1")
    _shot(page, "09_overview_officer")
