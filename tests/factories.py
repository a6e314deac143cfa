"""Builders for test data. People are made through the registry service, as users make them."""

import itertools

from accounts.models import Agency, User
from registry import services

_serial = itertools.count(1)


def make_agency(name, kind, sector, unit, **extra) -> Agency:
    return Agency.objects.create(name=name, kind=kind, sector=sector, unit=unit, **extra)


def make_user(username, role, unit, *, agency=None, password="secret-pass-123", **extra) -> User:
    user = User.objects.create_user(
        username=username, password=password, role=role, scope_unit=unit, agency=agency, **extra
    )
    return user


def cccd(birth_year: int, sex: str = "M", province: str = "092") -> str:
    digit = ((birth_year // 100) - 19) * 2 + (1 if sex == "F" else 0)
    return f"{province}{digit}{birth_year % 100:02d}{next(_serial):06d}"


def make_person(actor, commune, *, category="illicit_user", **fields):
    fields.setdefault("full_name", "Lê Văn Tám")
    fields.setdefault("sex", "M")
    fields.setdefault("birth_year", 1990)
    if "national_id" not in fields:
        fields["national_id"] = cccd(fields["birth_year"], fields["sex"])
    return services.person_create(actor=actor, category=category, residence_unit=commune, **fields)
