"""The proposal from the commune's own data, the decisions with their history, the commune's
data, the drug-free targets and the roadmap; refusals by field."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ChangeLog
from communes import selectors, services
from communes.models import CommuneClassification
from hotspots import services as hotspot_services
from tests.factories import make_person

from .helpers import decide, make_type_1, today


def _row(user, commune):
    return selectors.status_row(user=user, commune=commune, year=today().year)


def test_proposal_reads_people_hotspots_arrests_and_planting(officer_a, pc04, units):
    make_type_1(officer=officer_a, pc04=pc04, commune=units["a"])
    row = _row(pc04, units["a"])
    f = row.proposal.figures
    assert (f.users, f.use_places, f.arrests, f.population) == (6, 2, 1, 1000)
    assert f.planting_m2 == 800
    met = {r.code: r.met for r in row.proposal.results}
    assert met == {
        "users": True,
        "use_places": True,
        "arrests": True,
        "planting": True,
        "route": False,
    }
    assert row.proposed == "type_1"
    # Commune B has nothing: drug-free; and its figures do not leak into A's.
    assert _row(pc04, units["b"]).proposed == "drug_free"
    rows = {r.commune.pk: r for r in selectors.status_rows(user=pc04, year=today().year)}
    assert rows[units["a"].pk].proposed == "type_1"
    assert rows[units["b"].pk].proposed == "drug_free"


def test_a_cleared_hotspot_is_not_a_place_of_use_but_a_re_emerged_one_counts(
    officer_b, pc04, units
):
    hotspot = hotspot_services.hotspot_create(
        actor=officer_b,
        commune=units["b"],
        name="Nhà hoang",
        kind="point",
        activities=["dealing"],
        detected_on=datetime.date(today().year - 2, 3, 1),
    )
    day = datetime.date(today().year - 2, 4, 1)
    for step in ("verify", "act", "clear"):
        extra = {"document_number": "1/QĐ", "document_date": day} if step == "clear" else {}
        hotspot_services.hotspot_transition(
            actor=pc04, hotspot=hotspot, step=step, occurred_on=day, **extra
        )
    assert _row(pc04, units["b"]).proposed == "drug_free"
    hotspot.refresh_from_db()
    hotspot_services.hotspot_transition(
        actor=pc04, hotspot=hotspot, step="re_emerge", occurred_on=today()
    )
    row = _row(pc04, units["b"])
    assert (row.proposal.figures.re_emerged, row.proposal.figures.use_places) == (1, 0)
    assert row.proposed == "type_3"


def test_decisions_keep_their_history_and_the_proposal(officer_a, pc04, units):
    make_type_1(officer=officer_a, pc04=pc04, commune=units["a"])
    first = decide(pc04, units["a"], "type_2", number="10/QĐ-UBND")
    second = decide(pc04, units["a"], "type_1", number="11/QĐ-UBND")
    assert CommuneClassification.objects.filter(commune=units["a"]).count() == 2
    first.refresh_from_db()
    assert (first.drug_class, first.document_number) == ("type_2", "10/QĐ-UBND")
    assert second.proposed_class == "type_1" and second.proposal["users"] == 6
    row = _row(pc04, units["a"])
    assert row.decision.pk == second.pk and not row.differs
    assert ChangeLog.objects.filter(record_type="commune_status").count() == 2


def test_decision_refusals_name_the_field(pc04, units):
    with pytest.raises(ValidationError) as exc:
        services.classification_decide(
            actor=pc04,
            commune=units["a"],
            year=1999,
            drug_class="type_9",
            document_number=" ",
            document_date=today() + datetime.timedelta(days=1),
            deciding_body="",
        )
    assert set(exc.value.message_dict) == {
        "year",
        "drug_class",
        "document_number",
        "document_date",
        "deciding_body",
    }
    assert "future" in exc.value.message_dict["document_date"][0]


def test_only_the_province_decides(officer_a, units):
    with pytest.raises(PermissionError):
        decide(officer_a, units["a"])


def test_year_data_is_saved_once_a_year_and_logged(pc04, units):
    services.year_data_save(
        actor=pc04, commune=units["a"], year=2025, population=800, on_drug_route=True
    )
    services.year_data_save(
        actor=pc04, commune=units["a"], year=2025, population=900, on_drug_route=True
    )
    data = list(selectors.year_data_of(user=pc04, commune=units["a"]))
    assert [(d.year, d.population) for d in data] == [(2025, 900)]
    # A later year without its own entry uses the latest one before it.
    row = selectors.status_row(user=pc04, commune=units["a"], year=2026)
    assert row.proposal.figures.population == 900 and row.proposal.figures.on_drug_route
    with pytest.raises(ValidationError) as exc:
        services.year_data_save(
            actor=pc04, commune=units["a"], year=2025, population=0, on_drug_route=False
        )
    assert "population" in exc.value.message_dict


def test_commune_registers_its_target_and_the_roadmap_counts_it(officer_a, pc04, units):
    services.target_register(
        actor=officer_a, commune=units["a"], target_year=2029, registered_on=today()
    )
    services.target_register(
        actor=officer_a, commune=units["a"], target_year=2028, registered_on=today()
    )
    assert selectors.targets_of(user=officer_a, commune=units["a"]).count() == 2
    assert selectors.current_targets(user=pc04)[units["a"].pk].target_year == 2028
    decide(pc04, units["b"], "drug_free", year=today().year)
    roadmap = selectors.roadmap(user=pc04)
    total = roadmap["total"]
    assert total > 2 and roadmap["registered"] == 1
    by_year = {y["year"]: y for y in roadmap["years"]}
    assert by_year[2027]["planned"] == 0 and by_year[2028]["planned"] == 1
    assert by_year[2030]["planned"] == 1 and by_year[2030]["is_goal_year"]
    assert by_year[today().year]["recognised"] == 1
    assert roadmap["needed"] == -(-50 * total // 100)
    assert roadmap["short_by"] == roadmap["needed"] - 1


def test_target_refusals(officer_a, officer_b, units):
    with pytest.raises(ValidationError) as exc:
        services.target_register(
            actor=officer_a, commune=units["a"], target_year=1990, registered_on=None
        )
    assert set(exc.value.message_dict) == {"target_year", "registered_on"}
    from django.http import Http404

    with pytest.raises(Http404):
        services.target_register(
            actor=officer_b, commune=units["a"], target_year=2030, registered_on=today()
        )


def test_proposal_of_every_commune_costs_constant_queries(officer_a, officer_b, pc04, units):
    year = today().year

    def count():
        with CaptureQueriesContext(connection) as ctx:
            rows = selectors.status_rows(user=pc04, year=year)
        assert len(rows) > 2
        return len(ctx.captured_queries)

    make_person(officer_a, units["a"], full_name="Một Người")
    decide(pc04, units["a"], "type_3")
    few = count()
    make_type_1(officer=officer_a, pc04=pc04, commune=units["a"])
    make_type_1(officer=officer_b, pc04=pc04, commune=units["b"])
    decide(pc04, units["b"], "type_1")
    services.target_register(
        actor=officer_b, commune=units["b"], target_year=2030, registered_on=today()
    )
    assert count() == few
