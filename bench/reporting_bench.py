#!/usr/bin/env python
"""The province's annual report build at the database's current scale (issue 7).

Times, read-only on the database in DATABASE_URL (nothing is written):
- the figures of the province's annual report (every registry indicator group, grouped by
  commune), and of one commune, with their query counts;
- rendering the PDF and the XLSX of those figures (in memory).

    .venv/bin/python bench/reporting_bench.py                 # the annual window ending last
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/drugcase_bench \\
        .venv/bin/python bench/reporting_bench.py --repeat 5 --province 92
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path


def _timed(fn, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, result = [], 0, None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            result = fn()
            times.append((time.perf_counter() - start) * 1000)
        queries = len(ctx.captured_queries)
    return result, times, queries


def run(*, province_code: str, repeat: int) -> dict:
    from django.utils import timezone

    from areas.models import AdminUnit
    from registry.models import Person
    from reporting import documents, indicators
    from reporting.models import PeriodKind, Report, ReportPeriod

    province = AdminUnit.objects.get(path=province_code)
    commune = AdminUnit.objects.communes().within(province).order_by("path").first()
    today = timezone.localdate()
    year = today.year if today > datetime.date(today.year, 12, 14) else today.year - 1
    start, end = datetime.date(year - 1, 12, 15), datetime.date(year, 12, 14)
    people = Person._base_manager.filter(scope_path__startswith=province.path + ".").count()
    out = {"people": people, "window": f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"}
    for key, unit in (("province", province), ("commune", commune)):
        figures, times, queries = _timed(
            lambda unit=unit: indicators.compute(unit=unit, start=start, end=end), repeat
        )
        out[key] = {
            "median_ms": statistics.median(times),
            "max_ms": max(times),
            "queries": queries,
            "people_total": figures["totals"]["people_total"],
            "communes": len(figures["communes"]),
        }
    period = ReportPeriod(
        kind=PeriodKind.YEAR,
        year=year,
        starts_on=start,
        ends_on=end,
        due_on=end + datetime.timedelta(days=6),
    )
    report = Report(
        period=period,
        unit=province,
        scope_path=province.path,
        version=1,
        agency_name=f"Phòng PC04 - Công an {province.name}",
        figures=indicators.compute(unit=province, start=start, end=end),
        built_at=timezone.now(),
        situation="…",
        results="…",
        tasks_ahead="…",
    )
    for kind, render in (
        ("pdf", documents.render_report_pdf),
        ("xlsx", documents.render_report_xlsx),
    ):
        data, times, _queries = _timed(lambda render=render: render(report), 1)
        out[kind] = {"ms": times[0], "bytes": len(data)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--province", default="92")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    result = run(province_code=args.province, repeat=args.repeat)
    print(f"people in the province: {result['people']}; annual window {result['window']}")
    for key in ("province", "commune"):
        r = result[key]
        print(
            f"{key:9} figures: median {r['median_ms']:.0f} ms, max {r['max_ms']:.0f} ms, "
            f"{r['queries']} queries, people_total {r['people_total']}, "
            f"{r['communes']} communes"
        )
    for kind in ("pdf", "xlsx"):
        print(f"{kind:9} render: {result[kind]['ms']:.0f} ms, {result[kind]['bytes']} bytes")


if __name__ == "__main__":
    main()
