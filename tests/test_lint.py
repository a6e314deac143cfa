"""Source rules that keep jurisdiction in one place (STYLE.md 2)."""

import pathlib
import re

from django.apps import apps

from accounts.scoping import ScopedQuerySet

ROOT = pathlib.Path(__file__).resolve().parent.parent
SKIP_PARTS = {".venv", "tests", "migrations", "bench", "node_modules", "var", "static"}
# Generators of bulk synthetic rows may write the same rows directly (STYLE.md 1).
# The bulk generator for benchmarks writes rows directly (STYLE.md 1).
ALLOWED_FILES = {"selectors.py", "seed_demo.py", "scale.py"}


def _scoped_model_names():
    return sorted(
        model.__name__
        for model in apps.get_models()
        if isinstance(model._default_manager.all(), ScopedQuerySet)
    )


def test_scoped_models_are_queried_only_in_selectors():
    names = _scoped_model_names()
    assert "Person" in names
    # A scoped query (`.objects.visible_to(…)`) is the rule itself; anything else is not.
    # `bulk_create` reads nothing back, so it cannot show a row out of scope; the service
    # that calls it checks the scope of every row it writes.
    pattern = re.compile(
        r"\b(" + "|".join(names) + r")\.(objects|_default_manager)\b"
        r"(?!\.(visible_to|countable_by|editable_by|bulk_create)\()"
    )
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if SKIP_PARTS & set(rel.parts) or path.name in ALLOWED_FILES:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{rel}:{number}: {line.strip()}")
    assert not offenders, "query scoped models through selectors:\n" + "\n".join(offenders)


def test_no_external_urls_in_templates():
    """Government networks are often closed: every asset is served from static/."""
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        offenders.extend(
            f"{path.relative_to(ROOT)}: {match.group(0)}"
            for match in re.finditer(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", text)
        )
    assert not offenders, offenders
