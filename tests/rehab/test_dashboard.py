"""The province rehab dashboard: people in each form now, starts and completions in the period,
dossiers by stage and overdue, the share of managed people who reached services against 80 %;
each figure links to the scoped list it counts; a constant query count; scope and roles."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rehab.services_placements import placement_end
from rehab.services_reach import service_reached_record

from ..factories import make_person
from .helpers import compile_dossier, make_facility, open_placement, provincial_police_user

pytestmark = pytest.mark.django_db
D = datetime.date
URL = "/rehab/dashboard/?start=01/01/2025&end=31/12/2025"


@pytest.fixture
def centre(units):
    pc = provincial_police_user(units, username="pc04_dash")
    return make_facility(pc, units["province"], kind="public_rehab", name="Cơ sở cai nghiện số 1")


def _people(actor, unit, n, prefix, category="addicted"):
    return [
        make_person(
            actor,
            unit,
            full_name=f"{prefix} {i}",
            category=category,
            date_of_birth=D(1990, 1, 1),
            birth_year=1990,
        )
        for i in range(n)
    ]


def _fill(actor, unit, centre, n, prefix):
    """n people in community rehab now (started in 2025), n who completed compulsory rehab in
    2025, n dossiers (overdue: their reading step was due long ago), n with a service, n
    managed people reached by nothing."""
    now = _people(actor, unit, n, f"{prefix} now")
    for p in now:
        open_placement(actor, p, start_on=D(2025, 11, 1))
    done = _people(actor, unit, n, f"{prefix} done")
    for p in done:
        placement = open_placement(
            actor, p, form="compulsory_adult", facility=centre, start_on=D(2024, 1, 10)
        )
        placement_end(
            actor=actor,
            placement=placement,
            ended_on=placement.planned_end_on,
            outcome="completed",
            certificate_number="GCN",
        )
    for p in _people(actor, unit, n, f"{prefix} dossier"):
        compile_dossier(actor, p, compiled_on=D(2025, 3, 2))
    for p in _people(actor, unit, n, f"{prefix} served", category="illicit_user"):
        service_reached_record(
            actor=actor, person=p, kind="counselling", reached_on=D(2025, 5, 1), provider="TYT"
        )
    _people(actor, unit, n, f"{prefix} none", category="illicit_user")


def test_figures_and_their_lists(client_for, officer_a, units, centre):
    _fill(officer_a, units["a"], centre, 2, "A")
    client = client_for(officer_a)
    response = client.get(URL)
    assert response.status_code == 200
    ctx = response.context
    rows = {r["form"]: r for r in ctx["form_rows"]}
    assert rows["voluntary_community"]["now"] == 2
    assert rows["voluntary_community"]["started"] == 2
    assert rows["compulsory_adult"]["completed"] == 2
    assert ctx["totals"] == {"now": 2, "started": 2, "completed": 2}
    stages = {r["stage"]: r for r in ctx["stage_rows"]}
    assert stages["compiled"]["n"] == 2 and stages["compiled"]["overdue"] == 2
    # Managed: 2 now + 2 done (post-rehab) + 2 dossier + 2 served + 2 none = 10; reached: the
    # 4 with placements and the 2 served.
    assert ctx["share"] == {"total": 10, "reached": 6}
    assert ctx["percent"] == 60.0 and not ctx["meets_target"]
    # Each figure's link lists what it counts.
    links = ctx["form_rows"][1]["links"]
    assert rows["voluntary_community"]["links"] == links
    page = client.get(links["now"]).context["page"]
    assert page.paginator.count == 2
    page = client.get(rows["compulsory_adult"]["links"]["completed"]).context["page"]
    assert page.paginator.count == 2
    page = client.get(ctx["total_links"]["started"]).context["page"]
    assert page.paginator.count == 2
    page = client.get(stages["compiled"]["overdue_url"]).context["page"]
    assert page.paginator.count == 2
    assert client.get(ctx["reach_links"]["reached"]).context["page"].paginator.count == 6
    not_reached = client.get(ctx["reach_links"]["not_reached"])
    assert not_reached.context["page"].paginator.count == 4
    assert "A none 0" in not_reached.text and "A served 0" not in not_reached.text
    assert client.get(ctx["reach_links"]["total"]).context["page"].paginator.count == 10


def test_scope_the_province_and_the_reader(
    client_for, officer_a, officer_b, pc04, reader, units, centre
):
    _fill(officer_a, units["a"], centre, 1, "A")
    _fill(officer_b, units["b"], centre, 2, "B")
    assert client_for(officer_a).get(URL).context["totals"]["now"] == 1
    assert client_for(pc04).get(URL).context["totals"]["now"] == 3
    response = client_for(reader).get(URL)
    assert response.status_code == 200
    assert response.context["share"] == {"total": 15, "reached": 9}
    # The steering committee counts, never lists: no links, and the lists stay closed.
    assert response.context["total_links"] == {} and response.context["reach_links"] == {}
    assert 'id="fig-now" href' not in response.text
    assert client_for(reader).get("/rehab/reached/").status_code == 404


def test_health_sees_no_dashboard(client_for, health):
    assert client_for(health).get("/rehab/dashboard/").status_code == 404
    assert client_for(health).get("/rehab/reached/").status_code == 404


def test_substitution_treatment_counts_as_reached(client_for, officer_a, health, units):
    from ..treatment.helpers import enrol, site

    person = make_person(officer_a, units["a"], full_name="Lâm Văn Thế", category="addicted")
    make_person(officer_a, units["a"], full_name="Lâm Văn Khác", category="addicted")
    enrol(health, person, site(health, units["a"]))
    response = client_for(officer_a).get(URL)
    assert response.context["share"] == {"total": 2, "reached": 1}


def test_query_count_does_not_grow(client_for, pc04, officer_a, units, centre):
    client = client_for(pc04)
    _fill(officer_a, units["a"], centre, 1, "A")
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    _fill(officer_a, units["a"], centre, 3, "B")
    with CaptureQueriesContext(connection) as more:
        assert client.get(URL).status_code == 200
    assert len(more) == len(few)
    with CaptureQueriesContext(connection) as listing_few:
        client.get("/rehab/reached/?reached=no")
    _people(officer_a, units["a"], 4, "C")
    with CaptureQueriesContext(connection) as listing_more:
        client.get("/rehab/reached/?reached=no")
    assert len(listing_more) == len(listing_few)


def test_overview_and_bad_window(client_for, officer_a):
    client = client_for(officer_a)
    assert client.get("/rehab/").status_code == 200
    response = client.get("/rehab/dashboard/?start=99/99/2025")
    assert response.status_code == 200 and "start" in response.context["form"].errors
