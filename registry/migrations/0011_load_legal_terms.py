# The durations of the management measures, per law (DOMAIN.md §3). They are data: this
# migration writes the initial rows once, administrators keep them in Django admin, and
# services read the rows. Rows that already exist (edited by an administrator) are left alone.

from django.db import migrations

LAW_73 = "73/2021/QH14"
LAW_120 = "120/2025/QH15"
SOURCE_73 = "Luật Phòng, chống ma túy số 73/2021/QH14; Nghị định 105/2021/NĐ-CP, 116/2021/NĐ-CP"
SOURCE_120 = "Luật Phòng, chống ma túy số 120/2025/QH15; Nghị định 163/2026/NĐ-CP"
CERTIFICATE = (
    " Giấy chứng nhận hoàn thành cấp trong 03 ngày làm việc cuối của thời hạn (Nghị định "
    "163/2026/NĐ-CP); danh sách việc cần làm tạm tính 03 ngày lịch."
)

# (law, measure, default, min, max, due days before the end, source, note)
TERMS = [
    (
        LAW_73,
        "user_management",
        12,
        12,
        12,
        0,
        SOURCE_73,
        "Quản lý người sử dụng trái phép chất ma túy: 01 năm; Chủ tịch UBND cấp xã quyết định "
        "trong 03 ngày làm việc.",
    ),
    (
        LAW_120,
        "user_management",
        12,
        12,
        12,
        0,
        SOURCE_120,
        "Quản lý người sử dụng trái phép chất ma túy: 01 năm; Trưởng Công an cấp xã quyết định "
        "trong 24 giờ kể từ khi có kết quả xét nghiệm dương tính; sử dụng lại trong thời gian "
        "quản lý thì ra quyết định mới và tính lại 01 năm.",
    ),
]
POST_REHAB = [
    ("post_rehab_voluntary", 12, "sau cai nghiện tự nguyện"),
    ("post_rehab_substitution", 12, "sau khi hoàn thành điều trị nghiện bằng thuốc thay thế"),
    ("post_rehab_minor_compulsory", 12, "sau cai nghiện bắt buộc của người từ đủ 12 đến dưới 18 tuổi"),
    ("post_rehab_adult_compulsory", 24, "sau cai nghiện bắt buộc của người từ đủ 18 tuổi"),
]
for law, source in ((LAW_73, SOURCE_73), (LAW_120, SOURCE_120)):
    for measure, months, after in POST_REHAB:
        years = months // 12
        TERMS.append(
            (
                law,
                measure,
                months,
                months,
                months,
                3,
                source,
                f"Quản lý sau cai nghiện ma túy {after}: {years:02d} năm; Chủ tịch UBND cấp xã "
                f"quyết định.{CERTIFICATE}",
            )
        )


def load(apps, schema_editor):
    LegalTerm = apps.get_model("registry", "LegalTerm")
    for law, measure, default, low, high, due_days, source, note in TERMS:
        LegalTerm.objects.get_or_create(
            law=law,
            measure=measure,
            from_occurrence=1,
            defaults={
                "default_months": default,
                "min_months": low,
                "max_months": high,
                "due_days_before_end": due_days,
                "source": source,
                "note": note,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0010_add_management_periods"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
