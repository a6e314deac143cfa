#!/usr/bin/env python
"""The province's annual report build at the database's current scale (issue 7).

Times, read-only on the database in DATABASE_URL (nothing is written):
- the figures of the province's annual report (every registry indicator group, grouped by
  commune), and of one commune, with their query counts (the same for two communes: the
  queries per commune are constant);
- the same people figures (stock by category, sex, age band and ethnicity at the window end,
  and new in the window) computed by hand-written SQL, in the same run: the baseline the
  build is compared with;
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


BASELINE_PEOPLE_SQL = """
WITH p AS (
  SELECT id, scope_path, sex, date_of_birth, birth_year, ethnicity FROM registry_person
  WHERE (scope_path = %(prov)s OR scope_path LIKE %(prov_like)s) AND merged_into_id IS NULL
    AND (scope_path = %(path)s OR scope_path LIKE %(like)s OR id IN (
      SELECT person_id FROM registry_personresidence
      WHERE scope_path = %(path)s OR scope_path LIKE %(like)s))
), cat AS (
  SELECT DISTINCT ON (e.person_id) e.person_id, e.category_after
  FROM registry_personevent e JOIN p ON p.id = e.person_id
  WHERE e.kind IN ('registered', 'category', 'correction') AND e.occurred_on <= %(end)s
    AND NOT EXISTS (SELECT 1 FROM registry_personevent c WHERE c.corrects_id = e.id)
  ORDER BY e.person_id, e.occurred_on DESC, e.id DESC
), spec AS (
  SELECT DISTINCT ON (e.person_id) e.person_id, e.kind
  FROM registry_personevent e JOIN p ON p.id = e.person_id
  WHERE e.kind IN ('special_on', 'special_off') AND e.occurred_on <= %(end)s
  ORDER BY e.person_id, e.occurred_on DESC, e.id DESC
), res AS (
  SELECT DISTINCT ON (r.person_id) r.person_id, r.scope_path
  FROM registry_personresidence r JOIN p ON p.id = r.person_id
  WHERE r.started_on <= %(end)s AND (r.ended_on IS NULL OR r.ended_on >= %(end)s)
  ORDER BY r.person_id, r.started_on DESC, r.id DESC
)
SELECT COALESCE(res.scope_path, p.scope_path) AS r_path, cat.category_after, p.sex,
  CASE WHEN COALESCE(p.date_of_birth > %(d14)s, p.birth_year > %(y14)s) THEN 'lt14'
       WHEN COALESCE(p.date_of_birth > %(d16)s, p.birth_year > %(y16)s) THEN '14_16'
       WHEN COALESCE(p.date_of_birth > %(d18)s, p.birth_year > %(y18)s) THEN '16_18'
       WHEN COALESCE(p.date_of_birth > %(d30)s, p.birth_year > %(y30)s) THEN '18_30'
       ELSE 'ge30' END AS r_age,
  CASE WHEN p.ethnicity = '01' THEN 'kinh' WHEN p.ethnicity = '' THEN '' ELSE 'other' END,
  spec.kind AS r_special, count(*) AS n
FROM p JOIN cat ON cat.person_id = p.id
LEFT JOIN res ON res.person_id = p.id LEFT JOIN spec ON spec.person_id = p.id
WHERE cat.category_after <> ''
  AND (COALESCE(res.scope_path, p.scope_path) = %(path)s
       OR COALESCE(res.scope_path, p.scope_path) LIKE %(like)s)
