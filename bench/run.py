#!/usr/bin/env python
"""Benchmarks at province scale: loading, seeding, and the server time of the people list,
search and API. Not a test (pytest never collects it); see bench/README.md.

WARNING: the database in DATABASE_URL is emptied (`flush`) before the run. By default the run
refuses a database whose name does not contain "bench"; without DATABASE_URL it uses its own
SQLite file, var/bench.sqlite3, never the development database.

    make bench                                   # SQLite, var/bench.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/drugcase_bench make bench
    .venv/bin/python bench/run.py --quick        # N=5000, R=5: checks the harness works
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import socket
import statistics
import sys
import time
from io import StringIO
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TARGET_MS = 100.0

# What a province user and a commune officer do most: open the list, filter, search.
# (key, label, path, query string (also the hand-written SQL's filters), page size)
SCENARIOS = [
    ("list", "list, first page", "/people/", {}, 25),
    # The same rows without the page chrome and filter form (what htmx fetches as you type).
    ("list_htmx", "list, htmx partial", "/people/", {}, 25),
    ("list_category", "list ?category=addicted", "/people/", {"category": "addicted"}, 25),
    ("search_common", "search ?q={common}", "/people/", {"q": "{common}"}, 25),
    ("search_rare", "search ?q={rare}", "/people/", {"q": "{rare}"}, 25),
    ("search_id", "search ?q=CCCD (12 digits)", "/people/", {"q": "{national_id}"}, 25),
    ("api_list", "API list", "/api/v1/persons/", {}, 50),
    ("api_search", "API ?q={common}", "/api/v1/persons/", {"q": "{common}"}, 50),
]
USERS = [("pc04", "province"), ("xa1", "commune")]


# --------------------------------------------------------------------------- arguments


def reload_migration_data():
    """`flush` also empties the rows that data migrations wrote (legal terms, holidays, dossier
    stage deadlines, classification criteria): write them again, with each migration's own
    function."""
    from importlib import import_module

    from django.apps import apps as django_apps

    import_module("registry.migrations.0011_load_legal_terms").load(django_apps, None)
    import_module("registry.migrations.0017_rehab_measures").load(django_apps, None)
    import_module("rehab.migrations.0009_load_education_term").load(django_apps, None)
    import_module("common.migrations.0002_load_holidays").load(django_apps, None)
    import_module("rehab.migrations.0005_load_stage_deadlines").load(django_apps, None)
    import_module("communes.migrations.0002_load_criteria").load(django_apps, None)


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="The database is emptied first. Results go to bench/results/.",
    )
    p.add_argument("--people", type=int, default=None, help="seed_demo --scale N (100000)")
    p.add_argument("--repeat", "-r", type=int, default=None, help="timed requests each (20)")
    p.add_argument("--warmup", type=int, default=3, help="untimed requests first (3)")
    p.add_argument("--quick", action="store_true", help="N=5000, R=5: check the harness")
    p.add_argument("--common", default="nguyen van an", help="a common name to search")
    p.add_argument("--rare", default="lam my quyen", help="a rare name fragment to search")
    p.add_argument(
        "--reuse",
        action="store_true",
        help="keep the data already in the database: skip steps 1-3, measure requests only",
    )
    p.add_argument(
        "--allow-wipe",
        action="store_true",
        help='empty the database even if its name does not contain "bench"',
    )
    p.add_argument(
        "--hotspots", type=int, default=0, help="step 6: dashboard with N hotspots (e.g. 5000)"
    )
    p.add_argument(
        "--reports", action="store_true", help="step 7: build the province's annual report"
    )
    p.add_argument(
        "--cases",
        type=int,
        default=0,
        help="step 8: police dashboard with N drug cases and 5,000 hotspots (e.g. 20000)",
    )
    p.add_argument(
        "--rehab",
        type=int,
        default=0,
        help="step 9: rehab dashboard with N placements, N/5 dossiers, N services (e.g. 20000)",
    )
    p.add_argument(
        "--skip-work", action="store_true", help="skip step 4b (due list and XLSX export)"
    )
    p.add_argument("--out", type=Path, default=RESULTS, help="results folder (bench/results)")
    p.add_argument("--tag", default="", help="a word added to the result file name")
    p.add_argument("--no-save", action="store_true", help="print only, write no result file")
    p.add_argument(
        "--import-rows",
        type=int,
        default=0,
        help="then import a generated file of N rows (check and write; see import_bench.py)",
    )
    args = p.parse_args(argv)
    if args.people is None:
        args.people = 5000 if args.quick else 100_000
    if args.repeat is None:
        args.repeat = 5 if args.quick else 20
    if args.people < 1 or args.repeat < 1:
        p.error("--people and --repeat must be positive")
    return args


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    if not os.environ.get("DATABASE_URL"):
        (ROOT / "var").mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.conf import settings

    # django.test.Client talks to "testserver".
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


# --------------------------------------------------------------------------- machine


def machine_info() -> dict:
    from django.db import connection

    cpu = ""
    mem_gb = None
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), "")
        with open("/proc/meminfo", encoding="utf-8") as f:
            kb = next(int(ln.split()[1]) for ln in f if ln.startswith("MemTotal"))
            mem_gb = round(kb / 1024 / 1024, 1)
    except (OSError, StopIteration, ValueError):
        pass
    import django

    info = {
        "hostname": socket.gethostname(),
        "cpu": cpu or platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "memory_gb": mem_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "db_vendor": connection.vendor,
        "db_name": str(connection.settings_dict["NAME"]),
        # Other work on the machine skews the figures: the load average says how much.
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SHOW server_version")
            info["db_version"] = cur.fetchone()[0].split()[0]
            settings = {}
            for name in ("shared_buffers", "work_mem", "effective_cache_size", "jit"):
                cur.execute(f"SHOW {name}")
                settings[name] = cur.fetchone()[0]
            info["db_settings"] = settings
        elif connection.vendor == "sqlite":
            cur.execute("SELECT sqlite_version()")
            info["db_version"] = cur.fetchone()[0]
        else:
            info["db_version"] = ".".join(map(str, connection.get_database_version()))
    return info


def code_version() -> dict:
    """Which code was measured: the commit, and how many files differ from it."""
    import subprocess

    def git(*words):
        try:
            done = subprocess.run(
                ["git", *words], cwd=ROOT, capture_output=True, text=True, timeout=10
            )
        except (OSError, subprocess.SubprocessError):
            return ""
        return done.stdout if done.returncode == 0 else ""

    return {
        "commit": git("rev-parse", "--short", "HEAD").strip(),
        "changed_files": len(git("status", "--porcelain").splitlines()),
    }


def guard_database(args):
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if args.reuse or args.allow_wipe:
        return
    if "bench" not in Path(name).name.lower():
        sys.exit(
            f"Refusing to empty the database {name!r}: its name does not contain 'bench'.\n"
            "Point DATABASE_URL at a database for benchmarks (e.g. .../drugcase_bench), "
            "or pass --allow-wipe."
        )


# --------------------------------------------------------------------------- steps 1-3


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def prepare(args, report):
    from django.core.management import call_command

    from areas.loader import load_units
    from areas.models import AdminUnit
    from registry.models import Person, PersonEvent

    out = StringIO()
    call_command("migrate", interactive=False, verbosity=0, stdout=out)
    if args.reuse:
        report["setup"] = {"reused": True, "people": Person.objects.count()}
        if not Person.objects.exists():
            sys.exit("--reuse: the database holds no people; run without --reuse first.")
        return
    call_command("flush", interactive=False, verbosity=0, stdout=out)
    assert not AdminUnit.objects.exists()
    reload_migration_data()

    step("1. load_units (all provinces) into an empty table")
    seconds, result = timed(lambda: load_units())
    report["load_units"] = {
        "seconds": seconds,
        "provinces": result.provinces,
        "communes": result.communes,
        "legacy": result.legacy,
        "rows": AdminUnit.objects.count(),
    }
    print(
        f"   {seconds:.2f} s: {result.provinces} provinces, {result.communes} communes, "
        f"{result.legacy} pre-2025 units"
    )

    step("2. seed_demo (the demo province)")
    seconds, _ = timed(lambda: call_command("seed_demo", stdout=out))
    demo_people = Person.objects.count()
    report["seed_demo"] = {"seconds": seconds, "people": demo_people}
    print(f"   {seconds:.2f} s: {demo_people} people through the services")

    step(f"3. seed_demo --scale {args.people}")
    events_before = PersonEvent.objects.count()
    seconds, _ = timed(lambda: call_command("seed_demo", scale=args.people, stdout=out))
    added_events = PersonEvent.objects.count() - events_before
    report["seed_scale"] = {
        "seconds": seconds,
        "people": args.people,
        "events": added_events,
        "people_per_s": args.people / seconds,
        "rows_per_s": (args.people + added_events) / seconds,
    }
    print(
        f"   {seconds:.2f} s: {args.people / seconds:,.0f} people/s "
        f"({(args.people + added_events) / seconds:,.0f} rows/s with their events)"
    )
    analyze()


def analyze():
    """Fresh planner statistics, as autovacuum would leave them a minute after a bulk load."""
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            for table in ("registry_person", "registry_personevent", "areas_adminunit"):
                cur.execute(f"VACUUM ANALYZE {table}")
        elif connection.vendor == "sqlite":
            cur.execute("ANALYZE")


# --------------------------------------------------------------------------- step 4


def fill(text: str, args, national_id="") -> str:
    return text.format(common=args.common, rare=args.rare, national_id=national_id)


def national_id_in_scope(user) -> str:
    """A citizen ID the user can see (the same one on every run), to search by ID."""
    from registry import selectors

    people = selectors.person_list(user=user).exclude(national_id="").order_by("id")
    n = people.count()
    return people.values_list("national_id", flat=True)[n // 2] if n else "000000000000"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def baseline_sql(*, scope_path: str, filters: dict, limit: int):
    """The same page written by hand: the scope path prefix, the filter, ORDER BY + LIMIT,
    and the count. Portable SQL (PostgreSQL and SQLite)."""
    from accounts.models import User
    from areas.models import AdminUnit
    from common.text import fold
    from registry.models import Person

    where = ["(p.scope_path = %s OR p.scope_path LIKE %s)"]
    params = [scope_path, scope_path + ".%"]
    q = filters.get("q", "").strip()
    if q.replace(" ", "").isdigit():  # as PersonFilter.search: an ID prefix
        where.append("(p.national_id LIKE %s OR p.former_id LIKE %s)")
        params += [q.replace(" ", "") + "%"] * 2
    elif q:
        where.append("p.full_name_folded LIKE %s")
        params.append(f"%{fold(q)}%")
    if "category" in filters:
        where.append("p.category = %s")
        params.append(filters["category"])
    where_sql = " AND ".join(where)
    page = (
        "SELECT p.id, p.full_name, p.sex, p.birth_year, p.national_id, p.category, "
        "p.special_management, u.name, o.first_name, o.last_name "
        f"FROM {Person._meta.db_table} p "
        f"JOIN {AdminUnit._meta.db_table} u ON u.id = p.residence_unit_id "
        f"LEFT JOIN {User._meta.db_table} o ON o.id = p.responsible_officer_id "
        f"WHERE {where_sql} ORDER BY p.full_name_folded, p.id LIMIT {int(limit)}"
    )
    count = f"SELECT COUNT(*) FROM {Person._meta.db_table} p WHERE {where_sql}"
    return (page, params), (count, params)


def run_baseline(queries, repeat, warmup):
    from django.db import connection

    def once():
        with connection.cursor() as cur:
            (page, params), (count, cparams) = queries
            cur.execute(page, params)
            cur.fetchall()
            cur.execute(count, cparams)
            return cur.fetchone()[0]

    for _ in range(warmup):
        once()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        matched = once()
        times.append((time.perf_counter() - start) * 1000)
    return times, matched


RESULT_COUNT = re.compile(r'id="result-count">([^<]*)<')


def page_count(response) -> int | None:
    """The number of matching rows the response announces (sanity check)."""
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content)["count"]
    found = RESULT_COUNT.search(response.content.decode())
    digits = re.sub(r"\D", "", found.group(1)) if found else ""
    return int(digits) if digits else None


class QueryLog:
    """Times every statement a request runs (a connection execute wrapper: no debug cursor,
    sub-millisecond resolution), keeping the SQL and its parameters for EXPLAIN."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((sql, params, many, time.perf_counter() - start))

    @property
    def sql_ms(self) -> float:
        return sum(q[3] for q in self.queries) * 1000


