"""Bad input gets a clear error naming the field, never a 500; out-of-scope access gets a 404.

On the demo province (seeded once for this module, rolled back at its end), as each demo login:
- every page reachable from "/" by following same-site links (at most a few URLs per URL name)
  answers below 500, and so does every filter form on them submitted with junk;
- every form posted from those pages answers below 500, posted empty and posted with junk in
  every field (a re-rendered form with its errors, a redirect, 403 or 404 are all fine);
- every API list endpoint answers below 500 to junk query parameters;
- xa1 gets 404 on the per-record pages and API actions of xa2's people, hotspots and cases that
  the jurisdiction suites (tests/jurisdiction.py) do not already declare.

Failures are collected and reported together (method, URL, status, exception), so that one run
names every broken page.
"""

import io
import re
import traceback
from collections import Counter, defaultdict, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from accounts.models import User

from .conftest import _restore_migration_data

USERS = ["admin", "pc04", "xa1", "xa2", "yte", "bcd", "cscn"]
MAX_URLS_PER_NAME = 2  # distinct URLs GET per resolved URL name: every page kind, kept fast
MAX_FORMS_PER_ACTION = 1  # distinct forms posted per resolved action URL name
# Junk for every field: too long and markup, a negative number, an impossible date, a NUL.
JUNK = ["<script>" + "x" * 300, "-1", "99/99/9999", "a\x00b"]
# Not followed, each for its reason:
SKIP_PREFIXES = (
    "/static/",  # assets served by WhiteNoise, not the app
    "/media/",  # uploaded files
    "/api/v1/docs/",  # Swagger UI shell; the schema and the API are exercised below
)
SKIP_NAMES = {
    "accounts:logout",  # would end the session the crawl runs in
}


# ---- the demo province, once for the module ---------------------------------------------------
@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """seed_demo once (≈10 s) for the whole module, inside a transaction rolled back at its
    end: each test's own transaction nests in it, so what one test posts is undone before the
    next, and no other test module sees the demo data."""
    with django_db_blocker.unblock():
        # Outside the rolled-back transaction: what a flush of an earlier committed test
        # emptied stays written for the modules that follow on this worker.
        _restore_migration_data()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def login(demo, db):
    def client_as(username):
        client = Client(raise_request_exception=False)
        client.force_login(
            User.objects.get(username=username),
            backend="django.contrib.auth.backends.ModelBackend",
        )
        return client

    return client_as


# ---- HTML: links and forms --------------------------------------------------------------------
class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for attr in ("href", "hx-get"):
            if a.get(attr) and (tag == "a" or attr == "hx-get"):
                self.links.append(a[attr])
        if tag == "form":
            self._form = {
                "method": (a.get("method") or "get").lower(),
                "action": a.get("action"),
                "fields": [],  # (name, kind, options)
            }
            self.forms.append(self._form)
        if self._form is None:
            return
        # Buttons and inputs may carry the value the view switches on (name="action" …).
        if tag in ("input", "button") and a.get("name"):
            kind = (a.get("type") or ("submit" if tag == "button" else "text")).lower()
            self._form["fields"].append((a["name"], kind, [a.get("value") or ""]))
        elif tag == "select" and a.get("name"):
            self._select = (a["name"], "select", [])
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            self._select[2].append(a.get("value") or "")
        elif tag == "textarea" and a.get("name"):
            self._form["fields"].append((a["name"], "textarea", [""]))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _parse(response):
    page = _Page()
    page.feed(response.content.decode(response.charset or "utf-8", "replace"))
    return page


