"""Builders for the commune classification tests (through the services, as users work)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from cases import services as case_services
from communes import services
from hotspots import services as hotspot_services
from tests.factories import make_person


def today() -> datetime.date:
    return timezone.localdate()


def decide(actor, commune, drug_class="type_2", *, year=None, number="15/QĐ-UBND", **extra):
    return services.classification_decide(
        actor=actor,
        commune=commune,
        year=year or today().year,
        drug_class=drug_class,
        document_number=number,
        document_date=today(),
        deciding_body="UBND tỉnh",
        **extra,
    )


def make_type_1(*, officer, pc04, commune, users=6, population=1000):
    """A commune meeting four criteria this year: users ≥ 0.5 %, 2 places of use, an arrest
    ≥ 0.1 %, 800 m² of planting (the drug route is not set)."""
    services.year_data_save(
        actor=pc04, commune=commune, year=today().year, population=population, on_drug_route=False
    )
    for n in range(users):
        make_person(officer, commune, full_name=f"Người Thứ {n}", birth_year=1990 + n)
    for name in ("Hẻm 5", "Bến đò"):
        hotspot_services.hotspot_create(
            actor=officer,
            commune=commune,
            name=name,
            kind="hotspot",
            activities=["use"],
            detected_on=today(),
        )
    case = case_services.case_create(
        actor=officer, commune=commune, number="01", detected_on=today(), kinds=["dealing"]
    )
    suspect = case_services.suspect_add(
        actor=officer, case=case, role="dealer", full_name="Nguyễn Văn X"
    )
    case_services.suspect_record_event(
        actor=officer, suspect=suspect, kind="arrest", occurred_on=today()
    )
    case_services.planting_create(
        actor=officer,
        commune=commune,
        location="Vườn ấp 3",
        found_on=today(),
        area_m2=Decimal("800"),
        plant_count=100,
    )
