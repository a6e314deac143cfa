"""Learners (#5): a rehab facility officer sees the people placed at their facility (identity
only) and those placements, records the admission and the discharge (the placement end
service), and nothing else: another facility's placement answers 404 on page and API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.choices import AccessAction
from accounts.models import AccessLog
from registry.models import ManagementPeriod, Person, Task
from rehab.models import PlacementEvent, RehabPlacement
from rehab.services_placements import placement_admit, placement_end

from ..factories import make_agency, make_person, make_user
from .helpers import make_facility, open_placement, provincial_police_user

pytestmark = pytest.mark.django_db
D = datetime.date
API = "/api/v1/placements/"


def _facility_with_officer(units, pc, code):
    agency = make_agency(f"Cơ sở cai nghiện {code}", "rehab_facility", "police", units["province"])
    facility = make_facility(pc, units["province"], kind="public_rehab", name=f"Cơ sở số {code}")
    facility.agency = agency
    facility.save()
    officer = make_user(f"facility_{code}", "facility_officer", units["province"], agency=agency)
    return facility, officer


@pytest.fixture
def world(units, officer_a, officer_b):
    pc = provincial_police_user(units, username="pc04_learners")
    one, officer_one = _facility_with_officer(units, pc, "1")
    two, _officer_two = _facility_with_officer(units, pc, "2")
    today = timezone.localdate()
    start = today - datetime.timedelta(days=40)
    mine = make_person(officer_a, units["a"], full_name="Trần Văn Học", birth_year=1990)
    theirs = make_person(officer_b, units["b"], full_name="Lê Văn Khác", birth_year=1991)
    unplaced = make_person(officer_a, units["a"], full_name="Phạm Văn Ngoài", birth_year=1992)
    p_mine = open_placement(officer_a, mine, form="voluntary_public", facility=one, start_on=start)
    p_theirs = open_placement(
        officer_b, theirs, form="voluntary_public", facility=two, start_on=start
    )
    return {
        "officer": officer_one,
        "mine": mine,
        "theirs": theirs,
        "unplaced": unplaced,
        "p_mine": p_mine,
        "p_theirs": p_theirs,
        "start": start,
        "facility": one,
    }


def test_sees_only_the_people_and_placements_of_their_facility(world):
    officer = world["officer"]
    assert list(Person.objects.visible_to(officer)) == [world["mine"]]
    assert list(RehabPlacement.objects.visible_to(officer)) == [world["p_mine"]]
    assert list(RehabPlacement.objects.editable_by(officer)) == [world["p_mine"]]
    # Read only of the person, identity fields only.
    assert not Person.objects.editable_by(officer).exists()


def test_without_a_facility_sees_nobody(world, units):
    agency = make_agency("Cơ sở không có", "rehab_facility", "police", units["province"])
    lonely = make_user("facility_none", "facility_officer", units["province"], agency=agency)
    assert not Person.objects.visible_to(lonely).exists()
    assert not RehabPlacement.objects.visible_to(lonely).exists()


def test_other_facility_answers_404_on_pages_and_api(world, client_for):
    client = client_for(world["officer"])
    mine, theirs = world["p_mine"], world["p_theirs"]
    for url in (
        "/rehab/placements/{}/",
        "/rehab/placements/{}/admit/",
        "/rehab/placements/{}/end/",
    ):
        assert client.get(url.format(mine.pk)).status_code == 200, url
        assert client.get(url.format(theirs.pk)).status_code == 404, url
    assert client.get(f"{API}{mine.pk}/").status_code == 200
    assert client.get(f"{API}{theirs.pk}/").status_code == 404
    response = client.post(
        f"{API}{theirs.pk}/admit/",
        {"admitted_on": str(world["start"])},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert client.get(f"/people/{world['theirs'].pk}/").status_code == 404
    assert client.get(f"/people/{world['unplaced'].pk}/").status_code == 404
    assert client.get(f"/people/{world['mine'].pk}/").status_code == 200
    ids = [row["id"] for row in client.get(API).json()["results"]]
    assert ids == [mine.pk]


def test_people_list_and_exports_hold_only_their_learners(world, client_for):
    client = client_for(world["officer"])
    page = client.get("/people/").content.decode()
    assert "Trần Văn Học" in page
    assert "Lê Văn Khác" not in page and "Phạm Văn Ngoài" not in page
    export = client.get("/people/export.xlsx")
    if export.status_code == 200:
        body = b"".join(export.streaming_content) if export.streaming else export.content
        assert "Lê Văn Khác".encode() not in body
    else:
        assert export.status_code == 404
    placements = client.get("/rehab/placements/?format=xlsx")
    assert placements.status_code == 200
    body = b"".join(placements.streaming_content) if placements.streaming else placements.content
    assert b"xl/" in body  # a workbook, of their facility's placements only (scoped list)
    assert not RehabPlacement.objects.visible_to(world["officer"]).filter(pk=world["p_theirs"].pk)


def test_may_not_open_placements_nor_edit_people(world, client_for):
    client = client_for(world["officer"])
    assert client.get(f"/rehab/people/{world['mine'].pk}/placements/new/").status_code == 404
    response = client.post(
        API,
        {
            "person": world["mine"].pk,
            "form": "voluntary_community",
            "start_on": str(timezone.localdate()),
            "decision_number": "1",
            "decision_date": str(timezone.localdate()),
            "decision_body": "x",
        },
        content_type="application/json",
    )
    assert response.status_code in (400, 403)
    assert RehabPlacement.objects.count() == 2


def test_admission_not_before_the_start(world):
    officer, placement = world["officer"], world["p_mine"]
    with pytest.raises(ValidationError) as exc:
        placement_admit(
            actor=officer,
            placement=placement,
            admitted_on=world["start"] - datetime.timedelta(days=1),
        )
    assert "admitted_on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        placement_admit(
            actor=officer,
            placement=placement,
            admitted_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    placement = placement_admit(actor=officer, placement=placement, admitted_on=world["start"])
    assert placement.admitted_on == world["start"]
    assert PlacementEvent.objects.filter(placement=placement, kind="admitted").count() == 1
    with pytest.raises(ValidationError):  # once
        placement_admit(actor=officer, placement=placement, admitted_on=world["start"])


def test_admission_of_another_facility_is_refused(world):
    with pytest.raises(PermissionError):
        placement_admit(
            actor=world["officer"], placement=world["p_theirs"], admitted_on=world["start"]
        )


def test_admission_page_and_api(world, client_for):
    client = client_for(world["officer"])
    placement = world["p_mine"]
    early = (world["start"] - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(f"/rehab/placements/{placement.pk}/admit/", {"admitted_on": early})
    assert response.status_code == 400
    response = client.post(
        f"{API}{placement.pk}/admit/",
        {"admitted_on": str(world["start"])},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["admitted_on"] == str(world["start"])


def test_discharge_through_the_placement_end_service(world):
    officer, placement = world["officer"], world["p_mine"]
    placement = placement_admit(actor=officer, placement=placement, admitted_on=world["start"])
    with pytest.raises(ValidationError):  # not before the admission
        placement_end(
            actor=officer,
            placement=placement,
            ended_on=world["start"] - datetime.timedelta(days=1),
            outcome="absconded",
        )
    placement = placement_end(
        actor=officer, placement=placement, ended_on=timezone.localdate(), outcome="absconded"
    )
    assert placement.outcome == "absconded"
    # Absconding from voluntary rehab asks the commune for a compulsory-rehab dossier.
    assert Task.objects.filter(
        person=world["mine"], kind="compulsory_dossier_required", status="open"
    ).exists()
    with pytest.raises(PermissionError):
        placement_end(
            actor=officer,
            placement=world["p_theirs"],
            ended_on=timezone.localdate(),
            outcome="quit",
        )


def test_completion_by_the_facility_asks_the_commune_for_post_rehab(world, units):
    officer = world["officer"]
    pc = provincial_police_user(units, username="pc04_learners_2")
    person = make_person(pc, units["a"], full_name="Võ Văn Xong", birth_year=1988)
    start = timezone.localdate() - datetime.timedelta(days=400)
    placement = open_placement(
        pc, person, form="voluntary_public", facility=world["facility"], start_on=start
    )
    placement_admit(actor=officer, placement=placement, admitted_on=start)
    placement = placement_end(
        actor=officer,
        placement=placement,
        ended_on=placement.planned_end_on,
        outcome="completed",
        certificate_number="09/GCN",
    )
    assert placement.outcome == "completed"
    assert not ManagementPeriod.objects.filter(person=person).exists()
    assert Task.objects.filter(person=person, kind="manual", status="open").exists()


def test_learners_page_in_stay_awaiting_and_empty(world, client_for):
    officer = world["officer"]
    client = client_for(officer)
    response = client.get("/rehab/learners/")
    assert response.status_code == 200
    assert 'class="empty"' in response.content.decode()  # nobody admitted yet
    awaiting = client.get("/rehab/learners/?stay=awaiting").content.decode()
    assert "Trần Văn Học" in awaiting and "Lê Văn Khác" not in awaiting
    placement_admit(actor=officer, placement=world["p_mine"], admitted_on=world["start"])
    page = client.get("/rehab/learners/").content.decode()
    assert "Trần Văn Học" in page and "Lê Văn Khác" not in page
    assert world["start"].strftime("%d/%m/%Y") in page
    days_left = (world["p_mine"].planned_end_on - timezone.localdate()).days
    assert f"<td>{days_left}</td>" in page
    assert AccessLog.objects.filter(user=officer, action=AccessAction.SEARCH).exists()
    assert client.get("/rehab/learners/?q=khac").status_code == 200


def test_learners_page_is_for_facility_officers_only(world, client_for, officer_a, health):
    for user in (officer_a, health):
        assert client_for(user).get("/rehab/learners/").status_code == 404


def test_learners_list_constant_queries(world, client_for, units, officer_a):
    officer = world["officer"]
    client = client_for(officer)
    placement_admit(actor=officer, placement=world["p_mine"], admitted_on=world["start"])
    client.get("/rehab/learners/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/rehab/learners/").status_code == 200
    for n in range(3):
        person = make_person(officer_a, units["a"], full_name=f"Học Viên {n}", birth_year=1990)
        placement = open_placement(
            officer_a,
            person,
            form="voluntary_public",
            facility=world["facility"],
            start_on=world["start"],
        )
        placement_admit(actor=officer, placement=placement, admitted_on=world["start"])
    with CaptureQueriesContext(connection) as many:
        page = client.get("/rehab/learners/")
    assert "Học Viên 2" in page.content.decode()
    assert len(many) == len(few)


def test_facility_page_links_the_officers_agency(units, client_for):
    pc = provincial_police_user(units, username="pc04_link")
    agency = make_agency("Cơ sở cai nghiện số 3", "rehab_facility", "police", units["province"])
    other = make_agency("Công an xã", "commune_police", "police", units["a"])
    client = client_for(pc)
    data = {
        "kind": "public_rehab",
        "name": "Cơ sở số 3",
        "unit": units["province"].pk,
        "measures": ["voluntary_rehab"],
        "is_active": "on",
    }
    # Only the rehab facility agencies of the province are offered.
    refused = client.post("/rehab/facilities/new/", {**data, "agency": other.pk})
    assert refused.status_code == 400
    response = client.post("/rehab/facilities/new/", {**data, "agency": agency.pk})
    assert response.status_code == 302
    from rehab.models import Facility

    facility = Facility.objects.get(name="Cơ sở số 3")
    assert facility.agency == agency
    page = client.get(f"/rehab/facilities/{facility.pk}/edit/")
    assert page.status_code == 200


def test_facility_service_refuses_an_agency_that_is_no_rehab_facility(units):
    pc = provincial_police_user(units, username="pc04_link2")
    other = make_agency("Công an xã B", "commune_police", "police", units["b"])
    with pytest.raises(ValidationError) as exc:
        make_facility(pc, units["province"], kind="public_rehab", name="Cơ sở 4", agency=other)
    assert "agency" in exc.value.message_dict