def _same_site(href: str) -> str | None:
    """The path and query of a same-site link ("/..."), or None."""
    if not href or href.startswith(("//", "#")) or not href.startswith("/"):
        return None
    parts = urlsplit(href)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _name(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def _describe(response) -> str:
    info = getattr(response, "exc_info", None)
    if not info:
        return ""
    frames = traceback.extract_tb(info[2])
    where = next(
        (
            f
            for f in reversed(frames)
            if "/.venv/" not in f.filename and "site-packages" not in f.filename
        ),
        frames[-1],
    )
    return f"{info[0].__name__}: {str(info[1])[:200]} at {where.filename}:{where.lineno}"


class _Failures(list):
    def check(self, method, url, response, data=None):
        if response.status_code >= 500:
            shown = {
                k: (v if len(str(v)) < 20 else f"{str(v)[:8]}…") for k, v in (data or {}).items()
            }
            self.append(
                f"{method} {url} {shown or ''} -> {response.status_code} {_describe(response)}"
            )

    def report(self):
        return "\n".join(self)


# ---- 1. crawl: GET every page kind, submit its forms ------------------------------------------
def _crawl(client, failures):
    """Breadth-first from "/", links in sorted order; returns the pages seen, by URL."""
    seen_per_name: Counter = Counter()
    visited: set[str] = set()
    pages: dict[str, _Page] = {}
    queue = deque(["/"])
    while queue:
        url = queue.popleft()
        if url in visited:
            continue
        name = _name(url) or "<unresolved>"
        if name in SKIP_NAMES or url.startswith(SKIP_PREFIXES):
            continue
        if seen_per_name[name] >= MAX_URLS_PER_NAME:
            continue
        visited.add(url)
        seen_per_name[name] += 1
        response = client.get(url)
        failures.check("GET", url, response)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue  # downloads (PDF, XLSX, JSON) and redirects: nothing to follow
        page = _parse(response)
        pages[url] = page
        found = sorted({u for href in page.links if (u := _same_site(href))})
        queue.extend(u for u in found if u not in visited)
    return pages


def _junk_data(fields, junk):
    data = {}
    for name, kind, _options in fields:
        if kind in ("submit", "button", "reset", "image"):
            continue
        if kind == "file":
            data[name] = SimpleUploadedFile("junk.txt", junk.encode("utf-8", "replace"))
        elif name != "csrfmiddlewaretoken":
            data[name] = junk
    return data


def _submit_value(fields) -> dict:
    """The first submit button's name=value, which a view may switch on."""
    values = [(n, o[0]) for n, k, o in fields if k in ("submit", "image") and n]
    return dict(values[:1])


def _submit_forms(client, pages, failures):
    posted_per_action: dict[str, set] = defaultdict(set)
    for url in sorted(pages):
        for form in pages[url].forms:
            action = _same_site(form["action"]) if form["action"] else url
            if action is None or (form["action"] or "").startswith("http"):
                continue
            name = _name(action) or "<unresolved>"
            if name in SKIP_NAMES or action.startswith(SKIP_PREFIXES):
                continue
            key = (form["method"], tuple(sorted(f[0] for f in form["fields"])))
            if (
                key in posted_per_action[name]
                or len(posted_per_action[name]) >= MAX_FORMS_PER_ACTION
            ):
                continue
            posted_per_action[name].add(key)
            extra = _submit_value(form["fields"])
            if form["method"] == "post":
                response = client.post(action, extra)
                failures.check("POST", action, response, extra)
                for junk in JUNK:
                    data = {**_junk_data(form["fields"], junk), **extra}
                    failures.check("POST", action, client.post(action, data), data)
            else:  # a filter form: its query string with junk in every field and the page
                base = urlsplit(action)
                for junk in JUNK:
                    query = dict(parse_qsl(base.query))
                    fields = _junk_data(form["fields"], junk)
                    query.update({k: v for k, v in fields.items() if isinstance(v, str)})
                    query.update(extra, page=junk)
                    target = f"{base.path}?{urlencode(query)}"
                    failures.check("GET", target, client.get(target))


@pytest.mark.parametrize("username", USERS)
def test_every_page_and_form_answers_below_500(login, username):
    client = login(username)
    failures = _Failures()
    pages = _crawl(client, failures)
    # The crawl reached the app, not only a login or set-up page.
    assert len(pages) >= 15, sorted(pages)
    _submit_forms(client, pages, failures)
    assert not failures, failures.report()


# ---- 2. the API: every list endpoint with junk query parameters ------------------------------
def _api_list_urls(user):
    """Every list endpoint of the router (config/api.py) plus the due list, nested ones on a
    record the user can see."""
    from config.api import router
    from registry import selectors_support
    from registry.models import Person

    person = Person.objects.visible_to(user).order_by("pk").first()
    campaign = selectors_support.review_campaign_list(user=user).order_by("pk").first()
    kwargs = {"person_pk": person.pk, "campaign_pk": campaign.pk}
    urls = ["/api/v1/due/"]
    for pattern in router.urls:
        if (
            not (pattern.name or "").endswith("-list")
            or "format" in pattern.pattern.regex.groupindex
        ):
            continue
        route = pattern.pattern.regex.pattern.lstrip("^").rstrip("$")
        for key in pattern.pattern.regex.groupindex:
            route = re.sub(rf"\(\?P<{key}>[^)]*\)", str(kwargs[key]), route)
        urls.append("/api/v1/" + route)
    return sorted(set(urls))


def _filter_names(url):
    view = resolve(urlsplit(url).path).func
    cls = getattr(view, "cls", None)
    filterset = getattr(cls, "filterset_class", None)
    return sorted(filterset.base_filters) if filterset else []


@pytest.mark.parametrize("username", ["pc04", "xa1"])
def test_api_lists_answer_junk_parameters_below_500(login, username):
    client = login(username)
    user = User.objects.get(username=username)
    failures = _Failures()
    urls = _api_list_urls(user)
    assert len(urls) > 30
    fixed = [
        {"page": "abc"},
        {"ordering": "nope"},
        {"category": "zzz"},
        {"unit": "-1"},
        {"q": "\x00"},
    ]
    answered = 0
    for url in urls:
        response = client.get(url)
        failures.check("GET", url, response)
        # Some list routes take POST only (405) or a role the user lacks (404).
        answered += response.status_code == 200
        names = _filter_names(url)
        queries = fixed + [dict.fromkeys(names, junk) for junk in (*JUNK, "zzz") if names]
        for query in queries:
            target = f"{url}?{urlencode(query)}"
            failures.check("GET", target, client.get(target))
    assert answered > 25, answered
    assert not failures, failures.report()


# ---- 3. another commune's records: 404 where no jurisdiction suite looks --------------------
class _AnyRecord:
    """Stands for a record in a suite's URL templates: every attribute, formatted, is "{}"."""

    def __getattr__(self, name):
        return _AnyRecord()

    def __format__(self, spec):
        return "{}"

    __str__ = __repr__ = lambda self: "{}"


def _generic(url: str) -> str:
    """ "/people/{pk}/x/?a=1" and "/people/{record.person_id}/x/" both as "/people/{}/x/"."""
    return re.sub(r"\{[^}]*\}", "{}", url.split("?")[0])


def _declared_urls() -> set[str]:
    """The per-record URLs the jurisdiction suites already prove 404 on: their declared URLs,
    their `_record_urls` (formatted with a stand-in record) and the URLs their own tests
    write out (module constants such as API substituted)."""
    import importlib
    import inspect
    import pathlib

    from .jurisdiction import JurisdictionSuite

    declared = set()
    root = pathlib.Path(__file__).parent
    for path in sorted(root.rglob("test_jurisdiction*.py")):
        module = importlib.import_module(
            ".".join(path.relative_to(root.parent).with_suffix("").parts)
        )
        for literal in re.findall(r'"((?:/|\{[A-Z_]+\})[^"\s]*)"', inspect.getsource(module)):
            declared.add(
                _generic(
                    re.sub(
                        r"\{([A-Z_]+)\}",
                        lambda m, mod=module: str(getattr(mod, m[1], m[0])),
                        literal,
                    )
                )
            )
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, JurisdictionSuite) and cls is not JurisdictionSuite:
                urls = [cls.detail_url, cls.edit_url, cls.api_detail_url, *cls.extra_detail_urls]
                urls += cls()._record_urls(_AnyRecord())
                declared.update(_generic(u) for u in urls if u)
    return declared


