"""Drug tests and contacts: the rules a positive test sets off, refusals of bad input, the
pages, the API and the monthly-check deadline."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from accounts.models import AccessLog, ChangeLog
from registry import services
from registry.choices import Category, ContactKind, Law, TaskKind, TaskStatus
from registry.due import due_list
from registry.due_checks import monthly_checks
from registry.models import Contact, DrugTest, Task

from ..factories import make_person, make_user


def today() -> datetime.date:
    """The local date when the test runs, not when the module was imported: a run that
    crosses midnight in Asia/Ho_Chi_Minh sees the new day."""
    return timezone.localdate()


DAY = datetime.timedelta(days=1)


def record_test(actor, person, **fields):
    data = {
        "tested_on": today() - DAY,
        "method": "quick",
        "sample": "urine",
        "substances_tested": ["methamphetamine", "opiates"],
        "result": "negative",
        "substances_positive": [],
    }
    data.update(fields)
    return services.drug_test_record(actor=actor, person=person, **data)


def record_positive(actor, person, **fields):
    fields.setdefault("substances_positive", ["methamphetamine"])
    return record_test(actor, person, result="positive", **fields)


def open_tasks(person, kind=None):
    tasks = Task.objects.filter(person=person, status=TaskStatus.OPEN)
    return tasks.filter(kind=kind) if kind else tasks


def nothing_written():
    return not (
        DrugTest.objects.exists()
        or Contact.objects.exists()
        or Task.objects.exists()
        or ChangeLog.objects.filter(record_type__in=["drug_test", "contact"]).exists()
    )


# ---- services: recording ------------------------------------------------------------------


def test_test_is_recorded_with_its_contact_law_and_change_log(officer_a, person_a):
    test = record_test(
        officer_a,
        person_a,
        substances_tested=["opiates", "methamphetamine", "opiates"],
        place="  Công an phường  ",
    )
    assert test.tested_by == officer_a and test.created_by == officer_a
    # Without repeats, in the order of the choices.
    assert test.substances_tested == ["opiates", "methamphetamine"]
    assert test.place == "Công an phường"
    assert test.law == Law.LAW_120_2025
    contact = Contact.objects.get(drug_test=test)
    assert (contact.kind, contact.contacted_on, contact.officer) == (
        ContactKind.TEST,
        test.tested_on,
        officer_a,
    )
    assert ChangeLog.objects.filter(record_type="drug_test", record_id=str(test.pk)).exists()
    assert ChangeLog.objects.filter(record_type="contact", record_id=str(contact.pk)).exists()
    assert test.raised_work == []


def test_law_is_chosen_by_test_date(officer_a, person_a):
    old = record_test(officer_a, person_a, tested_on=datetime.date(2026, 6, 30))
    new = record_test(officer_a, person_a, tested_on=datetime.date(2026, 7, 1))
    assert (old.law, new.law) == (Law.LAW_73_2021, Law.LAW_120_2025)


def test_contact_is_recorded(officer_a, person_a):
    contact = services.contact_record(
        actor=officer_a,
        person=person_a,
        contacted_on=today(),
        kind=ContactKind.HOME_VISIT,
        note=" Có mặt tại nhà ",
    )
    assert contact.officer == officer_a and contact.note == "Có mặt tại nhà"
    assert ChangeLog.objects.filter(record_type="contact", record_id=str(contact.pk)).exists()


# ---- services: the rules of a positive test (DOMAIN.md §3) ----------------------------------


def test_positive_test_of_illicit_user_raises_one_determination(officer_a, units):
    person = make_person(
        officer_a, units["a"], category=Category.ILLICIT_USER, responsible_officer=officer_a
    )
    first = record_positive(officer_a, person, tested_on=today() - 2 * DAY)
    [work] = first.raised_work
    assert work.new and work.task.kind == TaskKind.DETERMINATION_REQUIRED
    assert work.task.due_on == today() - 2 * DAY + 5 * DAY
    assert work.task.owner == officer_a
    assert f"{first.tested_on:%d/%m/%Y}" in work.task.title
    second = record_positive(officer_a, person, tested_on=today())
    assert [(w.task.pk, w.new) for w in second.raised_work] == [(work.task.pk, False)]
    assert open_tasks(person).count() == 1


def test_determination_deadline_is_a_setting(officer_a, units, settings):
    settings.REGISTRY_DETERMINATION_DUE_DAYS = 2
    person = make_person(officer_a, units["a"], category=Category.ILLICIT_USER)
    test = record_positive(officer_a, person, tested_on=today())
    assert test.raised_work[0].task.due_on == today() + 2 * DAY


def test_positive_test_after_rehab_raises_determination_and_possible_crime(officer_a, units):
    person = make_person(officer_a, units["a"], category=Category.POST_REHAB)
    test = record_positive(officer_a, person, tested_on=today())
    kinds = {w.task.kind: w.task for w in test.raised_work}
    assert set(kinds) == {TaskKind.DETERMINATION_REQUIRED, TaskKind.POSSIBLE_CRIME}
    assert kinds[TaskKind.POSSIBLE_CRIME].due_on == today() + DAY
    assert "256a" in kinds[TaskKind.POSSIBLE_CRIME].title
    record_positive(officer_a, person, tested_on=today())
    assert open_tasks(person).count() == 2


def test_positive_test_without_stable_residence_raises_determination(officer_a, units):
    person = make_person(
        officer_a, units["a"], category=Category.SUSPECTED_USE, has_stable_residence=False
    )
    with translation.override("en"):
        test = record_positive(officer_a, person)
    assert [w.task.kind for w in test.raised_work] == [TaskKind.DETERMINATION_REQUIRED]
    assert "no stable residence" in test.raised_work[0].task.detail


@pytest.mark.parametrize("category", [Category.SUSPECTED_USE, Category.ADDICTED])
def test_positive_test_in_other_categories_raises_nothing(officer_a, units, category):
    person = make_person(officer_a, units["a"], category=category)
    assert record_positive(officer_a, person).raised_work == []
    assert not Task.objects.exists()


@pytest.mark.parametrize("result", ["negative", "invalid"])
def test_negative_or_invalid_test_raises_nothing(officer_a, units, result):
    person = make_person(officer_a, units["a"], category=Category.POST_REHAB)
    assert record_test(officer_a, person, result=result).raised_work == []
    assert not Task.objects.exists()


# ---- services: refusals --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"tested_on": today() + DAY}, "tested_on"),
        ({"tested_on": datetime.date(1989, 12, 31)}, "tested_on"),  # born in 1990
        ({"result": "positive", "substances_positive": []}, "substances_positive"),
        ({"result": "positive", "substances_positive": ["ketamine"]}, "substances_positive"),
        ({"result": "negative", "substances_positive": ["opiates"]}, "substances_positive"),
        ({"substances_tested": []}, "substances_tested"),
        ({"substances_tested": ["opiates", "tea"]}, "substances_tested"),
        ({"substances_tested": "opiates"}, "substances_tested"),
        ({"method": "guess"}, "method"),
        ({"sample": "sweat"}, "sample"),
    ],
)
def test_bad_test_names_the_field_and_writes_nothing(officer_a, units, fields, field):
    person = make_person(officer_a, units["a"], category=Category.POST_REHAB)
    with pytest.raises(ValidationError) as excinfo:
        record_test(officer_a, person, **fields)
    assert field in excinfo.value.message_dict
    assert nothing_written()


def test_every_reason_is_given_at_once(officer_a, person_a):
    with pytest.raises(ValidationError) as excinfo:
        record_test(
            officer_a,
            person_a,
            tested_on=today() + DAY,
            result="positive",
            substances_positive=["cocaine"],
        )
    assert {"tested_on", "substances_positive"} <= set(excinfo.value.message_dict)


def test_date_before_birth_uses_the_date_of_birth(officer_a, units):
    person = make_person(
        officer_a,
        units["a"],
        date_of_birth=datetime.date(2000, 5, 10),
        birth_year=2000,
        national_id="",
    )
    with pytest.raises(ValidationError) as excinfo:
        record_test(officer_a, person, tested_on=datetime.date(2000, 5, 9))
    assert "tested_on" in excinfo.value.message_dict
    record_test(officer_a, person, tested_on=datetime.date(2000, 5, 10))


def test_tester_from_another_commune_is_refused(officer_a, officer_b, person_a):
    with pytest.raises(ValidationError) as excinfo:
        record_test(officer_a, person_a, tested_by=officer_b)
    assert "tested_by" in excinfo.value.message_dict
    assert nothing_written()


@pytest.mark.parametrize("who", ["officer_b", "reader", "health"])
def test_out_of_scope_or_without_grant_is_refused(request, person_a, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionError):
        record_positive(actor, person_a)
    with pytest.raises(PermissionError):
        services.contact_record(
            actor=actor, person=person_a, contacted_on=today(), kind=ContactKind.PHONE_CALL
        )
    assert nothing_written()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"contacted_on": today() + DAY}, "contacted_on"),
        ({"contacted_on": datetime.date(1980, 1, 1)}, "contacted_on"),
        ({"kind": ContactKind.TEST}, "kind"),
        ({"kind": "letter"}, "kind"),
    ],
)
def test_bad_contact_names_the_field_and_writes_nothing(officer_a, person_a, fields, field):
    data = {"contacted_on": today(), "kind": ContactKind.HOME_VISIT, **fields}
    with pytest.raises(ValidationError) as excinfo:
        services.contact_record(actor=officer_a, person=person_a, **data)
    assert field in excinfo.value.message_dict
    assert nothing_written()


def test_contact_officer_of_another_commune_is_refused(officer_a, officer_b, person_a):
    with pytest.raises(ValidationError) as excinfo:
        services.contact_record(
            actor=officer_a,
            person=person_a,
            contacted_on=today(),
            kind=ContactKind.PHONE_CALL,
            officer=officer_b,
        )
    assert "officer" in excinfo.value.message_dict


# ---- pages ---------------------------------------------------------------------------------


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_person_page_lists_tests_and_contacts_newest_first(client_for, officer_a, person_a):
    record_positive(officer_a, person_a, tested_on=today() - 3 * DAY, place="Trạm y tế")
    services.contact_record(
        actor=officer_a,
        person=person_a,
        contacted_on=today(),
        kind=ContactKind.HOME_VISIT,
        note="Gặp tại nhà, đang đi làm",
    )
    page = client_for(officer_a).get(f"/people/{person_a.pk}/").text
    assert 'id="checks"' in page
    assert page.index("Gặp tại nhà, đang đi làm") < page.index("Trạm y tế")
    assert f"/people/{person_a.pk}/tests/new/" in page
    assert f"/people/{person_a.pk}/contacts/new/" in page


def test_person_page_query_count_does_not_grow_with_checks(client_for, officer_a, person_a):
    client = client_for(officer_a)
    url = f"/people/{person_a.pk}/"
    record_test(officer_a, person_a, tested_by=officer_a)
    few = _count_queries(client, url)
    for days in range(2, 8):
        record_test(officer_a, person_a, tested_on=today() - days * DAY)
        services.contact_record(
            actor=officer_a, person=person_a, contacted_on=today(), kind=ContactKind.PHONE_CALL
        )
    assert _count_queries(client, url) == few


def test_section_is_hidden_from_an_identity_grant(client_for, officer_a, health, units):
    person = make_person(officer_a, units["a"], special_management=True)
    record_test(officer_a, person, place="Trạm y tế phường")
    page = client_for(health).get(f"/people/{person.pk}/")
    assert page.status_code == 200
    assert 'id="checks"' not in page.text and "Trạm y tế phường" not in page.text


def test_record_a_positive_test_through_the_form(client_for, officer_a, units):
    person = make_person(officer_a, units["a"], category=Category.POST_REHAB)
    client = client_for(officer_a)
    form = client.get(f"/people/{person.pk}/tests/new/")
    assert form.status_code == 200
    assert 'name="substances_tested"' in form.text and 'type="checkbox"' in form.text
    response = client.post(
        f"/people/{person.pk}/tests/new/",
        {
            "tested_on": f"{today():%d/%m/%Y}",
            "method": "quick",
            "sample": "urine",
            "substances_tested": ["methamphetamine", "mdma"],
            "result": "positive",
            "substances_positive": ["methamphetamine"],
            "place": "Công an phường",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/people/{person.pk}/#checks"
    test = DrugTest.objects.get()
    assert test.substances_tested == ["methamphetamine", "mdma"] and test.tested_by == officer_a
    # The page says which due work was raised.
    for task in open_tasks(person):
        assert task.title in response.text


def test_bad_test_form_names_the_field_and_keeps_the_input(client_for, officer_a, person_a):
    response = client_for(officer_a).post(
        f"/people/{person_a.pk}/tests/new/",
        {
            "tested_on": "02/01/2026",
            "method": "laboratory",
            "sample": "hair",
            "substances_tested": ["ketamine"],
            "result": "positive",
            "substances_positive": ["cocaine"],
            "place": "Bệnh viện tỉnh",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "substances_positive" in form.errors
    assert "Bệnh viện tỉnh" in response.text and "02/01/2026" in response.text
    assert re.search(r'name="substances_tested" value="ketamine"[^>]*checked', response.text)
    assert not DrugTest.objects.exists()


def test_bad_date_on_the_form_is_named(client_for, officer_a, person_a):
    response = client_for(officer_a).post(
        f"/people/{person_a.pk}/tests/new/",
        {
            "tested_on": "31/02/2026",
            "method": "quick",
            "sample": "urine",
            "substances_tested": ["opiates"],
            "result": "negative",
        },
    )
    assert response.status_code == 400
    assert "tested_on" in response.context["form"].errors
    assert "31/02/2026" in response.text


def test_record_a_contact_through_the_form(client_for, officer_a, person_a):
    client = client_for(officer_a)
    form = client.get(f"/people/{person_a.pk}/contacts/new/")
    assert form.status_code == 200
    assert 'value="test"' not in form.text  # a test is recorded on its own form
    response = client.post(
        f"/people/{person_a.pk}/contacts/new/",
        {"contacted_on": f"{today():%d/%m/%Y}", "kind": "phone_call", "note": "Gọi điện hỏi thăm"},
    )
    assert response.status_code == 302
    assert Contact.objects.get().note == "Gọi điện hỏi thăm"
    bad = client.post(
        f"/people/{person_a.pk}/contacts/new/",
        {"contacted_on": f"{today() + DAY:%d/%m/%Y}", "kind": "home_visit", "note": "Giữ lại"},
    )
    assert bad.status_code == 400 and "contacted_on" in bad.context["form"].errors
    assert "Giữ lại" in bad.text
    assert Contact.objects.count() == 1


@pytest.mark.parametrize("kind", ["tests", "contacts"])
def test_forms_answer_404_out_of_scope_and_to_a_reader(
    client_for, officer_a, reader, person_b, kind
):
    url = f"/people/{person_b.pk}/{kind}/new/"
    assert client_for(officer_a).get(url).status_code == 404
    assert client_for(officer_a).post(url, {}).status_code == 404
    assert client_for(reader).get(url).status_code == 404
    assert client_for(officer_a).get(f"/people/999999/{kind}/new/").status_code == 404


# ---- API -----------------------------------------------------------------------------------


def test_api_create_answers_with_the_due_work_raised(client_for, officer_a, units):
    person = make_person(officer_a, units["a"], category=Category.ILLICIT_USER)
    response = client_for(officer_a).post(
        "/api/v1/drug-tests/",
        {
            "person": person.pk,
            "tested_on": today().isoformat(),
            "method": "laboratory",
            "sample": "blood",
            "substances_tested": ["cannabis", "opiates"],
            "result": "positive",
            "substances_positive": ["cannabis"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["substances_tested"] == ["opiates", "cannabis"]
    assert body["law"] == Law.LAW_120_2025
    [work] = body["due_work"]
    assert work["kind"] == TaskKind.DETERMINATION_REQUIRED and work["new"] is True
    assert work["due_on"] == (today() + 5 * DAY).isoformat()
    assert Contact.objects.get().drug_test_id == body["id"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"tested_on": (today() + DAY).isoformat()}, "tested_on"),
        ({"result": "positive"}, "substances_positive"),
        ({"result": "positive", "substances_positive": ["cocaine"]}, "substances_positive"),
        ({"substances_tested": ["tea"]}, "substances_tested"),
        ({"sample": "sweat"}, "sample"),
        ({"tested_on": "31/02/2026"}, "tested_on"),
    ],
)
def test_api_bad_test_gives_json_errors_naming_fields(
    client_for, officer_a, person_a, fields, field
):
    data = {
        "person": person_a.pk,
        "tested_on": today().isoformat(),
        "method": "quick",
        "sample": "urine",
        "substances_tested": ["opiates"],
        "result": "negative",
        **fields,
    }
    response = client_for(officer_a).post(
        "/api/v1/drug-tests/", data, content_type="application/json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert nothing_written()


def test_api_person_out_of_scope_is_unknown(client_for, officer_a, person_b):
    response = client_for(officer_a).post(
        "/api/v1/contacts/",
        {"person": person_b.pk, "contacted_on": today().isoformat(), "kind": "home_visit"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "person" in response.json()
    assert nothing_written()


def test_api_reader_gets_404(client_for, reader, person_a):
    client = client_for(reader)
    assert client.get("/api/v1/drug-tests/").status_code == 404
    assert client.get("/api/v1/contacts/").status_code == 404
    response = client.post(
        "/api/v1/contacts/",
        {"person": person_a.pk, "contacted_on": today().isoformat(), "kind": "home_visit"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_api_contact_of_kind_test_is_refused(client_for, officer_a, person_a):
    response = client_for(officer_a).post(
        "/api/v1/contacts/",
        {"person": person_a.pk, "contacted_on": today().isoformat(), "kind": "test"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "kind" in response.json()
    assert nothing_written()


def test_api_contact_create_and_retrieve_is_logged(client_for, officer_a, person_a):
    client = client_for(officer_a)
    response = client.post(
        "/api/v1/contacts/",
        {"person": person_a.pk, "contacted_on": today().isoformat(), "kind": "office_talk"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["officer"] == officer_a.pk and body["kind_label"]
    detail = client.get(f"/api/v1/contacts/{body['id']}/")
    assert detail.status_code == 200 and detail.json()["person"] == person_a.pk
    assert AccessLog.objects.filter(
        user=officer_a, record_type="person", record_id=str(person_a.pk), action="view"
    ).exists()


def test_api_list_filters(client_for, officer_a, units):
    nam = make_person(officer_a, units["a"], full_name="Phạm Văn Nam")
    hoa = make_person(officer_a, units["a"], full_name="Lê Thị Hoa", sex="F")
    record_positive(officer_a, nam, tested_on=datetime.date(2026, 3, 10))
    record_test(officer_a, nam, tested_on=datetime.date(2026, 5, 10))
    record_test(officer_a, hoa, tested_on=datetime.date(2026, 5, 12))
    client = client_for(officer_a)

    def ids(**query):
        response = client.get("/api/v1/drug-tests/", query)
        assert response.status_code == 200, response.json()
        return [row["tested_on"] for row in response.json()["results"]]

    assert ids() == ["2026-05-12", "2026-05-10", "2026-03-10"]
    assert ids(person=nam.pk) == ["2026-05-10", "2026-03-10"]
    assert ids(result="positive") == ["2026-03-10"]
    assert ids(date_from="2026-05-01", date_to="2026-05-11") == ["2026-05-10"]
    assert ids(date_from="11/05/2026") == ["2026-05-12"]
    assert ids(q="le thi hoa") == ["2026-05-12"]
    contacts = client.get("/api/v1/contacts/", {"person": hoa.pk, "kind": "test"}).json()
    assert contacts["count"] == 1
    bad = client.get("/api/v1/drug-tests/", {"date_from": "hôm qua", "result": "maybe"})
    assert bad.status_code == 400 and {"date_from", "result"} <= set(bad.json())


@pytest.mark.parametrize("url", ["/api/v1/drug-tests/", "/api/v1/contacts/"])
def test_api_list_query_count_is_constant(client_for, officer_a, units, url):
    client = client_for(officer_a)

    def add(n):
        for i in range(n):
            person = make_person(officer_a, units["a"], full_name=f"Người {i}")
            record_test(officer_a, person, tested_by=officer_a)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.json()["count"]

    add(3)
    few, rows = count()
    add(3)
    assert count() == (few, rows * 2)


# ---- due list: the monthly check ----------------------------------------------------------


def test_unchecked_managed_person_is_due_a_check(officer_a, units):
    registered = today() - 40 * DAY
    person = make_person(
        officer_a,
        units["a"],
        category=Category.ADDICTED,
        registered_on=registered,
        responsible_officer=officer_a,
    )
    [item] = list(monthly_checks(user=officer_a, today=today()))
    assert item.key == f"check:{person.pk}" and item.kind == "monthly_check"
    assert item.due_on == registered + 30 * DAY
    assert item.state(today()) == "overdue"
    assert (item.person_id, item.person_name) == (person.pk, person.full_name)
    assert (item.owner_id, item.url) == (officer_a.pk, person.get_absolute_url())
    assert item.unit_name == units["a"].name
    assert item.key in {i.key for i in due_list(user=officer_a, today=today())}


def test_contact_or_test_clears_the_check(officer_a, units):
    person = make_person(officer_a, units["a"], registered_on=today() - 60 * DAY)
    record_test(officer_a, person, tested_on=today() - 31 * DAY)
    [item] = list(monthly_checks(user=officer_a, today=today()))
    assert item.due_on == today() - DAY  # the last test + 30 days
    services.contact_record(
        actor=officer_a, person=person, contacted_on=today(), kind=ContactKind.HOME_VISIT
    )
    assert list(monthly_checks(user=officer_a, today=today())) == []
    # A month on, it is due again, on the day of the last contact + 30.
    [again] = list(monthly_checks(user=officer_a, today=today() + 30 * DAY))
    assert again.due_on == today() + 30 * DAY and again.state(today() + 30 * DAY) == "today"


def test_check_every_days_is_a_setting(officer_a, units, settings):
    settings.REGISTRY_CHECK_EVERY_DAYS = 14
    make_person(officer_a, units["a"], registered_on=today() - 20 * DAY)
    [item] = list(monthly_checks(user=officer_a, today=today()))
    assert item.due_on == today() - 6 * DAY


def test_only_managed_categories_in_scope_and_of_the_owner(officer_a, officer_b, units):
    long_ago = today() - 90 * DAY
    other_officer = make_user("officer_a2", "commune_officer", units["a"])
    mine = make_person(officer_a, units["a"], registered_on=long_ago, responsible_officer=officer_a)
    theirs = make_person(
        officer_a,
        units["a"],
        category=Category.POST_REHAB,
        registered_on=long_ago,
        responsible_officer=other_officer,
    )
    make_person(officer_a, units["a"], category=Category.SUSPECTED_USE, registered_on=long_ago)
    make_person(
        officer_a, units["a"], category=Category.SUSPECTED_ADDICTION, registered_on=long_ago
    )
    make_person(officer_a, units["a"], registered_on=today() - 10 * DAY)  # registered recently
    elsewhere = make_person(officer_b, units["b"], registered_on=long_ago)
    keys = {i.key for i in monthly_checks(user=officer_a, today=today())}
    assert keys == {f"check:{mine.pk}", f"check:{theirs.pk}"}
    own = {i.key for i in monthly_checks(user=officer_a, today=today(), owner=officer_a)}
    assert own == {f"check:{mine.pk}"}
    assert f"check:{elsewhere.pk}" not in keys
    assert {i.key for i in monthly_checks(user=officer_b, today=today())} == {
        f"check:{elsewhere.pk}"
    }


def test_no_check_for_a_reader(reader, officer_a, units):
    make_person(officer_a, units["a"], registered_on=today() - 90 * DAY)
    assert list(monthly_checks(user=reader, today=today())) == []


def test_due_checks_cost_one_query_whatever_the_number_of_people(officer_a, units):
    def add(n):
        for i in range(n):
            person = make_person(
                officer_a,
                units["a"],
                full_name=f"Người {i}",
                registered_on=today() - 90 * DAY,
                responsible_officer=officer_a,
            )
            record_test(officer_a, person, tested_on=today() - 40 * DAY)
            services.contact_record(
                actor=officer_a,
                person=person,
                contacted_on=today() - 35 * DAY,
                kind=ContactKind.PHONE_CALL,
            )

    def run():
        with CaptureQueriesContext(connection) as ctx:
            items = list(monthly_checks(user=officer_a, today=today()))
        return len(ctx.captured_queries), len(items)

    add(2)
    assert run() == (1, 2)
    add(4)
    assert run() == (1, 6)
    # Due on the later of the last test and the last contact.
    assert {i.due_on for i in monthly_checks(user=officer_a, today=today())} == {today() - 5 * DAY}
