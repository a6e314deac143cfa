import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import ChangeLog
from registry import selectors, services
from registry.choices import Category, EventKind, Law
from registry.models import PersonEvent

from ..factories import make_person

D = datetime.date


def _change(person, actor, category, day, **extra):
    data = {"basis_number": "12/QĐ-CAP", "basis_body": "Công an phường Ninh Kiều"}
    data.update(extra)
    return services.person_change_category(
        actor=actor, person=person, category=category, occurred_on=day, **data
    )


@pytest.fixture
def user_2025(officer_a, units):
    return make_person(
        officer_a, units["a"], category=Category.ILLICIT_USER, registered_on=D(2025, 3, 1)
    )


def test_category_change_is_an_event_and_updates_the_person(user_2025, officer_a):
    event = _change(user_2025, officer_a, Category.ADDICTED, D(2026, 8, 1))
    user_2025.refresh_from_db()
    assert user_2025.category == Category.ADDICTED
    assert event.kind == EventKind.CATEGORY
    assert event.category_before == Category.ILLICIT_USER
    assert event.law == Law.LAW_120_2025  # chosen by the date
    assert ChangeLog.objects.filter(action="update", after={"category": "addicted"}).exists()


def test_law_can_be_given_explicitly(user_2025, officer_a):
    event = _change(user_2025, officer_a, Category.ADDICTED, D(2026, 8, 1), law=Law.LAW_73_2021)
    assert event.law == Law.LAW_73_2021


@pytest.mark.parametrize(
    ("extra", "field"),
    [({"basis_number": ""}, "basis_number"), ({"basis_body": " "}, "basis_body")],
)
def test_change_without_legal_basis_is_refused(user_2025, officer_a, extra, field):
    with pytest.raises(ValidationError) as excinfo:
        _change(user_2025, officer_a, Category.ADDICTED, D(2026, 8, 1), **extra)
    assert field in excinfo.value.message_dict
    user_2025.refresh_from_db()
    assert user_2025.category == Category.ILLICIT_USER
    assert user_2025.events.count() == 1


def test_future_date_and_same_category_are_refused(user_2025, officer_a):
    with pytest.raises(ValidationError) as excinfo:
        _change(user_2025, officer_a, Category.ADDICTED, D(2099, 1, 1))
    assert "occurred_on" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        _change(user_2025, officer_a, Category.ILLICIT_USER, D(2026, 1, 1))
    assert "category" in excinfo.value.message_dict


def test_backdated_change_keeps_the_latest_as_current(user_2025, officer_a):
    _change(user_2025, officer_a, Category.ADDICTED, D(2026, 6, 1))
    _change(user_2025, officer_a, Category.POST_REHAB, D(2026, 10, 1))
    # A change recorded late but dated between the two does not override the later one.
    _change(user_2025, officer_a, Category.ILLICIT_USER, D(2026, 7, 1))
    user_2025.refresh_from_db()
    assert user_2025.category == Category.POST_REHAB
    assert services.category_on(person=user_2025, day=D(2026, 7, 15)) == Category.ILLICIT_USER
    assert services.category_on(person=user_2025, day=D(2025, 12, 31)) == Category.ILLICIT_USER
    assert services.category_on(person=user_2025, day=D(2026, 6, 15)) == Category.ADDICTED


def test_current_category_always_equals_the_events(officer_a, units):
    person = make_person(officer_a, units["a"], registered_on=D(2024, 1, 1))
    for day, category in [
        (D(2024, 6, 1), Category.ADDICTED),
        (D(2025, 6, 1), Category.POST_REHAB),
        (D(2026, 6, 1), Category.ADDICTED),
    ]:
        _change(person, officer_a, category, day)
        person.refresh_from_db()
        assert person.category == services.category_on(person=person) == category


