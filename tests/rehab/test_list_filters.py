"""The filter forms of the rehab and treatment lists offer facilities and communes by name,
not ids typed by hand; an id filter (`?person=`) still works from a link and the API, as a
hidden field; a choice outside the offer is refused naming the field."""

import datetime

import pytest

from .helpers import make_facility, open_placement, provincial_police_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(units, officer_a, person_a, health):
    pc04 = provincial_police_user(units)
    centre = make_facility(
        pc04, units["province"], kind="public_rehab", name="Cơ sở cai nghiện tỉnh"
    )
    provider = make_facility(
        pc04, units["a"], kind="community", name="Tổ cai nghiện cộng đồng", licence_number="2/GP"
    )
    methadone = make_facility(
        health, units["a"], kind="substitution", name="Cơ sở Methadone", licence_number="3/GP"
    )
    start = datetime.date(2026, 9, 1)
    at_centre = open_placement(
        officer_a, person_a, form="voluntary_public", facility=centre, start_on=start
    )
    return {
        "pc04": pc04,
        "centre": centre,
        "provider": provider,
        "methadone": methadone,
        "at_centre": at_centre,
    }


def test_placement_list_filters_by_a_facility_chosen_by_name(client, world, officer_a, person_a):
    client.force_login(officer_a)
    page = client.get("/rehab/placements/")
    html = page.content.decode()
    # The facilities where rehab happens are offered by name; a methadone site is not.
    assert f'<option value="{world["centre"].pk}">Cơ sở cai nghiện tỉnh</option>' in html
    assert "Tổ cai nghiện cộng đồng" in html and "Cơ sở Methadone" not in html
    # The person filter is a hidden field (no box to type an id into), still honoured.
    assert '<input type="hidden" name="person"' in html
    assert 'type="number" name="person"' not in html
    chosen = client.get(f"/rehab/placements/?facility={world['centre'].pk}")
    assert list(chosen.context["page"].object_list) == [world["at_centre"]]
    other = client.get(f"/rehab/placements/?facility={world['provider'].pk}")
    assert list(other.context["page"].object_list) == []
    linked = client.get(f"/rehab/placements/?person={person_a.pk}")
    assert list(linked.context["page"].object_list) == [world["at_centre"]]


def test_a_facility_outside_the_offer_is_refused_on_the_field(client, world, officer_a):
    client.force_login(officer_a)
    for value in (world["methadone"].pk, 999999, "abc"):
        page = client.get(f"/rehab/placements/?facility={value}")
        assert page.status_code == 200
        assert page.context["filter"].errors["facility"]
        assert list(page.context["page"].object_list) == []
    api = client.get(f"/api/v1/placements/?facility={world['methadone'].pk}")
    assert api.status_code == 400 and "facility" in api.json()
    ok = client.get(f"/api/v1/placements/?facility={world['centre'].pk}")
    assert ok.status_code == 200 and ok.json()["count"] == 1


def test_treatment_list_offers_substitution_sites_and_scoped_communes(client, world, health):
    client.force_login(health)
    html = client.get("/treatment/substitution/").content.decode()
    assert "Cơ sở Methadone" in html and "Cơ sở cai nghiện tỉnh" not in html
    assert 'type="number" name="facility"' not in html
    refused = client.get(f"/treatment/substitution/?facility={world['centre'].pk}")
    assert refused.context["filter"].errors["facility"]


def test_determination_list_chooses_the_commune_by_name(client, world, officer_a, units):
    client.force_login(officer_a)
    html = client.get("/rehab/determinations/").content.decode()
    # A commune officer is offered their own commune only, by name.
    assert f'<option value="{units["a"].pk}">{units["a"].name}</option>' in html
    assert units["b"].name not in html
    refused = client.get(f"/rehab/determinations/?commune={units['b'].pk}")
    assert refused.context["filter"].errors["commune"]
