# The rehab measures (rehab placements) and the "compulsory-rehab dossier required" due work;
# with the durations of rehab per law (DOMAIN.md §3) as LegalTerm data. As in 0011, rows that
# already exist (edited by an administrator) are left alone.

from django.db import migrations, models


LAW_73 = "73/2021/QH14"
LAW_120 = "120/2025/QH15"
SOURCE_73 = "Luật Phòng, chống ma túy số 73/2021/QH14; Nghị định 116/2021/NĐ-CP"
SOURCE_120 = "Luật Phòng, chống ma túy số 120/2025/QH15; Nghị định 163/2026/NĐ-CP"
NOTICE = " Cơ sở thông báo cho Công an cấp xã ít nhất 30 ngày trước khi hoàn thành."

# (law, measure, from the n-th time, default, min, max, source, note)
TERMS = [
    (
        LAW_73,
        "rehab_voluntary",
        1,
        6,
        6,
        12,
        SOURCE_73,
        "Cai nghiện ma túy tự nguyện (tại gia đình, cộng đồng hoặc tại cơ sở): từ 06 tháng đến "
        "12 tháng." + NOTICE,
    ),
    (
        LAW_73,
        "rehab_compulsory_adult",
        1,
        12,
        12,
        24,
        SOURCE_73,
        "Cai nghiện ma túy bắt buộc đối với người từ đủ 18 tuổi: từ 12 tháng đến 24 tháng, tại "
        "cơ sở cai nghiện công lập; Tòa án nhân dân quyết định." + NOTICE,
    ),
    (
        LAW_73,
        "rehab_compulsory_minor",
        1,
        6,
        6,
        12,
        SOURCE_73,
        "Cai nghiện ma túy bắt buộc đối với người từ đủ 12 đến dưới 18 tuổi: từ 06 tháng đến 12 "
        "tháng; Tòa án nhân dân quyết định." + NOTICE,
    ),
]
for measure, what in (
    ("rehab_voluntary", "Cai nghiện ma túy tự nguyện"),
    ("rehab_compulsory_adult", "Cai nghiện ma túy bắt buộc đối với người từ đủ 18 tuổi"),
    (
        "rehab_compulsory_minor",
        "Cai nghiện ma túy bắt buộc đối với người từ đủ 12 đến dưới 18 tuổi",
    ),
):
    TERMS.append(
        (LAW_120, measure, 1, 24, 24, 24, SOURCE_120, f"{what}: 24 tháng lần đầu." + NOTICE)
    )
    TERMS.append(
        (
            LAW_120,
            measure,
            2,
            36,
            36,
            36,
            SOURCE_120,
            f"{what}: 36 tháng từ lần thứ hai trở đi." + NOTICE,
        )
    )


def load(apps, schema_editor):
    LegalTerm = apps.get_model("registry", "LegalTerm")
    for law, measure, occurrence, default, low, high, source, note in TERMS:
        LegalTerm.objects.get_or_create(
            law=law,
            measure=measure,
            from_occurrence=occurrence,
            defaults={
                "default_months": default,
                "min_months": low,
                "max_months": high,
                "due_days_before_end": 30,
                "source": source,
                "note": note,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0016_moves_caseloads_duplicates"),
    ]

    operations = [
        migrations.AlterField(
            model_name="legalterm",
            name="measure",
            field=models.CharField(
                choices=[
                    ("user_management", "Illicit-user management"),
                    ("post_rehab_voluntary", "Post-rehab management after voluntary rehab"),
                    (
                        "post_rehab_substitution",
                        "Post-rehab management after completed substitution treatment",
                    ),
                    (
                        "post_rehab_minor_compulsory",
                        "Post-rehab management after a minor's compulsory rehab",
                    ),
                    (
                        "post_rehab_adult_compulsory",
                        "Post-rehab management after an adult's compulsory rehab",
                    ),
                    ("rehab_voluntary", "Voluntary rehab"),
                    ("rehab_compulsory_adult", "Compulsory rehab (adult)"),
                    ("rehab_compulsory_minor", "Compulsory rehab (minor, 12 to under 18)"),
                ],
                max_length=40,
                verbose_name="measure",
            ),
        ),
        migrations.AlterField(
            model_name="task",
            name="kind",
            field=models.CharField(
                choices=[
                    ("manual", "Assigned task"),
                    ("determination_required", "Addiction determination required"),
                    ("possible_crime", "Possible criminal matter (Criminal Code Art. 256a)"),
                    ("compulsory_dossier_required", "Compulsory-rehab dossier required"),
                ],
                max_length=30,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