def run_requests(client, url, repeat, warmup, headers=None):
    from django.db import connection

    def get():
        response = client.get(url, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}")
        return response

    for _ in range(warmup):
        get()
    times, cpu, sql_ms = [], [], []
    for _ in range(repeat):
        log = QueryLog()
        with connection.execute_wrapper(log):
            start, start_cpu = time.perf_counter(), time.thread_time()
            response = get()
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.thread_time() - start_cpu) * 1000)
        sql_ms.append(log.sql_ms)
    return {
        "times": times,
        "cpu_ms": statistics.median(cpu),
        "queries": log.queries,
        "sql_ms": statistics.median(sql_ms),
        "announced": page_count(response),
    }


def person_queries(queries) -> list[tuple]:
    """The statements of a request that read the people table (the page and its count)."""
    return [
        (sql, params)
        for sql, params, many, _ in queries
        if not many
        and 'FROM "registry_person"' in sql
        and sql.lstrip().upper().startswith("SELECT")
    ]


NAME_LIKE = re.compile(r'"full_name_folded"(::text)? LIKE', re.IGNORECASE)


def explain(sql: str, params) -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        shown = connection.ops.last_executed_query(cur, sql, params) or sql
        if connection.vendor == "postgresql":
            cur.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
            data = cur.fetchone()[0]
            data = json.loads(data) if isinstance(data, str) else data
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            text = "\n".join(r[0] for r in cur.fetchall())
            root = data[0]["Plan"]
            indexes = []
            walk(root, lambda n: n.get("Index Name") and indexes.append(n["Index Name"]))
            name_search = bool(NAME_LIKE.search(sql))
            return {
                "kind": "count" if "COUNT(" in sql.upper() else "page",
                "sql": shown,
                "top": shape(root),
                "indexes": sorted(set(indexes)),
                # Only a name search can use the trigram index.
                "trigram": ("person_name_trgm" in indexes) if name_search else None,
                "execution_ms": data[0]["Execution Time"],
                "planning_ms": data[0]["Planning Time"],
                "plan": text,
            }
        if connection.vendor == "sqlite":
            cur.execute("EXPLAIN QUERY PLAN " + sql, params)
            rows = [r[3] for r in cur.fetchall()]
            return {
                "kind": "count" if "COUNT(" in sql.upper() else "page",
                "sql": shown,
                "top": "; ".join(rows),
                "indexes": sorted(
                    {m.group(1) for r in rows for m in [re.search(r"INDEX (\S+)", r)] if m}
                ),
                "trigram": None,
                "plan": "\n".join(rows),
            }
    return {}


