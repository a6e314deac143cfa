"""The deadlines of the compulsory-rehab dossier (DOMAIN.md §3, Decree 163/2026/NĐ-CP for
Law 120/2025). The Law 73/2021 rows (Decree 116/2021/NĐ-CP) start from the same figures and are
kept by administrators in the admin like every legal figure."""

from django.db import migrations

SOURCE_120 = "Luật Phòng, chống ma túy 2025 (120/2025/QH15); Nghị định 163/2026/NĐ-CP"
SOURCE_73 = "Luật Phòng, chống ma túy 2021 (73/2021/QH14); Nghị định 116/2021/NĐ-CP"

STEPS = [
    ("compile", 1, "working_days", "Trưởng Công an cấp xã lập hồ sơ trong 01 ngày làm việc."),
    ("read", 3, "working_days", "Người bị đề nghị được đọc hồ sơ trong 03 ngày làm việc."),
    ("submit", 1, "working_days", "Chuyển hồ sơ đến Tòa án trong 01 ngày làm việc sau khi đọc."),
    ("answer", 2, "working_days", "Trả lời yêu cầu của Tòa án trong 02 ngày làm việc."),
    ("enforce", 24, "hours", "Mỗi bước thi hành quyết định trong 24 giờ."),
]


def load(apps, schema_editor):
    StageDeadline = apps.get_model("rehab", "StageDeadline")
    for law, source in (("73/2021/QH14", SOURCE_73), ("120/2025/QH15", SOURCE_120)):
        for step, amount, unit, note in STEPS:
            StageDeadline.objects.get_or_create(
                law=law,
                step=step,
                defaults={"amount": amount, "unit": unit, "source": source, "note": note},
            )


def unload(apps, schema_editor):
    apps.get_model("rehab", "StageDeadline").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("rehab", "0004_dossiers"), ("common", "0002_load_holidays")]

    operations = [migrations.RunPython(load, unload)]
