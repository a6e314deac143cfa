"""Who helps each person: assignments with a role and dates, ended (never deleted), the rules
that refuse bad input, the person page section, the forms and the API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AccessLog, ChangeLog
from registry import services
from registry.choices import SupporterKind, SupporterRole
from registry.models import Supporter

from ..factories import make_agency, make_person, make_user


def today() -> datetime.date:
    """The local date when the test runs, not when the module was imported: a run that
    crosses midnight in Asia/Ho_Chi_Minh sees the new day."""
    return timezone.localdate()


DAY = datetime.timedelta(days=1)
API = "/api/v1/supporters/"


def family(actor, person, **fields):
    data = {
        "kind": SupporterKind.FAMILY,
        "role": SupporterRole.FAMILY_GUARDIAN,
        "name": "Nguyễn Thị Hoa",
        "relationship": "Mẹ",
        "phone": "+84 912 345 678",
        "start_on": today() - 10 * DAY,
    }
    data.update(fields)
    return services.supporter_assign(actor=actor, person=person, **data)


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


@pytest.fixture
def women_union(units):
    return make_agency("Hội LHPN tỉnh", "organisation", "womens_union", units["province"])


@pytest.fixture
def committee_b(units):
    return make_agency("UBND phường Cái Khế", "commune_committee", "government", units["b"])


# ---- services ----------------------------------------------------------------------------


def test_family_member_is_assigned_with_phone_and_change_log(officer_a, person_a):
    supporter = family(officer_a, person_a, name="  Nguyễn   Thị Hoa ")
    assert supporter.phone == "0912345678"
    assert supporter.name == "Nguyễn Thị Hoa"
    assert supporter.is_active and supporter.created_by == officer_a
    assert supporter.who == "Nguyễn Thị Hoa"
    log = ChangeLog.objects.get(record_type="supporter", record_id=str(supporter.pk))
    assert log.action == "create" and log.after["phone"] == "0912345678"


def test_family_member_needs_name_relationship_and_a_valid_phone(officer_a, person_a):
    errors = errors_of(lambda: family(officer_a, person_a, name="", relationship="", phone=""))
    assert {"name", "relationship", "phone"} <= set(errors)
    errors = errors_of(lambda: family(officer_a, person_a, phone="12345"))
    assert set(errors) == {"phone"}
    assert not Supporter.objects.exists()


def test_each_kind_uses_its_own_fields(officer_a, person_a, women_union):
    errors = errors_of(
        lambda: services.supporter_assign(
            actor=officer_a,
            person=person_a,
            kind=SupporterKind.AGENCY,
            role=SupporterRole.MASS_ORGANISATION,
            start_on=today(),
        )
    )
    assert "agency" in errors
    # A family member with an agency ticked: the agency field says it does not apply.
    errors = errors_of(lambda: family(officer_a, person_a, agency=women_union))
    assert "agency" in errors
    agency = services.supporter_assign(
        actor=officer_a,
        person=person_a,
        kind=SupporterKind.AGENCY,
        role=SupporterRole.MASS_ORGANISATION,
        agency=women_union,
        name="Chị Lan",
        start_on=today(),
    )
    assert agency.who == "Hội LHPN tỉnh"


def test_roles_are_held_by_the_right_kind(officer_a, person_a, units, women_union):
    # The management team leader is a police officer (Decree 163/2026).
    errors = errors_of(
        lambda: services.supporter_assign(
            actor=officer_a,
            person=person_a,
            kind=SupporterKind.INDIVIDUAL,
            role=SupporterRole.TEAM_LEADER,
            name="Ông Tư",
            start_on=today(),
        )
    )
    assert "role" in errors
    # A mass organisation in charge is an agency of the kind "mass organisation".
    health = make_agency("Sở Y tế", "department", "health", units["province"])
    errors = errors_of(
        lambda: services.supporter_assign(
            actor=officer_a,
            person=person_a,
            kind=SupporterKind.AGENCY,
            role=SupporterRole.MASS_ORGANISATION,
            agency=health,
            start_on=today(),
        )
    )
    assert "agency" in errors


def test_one_team_leader_at_a_time_and_no_repeated_assignment(officer_a, person_a, units):
    deputy = make_user("deputy_a", "commune_officer", units["a"])
    leader = services.supporter_assign(
        actor=officer_a,
        person=person_a,
        kind=SupporterKind.OFFICER,
        role=SupporterRole.TEAM_LEADER,
        user=officer_a,
        start_on=today() - 5 * DAY,
        basis_number="12/QĐ-CAX",
    )
    errors = errors_of(
        lambda: services.supporter_assign(
            actor=officer_a,
            person=person_a,
            kind=SupporterKind.OFFICER,
            role=SupporterRole.TEAM_LEADER,
            user=deputy,
            start_on=today(),
        )
    )
    assert "role" in errors
    family(officer_a, person_a)
    assert "role" in errors_of(lambda: family(officer_a, person_a, name="nguyen thi hoa"))
    # Once the leader's assignment ends, another officer leads; the old row stays.
    services.supporter_end(
        actor=officer_a, supporter=leader, ended_on=today(), end_reason="Chuyển công tác"
    )
    services.supporter_assign(
        actor=officer_a,
        person=person_a,
        kind=SupporterKind.OFFICER,
        role=SupporterRole.TEAM_LEADER,
        user=deputy,
        start_on=today(),
    )
    assert person_a.supporters.filter(role=SupporterRole.TEAM_LEADER).count() == 2
    assert person_a.supporters.filter(role="team_leader", ended_on__isnull=True).get().user == (
        deputy
    )


def test_agency_and_officer_must_work_in_the_persons_commune(
    officer_a, officer_b, person_a, committee_b
):
    errors = errors_of(
        lambda: services.supporter_assign(
            actor=officer_a,
            person=person_a,
            kind=SupporterKind.AGENCY,
            role=SupporterRole.SUPPORTING_AGENCY,
            agency=committee_b,
            start_on=today(),
        )
    )
    assert "agency" in errors
    errors = errors_of(
        lambda: services.supporter_assign(
            actor=officer_a,
            person=person_a,
            kind=SupporterKind.OFFICER,
            role=SupporterRole.TEAM_MEMBER,
            user=officer_b,
            start_on=today(),
        )
    )
    assert "user" in errors


def test_dates_are_checked(officer_a, person_a):
    assert "start_on" in errors_of(lambda: family(officer_a, person_a, start_on=today() + DAY))
    assert "start_on" in errors_of(
        lambda: family(officer_a, person_a, start_on=datetime.date(1980, 1, 1))
    )
    supporter = family(officer_a, person_a)
    end = services.supporter_end
    assert "ended_on" in errors_of(
        lambda: end(
            actor=officer_a, supporter=supporter, ended_on=today() - 20 * DAY, end_reason="x"
        )
    )
    assert "ended_on" in errors_of(
        lambda: end(actor=officer_a, supporter=supporter, ended_on=today() + DAY, end_reason="x")
    )
    assert "end_reason" in errors_of(
        lambda: end(actor=officer_a, supporter=supporter, ended_on=today(), end_reason=" ")
    )
    end(actor=officer_a, supporter=supporter, ended_on=today(), end_reason="Gia đình chuyển đi")
    supporter.refresh_from_db()
    assert supporter.ended_on == today() and supporter.ended_by == officer_a
    assert "ended_on" in errors_of(
        lambda: end(actor=officer_a, supporter=supporter, ended_on=today(), end_reason="again")
    )
    assert ChangeLog.objects.filter(
        record_type="supporter", record_id=str(supporter.pk), action="update"
    ).exists()


def test_out_of_scope_writes_are_refused(officer_a, officer_b, person_b, reader):
    with pytest.raises(PermissionError):
        family(officer_a, person_b)
    with pytest.raises(PermissionError):
        family(reader, person_b)
    supporter = family(officer_b, person_b)
    with pytest.raises(PermissionError):
        services.supporter_end(
            actor=officer_a, supporter=supporter, ended_on=today(), end_reason="x"
        )


# ---- pages -----------------------------------------------------------------------------------


def test_person_page_shows_current_and_past_supporters(client_for, officer_a, person_a):
    current = family(officer_a, person_a)
    past = family(officer_a, person_a, name="Trần Văn Bé", relationship="Anh", phone="0987654321")
    services.supporter_end(actor=officer_a, supporter=past, ended_on=today(), end_reason="Đi xa")
    page = client_for(officer_a).get(f"/people/{person_a.pk}/")
    assert page.status_code == 200
    assert page.context["current_supporters"] == [current]
    assert page.context["past_supporters"] == [past]
    assert "0912345678" in page.text and "Trần Văn Bé" in page.text
    assert f"/people/{person_a.pk}/supporters/{current.pk}/end/" in page.text


def test_assign_form_names_the_field_and_keeps_input(client_for, officer_a, person_a):
    client = client_for(officer_a)
    url = f"/people/{person_a.pk}/supporters/new/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "family",
            "role": "family_guardian",
            "name": "Lê Thị Mai",
            "relationship": "Vợ",
            "phone": "123",
            "start_on": "32/13/2026",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert {"start_on"} <= set(form.errors)
    assert 'value="Lê Thị Mai"' in response.text
    response = client.post(
        url,
        {
            "kind": "family",
            "role": "family_guardian",
            "name": "Lê Thị Mai",
            "relationship": "Vợ",
            "phone": "123",
            "start_on": today().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 400 and "phone" in response.context["form"].errors
    response = client.post(
        url,
        {
            "kind": "family",
            "role": "family_guardian",
            "name": "Lê Thị Mai",
            "relationship": "Vợ",
            "phone": "0912 000 111",
            "start_on": today().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/people/{person_a.pk}/#supporters")
    assert person_a.supporters.get().phone == "0912000111"


def test_end_form(client_for, officer_a, person_a):
    supporter = family(officer_a, person_a)
    client = client_for(officer_a)
    url = f"/people/{person_a.pk}/supporters/{supporter.pk}/end/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"ended_on": today().strftime("%d/%m/%Y"), "end_reason": ""})
    assert response.status_code == 400 and "end_reason" in response.context["form"].errors
    response = client.post(
        url, {"ended_on": today().strftime("%d/%m/%Y"), "end_reason": "Không còn phù hợp"}
    )
    assert response.status_code == 302
    supporter.refresh_from_db()
    assert supporter.ended_on == today()
    # The same assignment under another person's URL does not exist.
    other = make_person(officer_a, person_a.residence_unit, full_name="Võ Văn Kiệt")
    assert client.get(f"/people/{other.pk}/supporters/{supporter.pk}/end/").status_code == 404


# ---- API -------------------------------------------------------------------------------------


def test_api_create_list_filters_and_end(client_for, officer_a, person_a, women_union, units):
    client = client_for(officer_a)
    response = client.post(
        API,
        {
            "person": person_a.pk,
            "kind": "agency",
            "role": "mass_organisation",
            "agency": women_union.pk,
            "start_on": str(today()),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    agency_row = response.json()
    assert agency_row["who"] == "Hội LHPN tỉnh" and agency_row["is_active"] is True
    other = make_person(officer_a, units["a"], full_name="Phan Văn Út")
    family(officer_a, other)
    assert client.get(API).json()["count"] == 2
    assert [r["id"] for r in client.get(API, {"person": person_a.pk}).json()["results"]] == [
        agency_row["id"]
    ]
    assert client.get(API, {"agency": women_union.pk}).json()["count"] == 1
    assert client.get(API, {"q": "phan van"}).json()["count"] == 1
    end = client.post(
        f"{API}{agency_row['id']}/end/",
        {"ended_on": str(today()), "end_reason": "Hết nhiệm vụ"},
        content_type="application/json",
    )
    assert end.status_code == 200 and end.json()["ended_on"] == str(today())
    assert client.get(API, {"active": "true"}).json()["count"] == 1
    assert client.get(API, {"active": "false"}).json()["count"] == 1
    # Nothing is edited or deleted.
    for method in ("patch", "put", "delete"):
        assert getattr(client, method)(f"{API}{agency_row['id']}/").status_code == 405
    assert AccessLog.objects.filter(detail__startswith="supporters:").exists()


def test_api_refusals_name_the_field(client_for, officer_a, person_a):
    response = client_for(officer_a).post(
        API,
        {
            "person": person_a.pk,
            "kind": "family",
            "role": "team_leader",
            "name": "X",
            "relationship": "Cha",
            "phone": "0912345678",
            "start_on": str(today() + DAY),
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {"role", "start_on"} <= set(response.json())
    assert not Supporter.objects.exists()


def test_api_list_query_count_is_constant(client_for, officer_a, units, women_union):
    client = client_for(officer_a)

    def add(n):
        for i in range(n):
            person = make_person(officer_a, units["a"], full_name=f"Người {i}", national_id="")
            family(officer_a, person)
            services.supporter_assign(
                actor=officer_a,
                person=person,
                kind="agency",
                role="mass_organisation",
                agency=women_union,
                start_on=today(),
            )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(API).status_code == 200
        return len(ctx.captured_queries)

    add(2)
    few = count()
    add(4)
    assert count() == few


def test_health_and_reader_see_no_supporter(client_for, officer_a, person_a, health, reader):
    person_a_special = make_person(
        officer_a, person_a.residence_unit, full_name="Đặng Văn Lâm", special_management=True
    )
    family(officer_a, person_a_special)
    for user in (health, reader):
        client = client_for(user)
        assert client.get(API).status_code == 404
    page = client_for(health).get(f"/people/{person_a_special.pk}/")
    assert page.status_code == 200 and "Nguyễn Thị Hoa" not in page.text
