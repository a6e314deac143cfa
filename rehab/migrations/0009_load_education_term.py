# The duration of education at commune as LegalTerm data, under both drug laws (the measure
# itself is set by the Law on Handling Administrative Violations, Art. 90: 3 to 6 months).
# As in registry 0011 and 0017, rows that already exist (edited by an administrator) are left
# alone.

from django.db import migrations

SOURCE = (
    "Luật Xử lý vi phạm hành chính số 15/2012/QH13 (sửa đổi, bổ sung năm 2020), Điều 90; "
    "Nghị định 120/2021/NĐ-CP"
)
NOTE = (
    "Giáo dục tại xã, phường, thị trấn: từ 03 tháng đến 06 tháng; Chủ tịch UBND cấp xã quyết "
    "định. Sử dụng trái phép chất ma túy trong thời gian chấp hành hoặc trong 01 năm sau khi "
    "chấp hành xong thì phải xác định tình trạng nghiện."
)
TERMS = [
    ("73/2021/QH14", "education_at_commune", 1, 3, 3, 6),
    ("120/2025/QH15", "education_at_commune", 1, 3, 3, 6),
]


def load(apps, schema_editor):
    LegalTerm = apps.get_model("registry", "LegalTerm")
    for law, measure, occurrence, default, low, high in TERMS:
        LegalTerm.objects.get_or_create(
            law=law,
            measure=measure,
            from_occurrence=occurrence,
            defaults={
                "default_months": default,
                "min_months": low,
                "max_months": high,
                "due_days_before_end": 0,
                "source": SOURCE,
                "note": NOTE,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0019_more_task_kinds_and_education_measure"),
        ("rehab", "0008_education_at_commune"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
