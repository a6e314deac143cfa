"""The national default thresholds of the commune drug classification."""

from decimal import Decimal

from django.db import migrations

DEFAULT = {
    # Decision 28/2025/QĐ-TTg as summarised in DOMAIN.md §4; every figure is editable.
    "applies_from": 2025,  # the year of Decision 28/2025/QĐ-TTg
    "users_share_pct": Decimal("0.5"),  # DOMAIN §4: users + addicts ≥ 0.5 % of population
    "use_places": 2,  # DOMAIN §4: ≥ 2 places of drug use
    "arrests_share_pct": Decimal("0.1"),  # DOMAIN §4: arrests ≥ 0.1 % of population
    "planting_m2": Decimal("750"),  # DOMAIN §4: planting ≥ 750 m²
    "planting_plants": 3000,  # DOMAIN §4: … or 3,000 plants
    "type_1_min": 3,  # DOMAIN §4: type I when at least 3 criteria are met
    # Not given in DOMAIN.md: one criterion met makes type II; a commune with drug figures
    # but no criterion met is type III; none at all, drug-free candidate. Configurable.
    "type_2_min": 1,
    "source": "Quyết định 28/2025/QĐ-TTg (ngưỡng mặc định; loại II: ít nhất 1 tiêu chí — "
    "giả định, tỉnh có thể sửa)",
}


def load(apps, schema_editor):
    Criteria = apps.get_model("communes", "ClassificationCriteria")
    if not Criteria.objects.filter(province__isnull=True).exists():
        Criteria.objects.create(province=None, **DEFAULT)


def unload(apps, schema_editor):
    apps.get_model("communes", "ClassificationCriteria").objects.filter(
        province__isnull=True, applies_from=DEFAULT["applies_from"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("communes", "0001_criteria_classifications_targets")]

    operations = [migrations.RunPython(load, unload)]