def walk(node, fn):
    fn(node)
    for child in node.get("Plans", []):
        walk(child, fn)


def shape(root) -> str:
    """The plan's top nodes down to the first join or scan, then how the people table is
    read: 'Limit > Incremental Sort > Nested Loop; person: Index Scan (person_scope_name)'."""
    spine, node = [], root
    while node is not None:
        spine.append(node["Node Type"])
        if "Scan" in node["Node Type"] or node["Node Type"] in JOINS:
            break
        children = [c for c in node.get("Plans", []) if c.get("Parent Relationship") != "InitPlan"]
        node = children[0] if children else None
    access = []

    def person_access(n):
        if n.get("Relation Name") == "registry_person" or (
            n["Node Type"] == "Bitmap Index Scan" and not n.get("Relation Name")
        ):
            label = n["Node Type"]
            if n.get("Index Name"):
                label += f" ({n['Index Name']})"
            access.append(label)

    walk(root, person_access)
    access = list(dict.fromkeys(access))  # once each, in plan order
    return " > ".join(spine) + ("; person: " + " + ".join(access) if access else "")


JOINS = {"Nested Loop", "Hash Join", "Merge Join"}


def measure(args, report):
    from django.test import Client

    from accounts.models import User

    step(f"4. requests at {report['people']:,} people (warm-up {args.warmup}, R={args.repeat})")
    rows = []
    for username, kind in USERS:
        user = User.objects.select_related("scope_unit").get(username=username)
        client = Client()
        client.force_login(user)
        national_id = national_id_in_scope(user)
        for key, label, path, filters, size in SCENARIOS:
            filters = {k: fill(v, args, national_id) for k, v in filters.items()}
            url = path + ("?" + urlencode(filters) if filters else "")
            headers = {"HX-Request": "true"} if key.endswith("_htmx") else None
            measured = run_requests(client, url, args.repeat, args.warmup, headers)
            times, captured, announced = (
                measured["times"],
                measured["queries"],
                measured["announced"],
            )
            base_queries = baseline_sql(
                scope_path=user.scope_unit.path, filters=filters, limit=size
            )
            base_times, matched = run_baseline(base_queries, args.repeat, args.warmup)
            row = {
                "user": username,
                "scope": kind,
                "scenario": key,
                "label": fill(label, args),
                "url": url,
                "matched": matched,
                "announced": announced,
                "median_ms": statistics.median(times),
                "p95_ms": percentile(times, 95),
                "min_ms": min(times),
                "cpu_ms": measured["cpu_ms"],
                "queries": len(captured),
                "sql_ms": measured["sql_ms"],
                "baseline_median_ms": statistics.median(base_times),
                "baseline_p95_ms": percentile(base_times, 95),
                "samples_ms": [round(t, 3) for t in times],
                "explain": [explain(sql, params) for sql, params in person_queries(captured)],
            }
            row["ratio"] = row["median_ms"] / max(row["baseline_median_ms"], 1e-6)
            row["meets_target"] = row["p95_ms"] < TARGET_MS
            if announced is not None and announced != matched:
                print(f"   WARNING {url} as {username}: page says {announced}, SQL {matched}")
            rows.append(row)
            print(
                f"   {username:5} {row['label']:32} {row['median_ms']:8.1f} ms "
                f"(p95 {row['p95_ms']:.1f}, {row['queries']} queries, "
                f"SQL baseline {row['baseline_median_ms']:.1f} ms)"
            )
    report["requests"] = rows


