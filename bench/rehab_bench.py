"""Province rehab dashboard at scale: server time of /rehab/dashboard/ (people in each rehab
form now, starts and completions in the period, dossiers by stage and overdue, the share of
managed people who reached services) and of the lists its figures open, for a provincial
user and a commune officer, with N rehab placements, N/5 compulsory-rehab dossiers and N
services reached spread over the province's managed people.

    DATABASE_URL=... .venv/bin/python bench/rehab_bench.py [--count 20000] [--repeat 10]

Needs people (`seed_demo --scale N`). The synthetic rows are written directly (bulk, STYLE.md
1), their decision or provider numbered "BENCH-…", and removed at the end unless --keep.
`run(report)` is the entry point for bench/run.py (`--rehab N`)."""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

YEAR = datetime.date.today().year
URLS = [
    ("dashboard, year to date", "/rehab/dashboard/"),
    ("dashboard, two years", f"/rehab/dashboard/?start=01/01/{YEAR - 1}&end=31/12/{YEAR}"),
    ("in rehab now (placement list)", "/rehab/placements/?status=open"),
    ("overdue dossiers (dossier list)", "/rehab/dossiers/?status=overdue"),
    ("managed people not reached", "/rehab/reached/?reached=no"),
    ("services reached, first page", "/rehab/services/"),
]
PREFIX = "BENCH-"
FORMS = [
    ("voluntary_home", 0.2),
    ("voluntary_community", 0.35),
    ("voluntary_public", 0.1),
    ("voluntary_private", 0.05),
    ("compulsory_adult", 0.25),
    ("compulsory_minor", 0.03),
    ("psychosis", 0.02),
]
STAGES = [
    ("compiled", 0.1),
    ("open_for_reading", 0.1),
    ("submitted", 0.15),
    ("court_questions", 0.05),
    ("decided", 0.1),
    ("enforced", 0.3),
    ("completed", 0.1),
    ("withdrawn", 0.05),
    ("rejected", 0.05),
]
NEXT = {
    "compiled": "open_for_reading",
    "open_for_reading": "submitted",
    "submitted": "decided",
    "court_questions": "decided",
    "decided": "enforced",
}


