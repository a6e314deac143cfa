"""Pages for the rest of the person record: the person form's new fields and groups, the
person page, the custody / population-database / prior-record forms, the list's new filters
(the same FilterSet as the API and the exports), the export's new columns and the export of
changes for the national population database. Assertions are on data, fields and status
codes, not on translated text."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import AccessLog
from registry import services
from registry.choices import EventKind
from registry.models import Person, PersonEvent, PriorRecord, Task

from ..factories import make_person


def today() -> datetime.date:
    """Today, asked when needed (a module constant goes stale when a run crosses midnight)."""
    return timezone.localdate()


DAY = datetime.timedelta(days=1)


def _names(response) -> set:
    """The people listed on a list page (or its partial)."""
    return {p.full_name for p in response.context["page"].object_list}


def _sheet(response) -> list[tuple]:
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.active.iter_rows(values_only=True))


def _cells(rows) -> set:
    return {cell for row in rows for cell in row if cell is not None}


def _overdue(person, actor):
    """An open task of the person whose deadline has passed (time passing, simulated)."""
    task = services.task_create(actor=actor, title="Kiểm tra", person=person, due_on=today())
    Task.objects.filter(pk=task.pk).update(due_on=today() - DAY)
    return task


# ---- The person form -----------------------------------------------------------------------


def _create_data(units, **extra):
    data = {
        "full_name": "Võ Văn Mới",
        "sex": "M",
        "birth_year": "1995",
        "residence_unit": units["a"].pk,
        "category": "illicit_user",
        "aliases": "Mới Lùn",
        "ethnicity": "01",
        "education_level": "upper_secondary",
        "occupation": "Bán vé số",
        "phone": "0912 345 678",
        "permanent_residence_unit": units["b"].pk,
        "permanent_address": "Ấp 3",
    }
    data.update(extra)
    return data


def test_create_form_has_the_new_fields_in_groups(client_for, officer_a):
    response = client_for(officer_a).get("/people/new/")
    assert response.status_code == 200
    groups = response.context["form"].fieldsets()
    names = [[f.name for f in fields] for _legend, fields in groups]
    assert len(groups) == 4 and all(legend for legend, _fields in groups)
    assert "aliases" in names[0] and "phone" in names[0] and "ethnicity" in names[0]
    assert names[1][:2] == ["residence_unit", "address"]
    assert "permanent_residence_unit" in names[1]
    assert names[2] == ["education_level", "occupation"]
    assert "category" in names[3] and "responsible_officer" in names[3]
    assert response.text.count('<fieldset class="group">') == 4


def test_create_with_the_new_fields(client_for, officer_a, units):
    response = client_for(officer_a).post("/people/new/", _create_data(units))
    assert response.status_code == 302
    person = Person.objects.get(full_name="Võ Văn Mới")
    assert person.phone == "0912345678" and person.aliases_folded == "moi lun"
    assert person.permanent_residence_unit == units["b"]
    assert (person.ethnicity, person.education_level, person.occupation) == (
        "01",
        "upper_secondary",
        "Bán vé số",
    )


def test_bad_phone_comes_back_on_its_field_with_what_was_typed(client_for, officer_a, units):
    response = client_for(officer_a).post("/people/new/", _create_data(units, phone="12345"))
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"phone"}
    assert 'value="12345"' in response.text
    assert 'value="Mới Lùn"' in response.text  # the rest is kept too
    assert not Person.objects.filter(full_name="Võ Văn Mới").exists()


def test_edit_form_changes_the_background(client_for, officer_a, person_a):
    client = client_for(officer_a)
    form = client.get(f"/people/{person_a.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update({"occupation": "Lái xe", "phone": "02923812345", "aliases": "Đức Ròm"})
    data["residence_unit"] = person_a.residence_unit_id
    data.pop("responsible_officer", None)
    data.pop("permanent_residence_unit", None)
    response = client.post(f"/people/{person_a.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    person_a.refresh_from_db()
    assert (person_a.occupation, person_a.phone, person_a.aliases) == (
        "Lái xe",
        "02923812345",
        "Đức Ròm",
    )


# ---- The person page and the action forms --------------------------------------------------


def test_person_page_shows_the_rest_of_the_record(client_for, officer_a, units):
    person = make_person(
        officer_a,
        units["a"],
        full_name="Phan Văn Sáu",
        aliases="Sáu Ốm",
        occupation="Thợ sơn",
        phone="0987654321",
        permanent_address="Số 9 hẻm 12",
    )
    services.person_set_custody(
        actor=officer_a,
        person=person,
        state="prison",
        since=today() - DAY,
        place="Trại giam Kênh 5",
    )
    services.person_set_verification(
        actor=officer_a, person=person, state="mismatch", checked_on=today(), reason="Sai năm sinh"
    )
    services.prior_record_add(
        actor=officer_a, person=person, kind="criminal", year=2012, description="Trộm cắp tài sản"
    )
    response = client_for(officer_a).get(f"/people/{person.pk}/")
    assert response.status_code == 200
    text = response.text
    for shown in (
        "Sáu Ốm",
        "Thợ sơn",
        "0987654321",
        "Số 9 hẻm 12",
        "Trại giam Kênh 5",
        "Sai năm sinh",
        "Trộm cắp tài sản",
        f"/people/{person.pk}/custody/",
        f"/people/{person.pk}/verification/",
        f"/people/{person.pk}/prior-records/new/",
    ):
        assert shown in text, shown
    kinds = [e.kind for e in response.context["events"]]
    assert EventKind.CUSTODY in kinds and EventKind.VERIFICATION in kinds


def test_custody_form_records_an_event(client_for, officer_a, person_a):
    client = client_for(officer_a)
    assert client.get(f"/people/{person_a.pk}/custody/").status_code == 200
    response = client.post(
        f"/people/{person_a.pk}/custody/",
        {
            "state": "reform_school",
            "since": today().strftime("%d/%m/%Y"),
            "place": "Trường giáo dưỡng số 4",
        },
    )
    assert response.status_code == 302
    person_a.refresh_from_db()
    assert person_a.custody_state == "reform_school"
    page = client.get(f"/people/{person_a.pk}/").text
    assert "Trường giáo dưỡng số 4" in page


def test_custody_form_refusal_keeps_the_input(client_for, officer_a, person_a):
    response = client_for(officer_a).post(
        f"/people/{person_a.pk}/custody/",
        {"state": "prison", "since": today().strftime("%d/%m/%Y"), "place": "", "note": "Ghi chú"},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"place"}
    assert "Ghi chú" in response.text
    bad_date = client_for(officer_a).post(
        f"/people/{person_a.pk}/custody/", {"state": "prison", "since": "31/02/2026", "place": "T"}
    )
    assert bad_date.status_code == 400 and "since" in bad_date.context["form"].errors
    assert not PersonEvent.objects.filter(kind=EventKind.CUSTODY).exists()


def test_verification_form(client_for, officer_a, person_a):
    client = client_for(officer_a)
    assert client.get(f"/people/{person_a.pk}/verification/").status_code == 200
    refused = client.post(
        f"/people/{person_a.pk}/verification/",
        {"state": "mismatch", "checked_on": today().strftime("%d/%m/%Y"), "reason": ""},
    )
    assert refused.status_code == 400
    assert set(refused.context["form"].errors) == {"reason"}
    future = client.post(
        f"/people/{person_a.pk}/verification/",
        {"state": "verified", "checked_on": (today() + DAY).strftime("%d/%m/%Y")},
    )
    assert future.status_code == 400 and set(future.context["form"].errors) == {"checked_on"}
    done = client.post(
        f"/people/{person_a.pk}/verification/",
        {"state": "verified", "checked_on": today().strftime("%d/%m/%Y")},
    )
    assert done.status_code == 302
    person_a.refresh_from_db()
    assert person_a.verification_state == "verified"


def test_prior_record_forms(client_for, officer_a, person_a):
    client = client_for(officer_a)
    url = f"/people/{person_a.pk}/prior-records/new/"
    refused = client.post(url, {"kind": "criminal", "year": "2040", "description": "Đánh bạc"})
    assert refused.status_code == 400 and set(refused.context["form"].errors) == {"year"}
    assert "Đánh bạc" in refused.text
    assert (
        client.post(
            url, {"kind": "administrative", "year": "2019", "description": "Sử dụng trái phép"}
        ).status_code
        == 302
    )
    record = PriorRecord.objects.get(person=person_a)
    void_url = f"/people/{person_a.pk}/prior-records/{record.pk}/void/"
    assert client.post(void_url, {"reason": ""}).status_code == 400
    assert client.post(void_url, {"reason": "Nhập trùng"}).status_code == 302
    record.refresh_from_db()
    assert record.is_voided
    assert client.get(void_url).status_code == 404  # nothing left to void


def test_action_pages_of_other_commune_or_without_grant_answer_404(
    client_for, officer_b, health, reader, person_a, officer_a
):
    record = services.prior_record_add(
        actor=officer_a, person=person_a, kind="criminal", year=2015, description="x"
    )
    urls = [
        f"/people/{person_a.pk}/custody/",
        f"/people/{person_a.pk}/verification/",
        f"/people/{person_a.pk}/prior-records/new/",
        f"/people/{person_a.pk}/prior-records/{record.pk}/void/",
    ]
    for user in (officer_b, health, reader):
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
            assert client.post(url, {"state": "prison", "reason": "x"}).status_code == 404
    assert not PersonEvent.objects.filter(kind=EventKind.CUSTODY).exists()


def test_void_url_cannot_pair_a_person_with_another_persons_entry(client_for, officer_a, units):
    one = make_person(officer_a, units["a"], full_name="Một Người")
    two = make_person(officer_a, units["a"], full_name="Hai Người")
    record = services.prior_record_add(
        actor=officer_a, person=two, kind="criminal", year=2015, description="x"
    )
    response = client_for(officer_a).get(f"/people/{one.pk}/prior-records/{record.pk}/void/")
    assert response.status_code == 404


# ---- The list's new filters ----------------------------------------------------------------


@pytest.fixture
def crowd(officer_a, units, pc04):
    other = services.person_create  # noqa: F841 - people are made through the service
    people = {
        "kinh": make_person(
            officer_a, units["a"], full_name="Kinh Một", ethnicity="01", aliases="Tèo Đen"
        ),
        "khmer": make_person(officer_a, units["a"], full_name="Khmer Hai", ethnicity="05"),
        "unknown": make_person(
            officer_a, units["a"], full_name="Chưa Rõ Ba", responsible_officer=officer_a
        ),
    }
    services.person_set_custody(
        actor=officer_a, person=people["khmer"], state="prison", since=today(), place="Trại giam"
    )
    services.person_set_verification(
        actor=officer_a, person=people["kinh"], state="verified", checked_on=today()
    )
    _overdue(people["unknown"], officer_a)
    # Due later: not overdue.
    services.task_create(
        actor=officer_a, title="Sau", person=people["kinh"], due_on=today() + 3 * DAY
    )
    return people


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "teo den"}, {"Kinh Một"}),
        ({"q": "Tèo"}, {"Kinh Một"}),
        ({"q": "TEO"}, {"Kinh Một"}),
        ({"ethnicity": "01"}, {"Kinh Một"}),
        ({"ethnicity": "minorities"}, {"Khmer Hai"}),
        ({"custody_state": "prison"}, {"Khmer Hai"}),
        ({"custody_state": "at_home"}, {"Kinh Một", "Chưa Rõ Ba"}),
        ({"verification_state": "verified"}, {"Kinh Một"}),
        ({"verification_state": "unverified"}, {"Khmer Hai", "Chưa Rõ Ba"}),
        ({"has_overdue": "true"}, {"Chưa Rõ Ba"}),
        ({"has_overdue": "false"}, {"Kinh Một", "Khmer Hai"}),
        ({"responsible_officer": "null"}, {"Kinh Một", "Khmer Hai"}),
    ],
)
def test_new_filters_on_the_page_and_the_api(client_for, officer_a, crowd, params, expected):
    client = client_for(officer_a)
    assert _names(client.get("/people/", params)) == expected
    api = client.get("/api/v1/persons/", params).json()
    assert {row["full_name"] for row in api["results"]} == expected


def test_responsible_officer_filter_lists_only_officers_in_scope(
    client_for, officer_a, officer_b, crowd
):
    client = client_for(officer_a)
    assert _names(client.get("/people/", {"responsible_officer": officer_a.pk})) == {"Chưa Rõ Ba"}
    # Another commune's officer is not a choice here: the filter refuses, nothing is shown.
    response = client.get("/people/", {"responsible_officer": officer_b.pk})
    assert response.status_code == 200 and _names(response) == set()
    assert "responsible_officer" in response.context["filter"].errors
    assert client.get("/api/v1/persons/", {"responsible_officer": officer_b.pk}).status_code == 400


def test_list_page_shows_the_new_filters_and_badges(client_for, officer_a, crowd):
    response = client_for(officer_a).get("/people/")
    fields = set(response.context["filter"].form.fields)
    assert {
        "responsible_officer",
        "custody_state",
        "verification_state",
        "has_overdue",
        "ethnicity",
    } <= fields
    for name in fields - {"ordering"}:
        assert f'name="{name}"' in response.text, name
    rows = {p.full_name: p for p in response.context["page"].object_list}
    assert rows["Chưa Rõ Ba"].has_overdue_work and not rows["Kinh Một"].has_overdue_work
    assert "Tèo Đen" in response.text and "/people/national-db-changes/" in response.text


def test_search_on_aliases_hides_other_communes(client_for, officer_a, officer_b, units):
    make_person(officer_b, units["b"], full_name="Người Xã B", aliases="Tèo Đen")
    client = client_for(officer_a)
    assert _names(client.get("/people/", {"q": "teo den"})) == set()
    assert client.get("/api/v1/persons/", {"q": "teo den"}).json()["count"] == 0


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _person_with_everything(officer, units, i):
    person = make_person(
        officer,
        units["a"],
        full_name=f"Đầy Đủ {i}",
        aliases=f"Biệt Danh {i}",
        ethnicity="01",
        phone="0912345678",
        permanent_residence_unit=units["b"],
        responsible_officer=officer,
    )
    services.person_set_custody(
        actor=officer, person=person, state="prison", since=today(), place="Trại"
    )
    services.prior_record_add(
        actor=officer, person=person, kind="criminal", year=2015, description=f"Án {i}"
    )
    _overdue(person, officer)
    return person


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/people/", {}),
        ("/people/", {"has_overdue": "true", "q": "biet danh", "custody_state": "prison"}),
        ("/api/v1/persons/", {}),
        ("/api/v1/persons/", {"has_overdue": "true", "ethnicity": "01"}),
        ("/people/export.xlsx", {}),
        ("/people/national-db-changes/", {"since": "01/01/2000"}),
    ],
)
def test_query_count_does_not_grow_with_rows(client_for, officer_a, units, url, params):
    client = client_for(officer_a)
    for i in range(3):
        _person_with_everything(officer_a, units, i)
    few = _count(client, url, params)
    for i in range(3, 9):
        _person_with_everything(officer_a, units, i)
    assert _count(client, url, params) == few


# ---- Exports -------------------------------------------------------------------------------


def test_export_has_the_new_columns(client_for, officer_a, units):
    person = _person_with_everything(officer_a, units, 1)
    services.prior_record_void(
        actor=officer_a,
        record=services.prior_record_add(
            actor=officer_a, person=person, kind="criminal", year=2016, description="Nhầm"
        ),
        reason="Sai",
    )
    rows = _sheet(client_for(officer_a).get("/people/export.xlsx", {"q": "biet danh 1"}))
    header, data = rows[1], rows[2:]
    assert len(data) == 1 and len(header) == len(data[0])
    cells = _cells(data)
    for value in ("Biệt Danh 1", "0912345678", units["b"].name, "Trại"):
        assert value in cells, value
    prior = [c for c in data[0] if isinstance(c, str) and "Án 1" in c]
    assert len(prior) == 1 and "2015" in prior[0] and "Nhầm" not in prior[0]  # voided: left out


def test_national_db_changes_export(client_for, officer_a, units):
    old = make_person(officer_a, units["a"], full_name="Cũ Không Đổi")
    Person.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=40))
    changed = make_person(officer_a, units["a"], full_name="Mới Thay Đổi", category="addicted")
    loaded = make_person(officer_a, units["a"], full_name="Đã Cập Nhật")
    services.person_set_verification(
        actor=officer_a, person=loaded, state="updated", checked_on=today()
    )
    # Updated into the national database, then changed again after that day: listed again.
    again = make_person(officer_a, units["a"], full_name="Đổi Lại Sau")
    services.person_set_verification(
        actor=officer_a, person=again, state="updated", checked_on=today() - 5 * DAY
    )
    services.person_update(actor=officer_a, person=again, phone="0911111111")
    client = client_for(officer_a)
    since = (today() - 10 * DAY).strftime("%d/%m/%Y")
    response = client.get("/people/national-db-changes/", {"since": since})
    assert response.status_code == 200
    names = {row[1] for row in _sheet(response)[2:]}
    assert names == {"Mới Thay Đổi", "Đổi Lại Sau"}
    entry = AccessLog.objects.filter(action="export").latest("id")
    assert "national database" in entry.detail and entry.user == officer_a
    # The list's filters apply.
    filtered = client.get("/people/national-db-changes/", {"since": since, "category": "addicted"})
    assert {row[1] for row in _sheet(filtered)[2:]} == {changed.full_name}


def test_national_db_changes_page_asks_for_the_day(client_for, officer_a, person_a):
    client = client_for(officer_a)
    page = client.get("/people/national-db-changes/", {"category": "addicted"})
    assert page.status_code == 200
    assert 'name="category" value="addicted"' in page.text  # the list's filter is carried
    bad = client.get("/people/national-db-changes/", {"since": "32/13/2026"})
    assert bad.status_code == 400 and "since" in bad.context["form"].errors
    assert not AccessLog.objects.filter(action="export").exists()


def test_national_db_changes_hides_other_communes_and_refuses_identity_grants(
    client_for, officer_a, person_a, person_b, health, reader
):
    rows = _sheet(
        client_for(officer_a).get("/people/national-db-changes/", {"since": "01/01/2000"})
    )
    names = {row[1] for row in rows[2:]}
    assert person_a.full_name in names and person_b.full_name not in names
    for user in (health, reader):
        response = client_for(user).get("/people/national-db-changes/", {"since": "01/01/2000"})
        assert response.status_code == 404


def test_dossier_pdf_renders_with_the_rest_of_the_record(client_for, officer_a, person_a):
    services.person_set_custody(
        actor=officer_a, person=person_a, state="prison", since=today(), place="Trại giam"
    )
    services.prior_record_add(
        actor=officer_a, person=person_a, kind="criminal", year=2015, description="Án cũ"
    )
    response = client_for(officer_a).get(f"/people/{person_a.pk}/dossier.pdf")
    assert response.status_code == 200
    assert [r.description for r in response.context["prior_records"]] == ["Án cũ"]
