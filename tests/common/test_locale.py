"""The Vietnamese catalogue is complete (STYLE.md rule 7) and the compiled catalogue is used.

`makemessages` runs on a throwaway copy of the project (the sources and the .po files only), so
the real ``locale/`` is never touched, whatever else runs in parallel. The copy is a project of
its own: its settings put ``LOCALE_PATHS`` inside the copy, and makemessages writes only there.
"""

import ast
import gettext as gettext_module
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"

# The command documented for translators; the test runs exactly this on the copy.
MAKEMESSAGES = [
    "makemessages",
    "-l",
    "vi",
    "--ignore=.venv",
    "--ignore=var",
    "--ignore=static",
    "--no-obsolete",
    "--add-location",
    "file",
    "-v0",
]
# What makemessages reads (its default extensions) and what it merges into.
COPIED_SUFFIXES = {".py", ".html", ".txt", ".po"}
SKIPPED_DIRS = {".venv", "var", "static", "node_modules", "__pycache__"}

# Strings the browser tests and the users rely on.
KEY_STRINGS = {
    "Log in": "Đăng nhập",
    "Log out": "Đăng xuất",
    "Password": "Mật khẩu",
    "Dashboard": "Tổng quan",
    "People": "Đối tượng",
    "People under management": "Đối tượng quản lý",
    "New person": "Thêm đối tượng",
    "Find a person: name or ID": "Tìm đối tượng: họ tên hoặc số CCCD",
    "Search": "Tìm kiếm",
    "Dossier PDF": "Hồ sơ PDF",
    "Save": "Lưu",
    "Filter": "Lọc",
    "Export XLSX": "Xuất Excel",
    "Full name": "Họ và tên",
    "Citizen ID (CCCD)": "Số CCCD",
    "Wrong username or password.": "Sai tên đăng nhập hoặc mật khẩu.",
    "Male": "Nam",
    "Female": "Nữ",
}


# --- a tiny PO reader ---------------------------------------------------------------------


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")\s*$')


def read_po(path: Path) -> list[dict]:
    """Entries as dicts: msgctxt, msgid, msgid_plural, msgstr ({index: text}), flags,
    obsolete. Enough for files written by GNU gettext (msgmerge/xgettext)."""
    entries: list[dict] = []
    entry: dict | None = None
    field = None

    def new_entry() -> dict:
        return {"msgctxt": None, "msgid": None, "msgstr": {}, "flags": set(), "obsolete": False}

    def finish():
        nonlocal entry, field
        if entry is not None and entry["msgid"] is not None:
            entries.append(entry)
        entry, field = None, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):
                continue  # the previous msgid of an obsolete fuzzy entry
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if entry is not None and entry["msgid"] is not None:
                finish()  # a comment after a complete entry starts the next one
            entry = entry or new_entry()
            if line.startswith("#,"):
                entry["flags"] |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, value = match.groups()
            if entry is None or (keyword in ("msgctxt", "msgid") and entry["msgid"] is not None):
                finish()
                entry = new_entry()
            entry["obsolete"] = entry["obsolete"] or obsolete
            value = ast.literal_eval(value)
            if keyword == "msgstr":
                field = ("msgstr", int(index or 0))
                entry["msgstr"][field[1]] = value
            else:
                field = keyword
                entry[keyword] = value
        elif line.startswith('"') and entry is not None and field is not None:
            value = ast.literal_eval(line)
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] += value
            else:
                entry[field] += value
        else:
            raise ValueError(f"{path}: cannot read line {raw!r}")
    finish()
    return entries


def _label(entry: dict) -> str:
    text = repr(entry["msgid"])
    return f"{entry['msgctxt']!r} | {text}" if entry["msgctxt"] else text


def _key(entry: dict) -> tuple:
    return (entry["msgctxt"], entry["msgid"])


def _header(entries: list[dict]) -> dict[str, str]:
    header = next(e for e in entries if e["msgid"] == "" and not e["msgctxt"])
    lines = (line.partition(":") for line in header["msgstr"][0].splitlines() if ":" in line)
    return {name.strip(): value.strip() for name, _sep, value in lines}


# --- makemessages on a copy ---------------------------------------------------------------


def _copy_project(destination: Path) -> None:
    def ignore(directory, names):
        skipped = []
        for name in names:
            path = Path(directory) / name
            if path.is_dir():
                if name.startswith(".") or name in SKIPPED_DIRS:
                    skipped.append(name)
            elif path.suffix not in COPIED_SUFFIXES:
                skipped.append(name)
        return skipped

    shutil.copytree(ROOT, destination, ignore=ignore, symlinks=True)


@pytest.fixture(scope="module")
def regenerated_po(tmp_path_factory) -> Path:
    if not shutil.which("msgmerge") or not shutil.which("xgettext"):
        pytest.fail("GNU gettext is not installed (apt-get install gettext)")
    project = tmp_path_factory.mktemp("locale-check") / "project"
    _copy_project(project)
    result = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    po = project / PO.relative_to(ROOT)
    assert po.exists(), "makemessages wrote no Vietnamese catalogue"
    return po


