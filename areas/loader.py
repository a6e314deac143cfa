"""Loads administrative units from the `vietnamadminunits` package (MIT): the 34 provinces and
3,321 communes of 07/2025 with their GSO codes and coordinates, and the pre-2025 provinces,
districts and communes, each mapped to the current unit it became."""

import json
from dataclasses import dataclass
from importlib import metadata, resources

from django.db import transaction

from common.text import fold

from .choices import Era, Level
from .models import AdminUnit

UPDATE_FIELDS = [
    "name",
    "short_name",
    "kind",
    "name_folded",
    "parent",
    "path",
    "latitude",
    "longitude",
    "area_km2",
]


@dataclass
class LoadResult:
    provinces: int = 0
    communes: int = 0
    legacy: int = 0
    mapped: int = 0


def package_version() -> str:
    return metadata.version("vietnamadminunits")


def _rows(table: str) -> list[dict]:
    from vietnamadminunits.database import get_data

    return get_data(table=table)


def _converter() -> dict:
    path = resources.files("vietnamadminunits") / "data" / "converter_2025.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _kind_of(full_name: str, short_name: str) -> str:
    prefix = full_name[: len(full_name) - len(short_name)].strip()
    return prefix or full_name.split(" ")[0]


def _upsert(units: list[AdminUnit]) -> dict[str, int]:
    """Insert or update by (era, level, code); returns code -> id for these units."""
    if not units:
        return {}
    AdminUnit.objects.bulk_create(
        units,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["era", "level", "code"],
        update_fields=UPDATE_FIELDS,
    )
    era, level = units[0].era, units[0].level
    codes = [u.code for u in units]
    found = {}
    for start in range(0, len(codes), 900):
        found.update(
            AdminUnit.objects.filter(
                era=era, level=level, code__in=codes[start : start + 900]
            ).values_list("code", "id")
        )
    return found


def _unit(
    era, level, code, name, short, kind, parent_id=None, path="", lat=None, lon=None, area=None
):
    return AdminUnit(
        era=era,
        level=level,
        code=str(code),
        name=name,
        short_name=short,
        kind=kind,
        name_folded=fold(name),
        parent_id=parent_id,
        path=path,
        latitude=lat,
        longitude=lon,
        area_km2=area,
    )


@transaction.atomic
def load_units(*, province_codes: list[str] | None = None) -> LoadResult:
    """Load the current units (optionally only some provinces) and the pre-2025 units that
    became part of them, with the old -> new mapping. Safe to run again: rows are updated."""
    result = LoadResult()
    current = _rows("admin_units")
    if province_codes:
        wanted = {c.zfill(2) for c in province_codes}
        current = [r for r in current if r["provinceCode"] in wanted]

    # Current provinces and communes.
    provinces = {}
    for r in current:
        provinces.setdefault(r["provinceCode"], r)
    province_ids = _upsert(
        [
            _unit(
                Era.CURRENT,
                Level.PROVINCE,
                code,
                r["province"],
                r["provinceShort"],
                _kind_of(r["province"], r["provinceShort"]),
                path=code,
                lat=r["provinceLat"],
                lon=r["provinceLon"],
            )
            for code, r in sorted(provinces.items())
        ]
    )
    seen = set()
    communes = []
    for r in current:
        if r["wardCode"] in seen:
            continue
        seen.add(r["wardCode"])
        communes.append(
            _unit(
                Era.CURRENT,
                Level.COMMUNE,
                r["wardCode"],
                r["ward"],
                r["wardShort"],
                r["wardType"],
                parent_id=province_ids[r["provinceCode"]],
                path=f"{r['provinceCode']}.{r['wardCode']}",
                lat=r["wardLat"],
                lon=r["wardLon"],
                area=r["wardAreaKm2"],
            )
        )
    commune_ids = _upsert(communes)
    result.provinces, result.communes = len(province_ids), len(commune_ids)

    # Keys the converter uses -> current unit ids.
    new_province_by_key = {r["provinceKey"]: province_ids[r["provinceCode"]] for r in current}
    new_ward_by_key = {
        (r["provinceKey"], r["wardKey"]): commune_ids[r["wardCode"]] for r in current
    }
    conv = _converter()
    old_to_new_province = {old: new for new, olds in conv["DICT_PROVINCE"].items() for old in olds}
    old_ward_to_new = {}
    for new_pkey, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, old_keys in wards.items():
            for old_key in old_keys:
                old_ward_to_new[old_key] = (new_pkey, new_wkey)
    for new_pkey, divided in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, options in divided.items():
            default = next((o for o in options if o.get("isDefaultNewWard")), None)
            if default and old_key not in old_ward_to_new:
                old_ward_to_new[old_key] = (new_pkey, default["newWardKey"])

    # Pre-2025 units whose province became one of the loaded provinces.
    legacy = [
        r
        for r in _rows("admin_units_legacy")
        if old_to_new_province.get(r["provinceKey"]) in new_province_by_key
    ]
    old_provinces, old_districts, old_wards = {}, {}, {}
    for r in legacy:
        old_provinces.setdefault(r["provinceCode"], r)
        if r["districtCode"]:
            old_districts.setdefault(r["districtCode"], r)
        if r["wardCode"]:
            old_wards.setdefault(r["wardCode"], r)
    old_province_ids = _upsert(
        [
            _unit(
                Era.LEGACY,
                Level.PROVINCE,
                code,
                r["province"],
                r["provinceShort"],
                _kind_of(r["province"], r["provinceShort"]),
                lat=r["provinceLat"],
                lon=r["provinceLon"],
            )
            for code, r in sorted(old_provinces.items())
        ]
    )
    old_district_ids = _upsert(
        [
            _unit(
                Era.LEGACY,
                Level.DISTRICT,
                code,
                r["district"],
                r["districtShort"],
                r["districtType"],
                parent_id=old_province_ids[r["provinceCode"]],
                lat=r["districtLat"],
                lon=r["districtLon"],
            )
            for code, r in sorted(old_districts.items())
        ]
    )
    old_ward_ids = _upsert(
        [
            _unit(
                Era.LEGACY,
                Level.COMMUNE,
                code,
                r["ward"],
                r["wardShort"],
                r["wardType"],
                parent_id=old_district_ids.get(r["districtCode"]),
                lat=r["wardLat"],
                lon=r["wardLon"],
            )
            for code, r in sorted(old_wards.items())
        ]
    )
    result.legacy = len(old_province_ids) + len(old_district_ids) + len(old_ward_ids)

    # The mapping old -> current.
    successors = {}
    for code, r in old_provinces.items():
        successors[old_province_ids[code]] = new_province_by_key[
            old_to_new_province[r["provinceKey"]]
        ]
    for code, r in old_districts.items():
        successors[old_district_ids[code]] = new_province_by_key[
            old_to_new_province[r["provinceKey"]]
        ]
    for code, r in old_wards.items():
        key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"
        target = old_ward_to_new.get(key)
        if target and target in new_ward_by_key:
            successors[old_ward_ids[code]] = new_ward_by_key[target]
            result.mapped += 1
    changed = [AdminUnit(id=pk, successor_id=new_id) for pk, new_id in successors.items()]
    AdminUnit.objects.bulk_update(changed, ["successor"], batch_size=500)
    return result