def _routes():
    """(route with {kwarg} placeholders, URL name) for every pattern of the app."""

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = ":".join(filter(None, [namespace, p.namespace]))
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern), ":".join(filter(None, [namespace, p.name]))

    for route, name in walk(get_resolver().url_patterns, "/", ""):
        if "format" in route:
            continue  # the API's ".json" duplicates of the same routes
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)  # router regexes
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)  # path converters
        yield route.replace("^", "").replace("$", ""), name


# The record a route's first kwarg names, by the route's start.
OWNERS = {
    "/people/{pk}/": "person",
    "/rehab/people/{person_pk}/": "person",
    "/treatment/people/{person_pk}/": "person",
    "/api/v1/persons/{pk}/": "person",
    "/api/v1/persons/{person_pk}/": "person",
    "/hotspots/{pk}/": "hotspot",
    "/api/v1/hotspots/{pk}/": "hotspot",
    "/cases/{pk}/": "case",
    "/api/v1/drug-cases/{pk}/": "case",
}


def _xa2_records(xa2):
    """xa2's first person, hotspot and case; for the inner kwargs of nested routes, a record
    of xa2's with the person (or case) it belongs to, so that only the scope can refuse."""
    from cases.models import DrugCase, Seizure, Suspect
    from hotspots.models import Hotspot
    from registry.models import (
        ManagementPeriod,
        Person,
        PersonDocument,
        PersonEvent,
        PriorRecord,
        Supporter,
    )

    path = xa2.scope_unit.path
    records = {
        "person": Person.objects.filter(scope_path=path).order_by("pk").first(),
        "hotspot": Hotspot.objects.filter(scope_path=path).order_by("pk").first(),
        "case": DrugCase.objects.filter(scope_path=path).order_by("pk").first(),
    }
    inner = {
        "event_pk": (PersonEvent, "person_id"),
        "record_pk": (PriorRecord, "person_id"),
        "period_pk": (ManagementPeriod, "person_id"),
        "doc_pk": (PersonDocument, "person_id"),
        "supporter_pk": (Supporter, "person_id"),
        "suspect_pk": (Suspect, "case_id"),
        "seizure_pk": (Seizure, "case_id"),
    }
    found = {}
    for kwarg, (model, owner) in inner.items():
        scope = {"case__scope_path": path} if owner == "case_id" else {"person__scope_path": path}
        row = model._base_manager.filter(**scope).order_by("pk").first()
        found[kwarg] = (row.pk, getattr(row, owner)) if row else None
    return records, found


