"""The citizen ID (CCCD): 12 digits = birth-registration province (3) + century and sex (1)
+ birth year (2) + 6 random digits. No check digit."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The 63 pre-2025 GSO province codes used in CCCD numbers.
CCCD_PROVINCE_CODES = frozenset(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 "
    "035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 "
    "070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096".split()
)
MALE, FEMALE = "M", "F"


def cccd_century_digit(birth_year: int, sex: str) -> str:
    century = (birth_year // 100) - 19  # 1900s -> 0, 2000s -> 1 …
    return str(century * 2 + (1 if sex == FEMALE else 0))


def normalise_cccd(value) -> str:
    """Spreadsheets keep the CCCD as a number and lose its leading zeros: restore them."""
    text = str(value or "").strip().replace(" ", "").replace(".", "")
    if text.endswith(",0"):
        text = text[:-2]
    if text.isdigit() and 9 < len(text) < 12:
        text = text.zfill(12)
    return text


def cccd_errors(value: str, *, birth_year: int | None = None, sex: str | None = None) -> list:
    """The reasons a CCCD is wrong, in the user's language; empty when it is valid."""
    if not value:
        return []
    if not value.isdigit() or len(value) != 12:
        if value.isdigit() and len(value) == 9:
            return [_("A 9-digit number is a former ID card (CMND): enter it as the former ID.")]
        return [_("A citizen ID has exactly 12 digits.")]
    errors = []
    if value[:3] not in CCCD_PROVINCE_CODES:
        errors.append(_("%(code)s is not a province code.") % {"code": value[:3]})
    digit = int(value[3])
    century = 1900 + (digit // 2) * 100
    id_sex = FEMALE if digit % 2 else MALE
    id_year = century + int(value[4:6])
    if birth_year is not None and id_year != birth_year:
        errors.append(
            _("The ID says born in %(id_year)s, but the birth year is %(year)s.")
            % {"id_year": id_year, "year": birth_year}
        )
    if sex in (MALE, FEMALE) and id_sex != sex:
        errors.append(_("The ID's sex digit does not match the recorded sex."))
    return errors


def validate_former_id(value: str) -> None:
    if value and (not value.isdigit() or len(value) != 9):
        raise ValidationError(_("A former ID card (CMND) number has exactly 9 digits."))


# ---- Phone numbers ------------------------------------------------------------------------
# Since 2018 a Vietnamese mobile number is 10 digits (03x, 05x, 07x, 08x, 09x) and a landline
# 11 digits (02x + area code). Numbers are stored as dialled at home: "0912345678".


def normalise_phone(value) -> str:
    """'+84 912.345.678', '(091) 234-5678', 912345678 (a spreadsheet number that lost its
    leading zero) -> '0912345678'. Anything else is returned cleaned, for the check to refuse."""
    text = str(value or "").strip()
    for ch in " .-()":
        text = text.replace(ch, "")
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) in (11, 12):
        text = "0" + text[2:]
    elif text.isdigit() and (
        (len(text) == 9 and text[0] in "35789") or (len(text) == 10 and text[0] == "2")
    ):
        text = "0" + text
    return text


def phone_errors(value: str) -> list:
    """The reason a (normalised) phone number is wrong; empty when it is valid or empty."""
    if not value:
        return []
    if not value.isdigit():
        return [_("A phone number has digits only (spaces, dots and +84 are allowed).")]
    if value.startswith("02") and len(value) == 11:
        return []
    if value[:2] in ("03", "05", "07", "08", "09") and len(value) == 10:
        return []
    return [
        _(
            "Enter a mobile number of 10 digits (e.g. 0912345678) or a landline of 11 digits "
            "starting with 02."
        )
    ]
