import pytest

from areas.choices import Era, Level
from areas.models import AdminUnit
from areas.selectors import unit_resolve


def test_demo_province_units(units):
    province = units["province"]
    assert province.code == "92" and province.path == "92"
    communes = AdminUnit.objects.communes().within(province)
    assert communes.count() == 103
    assert units["a"].name == "Phường Ninh Kiều" and units["a"].path == "92.31135"
    assert units["a"].latitude and units["a"].longitude
    assert {u.kind for u in communes} <= {"Xã", "Phường", "Đặc khu"}


def test_pre_2025_units_map_to_today(units):
    # Phường An Hòa (quận Ninh Kiều, 31120 before 2025) became part of today's Phường Cái Khế.
    old = AdminUnit.objects.get(
        era=Era.LEGACY, level=Level.COMMUNE, name="Phường An Hòa", parent__name="Quận Ninh Kiều"
    )
    assert old.successor.name == "Phường Cái Khế"
    # Old Hậu Giang and Sóc Trăng are part of today's Cần Thơ.
    old_provinces = AdminUnit.objects.filter(era=Era.LEGACY, level=Level.PROVINCE)
    assert {p.code for p in old_provinces} == {"92", "93", "94"}
    assert {p.successor for p in old_provinces} == {units["province"]}
    unmapped = AdminUnit.objects.filter(era=Era.LEGACY, level=Level.COMMUNE, successor=None)
    assert unmapped.count() == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phường Ninh Kiều", "Phường Ninh Kiều"),
        ("ninh kieu", "Phường Ninh Kiều"),
        ("P. Cái Khế", "Phường Cái Khế"),
        ("phuong an hoa", "Phường Cái Khế"),  # an old name resolves to today's commune
    ],
)
def test_resolve_names_as_people_write_them(units, text, expected):
    found = unit_resolve(name=text, province=units["province"])
    assert found is not None and found.name == expected


def test_unknown_name_resolves_to_nothing(units):
    assert unit_resolve(name="Không Có Xã Này", province=units["province"]) is None


def test_reload_is_idempotent(units):
    from areas.loader import load_units

    before = AdminUnit.objects.count()
    load_units(province_codes=["92"])
    assert AdminUnit.objects.count() == before


def test_all_units_load(db):
    """The whole country: 34 provinces and 3,321 communes, every old commune mapped."""
    from areas.loader import load_units

    result = load_units()
    assert result.provinces == 34
    assert result.communes == 3321
    assert AdminUnit.objects.communes().count() == 3321
    assert AdminUnit.objects.filter(era=Era.LEGACY, level=Level.PROVINCE).count() == 63
    assert result.mapped == AdminUnit.objects.filter(era=Era.LEGACY, level=Level.COMMUNE).count()
