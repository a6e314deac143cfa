"""Police dashboard with drug cases at province scale: server time of /hotspots/dashboard/
(hotspot and case figures, the 001 targets), the case list and the case API for a provincial
user with 5,000 hotspots and 20,000 cases with their stages, suspects and seizures.

    DATABASE_URL=... .venv/bin/python bench/cases_bench.py [--count 20000] [--hotspots 5000]

Needs the province's units (`load_units --province 92`). The synthetic rows are written
directly (bulk, STYLE.md 1), numbered "BENCH-…", and removed at the end unless --keep.
`run(report)` is the entry point for bench/run.py (`--cases N`)."""

import argparse
import datetime
import os
import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hotspots_bench  # noqa: E402

URLS = [
    ("dashboard, 90 days", "/hotspots/dashboard/"),
    ("dashboard, 365 days", "/hotspots/dashboard/?days=365"),
    ("case list, first page", "/cases/"),
    ("case list, charged in a commune", "/cases/?stage=charged&sort=-detected_on"),
    ("case API, first page", "/api/v1/drug-cases/"),
]
PREFIX = "BENCH-"
PATHS = [
    (),
    ("charge",),
    ("charge", "indict"),
    ("charge", "indict", "try"),
    ("charge", "indict", "try", "enforce"),
    ("charge", "suspend"),
    ("transfer",),
]
DRUGS = [("heroin", "g"), ("meth", "g"), ("meth", "tablets"), ("cannabis", "g"), ("ketamine", "g")]


def generate(count: int, seed: int = 11) -> None:
    from django.db import transaction

    from areas.models import AdminUnit
    from cases.choices import KIND_FIELDS, STEP_STAGE
    from cases.models import CaseEvent, DrugCase, Seizure, Suspect

    rng = random.Random(seed)
    communes = list(AdminUnit.objects.communes().filter(path__startswith="92."))
    today = datetime.date.today()
    kinds = list(KIND_FIELDS.values())
    with transaction.atomic():
        rows = []
        for i in range(count):
            commune = rng.choice(communes)
            detected = today - datetime.timedelta(days=rng.randint(1, 800))
            route = rng.choice(["", "road", "water", "air", "courier"])
            case = DrugCase(
                number=f"{PREFIX}{i}",
                year=detected.year,
                commune=commune,
                scope_path=commune.path,
                detected_on=detected,
                route=route,
                route_verified=(rng.random() < 0.8) if route in ("air", "courier") else None,
                ring=rng.choice(["none", "none", "none", "inter_provincial", "cross_border"]),
                stage="detected",
                stage_on=detected,
                search_folded=f"bench-{i}",
            )
            setattr(case, rng.choice(kinds), True)
            case._steps = rng.choice(PATHS)
            rows.append(case)
        DrugCase.objects.bulk_create(rows, batch_size=2000)
        events, seizures, suspects = [], [], []
        for case in rows:
            day = case.detected_on
            events.append(
                CaseEvent(case=case, step="detect", stage_after="detected", occurred_on=day)
            )
            for step in case._steps:
                day = min(today, day + datetime.timedelta(days=rng.randint(5, 90)))
                events.append(
                    CaseEvent(case=case, step=step, stage_after=STEP_STAGE[step], occurred_on=day)
                )
                if step == "charge":
                    case.charged_on = day
            case.stage = STEP_STAGE[case._steps[-1]] if case._steps else "detected"
            case.stage_on = day
            drug, unit = rng.choice(DRUGS)
            seizures.append(
                Seizure(
                    case=case,
                    drug_type=drug,
                    unit=unit,
                    quantity=Decimal(rng.randint(1, 5000)) / 10,
                    seized_on=case.detected_on,
                )
            )
            wanted = rng.random() < 0.05
            suspects.append(
                Suspect(
                    case=case,
                    full_name=f"Bench {case.number}",
                    role="dealer",
                    status="wanted" if wanted else "arrested",
                    status_on=case.detected_on,
                )
            )
            case.wanted_count = int(wanted)
        CaseEvent.objects.bulk_create(events, batch_size=5000)
        Seizure.objects.bulk_create(seizures, batch_size=5000)
        Suspect.objects.bulk_create(suspects, batch_size=5000)
        DrugCase.objects.bulk_update(
            rows, ["stage", "stage_on", "charged_on", "wanted_count"], batch_size=2000
        )


def remove() -> None:
    from cases.models import CaseEvent, DrugCase, Seizure, Suspect, SuspectEvent

    bench = {"case__number__startswith": PREFIX}
    SuspectEvent.objects.filter(suspect__case__number__startswith=PREFIX).delete()
    for model in (Suspect, Seizure, CaseEvent):
        model.objects.filter(**bench).delete()
    DrugCase.objects.filter(number__startswith=PREFIX).delete()


def run(report, count: int = 20000, hotspots: int = 5000, repeat: int = 10, keep=False) -> None:
    """Entry point for bench/run.py: fills report["cases"]."""
    from django.db import connection

    from cases.models import DrugCase

    print(
        f"cases: police dashboard with {hotspots:,} hotspots and {count:,} cases, provincial user",
        flush=True,
    )
    remove()
    hotspots_bench.remove()
    hotspots_bench.generate(hotspots)
    generate(count)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    saved = hotspots_bench.URLS
    hotspots_bench.URLS = URLS
    try:
        report["cases"] = {
            "count": DrugCase.objects.filter(number__startswith=PREFIX).count(),
            "hotspots": hotspots,
            "rows": hotspots_bench.measure(repeat=repeat),
        }
    finally:
        hotspots_bench.URLS = saved
        if not keep:
            remove()
            hotspots_bench.remove()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--hotspots", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    report: dict = {}
    run(report, count=args.count, hotspots=args.hotspots, repeat=args.repeat, keep=args.keep)


if __name__ == "__main__":
    main()
