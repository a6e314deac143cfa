"""Vietnamese text: names are stored as typed (NFC) with a folded ASCII copy for search."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(value: str) -> str:
    """Normalise to NFC and collapse white space, as names are stored."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value or "")).strip()


def fold(value: str) -> str:
    """'Nguyễn Văn Đức' -> 'nguyen van duc': no accents, Đ/đ -> d, lower case, single spaces."""
    text = nfc(value).replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower()
