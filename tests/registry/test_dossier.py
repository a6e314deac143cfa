"""The management dossier PDF: besides identity and timeline, the management periods, the
latest drug tests and contacts, and who supports the person, each section one query; read
back as text with poppler's pdftotext."""

import datetime
import shutil
import subprocess
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from registry import services
from registry.choices import SupporterKind, SupporterRole
from registry.views import DOSSIER_LATEST

from ..factories import make_agency, make_person

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


def pdf_text(response, tmp_path) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "dossier.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # Words as they read, whatever the lines a narrow table cell wraps them on.
    return " ".join(unicodedata.normalize("NFC", text).split())


def dossier(client, person, tmp_path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/people/{person.pk}/dossier.pdf")
    return pdf_text(response, tmp_path), len(queries.captured_queries)


def fill(officer, person, *, tests: int, contacts: int, units):
    """A period (extended, then ended early), `tests` drug tests (the newest positive),
    `contacts` contacts and two supporters."""
    period = services.period_open(
        actor=officer,
        person=person,
        kind="user",
        start_on=today() - 100 * DAY,
        decision_number="15/QĐ-UBND",
        decision_date=today() - 100 * DAY,
        decision_body="UBND phường Ninh Kiều",
    )
    period = services.period_extend(
        actor=officer,
        period=period,
        extended_to=period.planned_end_on + 60 * DAY,
        extension_reason="Tái sử dụng trái phép",
    )
    services.period_end(
        actor=officer,
        period=period,
        ended_on=today() - 5 * DAY,
        end_reason="ended_early",
        end_note="Đưa đi cai nghiện bắt buộc",
    )
    for index in range(1, tests + 1):
        services.drug_test_record(
            actor=officer,
            person=person,
            tested_on=today() - (2 * tests - 2 * index + 1) * DAY,
            method="quick",
            sample="urine",
            substances_tested=["methamphetamine", "opiates"],
            result="positive" if index == tests else "negative",
            substances_positive=["methamphetamine"] if index == tests else (),
            place=f"Trạm {index:02d}",
        )
    for index in range(1, contacts + 1):
        services.contact_record(
            actor=officer,
            person=person,
            contacted_on=today() - (2 * contacts - 2 * index) * DAY,
            kind="home_visit",
            note=f"Lượt {index:02d}",
        )
    union = make_agency("Hội LHPN phường", "organisation", "womens_union", units["a"])
    services.supporter_assign(
        actor=officer,
        person=person,
        kind=SupporterKind.AGENCY,
        role=SupporterRole.MASS_ORGANISATION,
        agency=union,
        name="Chị Lan",
        start_on=today() - 30 * DAY,
    )
    services.supporter_assign(
        actor=officer,
        person=person,
        kind=SupporterKind.FAMILY,
        role=SupporterRole.FAMILY_GUARDIAN,
        name="Nguyễn Thị Hoa",
        relationship="Mẹ",
        phone="0912345678",
        start_on=today() - 30 * DAY,
    )


def test_dossier_holds_periods_latest_tests_and_contacts_and_supporters(
    client_for, officer_a, units, tmp_path
):
    person = make_person(officer_a, units["a"], full_name="Phạm Thị Hường", sex="F")
    count = DOSSIER_LATEST + 2
    fill(officer_a, person, tests=count, contacts=count, units=units)
    text, _ = dossier(client_for(officer_a), person, tmp_path)

    assert "Phạm Thị Hường" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    # The period: kind, start, derived end, extension, early end.
    start = today() - 100 * DAY
    assert "II. Các đợt quản lý" in text
    assert "Quản lý người sử dụng trái phép" in text, text
    assert start.strftime("%d/%m/%Y") in text
    assert "Tái sử dụng trái phép" in text
    assert "Đưa đi cai nghiện bắt buộc" in text
    assert (today() - 5 * DAY).strftime("%d/%m/%Y") in text
    # The latest 30 tests and contacts, said so; the older ones are left out.
    assert f"III. Xét nghiệm ma túy ({DOSSIER_LATEST} lần gần nhất)" in text
    assert f"IV. Tiếp xúc, gặp gỡ ({DOSSIER_LATEST} lần gần nhất)" in text
    assert f"Trạm {count:02d}" in text and "Trạm 03" in text
    assert "Trạm 01" not in text and "Trạm 02" not in text
    assert f"Lượt {count:02d}" in text and "Lượt 03" in text
    assert "Lượt 01" not in text and "Lượt 02" not in text
    assert "Dương tính" in text
    # Supporters with their role.
    assert "Hội LHPN phường" in text and "Chị Lan" in text
    assert "Nguyễn Thị Hoa (Mẹ)" in text
    assert "0912345678" in text


def test_dossier_costs_the_same_queries_with_few_or_many_records(
    client_for, officer_a, units, tmp_path
):
    client = client_for(officer_a)
    few = make_person(officer_a, units["a"], full_name="Lê Văn Ít")
    fill(officer_a, few, tests=1, contacts=1, units=units)
    text, few_queries = dossier(client, few, tmp_path)
    # A short dossier does not say it is cut.
    assert "lần gần nhất" not in text
    many = make_person(officer_a, units["a"], full_name="Lê Văn Nhiều")
    fill(officer_a, many, tests=DOSSIER_LATEST + 2, contacts=DOSSIER_LATEST + 2, units=units)
    _, many_queries = dossier(client, many, tmp_path)
    assert many_queries == few_queries
