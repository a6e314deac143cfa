"""The data-quality page per commune ("đúng, đủ, sạch, sống"): exact figures from aggregate
queries (a constant number whatever the communes and people), the list of what to fix, the API,
and who may see what."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from accounts.models import AccessLog
from registry import services
from registry.models import Person
from registry.quality import quality_table
from registry.selectors_support import verification_states

from ..factories import make_person


def today() -> datetime.date:
    """The local date when the test runs, not when the module was imported: a run that
    crosses midnight in Asia/Ho_Chi_Minh sees the new day."""
    return timezone.localdate()


DAY = datetime.timedelta(days=1)
API = "/api/v1/data-quality/"


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }


def add_photo(actor, person):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 30, 200)).save(buffer, format="PNG")
    upload = SimpleUploadedFile("anh.png", buffer.getvalue(), content_type="image/png")
    return services.person_document_add(actor=actor, person=person, kind="photo", upload=upload)


def complete_person(actor, commune, name, **fields):
    """CCCD, officer, photo, a document for the category, checked yesterday."""
    person = make_person(
        actor, commune, full_name=name, responsible_officer=actor, basis_number="7/QĐ", **fields
    )
    add_photo(actor, person)
    services.contact_record(
        actor=actor, person=person, contacted_on=today() - DAY, kind="home_visit"
    )
    return person


@pytest.fixture
def register(officer_a, officer_b, units, person_a):
    """Commune A: person_a (nothing), a complete person, a suspected person (no monthly check
    due) with a CCCD only. Commune B: one complete person."""
    return {
        "empty": person_a,
        "complete": complete_person(officer_a, units["a"], "Lý Văn Đủ"),
        "suspected": make_person(
            officer_a, units["a"], full_name="Mai Thị Nghi", sex="F", category="suspected_use"
        ),
        "b": complete_person(officer_b, units["b"], "Tạ Văn Bê"),
    }


def _row(table, commune):
    return next(r for r in table["rows"] if r.commune.pk == commune.pk)


def test_figures_per_commune_are_exact(pc04, units, register):
    table = quality_table(user=pc04, today=today())
    a = _row(table, units["a"]).counts
    assert (a["people"], a["with_cccd"], a["with_officer"]) == (3, 2, 1)
    # Monthly checks concern the managed categories only: not the suspected person.
    assert (a["must_check"], a["checked"]) == (2, 1)
    assert (a["with_photo"], a["with_basis"], a["complete"]) == (1, 1, 1)
    b = _row(table, units["b"]).counts
    assert (b["people"], b["complete"], b["checked"]) == (1, 1, 1)
    assert table["total"].counts["people"] == 4
    shares = _row(table, units["a"]).shares
    assert shares["with_cccd"] == 66.7 and shares["checked"] == 50.0 and shares["complete"] == 33.3
    # Every commune is listed; those without people have no score.
    empty = [r for r in table["rows"] if not r.counts["people"]]
    assert empty and all(r.score is None for r in empty)


def test_verification_column_or_placeholder(pc04, units, register):
    states = verification_states()
    table = quality_table(user=pc04, today=today())
    row = _row(table, units["a"])
    if states is None:
        # The register does not record the population-database state yet.
        assert table["verification_available"] is False
        assert row.counts["verified"] is None and row.shares["verified"] is None
        assert "verified" not in [key for key, _label in table["criteria"]]
    else:
        assert table["verification_available"] is True and row.counts["verified"] == 0
        Person.objects.filter(pk=register["complete"].pk).update(verification_state=states[0])
        row = _row(quality_table(user=pc04, today=today()), units["a"])
        assert row.counts["verified"] == 1 and row.shares["verified"] == 33.3


def test_a_check_older_than_a_month_does_not_count(officer_a, pc04, units, register):
    old = make_person(officer_a, units["a"], full_name="Cũ Văn Lâu", responsible_officer=officer_a)
    services.contact_record(
        actor=officer_a, person=old, contacted_on=today() - 31 * DAY, kind="phone_call"
    )
    a = _row(quality_table(user=pc04, today=today()), units["a"]).counts
    assert (a["must_check"], a["checked"]) == (3, 1)


def test_basis_is_that_of_the_current_category(officer_a, pc04, units, register):
    # A category change on a decision gives the current category its basis.
    person = register["empty"]
    services.person_change_category(
        actor=officer_a,
        person=person,
        category="addicted",
        occurred_on=today(),
        basis_number="99/QĐ-XĐ",
        basis_body="Trạm y tế",
    )
    a = _row(quality_table(user=pc04, today=today()), units["a"]).counts
    assert a["with_basis"] == 2


def test_page_lists_what_to_fix_for_one_commune(client_for, officer_a, units, register):
    client = client_for(officer_a)
    page = client.get("/people/quality/")
    assert page.status_code == 200
    assert [r.commune.pk for r in page.context["table"]["rows"]] == [units["a"].pk]
    page = client.get("/people/quality/", {"commune": units["a"].pk})
    assert page.status_code == 200
    people = {p.pk: [key for key, _label in p.problems] for p in page.context["page"].object_list}
    assert set(people[register["empty"].pk]) >= {
        "no_cccd",
        "no_officer",
        "not_checked",
        "no_photo",
        "no_basis",
    }
    assert "not_checked" not in people[register["suspected"].pk]
    assert register["complete"].pk not in people or people[register["complete"].pk] == [
        "not_verified"
    ]
    assert f"/people/{register['empty'].pk}/" in page.text
    only = client.get("/people/quality/", {"commune": units["a"].pk, "problem": "no_cccd"})
    assert [p.pk for p in only.context["page"].object_list] == [register["empty"].pk]
    assert AccessLog.objects.filter(detail__startswith="data quality, commune").exists()
    # Another commune is not in the officer's jurisdiction.
    assert client.get("/people/quality/", {"commune": units["b"].pk}).status_code == 404
    assert client.get("/people/quality/", {"commune": "x"}).status_code == 404


def test_reader_and_health_see_figures_but_no_people(client_for, reader, health, units, register):
    for user in (reader, health):
        client = client_for(user)
        page = client.get("/people/quality/")
        assert page.status_code == 200 and page.context["can_see_people"] is False
        assert "Lý Văn Đủ" not in page.text
        assert client.get("/people/quality/", {"commune": units["a"].pk}).status_code == 404
        assert client.get(API).status_code == 200
        assert client.get(f"{API}{units['a'].pk}/to-fix/").status_code == 404


def test_api_figures_and_to_fix(client_for, pc04, units, register):
    client = client_for(pc04)
    body = client.get(API).json()
    rows = {row["commune"]: row for row in body["results"]}
    assert rows[units["a"].pk]["people"] == 3 and rows[units["a"].pk]["complete"] == 1
    assert body["total"]["people"] == 4
    assert body["verification_available"] == (verification_states() is not None)
    fix = client.get(f"{API}{units['a'].pk}/to-fix/").json()
    by_id = {row["id"]: row["problems"] for row in fix["results"]}
    assert "no_cccd" in by_id[register["empty"].pk]
    only = client.get(f"{API}{units['a'].pk}/to-fix/", {"problem": "no_photo"}).json()
    assert {row["id"] for row in only["results"]} == {
        register["empty"].pk,
        register["suspected"].pk,
    }
    assert client.get(f"{API}999999/to-fix/").status_code == 404


def test_query_count_does_not_grow_with_communes_or_people(
    client_for, pc04, officer_a, officer_b, units
):
    client = client_for(pc04)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/people/quality/").status_code == 200
            assert client.get("/people/quality/", {"commune": units["a"].pk}).status_code == 200
            assert client.get(API).status_code == 200
            assert client.get(f"{API}{units['a'].pk}/to-fix/").status_code == 200
        return len(ctx.captured_queries)

    make_person(officer_a, units["a"], full_name="Một", national_id="")
    few = count()
    for i in range(3):
        make_person(officer_a, units["a"], full_name=f"A {i}", national_id="")
        make_person(officer_b, units["b"], full_name=f"B {i}", national_id="")
    complete_person(officer_b, units["b"], "Đủ Bê")
    assert count() == few