# --------------------------------------------------------------------------- output


def step(text):
    print(text, flush=True)


def request_row(r) -> list[str]:
    return [
        r["user"],
        r["label"],
        f"{r['matched']:,}",
        f"{r['median_ms']:.1f}",
        f"{r['p95_ms']:.1f}",
        f"{r['min_ms']:.1f}",
        f"{r['cpu_ms']:.1f}",
        str(r["queries"]),
        f"{r['sql_ms']:.1f}",
        f"{r['baseline_median_ms']:.1f}",
        f"{r['ratio']:.1f}x",
        "yes" if r["meets_target"] else "NO",
    ]


def requests_table(rows) -> list[list[str]]:
    head = ["user", "request", "rows", "median ms", "p95 ms", "min ms", "CPU ms", "queries"]
    head += ["SQL ms", "hand SQL ms", "ratio", f"p95<{TARGET_MS:.0f} ms"]
    return [head, *(request_row(r) for r in rows)]


def plan_row(r, e) -> list[str]:
    return [
        r["user"],
        r["label"],
        e["kind"],
        e["top"],
        {True: "yes", False: "no"}.get(e["trigram"], "-"),
        f"{e['execution_ms']:.1f}" if "execution_ms" in e else "",
    ]


def plans_table(rows) -> list[list[str]]:
    head = ["user", "request", "query", "plan", "trigram", "exec ms"]
    return [head, *(plan_row(r, e) for r in rows for e in r["explain"])]


