"""Hotspot dashboard at province scale: server time of /hotspots/dashboard/ (and the map's
GeoJSON API) for a provincial user with 5,000 hotspots and their lifecycle events.

    DATABASE_URL=... .venv/bin/python bench/hotspots_bench.py [--count 5000] [--repeat 10]

Needs the province's units (`load_units --province 92`). The synthetic hotspots are written
directly (bulk, STYLE.md 1), named "BENCH …", and removed at the end unless --keep.
`run(report)` is the entry point for bench/run.py."""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

URLS = [
    ("dashboard, 90 days", "/hotspots/dashboard/"),
    ("dashboard, 365 days", "/hotspots/dashboard/?days=365"),
    ("list, first page", "/hotspots/"),
    ("GeoJSON API, province", "/api/v1/hotspots/geojson/"),
]
PREFIX = "BENCH "
# step sequences after detection, and the status they end in
PATHS = [
    ((), "detected"),
    (("verify",), "verified"),
    (("verify", "act"), "under_action"),
    (("verify", "act", "clear"), "cleared"),
    (("verify", "act", "neutralise"), "neutralised"),
    (("verify", "act", "clear", "watch"), "watched"),
    (("verify", "act", "clear", "watch", "close"), "closed"),
    (("verify", "act", "clear", "re_emerge"), "re_emerged"),
]


def _user():
    from accounts.models import User
    from areas.models import AdminUnit

    province = AdminUnit.objects.get(path="92")
    user, _ = User.objects.get_or_create(
        username="bench_pc04",
        defaults={"role": "provincial_police", "scope_unit": province},
    )
    return user


def generate(count: int, seed: int = 7) -> None:
    from django.db import transaction

    from areas.models import AdminUnit
    from common.text import fold
    from hotspots.choices import TRANSITIONS
    from hotspots.models import Hotspot, HotspotEvent

    rng = random.Random(seed)
    communes = list(AdminUnit.objects.communes().filter(path__startswith="92."))
    today = datetime.date.today()
    with transaction.atomic():
        rows = []
        for i in range(count):
            commune = rng.choice(communes)
            detected = today - datetime.timedelta(days=rng.randint(30, 900))
            steps, status = rng.choice(PATHS)
            name = f"{PREFIX}điểm {i}"
            rows.append(_hotspot(Hotspot, name, rng, commune, detected, status, fold(name)))
            rows[-1]._steps = steps
        Hotspot.objects.bulk_create(rows, batch_size=1000)
        events = []
        for hotspot in rows:
            day = hotspot.detected_on
            events.append(
                HotspotEvent(
                    hotspot=hotspot, step="detect", status_after="detected", occurred_on=day
                )
            )
            for step in hotspot._steps:
                day = min(today, day + datetime.timedelta(days=rng.randint(3, 60)))
                events.append(
                    HotspotEvent(
                        hotspot=hotspot,
                        step=step,
                        status_after=TRANSITIONS[step][1],
                        occurred_on=day,
                    )
                )
            hotspot.status_on = day
            if hotspot.last_checked_on:
                hotspot.last_checked_on = day
        HotspotEvent.objects.bulk_create(events, batch_size=2000)
        Hotspot.objects.bulk_update(rows, ["status_on", "last_checked_on"], batch_size=1000)


def _hotspot(model, name, rng, commune, detected, status, folded):
    return model(
        name=name,
        kind=rng.choice(["point", "hotspot", "risk_point"]),
        is_hot=rng.random() < 0.2,
        activity_use=True,
        activity_dealing=rng.random() < 0.4,
        commune=commune,
        scope_path=commune.path,
        latitude=(commune.latitude or 10.0) + rng.uniform(-0.01, 0.01),
        longitude=(commune.longitude or 105.7) + rng.uniform(-0.01, 0.01),
        search_folded=folded,
        status=status,
        status_on=detected,
        detected_on=detected,
        re_emerged_count=1 if status == "re_emerged" else 0,
        last_checked_on=detected if status in ("cleared", "neutralised", "watched") else None,
    )


def remove() -> None:
    from hotspots.models import Hotspot, HotspotEvent

    HotspotEvent.objects.filter(hotspot__name__startswith=PREFIX).delete()
    Hotspot.objects.filter(name__startswith=PREFIX).delete()


def measure(repeat: int = 10, warmup: int = 2) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(_user(), backend="django.contrib.auth.backends.ModelBackend")
    rows = []
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
        row = {
            "label": label,
            "url": url,
            "median_ms": statistics.median(times),
            "p95_ms": sorted(times)[max(0, int(len(times) * 0.95) - 1)],
            "queries": queries,
        }
        rows.append(row)
        print(
            f"   {label:28} {row['median_ms']:8.1f} ms (p95 {row['p95_ms']:.1f}, "
            f"{queries} queries)",
            flush=True,
        )
    return rows


def run(report, count: int = 5000, repeat: int = 10, keep: bool = False) -> None:
    """Entry point for bench/run.py: fills report["hotspots"]."""
    from hotspots.models import Hotspot

    print(f"hotspots: dashboard with {count:,} hotspots, provincial user", flush=True)
    remove()
    generate(count)
    try:
        report["hotspots"] = {
            "count": Hotspot.objects.filter(name__startswith=PREFIX).count(),
            "rows": measure(repeat=repeat),
        }
    finally:
        if not keep:
            remove()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
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
