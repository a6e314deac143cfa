"""The anonymous public form /tips/gui/."""

import pytest

from tips.models import Tip, Tipster

pytestmark = pytest.mark.django_db


def _post(client, units, **extra):
    data = {
        "content": "Nhà số 5 đường Lê Lợi có người bán ma túy buổi tối",
        "commune": units["a"].pk,
        "location": "5 Lê Lợi",
        "tipster_name": "Người dân Ẩn Danh",
        "tipster_phone": "0977000111",
        "website": "",
    }
    data.update(extra)
    return client.post("/tips/gui/", data)


def test_anonymous_tip_is_accepted_with_a_reference_code_only(client, units):
    page = client.get("/tips/gui/")
    assert page.status_code == 200
    response = _post(client, units)
    assert response.status_code == 200
    tip = Tip.objects.get()
    assert tip.is_public and tip.channel == "online_form" and tip.received_by is None
    assert tip.scope_path == units["a"].path
    assert tip.reference in response.text
    for echoed in ("Người dân Ẩn Danh", "0977000111", "5 Lê Lợi", "Lê Lợi có người bán"):
        assert echoed not in response.text
    assert Tipster.objects.get(tip=tip).phone == "0977000111"


def test_only_the_designated_role_sees_a_public_tipster(client, client_for, officer_a, units):
    _post(client, units)
    tip = Tip.objects.get()
    commune = client_for(officer_a)
    assert commune.get(f"/tips/{tip.pk}/").status_code == 200
    assert commune.get(f"/tips/{tip.pk}/tipster/").status_code == 404


def test_honeypot_stores_nothing(client, units):
    response = _post(client, units, website="http://spam.example")
    assert response.status_code == 200
    assert not Tip.objects.exists()
    assert "TB-" not in response.text


def test_rate_limit_per_address(client, units, settings):
    settings.TIPS_PUBLIC_RATE = (2, 3600)
    assert _post(client, units).status_code == 200
    assert _post(client, units).status_code == 200
    response = _post(client, units)
    assert response.status_code == 429 and "Too many reports" in response.text
    assert Tip.objects.count() == 2
    other = client.post(
        "/tips/gui/",
        {"content": "Tin khác", "commune": units["a"].pk},
        REMOTE_ADDR="10.0.0.9",
    )
    assert other.status_code == 200 and Tip.objects.count() == 3


def test_size_limits_and_required_fields(client, units):
    response = _post(client, units, content="x" * 4001)
    assert response.status_code == 400
    assert "at most 4000 characters" in response.text
    response = _post(client, units, content="", commune="")
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert not Tip.objects.exists()