def setup_table(report) -> list[list[str]]:
    table = [["step", "seconds", "detail"]]
    if "load_units" in report:
        lu = report["load_units"]
        table.append(
            [
                "load_units (all provinces, empty table)",
                f"{lu['seconds']:.2f}",
                f"{lu['provinces']} provinces, {lu['communes']:,} communes, "
                f"{lu['legacy']:,} pre-2025 units",
            ]
        )
    if "seed_demo" in report:
        sd = report["seed_demo"]
        table.append(
            ["seed_demo", f"{sd['seconds']:.2f}", f"{sd['people']} people through the services"]
        )
    if "seed_scale" in report:
        ss = report["seed_scale"]
        table.append(
            [
                f"seed_demo --scale {ss['people']}",
                f"{ss['seconds']:.2f}",
                f"{ss['people_per_s']:,.0f} people/s; {ss['rows_per_s']:,.0f} rows/s "
                f"with {ss['events']:,} events",
            ]
        )
    return table


def text_table(table) -> str:
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = []
    for n, row in enumerate(table):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def md_table(table) -> str:
    def esc(cell):
        return cell.replace("|", "\\|")

    lines = ["| " + " | ".join(esc(c) for c in table[0]) + " |"]
    lines.append("|" + "|".join("---" for _ in table[0]) + "|")
    lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in table[1:]]
    return "\n".join(lines)