def test_correction_replaces_without_erasing(user_2025, officer_a):
    wrong = _change(user_2025, officer_a, Category.ADDICTED, D(2026, 8, 1))
    correction = services.person_correct_event(
        actor=officer_a,
        event=wrong,
        reason="Nhập nhầm: quyết định là quản lý sau cai",
        category=Category.POST_REHAB,
    )
    user_2025.refresh_from_db()
    assert user_2025.category == Category.POST_REHAB
    assert correction.corrects == wrong and correction.kind == EventKind.CORRECTION
    assert PersonEvent.objects.filter(pk=wrong.pk).exists()  # the wrong entry stays
    assert selectors.person_event_is_corrected(event=wrong)
    with pytest.raises(ValidationError):
        services.person_correct_event(actor=officer_a, event=wrong, reason="again")


def test_correction_needs_a_reason(user_2025, officer_a):
    wrong = _change(user_2025, officer_a, Category.ADDICTED, D(2026, 8, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.person_correct_event(actor=officer_a, event=wrong, reason="  ")
    assert "note" in excinfo.value.message_dict


def test_special_management_has_history(officer_a, person_a):
    services.person_set_special_management(
        actor=officer_a, person=person_a, on=True, note="Danh sách của Sở Y tế"
    )
    person_a.refresh_from_db()
    assert person_a.special_management
    with pytest.raises(ValidationError):
        services.person_set_special_management(
            actor=officer_a, person=person_a, on=True, note="again"
        )
    services.person_set_special_management(
        actor=officer_a, person=person_a, on=False, note="Đã ổn định"
    )
    kinds = list(person_a.events.values_list("kind", flat=True))
    assert kinds[-2:] == [EventKind.SPECIAL_ON, EventKind.SPECIAL_OFF]


def test_other_commune_cannot_change_category(user_2025, officer_b):
    with pytest.raises(PermissionError):
        _change(user_2025, officer_b, Category.ADDICTED, D(2026, 8, 1))


def test_category_page_flow(client_for, officer_a, user_2025):
    client = client_for(officer_a)
    url = f"/people/{user_2025.pk}/category/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"category": "addicted", "occurred_on": "01/08/2026"})
    assert bad.status_code == 400
    assert {"basis_number", "basis_body"} <= set(bad.context["form"].errors)
    good = client.post(
        url,
        {
            "category": "addicted",
            "occurred_on": "01/08/2026",
            "basis_number": "99/QĐ-CAP",
            "basis_body": "Công an phường",
        },
    )
    assert good.status_code == 302
    page = client.get(f"/people/{user_2025.pk}/").text
    assert "99/QĐ-CAP" in page


def test_correction_and_special_pages(client_for, officer_a, user_2025):
    client = client_for(officer_a)
    event = user_2025.events.get()
    url = f"/people/{user_2025.pk}/events/{event.pk}/correct/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"occurred_on": "01/03/2025", "category": "addicted", "reason": "Sai diện khi nhập"},
    )
    assert response.status_code == 302
    user_2025.refresh_from_db()
    assert user_2025.category == Category.ADDICTED
    response = client.post(
        f"/people/{user_2025.pk}/special/", {"occurred_on": "01/11/2026", "note": "Ngáo đá"}
    )
    assert response.status_code == 302
    user_2025.refresh_from_db()
    assert user_2025.special_management


def test_history_pages_404_out_of_scope(client_for, officer_b, user_2025, reader):
    event = user_2025.events.get()
    for client in (client_for(officer_b),):
        for url in (
            f"/people/{user_2025.pk}/category/",
            f"/people/{user_2025.pk}/special/",
            f"/people/{user_2025.pk}/events/{event.pk}/correct/",
        ):
            assert client.get(url).status_code == 404
            assert client.post(url, {}).status_code == 404


def test_events_api(client_for, officer_a, officer_b, user_2025):
    client = client_for(officer_a)
    url = f"/api/v1/persons/{user_2025.pk}/events/"
    body = client.get(url).json()
    assert body["count"] == 1 and body["results"][0]["kind"] == "registered"
    bad = client.post(
        url, {"category": "addicted", "occurred_on": "2026-08-01"}, content_type="application/json"
    )
    assert bad.status_code == 400
    ok = client.post(
        url,
        {
            "category": "addicted",
            "occurred_on": "2026-08-01",
            "basis_number": "7/QĐ",
            "basis_body": "UBND phường",
        },
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.json()
    assert client_for(officer_b).get(url).status_code == 404