def _users():
    from django.db.models import Count

    from accounts.models import User
    from areas.models import AdminUnit
    from registry.models import Person

    province = AdminUnit.objects.get(path="92")
    pc04, _ = User.objects.get_or_create(
        username="bench_pc04", defaults={"role": "provincial_police", "scope_unit": province}
    )
    # The commune with the most people.
    busiest = (
        Person.objects.filter(scope_path__startswith="92.")
        .values("residence_unit")
        .order_by()
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    commune = AdminUnit.objects.get(pk=busiest["residence_unit"])
    officer, _ = User.objects.get_or_create(
        username="bench_rehab_xa", defaults={"role": "commune_officer", "scope_unit": commune}
    )
    return [("pc04", pc04), ("commune", officer)]


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def generate(count: int, seed: int = 5) -> dict:
    from django.db import transaction

    from registry.models import Person, law_on, period_end_date
    from rehab.models import Dossier, RehabPlacement, ServiceReached

    rng = random.Random(seed)
    today = datetime.date.today()
    managed = list(
        Person.objects.filter(
            category__in=["illicit_user", "addicted", "post_rehab"], merged_into__isnull=True
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rng.shuffle(managed)
    with transaction.atomic():
        placements = []
        for person_id in managed[:count]:
            form = _pick(rng, FORMS)
            start = today - datetime.timedelta(days=rng.randint(1, 1100))
            months = 24 if form.startswith("compulsory") else 12
            planned = period_end_date(start, months)
            ended = outcome = None
            if planned < today or rng.random() < 0.15:
                ended = min(today, planned if rng.random() < 0.7 else start + (planned - start) / 2)
                outcome = "completed" if ended == planned else rng.choice(["quit", "absconded"])
            placements.append(
                RehabPlacement(
                    person_id=person_id,
                    form=form,
                    law=law_on(start),
                    start_on=start,
                    months=months,
                    planned_end_on=planned,
                    decision_number=f"{PREFIX}{person_id}",
                    decision_date=start,
                    decision_body="BENCH",
                    ended_on=ended,
                    outcome=outcome or "",
                )
            )
        RehabPlacement.objects.bulk_create(placements, batch_size=5000)
        dossiers = []
        for person_id in managed[count : count + count // 5]:
            stage = _pick(rng, STAGES)
            compiled = today - datetime.timedelta(days=rng.randint(1, 400))
            next_step = NEXT.get(stage, "")
            dossiers.append(
                Dossier(
                    person_id=person_id,
                    law=law_on(compiled),
                    last_violation_on=compiled,
                    grounds=f"{PREFIX}{person_id}",
                    stage=stage,
                    stage_on=compiled,
                    compiled_on=compiled,
                    next_step=next_step,
                    next_due_on=compiled + datetime.timedelta(days=rng.randint(1, 30))
                    if next_step
                    else None,
                )
            )
        Dossier.objects.bulk_create(dossiers, batch_size=5000)
        services = [
            ServiceReached(
                person_id=person_id,
                kind=rng.choice(["counselling", "treatment", "rehab", "reintegration"]),
                reached_on=today - datetime.timedelta(days=rng.randint(1, 700)),
                provider=f"{PREFIX}provider",
            )
            for person_id in rng.sample(managed, min(count, len(managed)))
        ]
        ServiceReached.objects.bulk_create(services, batch_size=5000)
    return {
        "managed_people": len(managed),
        "placements": len(placements),
        "dossiers": len(dossiers),
        "services": len(services),
    }


def remove() -> None:
    from rehab.models import Dossier, RehabPlacement, ServiceReached

    ServiceReached.objects.filter(provider__startswith=PREFIX).delete()
    Dossier.objects.filter(grounds__startswith=PREFIX).delete()
    RehabPlacement.objects.filter(decision_number__startswith=PREFIX).delete()


def measure(repeat: int = 10, warmup: int = 2) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    rows = []
    for who, user in _users():
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        for label, url in URLS:
            for _ in range(warmup):
                assert client.get(url).status_code == 200, url
            times, queries = [], 0
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, url
                queries = len(captured.captured_queries)
            sql_ms = sum(float(q.get("time") or 0) for q in captured.captured_queries) * 1000
            row = {
                "user": who,
                "label": label,
                "url": url,
                "median_ms": statistics.median(times),
                "p95_ms": sorted(times)[max(0, int(len(times) * 0.95) - 1)],
                "queries": queries,
                "sql_ms_last": round(sql_ms, 1),
            }
            rows.append(row)
            print(
                f"   {who:8} {label:34} {row['median_ms']:8.1f} ms (p95 {row['p95_ms']:.1f}, "
                f"{queries} queries)",
                flush=True,
            )
    return rows


def run(report, count: int = 20000, repeat: int = 10, keep: bool = False) -> None:
    """Entry point for bench/run.py: fills report["rehab"]."""
    from django.db import connection

    from registry.models import Person

    print(f"rehab: dashboard with {count:,} placements, provincial user and commune", flush=True)
    remove()
    started = time.perf_counter()
    sizes = generate(count)
    generate_s = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in (
                "rehab_rehabplacement",
                "rehab_dossier",
                "rehab_servicereached",
                "registry_person",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}")
    try:
        report["rehab"] = {
            "people": Person.objects.count(),
            **sizes,
            "generate_s": round(generate_s, 2),
            "rows": measure(repeat=repeat),
        }
    finally:
        if not keep:
            remove()


def table(report) -> list[list[str]]:
    """The rows for bench/run.py's text and markdown tables."""
    head = [["user", "request", "median ms", "p95 ms", "queries"]]
    rows = [
        [r["user"], r["label"], f"{r['median_ms']:.1f}", f"{r['p95_ms']:.1f}", str(r["queries"])]
        for r in report["rehab"]["rows"]
    ]
    return head + rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20000)
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
    run(report, count=args.count, repeat=args.repeat, keep=args.keep)


if __name__ == "__main__":
    main()