GROUP BY 1, 2, 3, 4, 5, 6
"""
BASELINE_NEW_SQL = """
WITH p AS (
  SELECT id, scope_path FROM registry_person
  WHERE (scope_path = %(prov)s OR scope_path LIKE %(prov_like)s) AND merged_into_id IS NULL
    AND (scope_path = %(path)s OR scope_path LIKE %(like)s OR id IN (
      SELECT person_id FROM registry_personresidence
      WHERE scope_path = %(path)s OR scope_path LIKE %(like)s))
), ev AS (
  SELECT e.person_id, e.occurred_on, e.id, e.category_after
  FROM registry_personevent e JOIN p ON p.id = e.person_id
  WHERE e.kind IN ('registered', 'category', 'correction') AND e.occurred_on <= %(end)s
    AND NOT EXISTS (SELECT 1 FROM registry_personevent c WHERE c.corrects_id = e.id)
), now AS (
  SELECT DISTINCT ON (person_id) person_id, category_after FROM ev
  ORDER BY person_id, occurred_on DESC, id DESC
), before AS (
  SELECT DISTINCT ON (person_id) person_id, category_after FROM ev WHERE occurred_on < %(start)s
  ORDER BY person_id, occurred_on DESC, id DESC
), res AS (
  SELECT DISTINCT ON (r.person_id) r.person_id, r.scope_path
  FROM registry_personresidence r JOIN p ON p.id = r.person_id
  WHERE r.started_on <= %(end)s AND (r.ended_on IS NULL OR r.ended_on >= %(end)s)
  ORDER BY r.person_id, r.started_on DESC, r.id DESC
)
SELECT COALESCE(res.scope_path, p.scope_path), now.category_after, count(*)
FROM p JOIN now ON now.person_id = p.id
LEFT JOIN before ON before.person_id = p.id LEFT JOIN res ON res.person_id = p.id
WHERE now.category_after <> '' AND now.category_after <> COALESCE(before.category_after, '')
  AND EXISTS (SELECT 1 FROM ev WHERE ev.person_id = p.id AND ev.occurred_on >= %(start)s)
  AND (COALESCE(res.scope_path, p.scope_path) = %(path)s
       OR COALESCE(res.scope_path, p.scope_path) LIKE %(like)s)
GROUP BY 1, 2
"""

# The other indicators of the registry's groups that the build computes (tests, positive
# tests, contacts; management periods opened and ending by kind), by where the person lived
# at the window end: added so that the hand-written SQL computes every figure the build does.
_HERE = """
WITH p AS (
  SELECT id, scope_path FROM registry_person
  WHERE (scope_path = %(prov)s OR scope_path LIKE %(prov_like)s) AND merged_into_id IS NULL
    AND (scope_path = %(path)s OR scope_path LIKE %(like)s OR id IN (
      SELECT person_id FROM registry_personresidence
      WHERE scope_path = %(path)s OR scope_path LIKE %(like)s))
), res AS (
  SELECT DISTINCT ON (r.person_id) r.person_id, r.scope_path
  FROM registry_personresidence r JOIN p ON p.id = r.person_id
  WHERE r.started_on <= %(end)s AND (r.ended_on IS NULL OR r.ended_on >= %(end)s)
  ORDER BY r.person_id, r.started_on DESC, r.id DESC
), here AS (
  SELECT p.id, COALESCE(res.scope_path, p.scope_path) AS r_path
  FROM p LEFT JOIN res ON res.person_id = p.id
  WHERE COALESCE(res.scope_path, p.scope_path) = %(path)s
     OR COALESCE(res.scope_path, p.scope_path) LIKE %(like)s
)
"""
BASELINE_TESTS_SQL = (
    _HERE
    + """
SELECT h.r_path, count(*), count(*) FILTER (WHERE t.result = 'positive')
FROM registry_drugtest t JOIN here h ON h.id = t.person_id
WHERE t.tested_on BETWEEN %(start)s AND %(end)s
GROUP BY 1
"""
)
BASELINE_CONTACTS_SQL = (
    _HERE
    + """
SELECT h.r_path, count(*)
FROM registry_contact c JOIN here h ON h.id = c.person_id
WHERE c.contacted_on BETWEEN %(start)s AND %(end)s AND c.kind <> 'test'
GROUP BY 1
"""
)
BASELINE_PERIODS_SQL = (
    _HERE
    + """
SELECT h.r_path, m.kind,
  count(*) FILTER (WHERE m.start_on BETWEEN %(start)s AND %(end)s),
  count(*) FILTER (WHERE COALESCE(m.ended_on, m.extended_to, m.planned_end_on)
                   BETWEEN %(start)s AND %(end)s)
FROM registry_managementperiod m JOIN here h ON h.id = m.person_id
WHERE m.start_on BETWEEN %(start)s AND %(end)s
   OR COALESCE(m.ended_on, m.extended_to, m.planned_end_on) BETWEEN %(start)s AND %(end)s
