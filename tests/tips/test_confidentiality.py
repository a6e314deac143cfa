"""The tipster's identity: seen by the receiving officer and by holders of
`tips.see_tipster_identity` within their scope; never in lists, exports, API responses to others, or
the logs' text."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import AccessLog, ChangeLog
from tips import services

from .helpers import TIPSTER, make_tip

pytestmark = pytest.mark.django_db
SECRETS = tuple(TIPSTER.values())


def _has_secret(text: str) -> bool:
    return any(value in text for value in SECRETS)


@pytest.fixture
def designated(units):
    from tests.factories import make_user

    user = make_user("pc04_tips", "provincial_police", units["province"])
    user.user_permissions.add(Permission.objects.get(codename="see_tipster_identity"))
    return user


@pytest.fixture
def routed_tip(officer_a, units):
    tip = make_tip(officer_a, units["a"])
    return services.tip_route(actor=officer_a, tip=tip, unit=units["a"], routed_on=tip.received_on)


def test_receiving_officer_sees_the_identity_and_the_view_is_logged_without_it(
    client_for, officer_a, routed_tip
):
    client = client_for(officer_a)
    assert f"/tips/{routed_tip.pk}/tipster/" in client.get(f"/tips/{routed_tip.pk}/").text
    page = client.get(f"/tips/{routed_tip.pk}/tipster/")
    assert page.status_code == 200 and TIPSTER["tipster_name"] in page.text
    api = client.get(f"/api/v1/tips/{routed_tip.pk}/tipster/").json()
    assert api["phone"] == TIPSTER["tipster_phone"]
    logs = AccessLog.objects.filter(record_type="tipster", record_id=str(routed_tip.pk))
    assert logs.count() == 2
    assert not _has_secret(" ".join(f"{log.record_type} {log.detail}" for log in logs))


def test_province_without_the_permission_sees_no_identity(client_for, pc04, routed_tip):
    client = client_for(pc04)
    detail = client.get(f"/tips/{routed_tip.pk}/")
    assert detail.status_code == 200 and not _has_secret(detail.text)
    assert f"/tips/{routed_tip.pk}/tipster/" not in detail.text
    assert client.get(f"/tips/{routed_tip.pk}/tipster/").status_code == 404
    assert client.get(f"/api/v1/tips/{routed_tip.pk}/tipster/").status_code == 404


def test_designated_province_role_sees_the_identity(client_for, designated, routed_tip):
    client = client_for(designated)
    page = client.get(f"/tips/{routed_tip.pk}/tipster/")
    assert page.status_code == 200 and TIPSTER["tipster_phone"] in page.text


def test_permission_does_not_reach_beyond_scope(client_for, units, routed_tip):
    from tests.factories import make_user

    other = make_user("b_designated", "commune_officer", units["b"])
    other.user_permissions.add(Permission.objects.get(codename="see_tipster_identity"))
    assert client_for(other).get(f"/tips/{routed_tip.pk}/tipster/").status_code == 404


def test_another_officer_of_the_same_commune_sees_no_identity(client_for, units, routed_tip):
    from tests.factories import make_user

    colleague = make_user("a_colleague", "commune_officer", units["a"])
    client = client_for(colleague)
    assert client.get(f"/tips/{routed_tip.pk}/").status_code == 200
    assert client.get(f"/tips/{routed_tip.pk}/tipster/").status_code == 404


def test_never_in_lists_exports_or_api_even_for_the_receiving_officer(
    client_for, officer_a, designated, routed_tip
):
    for user in (officer_a, designated):
        client = client_for(user)
        assert not _has_secret(client.get("/tips/").text)
        assert not _has_secret(client.get(f"/tips/{routed_tip.pk}/").text)
        response = client.get("/tips/", {"format": "xlsx"})
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        cells = " ".join(
            str(c) for row in book.active.iter_rows(values_only=True) for c in row if c
        )
        assert routed_tip.reference in cells and not _has_secret(cells)
        assert not _has_secret(client.get("/api/v1/tips/").content.decode())
        assert not _has_secret(client.get(f"/api/v1/tips/{routed_tip.pk}/").content.decode())
        # Searching by the tipster's name finds nothing: the identity is not searchable.
        found = client.get("/api/v1/tips/", {"q": "hoang thi kin"}).json()
        assert found["count"] == 0


def test_api_create_does_not_echo_the_identity(client_for, officer_a, units):
    response = client_for(officer_a).post(
        "/api/v1/tips/",
        {
            "received_on": str(timezone.localdate()),
            "channel": "hotline",
            "content": "Bán ma túy ở chợ đêm",
            "commune": units["a"].pk,
            **TIPSTER,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert not _has_secret(response.content.decode())


def test_change_log_and_task_never_hold_the_identity(officer_a, pc04, units):
    tip = make_tip(pc04, units["a"])
    tip = services.tip_route(actor=pc04, tip=tip, unit=units["a"], routed_on=tip.received_on)
    services.tip_verify(
        actor=officer_a, tip=tip, result="partly_true", verified_on=timezone.localdate()
    )
    text = " ".join(
        f"{row.record_type} {row.before} {row.after}" for row in ChangeLog.objects.all()
    )
    assert not _has_secret(text)
