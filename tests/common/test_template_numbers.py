"""Numbers that are identifiers, not quantities, must not be localized: with
USE_THOUSAND_SEPARATOR and the English locale, `{{ p.pk }}` renders "1,003" — a form value the
view cannot read back (the case person picker broke that way once ids passed 999) — and a
birth year renders "1,990"."""

import re
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# An id or a year printed bare: {{ x.pk }}, {{ x.commune_id }}, {{ x.birth_year }}, {{ d.year }}.
BARE = re.compile(r"\{\{ *[\w.]*(?:\.pk|_id|birth_year|\.year) *\}\}")


def test_no_template_prints_an_id_or_a_year_localized():
    found = [
        f"{path.relative_to(TEMPLATES)}: {match}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for match in BARE.findall(path.read_text(encoding="utf-8"))
        if "national_id" not in match and "former_id" not in match  # text, not numbers
    ]
    assert found == [], "use |unlocalize (with {% load l10n %}):\n" + "\n".join(found)


def test_person_picker_values_read_back_in_english():
    class Unit:
        name = "Phường Ninh Kiều"

    class Person:
        pk = 1003
        full_name = "Nguyễn Văn Đức"
        birth_year = 1990
        residence_unit = Unit()

    with translation.override("en"):
        html = render_to_string(
            "cases/partials/person_choices.html", {"people": [Person()], "pq": "duc"}
        )
    assert 'value="1003"' in html and "· 1990 ·" in html