GROUP BY 1, 2
"""
)


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def baseline(*, province, unit, start, end) -> dict:
    """The registry's figures by hand-written SQL: the people (stock and new) and the tests,
    contacts and management periods, summed over the communes: ({"people_total": n, ...},
    the milliseconds of the two people statements alone)."""
    from django.db import connection

    params = {
        "prov": province.path,
        "prov_like": province.path + ".%",
        "path": unit.path,
        "like": unit.path + ".%",
        "start": start,
        "end": end,
    }
    for years in (14, 16, 18, 30):
        params[f"d{years}"] = _years_before(end, years)
        params[f"y{years}"] = _years_before(end, years).year
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(BASELINE_PEOPLE_SQL, params)
        people = sum(row[-1] for row in cursor.fetchall())
        cursor.execute(BASELINE_NEW_SQL, params)
        new = sum(row[-1] for row in cursor.fetchall())
        people_ms = (time.perf_counter() - started) * 1000
        cursor.execute(BASELINE_TESTS_SQL, params)
        tests = cursor.fetchall()
        cursor.execute(BASELINE_CONTACTS_SQL, params)
        contacts = sum(row[1] for row in cursor.fetchall())
        cursor.execute(BASELINE_PERIODS_SQL, params)
        periods = sum(row[2] + row[3] for row in cursor.fetchall())
    return {
        "people_total": people,
        "new_total": new,
        "tests_total": sum(row[1] for row in tests),
        "tests_positive": sum(row[2] for row in tests),
        "contacts": contacts,
        "periods": periods,
    }, people_ms


def _periods_sum(totals: dict) -> int:
    return sum(n for code, n in totals.items() if code.startswith("periods_"))


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
    # The registry's indicator groups (the tables of apps added later may not exist in the
    # bench database): the ones the hand-written SQL is compared with, and tests, contacts
    # and management periods.
    codes = [i.code for i in indicators.indicators() if i.group.startswith("registry.")]
    second = AdminUnit.objects.communes().within(province).order_by("-path").first()
    for key, unit in (("province", province), ("commune", commune), ("commune_2", second)):
        # The build and the hand-written SQL alternate, so that both meet the same load.
        times, sql_times, people_times, queries = [], [], [], 0
        for _ in range(repeat):
            figures, build_ms, queries = _timed(
                lambda unit=unit: indicators.compute(unit=unit, start=start, end=end, codes=codes),
                1,
            )
            (sql, people_ms), hand_ms, _q = _timed(
                lambda unit=unit: baseline(province=province, unit=unit, start=start, end=end),
                1,
            )
            times += build_ms
            sql_times += hand_ms
            people_times.append(people_ms)
        totals = figures["totals"]
        built = {
            "people_total": totals["people_total"],
            "new_total": totals["new_total"],
            "tests_total": totals["tests_total"],
            "tests_positive": totals["tests_positive"],
            "contacts": totals["contacts"],
            "periods": _periods_sum(totals),
        }
        out[key] = {
            "median_ms": statistics.median(times),
            "min_ms": min(times),
            "max_ms": max(times),
            "queries": queries,
            **built,
            "communes": len(figures["communes"]),
            "sql_median_ms": statistics.median(sql_times),
            "sql_min_ms": min(sql_times),
            "sql_people_new_median_ms": statistics.median(people_times),
            **{f"sql_{name}": n for name, n in sql.items()},
            "same_figures": built == sql,
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
        figures=indicators.compute(unit=province, start=start, end=end, codes=codes),
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
    for key in ("province", "commune", "commune_2"):
        r = result[key]
        print(
            f"{key:9} figures: median {r['median_ms']:.0f} ms (min {r['min_ms']:.0f}, max "
            f"{r['max_ms']:.0f}), {r['queries']} queries, people_total {r['people_total']}, "
            f"new_total {r['new_total']}, tests {r['tests_total']}, contacts {r['contacts']}, "
            f"periods {r['periods']}, {r['communes']} communes; hand-written SQL median "
            f"{r['sql_median_ms']:.0f} ms (min {r['sql_min_ms']:.0f}; the two people "
            f"statements alone {r['sql_people_new_median_ms']:.0f}), same figures: "
            f"{r['same_figures']}: x{r['median_ms'] / r['sql_median_ms']:.2f}"
        )
    for kind in ("pdf", "xlsx"):
        print(f"{kind:9} render: {result[kind]['ms']:.0f} ms, {result[kind]['bytes']} bytes")


if __name__ == "__main__":
    main()
