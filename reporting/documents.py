"""The report's documents: a PDF in the Decree 30/2020 layout and an XLSX with the same tables
(one sheet per table, numbers as numbers, Vietnamese headers). Both are written by the build
and again at submission (then frozen), into STORAGES["private"]."""

import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from common.pdf import render_pdf

from . import indicators
from .entered import ENTERED
from .kinds import Template

BREAKDOWN_HEADERS = [
    ("sex", "M", "Nam"),
    ("sex", "F", "Nữ"),
    ("age", "lt14", "Dưới 14"),
    ("age", "14_16", "14 - dưới 16"),
    ("age", "16_18", "16 - dưới 18"),
    ("age", "18_30", "18 - dưới 30"),
    ("age", "ge30", "Từ 30 trở lên"),
    ("ethnicity", "kinh", "Kinh"),
    ("ethnicity", "other", "Dân tộc khác"),
    ("ethnicity", "", "Chưa rõ dân tộc"),
]
PERIOD_TITLES = {"h1": "6 tháng đầu năm", "year": "năm"}
# The figures each commune row of the province's table shows.
COMMUNE_CODES = [
    "people_total",
    "people_illicit_user",
    "people_addicted",
    "people_post_rehab",
    "special_management",
    "new_total",
    "tests_positive",
]


def tables(report) -> list[dict]:
    """The report's tables, as data shared by the PDF, the XLSX and the page."""
    figures = report.figures or {}
    totals = figures.get("totals") or {}
    breakdowns = figures.get("breakdowns") or {}
    with translation.override("vi"):
        inds = [i for i in indicators.indicators() if i.code in totals]
        main = {
            "title": "Biểu 1. Kết quả số liệu",
            "sheet": "Bieu 1 - So lieu",
            "headers": ["STT", "Chỉ tiêu", "Đơn vị tính", "Số lượng"],
            "rows": [[n, str(i.label), str(i.unit), totals[i.code]] for n, i in enumerate(inds, 1)],
            "numeric_from": 3,
        }
        people = [i for i in inds if i.breakdowns]
        split = {
            "title": "Biểu 2. Phân tích theo giới tính, độ tuổi, dân tộc (tại thời điểm cuối kỳ)",
            "sheet": "Bieu 2 - Phan tich",
            "headers": ["STT", "Chỉ tiêu", "Tổng số", *[h for _d, _k, h in BREAKDOWN_HEADERS]],
            "rows": [
                [
                    n,
                    str(i.label),
                    totals[i.code],
                    *[
                        (breakdowns.get(i.code, {}).get(dim, {}) or {}).get(key, 0)
                        for dim, key, _h in BREAKDOWN_HEADERS
                    ],
                ]
                for n, i in enumerate(people, 1)
            ],
            "numeric_from": 2,
            "split": True,
        }
        police = report.template in (Template.COMMUNE, Template.PROVINCE)
        result = [main, split] if inds or police else []
        if not people:
            result = [t for t in result if t is not split]
        communes = figures.get("communes") or {}
        # A tip kept by PC04 itself is counted under the province's own path: it is in the
        # province's totals (table 1), not a row of the communes' table.
        communes = {path: row for path, row in communes.items() if path != report.unit.path}
        if report.template == Template.PROVINCE and communes:
            from areas.models import AdminUnit

            names = dict(
                AdminUnit.objects.filter(path__in=list(communes)).values_list("path", "name")
            )
            codes = [c for c in COMMUNE_CODES if indicators.indicator(c)]
            result.append(
                {
                    "title": "Biểu 3. Số liệu theo đơn vị cấp xã",
                    "sheet": "Bieu 3 - Cap xa",
                    "headers": [
                        "STT",
                        "Đơn vị",
                        *[str(indicators.indicator(c).label) for c in codes],
                    ],
                    "rows": [
                        [n, names.get(path, path), *[communes[path].get(c, 0) for c in codes]]
                        for n, path in enumerate(sorted(communes, key=lambda p: names.get(p, p)), 1)
                    ],
                    "numeric_from": 2,
                    "split": True,
                }
            )
        result.extend(_entered_and_targets(report, figures))
    for number, table in enumerate(result, 1):
        table["title"] = f"Biểu {number}. {table['title'].split('. ', 1)[-1]}"
        table["sheet"] = f"Bieu {number} - {table['sheet'].split(' - ', 1)[-1]}"
    return result


