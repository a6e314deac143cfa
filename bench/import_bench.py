"""The import of people from Excel at scale (`run.py --import-rows N`): a generated N-row list
as a commune keeps it (title rows, its own headers, CCCDs typed as numbers, old commune
names, abbreviations, a share of bad rows) goes through the import services as the tasks run
them: the check of every row (the preview), then the write of the good rows. Also usable
alone on a database that has the demo data:

    DATABASE_URL=... .venv/bin/python bench/import_bench.py --rows 10000
"""

import datetime
import io
import os
import random
import sys
import time
from pathlib import Path

FIRST = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Hữu", "Ngọc", "Thanh", "Quốc", "Đức"]
LAST = ["An", "Bình", "Cường", "Dũng", "Em", "Giang", "Hải", "Khoa", "Long", "Nam", "Phúc"]
CATEGORIES = ["SDTP", "nghiện", "NSDTP", "QLSC", "sau cai", "nghi SD", "Người nghiện ma túy"]
BAD_SHARE = 0.05


def generate(rows: int, communes: list[str], seed: int = 1) -> tuple[bytes, int]:
    """The workbook, and how many of its rows were made bad on purpose."""
    from openpyxl import Workbook

    rnd = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append(["CÔNG AN THÀNH PHỐ CẦN THƠ"])
    sheet.append(["DANH SÁCH NGƯỜI SỬ DỤNG TRÁI PHÉP CHẤT MA TÚY"])
    sheet.append([])
    header = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Xã/Phường", "Địa chỉ"]
    sheet.append([*header, "Phân loại"])
    bad = 0
    for i in range(rows):
        year = rnd.randint(1965, 2006)
        sex = rnd.choice("MF")
        digit = ((year // 100) - 19) * 2 + (1 if sex == "F" else 0)
        # Born in Hồ Chí Minh City (079): no clash with the seeded people's IDs.
        national_id = f"079{digit}{year % 100:02d}{(seed * rows + i) % 1_000_000:06d}"
        born: object
        style = i % 3
        if style == 0:
            born = datetime.datetime(year, rnd.randint(1, 12), rnd.randint(1, 28))
        elif style == 1:
            born = f"{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{year}"
        else:
            born = year
        name = f"{rnd.choice(FIRST)} {'Thị' if sex == 'F' else rnd.choice(MIDDLE)} "
        name += f"{rnd.choice(LAST)} {i}"
        commune = rnd.choice(communes)
        row = [
            i + 1,
            name,
            born,
            "Nam" if sex == "M" else "Nữ",
            int(national_id) if i % 2 else national_id,  # half typed as numbers
            commune,
            f"{rnd.randint(1, 300)} đường {rnd.randint(1, 30)}",
            rnd.choice(CATEGORIES),
        ]
        if rnd.random() < BAD_SHARE:
            bad += 1
            kind = rnd.randint(0, 2)
            if kind == 0:
                row[2] = "31/02/1990"
            elif kind == 1:
                row[4] = "9" + national_id[1:]  # province code 979: not a province
            else:
                row[5] = "Phường Không Có"
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), bad


def commune_names() -> list[str]:
    """Today's communes of the demo province written as lists write them, and pre-2025 names."""
    from django.conf import settings

    from areas.choices import Era, Level
    from areas.models import AdminUnit
    from areas.selectors import commune_list, province_get

    province = province_get(code=settings.PROVINCE_CODE)
    names = []
    for unit in commune_list(within=province):
        names += [unit.name, f"P. {unit.short_name}" if "Phường" in unit.name else unit.short_name]
    legacy = AdminUnit.objects.filter(
        era=Era.LEGACY, level=Level.COMMUNE, successor__path__startswith=province.path + "."
    ).values_list("name", flat=True)
    return names + list(legacy)[:200]


def measure_import(rows: int, *, username: str = "pc04", write: bool = True, seed: int = 1) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from registry import services
    from registry.models import ImportJob, Person
    from registry.services import imports

    user = User.objects.select_related("scope_unit").get(username=username)
    started = time.perf_counter()
    content, bad = generate(rows, commune_names(), seed=seed)
    generated = time.perf_counter() - started
    upload = SimpleUploadedFile("bench.xlsx", content)
    # The services run here as the tasks run them, not through a broker or on commit.
    imports._enqueue = lambda task_name, job_id: None
    start = time.perf_counter()
    job = services.import_job_create(actor=user, upload=upload)
    upload_s = time.perf_counter() - start
    with CaptureQueriesContext(connection) as queries:
        start, cpu = time.perf_counter(), time.process_time()
        services.import_job_check(job_id=job.pk)
        check_s = time.perf_counter() - start
        check_cpu_s = time.process_time() - cpu
    job = ImportJob.objects.get(pk=job.pk)
    result = {
        "rows": rows,
        "file_bytes": len(content),
        "bad_on_purpose": bad,
        "generate_s": generated,
        "upload_s": upload_s,
        "check_s": check_s,
        "check_rows_per_s": job.total_rows / check_s,
        # The Python side's CPU time (the database server's is not in it): on a loaded machine
        # the wall time above grows, this does not.
        "check_cpu_s": check_cpu_s,
        "check_rows_per_cpu_s": job.total_rows / check_cpu_s,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "check_queries": len(queries),
        "status": job.status,
        "good_rows": job.good_rows,
        "bad_rows": job.bad_rows,
        "warning_rows": job.warning_rows,
        "people_before": Person.objects.count(),
    }
    print(
        f"   check {job.total_rows:,} rows: {check_s:.2f} s = {result['check_rows_per_s']:,.0f} "
        f"rows/s, {result['check_rows_per_cpu_s']:,.0f} rows per CPU-second of Python "
        f"({len(queries)} queries; load average {result['load_average'][0]}); "
        f"good {job.good_rows:,}, bad {job.bad_rows:,} ({bad:,} made bad), "
        f"warned {job.warning_rows:,}"
    )
    if write and job.status == "ready" and job.good_rows:
        services.import_job_confirm(actor=user, job=job, mode="good_rows")
        start = time.perf_counter()
        services.import_job_write(job_id=job.pk)
        write_s = time.perf_counter() - start
        job = ImportJob.objects.get(pk=job.pk)
        result.update(
            write_s=write_s,
            written=job.result.get("written", 0),
            write_rows_per_s=job.result.get("written", 0) / write_s,
            write_status=job.status,
        )
        print(
            f"   write {result['written']:,} people: {write_s:.2f} s = "
            f"{result['write_rows_per_s']:,.0f} people/s ({job.status})"
        )
    return result


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(description="Import of a generated N-row file.")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--user", default="pc04")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--seed", type=int, default=1, help="another seed: other IDs and names")
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    measure_import(args.rows, username=args.user, write=not args.no_write, seed=args.seed)


if __name__ == "__main__":
    main()