def test_po_reader_sees_plurals_contexts_fuzzy_flags_and_continuations(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        "#: a.py\n#, python-format\n"
        'msgid "%(n)s person"\nmsgid_plural "%(n)s people"\nmsgstr[0] "%(n)s đối tượng"\n\n'
        '#: b.html\n#, fuzzy\n#| msgid "Old"\nmsgctxt "menu"\nmsgid ""\n"Long "\n"text"\n'
        'msgstr "Cũ"\n\n'
        'msgid "Empty \\"quoted\\""\nmsgstr ""\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Đã bỏ"\n',
        encoding="utf-8",
    )
    header, plural, fuzzy, empty, gone = read_po(po)
    assert _header([header]) == {"Language": "vi", "Plural-Forms": "nplurals=1; plural=0;"}
    assert plural["msgid_plural"] == "%(n)s people" and plural["msgstr"] == {0: "%(n)s đối tượng"}
    assert plural["flags"] == {"python-format"}
    assert (fuzzy["msgctxt"], fuzzy["msgid"], fuzzy["flags"]) == ("menu", "Long text", {"fuzzy"})
    assert empty["msgid"] == 'Empty "quoted"' and empty["msgstr"] == {0: ""}
    assert gone["obsolete"] and gone["msgstr"] == {0: "Đã bỏ"}


def test_makemessages_adds_no_new_empty_or_fuzzy_entry(regenerated_po):
    committed = {_key(e) for e in read_po(PO) if not e["obsolete"]}
    entries = [e for e in read_po(regenerated_po) if not e["obsolete"] and e["msgid"] != ""]

    new = [_label(e) for e in entries if _key(e) not in committed]
    empty = [
        _label(e) for e in entries if _key(e) in committed and not all(e["msgstr"].values() or [""])
    ]
    fuzzy = [_label(e) for e in entries if "fuzzy" in e["flags"]]

    problems = []
    if new:
        problems.append("new (not yet in locale/vi/LC_MESSAGES/django.po):\n  " + "\n  ".join(new))
    if empty:
        problems.append("untranslated:\n  " + "\n  ".join(empty))
    if fuzzy:
        problems.append(
            "fuzzy (check the translation, then drop the flag):\n  " + "\n  ".join(fuzzy)
        )
    assert not problems, (
        "The Vietnamese catalogue is not complete. Run\n"
        "  .venv/bin/python manage.py " + " ".join(MAKEMESSAGES[:-1]) + "\n"
        "translate the entries below in locale/vi/LC_MESSAGES/django.po, then\n"
        "  .venv/bin/python manage.py compilemessages --ignore=.venv\n\n" + "\n\n".join(problems)
    )


def test_catalogue_header_is_vietnamese():
    header = _header(read_po(PO))
    assert header.get("Language") == "vi"
    assert "charset=UTF-8" in header.get("Content-Type", "")
    assert header.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"


def test_catalogue_has_no_fuzzy_entry_and_one_plural_form():
    entries = [e for e in read_po(PO) if not e["obsolete"]]
    assert not [_label(e) for e in entries if "fuzzy" in e["flags"]]
    # Vietnamese has one form: a second msgstr[1] would be dead text.
    assert not [_label(e) for e in entries if e.get("msgid_plural") and set(e["msgstr"]) != {0}]


@pytest.fixture
def freshly_compiled(tmp_path, settings):
    """The committed .po compiled (with format checks) into a private LOCALE_PATHS."""
    if not shutil.which("msgfmt"):
        pytest.fail("GNU gettext is not installed (apt-get install gettext)")
    locale_dir = tmp_path / "locale"
    mo = locale_dir / "vi" / "LC_MESSAGES" / "django.mo"
    mo.parent.mkdir(parents=True)
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(mo), str(PO)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"msgfmt --check failed:\n{result.stderr}"
    settings.LOCALE_PATHS = [locale_dir]  # resets Django's translation caches
    return mo


def test_compiled_catalogue_translates_key_strings(freshly_compiled):
    catalogue = gettext_module.GNUTranslations(freshly_compiled.open("rb"))
    assert {msgid: catalogue.gettext(msgid) for msgid in KEY_STRINGS} == KEY_STRINGS
    with translation.override("vi"):
        assert translation.get_language() == "vi"
        assert {msgid: translation.gettext(msgid) for msgid in KEY_STRINGS} == KEY_STRINGS
        rendered = Template(
            "{% load i18n %}{% translate 'Log in' %}|"
            "{% blocktranslate count n=3 %}{{ n }} person{% plural %}{{ n }} people"
            "{% endblocktranslate %}"
        ).render(Context())
        assert rendered == "Đăng nhập|3 đối tượng"
        assert translation.ngettext("%(n)s person", "%(n)s people", 1) % {"n": 1} == "1 đối tượng"


def test_installed_catalogue_is_compiled_and_active():
    """What the running site uses: locale/vi/LC_MESSAGES/django.mo (built by `make messages`)."""
    assert settings.LANGUAGE_CODE == "vi"
    with translation.override("vi"):
        got = {msgid: translation.gettext(msgid) for msgid in KEY_STRINGS}
    assert got == KEY_STRINGS, (
        "The compiled catalogue is missing or stale: run "
        "`.venv/bin/python manage.py compilemessages --ignore=.venv` (or `make messages`)."
    )


def test_djangos_own_untranslated_messages_read_in_vietnamese():
    """Django's Vietnamese catalogue lacks some validation messages a user can meet (a NUL
    byte pasted into a search box, a wrong file type); the project's catalogue supplies them
    (common/django_messages.py)."""
    from django import forms
    from django.core.exceptions import ValidationError
    from django.core.validators import FileExtensionValidator
    from django.utils import translation

    with translation.override("vi"):
        try:
            forms.CharField().clean("a\x00b")
        except ValidationError as error:
            assert error.messages == ["Không được chứa ký tự rỗng (NUL)."]
        else:
            raise AssertionError("a NUL byte was accepted")
        upload = type("Upload", (), {"name": "x.exe"})()
        try:
            FileExtensionValidator(["pdf"])(upload)
        except ValidationError as error:
            assert "Không chấp nhận tệp có đuôi “exe”" in error.messages[0]
        else:
            raise AssertionError("an .exe was accepted")