def _vi_label(code):
    definition = ENTERED.get(code)
    if definition:
        return definition.vi_label, definition.vi_unit
    ind = indicators.indicator(code)
    return (str(ind.label), str(ind.unit)) if ind else (code, "")


def _entered_and_targets(report, figures) -> list[dict]:
    result = []
    entered = figures.get("entered") or {}
    if entered:
        result.append(
            {
                "title": "Biểu 4. Số liệu do đơn vị tự thống kê",
                "sheet": "Bieu 4 - Don vi nhap",
                "headers": ["STT", "Chỉ tiêu", "Đơn vị tính", "Số lượng", "Nguồn số liệu"],
                "rows": [
                    [n, *_vi_label(code), entered[code]["value"], entered[code]["source"]]
                    for n, code in enumerate((c for c in ENTERED if c in entered), 1)
                ],
                "numeric_from": 3,
            }
        )
    targets = figures.get("targets") or []
    if targets:
        met = {True: "Đạt", False: "Chưa đạt", None: "—"}
        result.append(
            {
                "title": "Biểu 5. Thực hiện chỉ tiêu",
                "sheet": "Bieu 5 - Chi tieu",
                "headers": ["STT", "Chỉ tiêu", "Chỉ tiêu giao", "Kỳ này", "Cùng kỳ", "Đánh giá"],
                "rows": [
                    [
                        n,
                        _vi_label(row["code"])[0],
                        f"{'≤' if row['direction'] == 'at_most' else '≥'} {row['target']}",
                        "—" if row["value"] is None else row["value"],
                        "—" if row["previous"] is None else row["previous"],
                        met[row["met"]],
                    ]
                    for n, row in enumerate(targets, 1)
                ],
                "numeric_from": 3,
                "split": True,
            }
        )
    return result


def _context(report) -> dict:
    period = report.period
    sections = [
        {
            "heading": section.pdf_heading,
            "text": getattr(report, section.field),
            "required": section.required,
            "tables": section.field == "results",
        }
        for section in report.sections
    ]
    return {
        "report": report,
        "period": period,
        "period_title": f"{PERIOD_TITLES.get(period.kind, '')} {period.year}".strip(),
        "tables": tables(report),
        "sections": sections,
        "is_province": report.template == Template.PROVINCE,
        "is_agency": bool(report.agency_id),
    }


def render_report_pdf(report) -> bytes:
    with translation.override("vi"):
        return render_pdf(template="reporting/report_pdf.html", context=_context(report))


def render_report_xlsx(report) -> bytes:
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for table in tables(report):
        sheet = book.create_sheet(table["sheet"][:31])
        sheet.append([table["title"]])
        sheet["A1"].font = bold
        sheet.append([f"{report.agency_name} – {report.period}"])
        sheet.append(table["headers"])
        for cell in sheet[3]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table["rows"]:
            sheet.append(row)
        sheet.freeze_panes = "A4"
        sheet.column_dimensions["B"].width = 48
    stamp = book.create_sheet("Thong tin")
    stamp.append(["Đơn vị báo cáo", report.agency_name])
    stamp.append(["Kỳ báo cáo", str(report.period)])
    stamp.append(["Phiên bản", report.version])
    stamp.append(["Số liệu lập lúc", timezone.localtime(report.built_at).replace(tzinfo=None)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_documents(report) -> None:
    """Render both documents and store them on the report (the caller saves the report)."""
    who = f"{report.unit.code}-{report.agency_id}" if report.agency_id else report.unit.code
    stem = f"bao-cao-{report.period.year}-{report.period.kind}-{who}-v{report.version}"
    # The names now, before the saves below: a FieldFile is the same object after its save and
    # then names the new file (deleting "the old one" would delete the new one).
    old = [(f.storage, f.name) for f in (report.pdf_file, report.xlsx_file) if f]
    report.pdf_file.save(f"{stem}.pdf", ContentFile(render_report_pdf(report)), save=False)
    report.xlsx_file.save(f"{stem}.xlsx", ContentFile(render_report_xlsx(report)), save=False)
    for storage, name in old:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
