"""Every read of the cases app starts here, from `visible_to(user)`. Stages, suspects and
seizures are read only through a case the user may see."""

from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from accounts.scoping import Access, can
from areas.models import AdminUnit
from hotspots import selectors as hotspot_selectors
from registry import selectors as registry_selectors
from registry.models import Person

from .choices import PLANTING_RECORD_TYPE, RECORD_TYPE, TOTAL_FACTOR, TOTAL_UNIT
from .models import (
    CaseEvent,
    DrugCase,
    PlantingEvent,
    PlantingSite,
    Seizure,
    SeizureChange,
    Suspect,
    SuspectEvent,
)

PICKER_LIMIT = 15


def case_can(*, user, access: Access = Access.READ) -> bool:
    return can(user, RECORD_TYPE, access)


def case_list(*, user, access: Access = Access.READ) -> QuerySet[DrugCase]:
    return DrugCase.objects.visible_to(user, access).select_related("commune")


def case_countable(*, user) -> QuerySet[DrugCase]:
    return DrugCase.objects.countable_by(user)


def case_get(*, user, pk, access: Access = Access.READ) -> DrugCase:
    """The case, or 404 when outside the user's scope (never 403)."""
    return get_object_or_404(case_list(user=user, access=access), pk=pk)


def case_writable(*, user, pk) -> bool:
    return case_list(user=user, access=Access.WRITE).filter(pk=pk).exists()


def case_lock(*, pk) -> DrugCase:
    return DrugCase.objects.select_for_update().get(pk=pk)


def case_number_taken(*, commune, year, number, exclude_pk=None) -> bool:
    qs = DrugCase.objects.filter(commune=commune, year=year, number=number)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def case_events(*, case: DrugCase) -> QuerySet[CaseEvent]:
    return CaseEvent.objects.filter(case=case).select_related("author")


def case_last_event(*, case: DrugCase) -> CaseEvent | None:
    return CaseEvent.objects.filter(case=case).order_by("-occurred_on", "-id").first()


def case_suspects(*, case: DrugCase) -> QuerySet[Suspect]:
    return (
        Suspect.objects.filter(case=case)
        .select_related("person")
        .prefetch_related(Prefetch("events", queryset=SuspectEvent.objects.order_by("occurred_on")))
    )


def suspect_get(*, case: DrugCase, pk) -> Suspect:
    return get_object_or_404(Suspect.objects.filter(case=case), pk=pk)


def suspect_lock(*, pk) -> Suspect:
    return Suspect.objects.select_for_update().get(pk=pk)


def suspect_last_event(*, suspect: Suspect) -> SuspectEvent | None:
    return SuspectEvent.objects.filter(suspect=suspect).order_by("-occurred_on", "-id").first()


def suspect_visible_people(*, user, suspects) -> set[int]:
    ids = {s.person_id for s in suspects if s.person_id}
    if not ids:
        return set()
    return set(
        registry_selectors.person_list(user=user).filter(pk__in=ids).values_list("pk", flat=True)
    )


def case_seizures(*, case: DrugCase, with_removed: bool = False) -> QuerySet[Seizure]:
    """The case's seizures that count; `with_removed` adds the withdrawn ones (the case page
    shows them struck out, for the record)."""
    seizures = Seizure.objects.filter(case=case)
    if with_removed:
        return seizures.select_related("removed_by")
    return seizures.standing()


def seizure_get(*, case: DrugCase, pk, with_removed: bool = False) -> Seizure:
    """A seizure of a case the caller already got through the user's scope; 404 otherwise
    (and for a withdrawn one, unless asked)."""
    return get_object_or_404(case_seizures(case=case, with_removed=with_removed), pk=pk)


def seizure_lock(*, pk) -> Seizure:
    return Seizure.objects.select_related("case").select_for_update(of=("self",)).get(pk=pk)


def case_seizure_changes(*, case: DrugCase) -> QuerySet[SeizureChange]:
    """Corrections and withdrawals of the case's seizures, oldest first, with their author."""
    return SeizureChange.objects.filter(seizure__case=case).select_related("author")


def _plain(value: Decimal) -> Decimal:
    """12.500 -> 12.5 and 2000.000 -> 2000 (never 2E+3)."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def seizure_totals(seizures) -> list[dict]:
    """Totals per drug type and unit (kilograms added to grams), in one query."""
    totals: dict[tuple[str, str], Decimal] = {}
    for row in seizures.values("drug_type", "unit").annotate(total=Sum("quantity")).order_by():
        unit = TOTAL_UNIT.get(row["unit"], row["unit"])
        key = (row["drug_type"], unit)
        amount = Decimal(row["total"]) * TOTAL_FACTOR.get(row["unit"], 1)
        totals[key] = totals.get(key, Decimal(0)) + amount
    return [
        {"drug_type": drug, "unit": unit, "total": _plain(total)}
        for (drug, unit), total in sorted(totals.items())
    ]


def seizures_of(*, cases) -> QuerySet[Seizure]:
    """The seizures that count (not withdrawn) of the given cases."""
    return Seizure.objects.standing().filter(case__in=cases)


def case_communes(*, user) -> QuerySet[AdminUnit]:
    """Current communes within the user's scope (where a case or site may be recorded)."""
    return hotspot_selectors.hotspot_communes(user=user)


