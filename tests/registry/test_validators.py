import pytest

from registry.validators import cccd_errors, normalise_cccd


@pytest.mark.parametrize(
    ("value", "year", "sex"),
    [
        ("092090000123", 1990, "M"),  # Cần Thơ, 1900s male
        ("001185000001", 1985, "F"),  # Hà Nội, 1900s female
        ("079205123456", 2005, "M"),  # TP.HCM, 2000s male
        ("096307000001", 2007, "F"),  # Cà Mau, 2000s female
    ],
)
def test_valid_cccd(value, year, sex):
    assert cccd_errors(value, birth_year=year, sex=sex) == []


def test_empty_cccd_is_allowed():
    assert cccd_errors("", birth_year=1990, sex="M") == []


@pytest.mark.parametrize("value", ["09209000012", "0920900001234", "09209000012A"])
def test_wrong_length_or_letters(value):
    assert "12" in cccd_errors(value)[0]


def test_nine_digits_is_a_former_id():
    assert "CMND" in cccd_errors("123456789")[0]


def test_unknown_province_code():
    # 003 is not a GSO province code.
    assert any("003" in e for e in cccd_errors("003090000123"))


def test_birth_year_must_agree():
    errors = cccd_errors("092090000123", birth_year=1991, sex="M")
    assert any("1990" in e and "1991" in e for e in errors)


def test_sex_must_agree():
    assert cccd_errors("092090000123", birth_year=1990, sex="F")


def test_century_digit():
    # 2 = born in the 2000s, male: year 2005, not 1905.
    assert cccd_errors("092205000001", birth_year=2005, sex="M") == []
    assert cccd_errors("092205000001", birth_year=1905, sex="M")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (92090000123, "092090000123"),  # a spreadsheet number lost its leading zero
        ("1090000123", "001090000123"),
        ("092 090 000 123", "092090000123"),
        ("", ""),
        ("123456789", "123456789"),  # a CMND stays as it is
    ],
)
def test_normalise(raw, expected):
    assert normalise_cccd(raw) == expected
