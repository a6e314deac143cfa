"""A tip's outcome names the drug case it led to: at the verification, or later when the case
is opened; only a case the user may see, detected once the tip came, and never for a false
tip. Pages and API; the tip page shows the case only to those who may see it."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.cases.helpers import make_case
from tips import services

from .helpers import make_tip

pytestmark = pytest.mark.django_db
API = "/api/v1/tips/"


def test_verification_names_the_case_with_its_refusals(officer_a, officer_b, units):
    today = timezone.localdate()
    tip = make_tip(officer_a, units["a"], days_ago=10)
    before = make_case(officer_a, units["a"], number="1", days_ago=20)
    other = make_case(officer_b, units["b"], number="2", days_ago=5)
    case = make_case(officer_a, units["a"], number="3", days_ago=5)
    for wrong, reason in ((before, "before the tip was received"), (other, "jurisdiction")):
        with pytest.raises(ValidationError) as exc:
            services.tip_verify(
                actor=officer_a, tip=tip, result="true", verified_on=today, led_to_case=wrong
            )
        assert reason in exc.value.message_dict["led_to_case"][0]
    with pytest.raises(ValidationError) as exc:
        services.tip_verify(
            actor=officer_a, tip=tip, result="false", verified_on=today, led_to_case=case
        )
    assert "false tip" in exc.value.message_dict["led_to_case"][0]
    tip.refresh_from_db()
    assert tip.result == "pending" and tip.led_to_case is None
    tip = services.tip_verify(
        actor=officer_a, tip=tip, result="true", verified_on=today, led_to_case=case
    )
    assert tip.led_to_case == case


def test_case_linked_after_the_verification(officer_a, units):
    today = timezone.localdate()
    tip = make_tip(officer_a, units["a"], days_ago=30)
    services.tip_verify(actor=officer_a, tip=tip, result="partly_true", verified_on=today)
    case = make_case(officer_a, units["a"], number="7", days_ago=1)
    tip = services.tip_link_case(actor=officer_a, tip=tip, case=case)
    assert tip.led_to_case == case
    assert list(tip.events.values_list("step", flat=True))[-1] == "link_case"
    with pytest.raises(ValidationError) as exc:
        services.tip_link_case(actor=officer_a, tip=tip, case=case)
    assert "already linked" in exc.value.message_dict["led_to_case"][0]
    false_tip = make_tip(officer_a, units["a"], days_ago=30, with_tipster=False)
    services.tip_verify(actor=officer_a, tip=false_tip, result="false", verified_on=today)
    with pytest.raises(ValidationError) as exc:
        services.tip_link_case(actor=officer_a, tip=false_tip, case=case)
    assert "true or partly true" in exc.value.message_dict["led_to_case"][0]
    pending = make_tip(officer_a, units["a"], days_ago=30, with_tipster=False)
    with pytest.raises(ValidationError):
        services.tip_link_case(actor=officer_a, tip=pending, case=case)


def test_pages_verify_with_a_case_then_link_another(client_for, officer_a, pc04, units):
    today = timezone.localdate()
    tip = make_tip(officer_a, units["a"], days_ago=10)
    case = make_case(officer_a, units["a"], number="11", days_ago=5)
    old = make_case(officer_a, units["a"], number="12", days_ago=50)
    elsewhere = make_case(pc04, units["b"], number="13", days_ago=5)
    client = client_for(officer_a)
    page = client.get(f"/tips/{tip.pk}/verify/").text
    assert f'value="{case.pk}"' in page
    assert f'value="{old.pk}"' not in page and f'value="{elsewhere.pk}"' not in page
    response = client.post(
        f"/tips/{tip.pk}/verify/",
        {"result": "true", "verified_on": f"{today:%d/%m/%Y}", "led_to_case": case.pk},
    )
    assert response.status_code == 302
    detail = client.get(f"/tips/{tip.pk}/").text
    assert 'id="tip-case"' in detail and f"/cases/{case.pk}/" in detail
    assert f"/tips/{tip.pk}/case/" in detail
    response = client.post(f"/tips/{tip.pk}/case/", {"led_to_case": old.pk})
    assert response.status_code == 400 and 'class="field has-error' in response.text
    # Out of scope: 404 on the page for the other commune.
    assert client_for_other(client_for, units).get(f"/tips/{tip.pk}/case/").status_code == 404


def client_for_other(client_for, units):
    from tests.factories import make_user

    return client_for(make_user("officer_other", "commune_officer", units["b"]))


def test_api_verify_and_link_case_and_hidden_case(client_for, officer_a, pc04, units):
    today = timezone.localdate()
    tip = make_tip(officer_a, units["a"], days_ago=10)
    elsewhere = make_case(pc04, units["b"], number="21", days_ago=2)
    client = client_for(officer_a)
    response = client.post(
        f"{API}{tip.pk}/verify/",
        {"result": "true", "verified_on": today.isoformat(), "led_to_case": elsewhere.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "led_to_case" in response.json()
    response = client.post(
        f"{API}{tip.pk}/verify/",
        {"result": "true", "verified_on": today.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["led_to_case"] is None
    # The province links the case of the other commune; the commune's page hides it.
    response = client_for(pc04).post(
        f"{API}{tip.pk}/case/", {"case": elsewhere.pk}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["led_to_case"] == elsewhere.pk
    detail = client_for(officer_a).get(f"/tips/{tip.pk}/").text
    assert 'id="tip-case"' not in detail and f"/cases/{elsewhere.pk}/" not in detail
    other = client_for_other(client_for, units)
    response = other.post(
        f"{API}{tip.pk}/case/", {"case": elsewhere.pk}, content_type="application/json"
    )
    assert response.status_code == 404
