"""The proposed class from the figures and the criteria (no database but the criteria)."""

from decimal import Decimal

import pytest

from communes import selectors
from communes.models import ClassificationCriteria
from communes.proposal import Figures, propose


@pytest.fixture
def criteria(migration_data):
    return ClassificationCriteria.objects.get(province__isnull=True, applies_from=2025)


def test_migration_loads_the_national_thresholds(criteria):
    assert criteria.users_share_pct == Decimal("0.5")
    assert criteria.use_places == 2
    assert criteria.arrests_share_pct == Decimal("0.1")
    assert (criteria.planting_m2, criteria.planting_plants) == (Decimal(750), 3000)
    assert (criteria.type_1_min, criteria.type_2_min) == (3, 1)


def test_three_criteria_make_type_1(criteria):
    figures = Figures(users=5, population=1000, use_places=2, arrests=0, planting_m2=Decimal(0))
    proposal = propose(figures, criteria)
    assert [r.met for r in proposal.results] == [True, True, False, False, False]
    assert (proposal.met, proposal.proposed) == (2, "type_2")
    figures.on_drug_route = True
    assert propose(figures, criteria).proposed == "type_1"


def test_thresholds_are_inclusive_and_plants_alone_meet_planting(criteria):
    figures = Figures(users=4, population=1000, arrests=1, planting_plants=3000)
    results = {r.code: r.met for r in propose(figures, criteria).results}
    assert results == {
        "users": False,  # 0.4 % < 0.5 %
        "use_places": False,
        "arrests": True,  # 0.1 % ≥ 0.1 %
        "planting": True,
        "route": False,
    }


def test_without_population_the_share_criteria_are_unknown(criteria):
    proposal = propose(Figures(users=50, arrests=10), criteria)
    unknown = [r.code for r in proposal.results if r.met is None]
    assert unknown == ["users", "arrests"]
    assert proposal.unknown == 2
    # Figures but no criterion met: type III.
    assert proposal.proposed == "type_3"


def test_no_figure_is_drug_free_but_a_re_emerged_hotspot_is_not(criteria):
    assert propose(Figures(population=900), criteria).proposed == "drug_free"
    assert propose(Figures(population=900, re_emerged=1), criteria).proposed == "type_3"


def test_province_version_applies_from_its_year(criteria, units, pc04):
    from communes import services

    services.criteria_save(
        actor=pc04,
        applies_from=2026,
        users_share_pct=Decimal("0.3"),
        use_places=1,
        arrests_share_pct=Decimal("0.1"),
        planting_m2=Decimal("500"),
        planting_plants=2000,
        type_1_min=3,
        type_2_min=1,
        source="QĐ 99/QĐ-UBND",
    )
    province = units["province"]
    assert selectors.criteria_for(province=province, year=2025).pk == criteria.pk
    assert selectors.criteria_for(province=province, year=2026).use_places == 1
    assert selectors.criteria_for(province=province, year=2030).use_places == 1
    # Saving the same year again changes that version, not a new one.
    services.criteria_save(actor=pc04, applies_from=2026, use_places=3)
    assert selectors.criteria_versions(province=province).count() == 2
    assert selectors.criteria_for(province=province, year=2027).use_places == 3


def test_without_any_version_the_national_default_still_applies(criteria, units):
    ClassificationCriteria.objects.all().delete()
    fallback = selectors.criteria_for(province=units["province"], year=2026)
    assert fallback.pk is None and fallback.type_1_min == 3
    assert fallback.users_share_pct == Decimal("0.5")