def test_other_commune_records_answer_404_on_undeclared_urls(login):
    client = login("xa1")
    xa1, xa2 = User.objects.get(username="xa1"), User.objects.get(username="xa2")
    assert xa1.scope_unit != xa2.scope_unit
    records, inner = _xa2_records(xa2)
    assert all(records.values()), records
    declared = _declared_urls()
    failures, checked = [], []
    for route, name in sorted(set(_routes())):
        owner = next((o for start, o in OWNERS.items() if route.startswith(start)), None)
        if owner is None or _generic(route) in declared:
            continue
        kwargs = {"pk": records[owner].pk, "person_pk": records[owner].pk}
        for key in set(re.findall(r"{(\w+)}", route)) - set(kwargs):
            assert inner[key], f"{route}: the demo has no record of xa2 for {key}"
            kwargs[key], kwargs["pk"] = inner[key]  # that record and its person (or case)
        url = route.format(**kwargs)
        checked.append(url)
        got = client.get(url).status_code
        # A view that has no GET answers 405 before looking anything up: nothing is told.
        if got not in (404, 405):
            failures.append(f"GET {url} ({name}) -> {got}")
        got = client.post(url, {}).status_code
        if got != 404:
            failures.append(f"POST {url} ({name}) -> {got}")
    assert len(checked) > 20, checked
    assert not failures, "\n".join(failures)