def machine_line(m) -> str:
    extra = ""
    if m.get("db_settings"):
        extra = " (" + ", ".join(f"{k}={v}" for k, v in m["db_settings"].items()) + ")"
    return (
        f"{m['hostname']}: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; "
        f"{m['db_vendor']} {m['db_version']}{extra}; Python {m['python']}, "
        f"Django {m['django']}; load average at start {m['load_average'][0]}"
    )


def markdown(report) -> str:
    m = report["machine"]
    parts = [
        f"# Benchmark {report['started'][:16].replace('T', ' ')}",
        "",
        f"- Machine: {machine_line(m)}",
        f"- People: {report['people']:,} "
        + (
            "(data already in the database, `--reuse`)"
            if report["args"]["reuse"]
            else f"(`--people {report['args']['people']}`)"
        )
        + f", R={report['args']['repeat']}, warm-up {report['args']['warmup']}"
        + (", quick mode" if report["args"]["quick"] else ""),
        f"- Command: `{report['command']}`",
        f"- Code: commit {report['code']['commit'] or 'not recorded'}"
        + (
            f" plus {report['code']['changed_files']} changed files (working tree)"
            if report["code"]["changed_files"]
            else ""
        ),
        "",
    ]
    if len(setup_table(report)) > 1:
        parts += ["## Loading and seeding", "", md_table(setup_table(report)), ""]
    parts += [
        "## Requests (server time, in-process django.test.Client)",
        "",
        md_table(requests_table(report["requests"])),
        "",
        "## Query plans of the people queries",
        "",
        md_table(plans_table(report["requests"])),
        "",
    ]
    if report.get("due"):
        import work_bench

        due, exports = work_bench.tables(report)
        parts += [
            "## What is due (server time, in-process)",
            "",
            md_table(due),
            "",
            "## People export to XLSX (streamed; peak memory of the process while streaming)",
            "",
            md_table(exports),
            "",
        ]
    if report.get("import"):
        i = report["import"]
        parts += [
            "## Import of people from Excel (check of every row, then write of the good rows)",
            "",
            f"- {i['rows']:,} rows ({i['file_bytes']:,} bytes), {i['bad_on_purpose']:,} bad "
            f"on purpose: good {i['good_rows']:,}, bad {i['bad_rows']:,}, "
            f"warned {i['warning_rows']:,}",
            f"- check (preview): {i['check_s']:.2f} s = **{i['check_rows_per_s']:,.0f} rows/s**, "
            f"{i['check_queries']} queries",
            *(
                [
                    f"- write: {i['written']:,} people in {i['write_s']:.2f} s = "
                    f"{i['write_rows_per_s']:,.0f} people/s"
                ]
                if "write_s" in i
                else []
            ),
            "",
        ]
    if report.get("rehab"):
        import rehab_bench

        r = report["rehab"]
        parts += [
            "## Rehab dashboard (server time, in-process; bench/rehab_bench.py)",
            "",
            f"- {r['people']:,} people, {r['managed_people']:,} managed; {r['placements']:,} "
            f"placements, {r['dossiers']:,} dossiers, {r['services']:,} services reached "
            f"(written in {r['generate_s']:.1f} s)",
            "",
            md_table(rehab_bench.table(report)),
            "",
        ]
    for r in report["requests"]:
        for e in r["explain"]:
            parts += [
                f"### {r['user']} — {r['label']} ({e['kind']})",
                "",
                "```sql",
                e["sql"],
                "```",
                "",
                "```",
                e["plan"],
                "```",
                "",
            ]
    return "\n".join(parts)


