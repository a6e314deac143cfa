"""A business with drug findings linked to the drug case they led to: service, page and API;
only a flagged business, only a case the user may see; the page shows the link only to those
who may see the case."""

import pytest
from django.core.exceptions import ValidationError

from businesses import services
from tests.cases.helpers import make_case

from .helpers import inspect, make_business

pytestmark = pytest.mark.django_db
API = "/api/v1/businesses/"


def test_link_case_only_when_flagged_and_in_scope(officer_a, officer_b, units):
    business = make_business(officer_a, units["a"])
    mine = make_case(officer_a, units["a"], number="12")
    other = make_case(officer_b, units["b"], number="13")
    with pytest.raises(ValidationError) as exc:
        services.business_link_case(actor=officer_a, business=business, case=mine)
    assert "drugs were found" in exc.value.message_dict["case"][0]
    inspect(officer_a, business, drug_findings=True)
    with pytest.raises(ValidationError) as exc:
        services.business_link_case(actor=officer_a, business=business, case=other)
    assert "jurisdiction" in exc.value.message_dict["case"][0]
    with pytest.raises(PermissionError):
        services.business_link_case(actor=officer_b, business=business, case=other)
    services.business_link_case(actor=officer_a, business=business, case=mine)
    with pytest.raises(ValidationError) as exc:
        services.business_link_case(actor=officer_a, business=business, case=mine)
    assert "already linked" in exc.value.message_dict["case"][0]
    business.refresh_from_db()
    assert business.case == mine
    steps = list(business.events.values_list("step", flat=True))
    assert steps == ["register", "flag", "link_case"]


def test_link_case_page_offers_the_communes_cases(client_for, officer_a, pc04, units):
    business = make_business(officer_a, units["a"])
    inspect(officer_a, business, drug_findings=True)
    case = make_case(officer_a, units["a"], number="21")
    elsewhere = make_case(pc04, units["b"], number="22")
    client = client_for(officer_a)
    assert f"/businesses/{business.pk}/case/" in client.get(f"/businesses/{business.pk}/").text
    page = client.get(f"/businesses/{business.pk}/case/").text
    assert f'value="{case.pk}"' in page and f'value="{elsewhere.pk}"' not in page
    response = client.post(f"/businesses/{business.pk}/case/", {"case": elsewhere.pk})
    assert response.status_code == 400 and 'class="field has-error' in response.text
    response = client.post(f"/businesses/{business.pk}/case/", {"case": case.pk})
    assert response.status_code == 302
    detail = client.get(f"/businesses/{business.pk}/").text
    assert f'href="/cases/{case.pk}/"' in detail


def test_link_case_out_of_scope_answers_404(client_for, officer_a, officer_b, units):
    business = make_business(officer_a, units["a"])
    inspect(officer_a, business, drug_findings=True)
    case = make_case(officer_a, units["a"], number="41")
    client = client_for(officer_b)
    assert client.get(f"/businesses/{business.pk}/case/").status_code == 404
    assert client.post(f"/businesses/{business.pk}/case/", {"case": case.pk}).status_code == 404
    response = client.post(
        f"{API}{business.pk}/case/", {"case": case.pk}, content_type="application/json"
    )
    assert response.status_code == 404
    business.refresh_from_db()
    assert business.case is None


def test_link_case_through_the_api_and_hidden_case(client_for, officer_a, pc04, units):
    business = make_business(officer_a, units["a"])
    inspect(officer_a, business, drug_findings=True)
    elsewhere = make_case(pc04, units["b"], number="31")
    # A commune officer cannot name a case of another commune: 400 on the field.
    client = client_for(officer_a)
    response = client.post(
        f"{API}{business.pk}/case/", {"case": elsewhere.pk}, content_type="application/json"
    )
    assert response.status_code == 400 and "case" in response.json()
    # The province can, and the commune's page then does not show a case it cannot open.
    response = client_for(pc04).post(
        f"{API}{business.pk}/case/", {"case": elsewhere.pk}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["case"] == elsewhere.pk
    detail = client_for(officer_a).get(f"/businesses/{business.pk}/").text
    assert f"/cases/{elsewhere.pk}/" not in detail and 'id="business-case"' not in detail
    assert 'id="business-case"' in client_for(pc04).get(f"/businesses/{business.pk}/").text


def test_demo_links_businesses_and_a_tip_to_cases_and_purges_in_order(units, pc04):
    import datetime
    import random

    from businesses import selectors as business_selectors
    from demo import seed_businesses, seed_cases, seed_hotspots, seed_tips
    from tests.factories import make_user
    from tips import selectors as tip_selectors

    users = {
        "pc04": pc04,
        "xa1": make_user("xa1", "commune_officer", units["a"]),
        "xa2": make_user("xa2", "commune_officer", units["b"]),
    }
    args = {"province": units["province"], "users": users, "today": datetime.date.today()}
    for number, module in enumerate((seed_hotspots, seed_cases, seed_businesses, seed_tips)):
        module.seed(**args, rng=random.Random(number))
    linked = business_selectors.business_list(user=pc04).filter(case__isnull=False)
    assert linked.exists() and all(b.flagged for b in linked)
    assert tip_selectors.tip_list(user=pc04).filter(led_to_case__isnull=False).exists()
    # seed_demo's order: what points at the cases goes first.
    for module in (seed_businesses, seed_tips, seed_cases, seed_hotspots):
        module.purge(users=users)
    assert not business_selectors.business_list(user=pc04).exists()
