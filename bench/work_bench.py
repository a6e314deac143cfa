"""Step 4b of bench/run.py: the due list ("Việc cần làm") and the XLSX export at scale.

- due list: server time of the page and the API for a commune officer (own list and the
  commune's) and for the province (`?who=all`, first and a deep page), with its query count;
- export: the people XLSX of the whole province (every row) and of one commune, streamed:
  time to the first byte, total time, rows/s, size, and the peak memory of the process
  while streaming (Linux: VmHWM, reset before each export through /proc/self/clear_refs)."""

import re
import statistics
import time
from pathlib import Path

DUE = [
    ("xa1", "due list, own", "/people/due/"),
    ("xa1", "due list, commune", "/people/due/?who=all"),
    ("pc04", "due list, province", "/people/due/?who=all"),
    ("pc04", "due list, province, overdue p.20", "/people/due/?who=all&state=overdue&page=20"),
    ("pc04", "due API, province", "/api/v1/due/?who=all"),
]
EXPORTS = [("xa1", "export XLSX, commune"), ("pc04", "export XLSX, province")]


def _rss_peak_mb() -> float | None:
    status = Path("/proc/self/status")
    if not status.exists():
        return None
    found = re.search(r"VmHWM:\s+(\d+) kB", status.read_text())
    return int(found.group(1)) / 1024 if found else None


def _rss_now_mb() -> float | None:
    status = Path("/proc/self/status")
    if not status.exists():
        return None
    found = re.search(r"VmRSS:\s+(\d+) kB", status.read_text())
    return int(found.group(1)) / 1024 if found else None


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _client(username):
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def measure_due(repeat: int, warmup: int, run_requests) -> list[dict]:
    rows = []
    for username, label, url in DUE:
        measured = run_requests(_client(username), url, repeat, warmup)
        times = measured["times"]
        row = {
            "user": username,
            "label": label,
            "url": url,
            "median_ms": statistics.median(times),
            "p95_ms": sorted(times)[max(0, int(len(times) * 0.95) - 1)],
            "queries": len(measured["queries"]),
            "sql_ms": measured["sql_ms"],
            "items": measured["announced"],
        }
        rows.append(row)
        print(
            f"   {username:5} {label:34} {row['median_ms']:8.1f} ms "
            f"(p95 {row['p95_ms']:.1f}, {row['queries']} queries, SQL {row['sql_ms']:.1f} ms)"
        )
    return rows


def measure_exports() -> list[dict]:
    import gc

    rows = []
    for username, label in EXPORTS:
        client = _client(username)
        gc.collect()
        before = _rss_now_mb()
        peak_known = _reset_peak()
        start = time.perf_counter()
        response = client.get("/people/export.xlsx")
        assert response.status_code == 200, response.status_code
        chunks = iter(response.streaming_content)
        size = len(next(chunks))
        first = time.perf_counter() - start
        for chunk in chunks:
            size += len(chunk)
        total = time.perf_counter() - start
        response.close()
        peak = _rss_peak_mb() if peak_known else None
        row = {
            "user": username,
            "label": label,
            "first_byte_s": first,
            "total_s": total,
            "bytes": size,
            "rss_before_mb": before,
            "rss_peak_mb": peak,
            "rss_growth_mb": (peak - before) if peak and before else None,
        }
        rows.append(row)
        growth = f"{row['rss_growth_mb']:.0f} MB" if row["rss_growth_mb"] is not None else "?"
        print(
            f"   {username:5} {label:34} first byte {first * 1000:.0f} ms, "
            f"total {total:.1f} s, {size / 1e6:.1f} MB, peak memory +{growth}"
        )
    return rows


def export_rows(report) -> None:
    """Rows per second of each export, from the people each user may read."""
    from accounts.models import User
    from registry.models import Person

    for row in report["exports"]:
        user = User.objects.get(username=row["user"])
        row["rows"] = Person.objects.visible_to(user).count()
        row["rows_per_s"] = row["rows"] / row["total_s"]


def run(args, report, run_requests) -> None:
    print("4b. what is due, and the XLSX export", flush=True)
    report["due"] = measure_due(args.repeat, args.warmup, run_requests)
    report["exports"] = measure_exports()
    export_rows(report)
    for row in report["exports"]:
        print(f"   {row['user']:5} {row['label']:34} {row['rows_per_s']:,.0f} rows/s")


def _due_row(r) -> list[str]:
    return [
        r["user"],
        r["label"],
        f"{r['median_ms']:.1f}",
        f"{r['p95_ms']:.1f}",
        str(r["queries"]),
        f"{r['sql_ms']:.1f}",
        "" if r["items"] is None else f"{r['items']:,}",
    ]


def _export_row(r) -> list[str]:
    return [
        r["user"],
        r["label"],
        f"{r['rows']:,}",
        f"{r['first_byte_s'] * 1000:.0f}",
        f"{r['total_s']:.1f}",
        f"{r['rows_per_s']:,.0f}",
        f"{r['bytes'] / 1e6:.1f}",
        "?" if r["rss_growth_mb"] is None else f"{r['rss_growth_mb']:.0f}",
    ]


def tables(report) -> list[list[list[str]]]:
    due = [["user", "due list", "median ms", "p95 ms", "queries", "SQL ms", "items"]]
    due += [_due_row(r) for r in report.get("due", [])]
    exports = [["user", "export", "rows", "first byte ms", "total s", "rows/s", "MB", "peak +MB"]]
    exports += [_export_row(r) for r in report.get("exports", [])]
    return [due, exports]