def save(report, out: Path) -> Path:
    m = report["machine"]
    host = re.sub(r"[^A-Za-z0-9.-]+", "-", m["hostname"])
    vendor = m["db_vendor"] + m["db_version"].split(".")[0]
    scale = f"{report['people'] // 1000}k" if report["people"] >= 1000 else str(report["people"])
    stamp = report["started"][:16].replace(":", "")  # 2026-11-23T1544
    name = "_".join(
        part
        for part in (
            stamp,
            host,
            vendor,
            scale,
            "quick" if report["args"]["quick"] else "",
            "reuse" if report["args"]["reuse"] else "",
            re.sub(r"[^A-Za-z0-9.-]+", "-", report["args"]["tag"]),
        )
        if part
    )
    out.mkdir(parents=True, exist_ok=True)
    json_path = out / f"{name}.json"
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    (out / f"{name}.md").write_text(markdown(report), "utf-8")
    return json_path


def main(argv=None):
    args = parse_args(argv)
    setup_django()
    guard_database(args)
    from registry.models import Person

    started = datetime.datetime.now().astimezone()
    report = {
        "started": started.isoformat(timespec="seconds"),
        "command": " ".join(["bench/run.py", *(argv if argv is not None else sys.argv[1:])]),
        "args": {
            "people": args.people,
            "repeat": args.repeat,
            "warmup": args.warmup,
            "quick": args.quick,
            "common": args.common,
            "rare": args.rare,
            "reuse": args.reuse,
            "tag": args.tag,
        },
        "machine": machine_info(),
        "code": code_version(),
    }
    print(f"Machine: {machine_line(report['machine'])}")
    print(f"Database: {report['machine']['db_name']}")
    prepare(args, report)
    report["people"] = Person.objects.count()
    measure(args, report)
    if not args.skip_work:
        import work_bench

        work_bench.run(args, report, run_requests)
    if args.hotspots:
        import hotspots_bench

        step(f"6. hotspot dashboard with {args.hotspots:,} hotspots (bench/hotspots_bench.py)")
        hotspots_bench.run(report, count=args.hotspots, repeat=args.repeat)
    if args.reports:
        import reporting_bench

        step("7. the province's annual report: figures, PDF, XLSX (bench/reporting_bench.py)")
        report["reports"] = reporting_bench.run(province_code="92", repeat=3)
        print(json.dumps(report["reports"], indent=1, default=str)[:2000])
    if args.cases:
        import cases_bench

        step(f"8. police dashboard with {args.cases:,} cases (bench/cases_bench.py)")
        cases_bench.run(report, count=args.cases, repeat=args.repeat)
    if args.rehab:
        import rehab_bench

        step(f"9. rehab dashboard with {args.rehab:,} placements (bench/rehab_bench.py)")
        rehab_bench.run(report, count=args.rehab, repeat=args.repeat)
    if args.import_rows:
        from import_bench import measure_import

        step(f"5. import of a generated {args.import_rows:,}-row file (as pc04)")
        # The seed moves with the people already there: a rerun on kept data (--reuse)
        # generates other CCCDs than the people an earlier run imported.
        report["import"] = measure_import(args.import_rows, seed=report["people"])
    report["seconds_total"] = (datetime.datetime.now().astimezone() - started).total_seconds()
    report["load_average_end"] = [round(x, 2) for x in os.getloadavg()]

    print()
    if len(setup_table(report)) > 1:
        print(text_table(setup_table(report)))
        print()
    print(text_table(requests_table(report["requests"])))
    print()
    print(text_table(plans_table(report["requests"])))
    if report.get("due"):
        import work_bench

        for table in work_bench.tables(report):
            print()
            print(text_table(table))
    if report.get("rehab"):
        import rehab_bench

        print()
        print(text_table(rehab_bench.table(report)))
    if not args.no_save:
        path = save(report, args.out)
        print(f"\nWritten {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        print(f"    and {path.with_suffix('.md').name}")
    print(f"Total {report['seconds_total']:.0f} s")


if __name__ == "__main__":
    main()