def case_hotspots(*, user):
    return hotspot_selectors.hotspot_list(user=user).order_by("name")


def person_for_link(*, user, pk):
    return registry_selectors.person_list(user=user).filter(pk=pk).first()


def person_pick(*, user, q: str) -> list[Person]:
    """People in the user's scope matching `q` (accent-free name, or CCCD digits)."""
    from common.text import fold

    text = (q or "").strip()
    if len(text) < 2:
        return []
    qs = registry_selectors.person_list(user=user).select_related("residence_unit")
    digits = text.replace(" ", "")
    if digits.isdigit():
        qs = qs.filter(national_id__startswith=digits)
    else:
        qs = qs.filter(full_name_folded__contains=fold(text))
    return list(qs.order_by("full_name_folded", "id")[:PICKER_LIMIT])


def person_suspects(*, user, person) -> QuerySet[Suspect]:
    """A person's suspect rows in the cases the user may see (the person page)."""
    return (
        Suspect.objects.filter(person=person, case__in=case_list(user=user))
        .select_related("case", "case__commune")
        .order_by("-case__detected_on", "-id")
    )


# ---- planting sites ---------------------------------------------------------------------
def planting_can(*, user, access: Access = Access.READ) -> bool:
    return can(user, PLANTING_RECORD_TYPE, access)


def planting_list(*, user, access: Access = Access.READ) -> QuerySet[PlantingSite]:
    return PlantingSite.objects.visible_to(user, access).select_related("commune")


def planting_countable(*, user) -> QuerySet[PlantingSite]:
    return PlantingSite.objects.countable_by(user)


def planting_get(*, user, pk, access: Access = Access.READ) -> PlantingSite:
    return get_object_or_404(planting_list(user=user, access=access), pk=pk)


def planting_lock(*, pk) -> PlantingSite:
    return PlantingSite.objects.select_for_update().get(pk=pk)


def planting_events(*, site: PlantingSite) -> QuerySet[PlantingEvent]:
    return PlantingEvent.objects.filter(site=site).select_related("author")


def planting_last_event(*, site: PlantingSite) -> PlantingEvent | None:
    return PlantingEvent.objects.filter(site=site).order_by("-occurred_on", "-id").first()


# ---- report figures (aggregates over countable rows) -------------------------------------
def case_event_rows(*, cases, start, end):
    return (
        CaseEvent.objects.filter(case__in=cases, occurred_on__gte=start, occurred_on__lte=end)
        .values("case__scope_path", "step")
        .annotate(n=Count("pk"))
        .order_by()
    )


def suspect_event_rows(*, cases, start, end):
    return (
        SuspectEvent.objects.filter(
            suspect__case__in=cases, occurred_on__gte=start, occurred_on__lte=end
        )
        .values("suspect__case__scope_path", "kind")
        .annotate(n=Count("suspect_id", distinct=True))
        .order_by()
    )


def seizure_rows(*, cases, start, end):
    return (
        Seizure.objects.standing()
        .filter(case__in=cases, seized_on__gte=start, seized_on__lte=end)
        .values("case__scope_path", "drug_type", "unit")
        .annotate(total=Sum("quantity"))
        .order_by()
    )


def planting_event_rows(*, sites, start, end):
    return (
        PlantingEvent.objects.filter(site__in=sites, occurred_on__gte=start, occurred_on__lte=end)
        .values("site__scope_path", "step")
        .annotate(n=Count("pk"), area=Sum("area_m2"))
        .order_by()
    )


def case_unidentified_names(*, case: DrugCase) -> list[str]:
    rows = Suspect.objects.filter(case=case, person__isnull=True).values_list(
        "full_name", "description"
    )
    return [text for row in rows for text in row if text]


def hotspot_step_counts(*, hotspots, step: str, windows: dict) -> dict[str, int]:
    """Hotspots that went through `step` in each window (name -> (start, end)), one query."""
    from hotspots.models import HotspotEvent

    events = HotspotEvent.objects.filter(hotspot__in=hotspots, step=step)
    return events.aggregate(
        **{
            name: Count(
                "hotspot_id", distinct=True, filter=Q(occurred_on__gte=a, occurred_on__lte=b)
            )
            for name, (a, b) in windows.items()
        }
    )
