"""`person_create_many`, the write of an import: the same people, events and change log as
`person_create` one by one, the same refusals (with the entry that caused them), nothing
written on a refusal, and a number of queries that does not grow with the rows."""

import datetime
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ChangeLog
from registry import services
from registry.choices import Category, EventKind, Law
from registry.models import Person, PersonEvent

from ..factories import cccd, make_person, make_user


def _entry(commune, **fields):
    entry = {
        "category": Category.ILLICIT_USER,
        "full_name": "Lê Văn Tám",
        "sex": "M",
        "birth_year": 1990,
        "residence_unit": commune,
    }
    entry.update(fields)
    entry.setdefault("national_id", cccd(entry["birth_year"], entry["sex"]))
    return entry


@pytest.fixture(autouse=True)
def _english(settings):
    """Refusals are asserted in their English source (locale/vi is maintained separately)."""
    settings.LANGUAGE_CODE = "en"


def _comparable(person):
    events = [
        (e.kind, e.occurred_on, e.category_after, e.law, e.basis_number, e.note, e.author_id)
        for e in person.events.order_by("id")
    ]
    log = ChangeLog.objects.get(record_type="person", record_id=str(person.pk))
    after = {k: v for k, v in log.after.items() if k not in ("id", "created_at", "updated_at")}
    return events, (log.action, log.user_id), after


def test_bulk_gives_the_same_person_events_and_log_as_one_by_one(officer_a, units):
    fields = dict(
        full_name="  Nguyễn   Văn Đức ",
        aliases="Tí; Tèo",
        registered_on=datetime.date(2026, 6, 30),
        basis_number="12/QĐ-UBND",
        note="Imported",
        special_management=True,
        responsible_officer=officer_a,
    )
    one = services.person_create(actor=officer_a, **_entry(units["a"], **fields))
    [many] = services.person_create_many(actor=officer_a, entries=[_entry(units["a"], **fields)])
    assert many.pk and many.full_name == "Nguyễn Văn Đức"
    assert many.full_name_folded == "nguyen van duc" and many.aliases == "Tí, Tèo"
    assert many.scope_path == units["a"].path
    assert many.last_checked_on == datetime.date(2026, 6, 30)
    events_one, log_one, after_one = _comparable(one)
    events_many, log_many, after_many = _comparable(many)
    assert events_many == events_one
    assert [e[0] for e in events_many] == [EventKind.REGISTERED, EventKind.SPECIAL_ON]
    assert events_many[0][3] == Law.LAW_73_2021
    assert log_many == log_one
    after_one.pop("national_id"), after_many.pop("national_id")
    assert after_many == after_one


@pytest.mark.parametrize(
    ("bad", "field", "reason"),
    [
        ({"birth_year": 1850, "national_id": ""}, "birth_year", "1900"),
        ({"commune": "b"}, "residence_unit", "outside your jurisdiction"),
        ({"national_id": "979090001234"}, "national_id", ""),
        ({"full_name": ""}, "full_name", ""),
    ],
)
def test_a_refused_entry_names_its_index_and_writes_nothing(officer_a, units, bad, field, reason):
    people, events, logs = (
        Person.objects.count(),
        PersonEvent.objects.count(),
        ChangeLog.objects.count(),
    )
    bad = dict(bad)
    commune = units[bad.pop("commune", "a")]
    entries = [
        _entry(units["a"], full_name="Người Một"),
        _entry(units["a"], full_name="Người Hai"),
        _entry(commune, **bad),
    ]
    with pytest.raises(services.BulkRowError) as caught:
        services.person_create_many(actor=officer_a, entries=entries)
    assert caught.value.index == 2
    assert field in caught.value.error.message_dict
    assert reason in " ".join(caught.value.error.message_dict[field])
    assert Person.objects.count() == people
    assert PersonEvent.objects.count() == events
    assert ChangeLog.objects.count() == logs


def test_a_cccd_registered_before_or_twice_in_the_list_is_refused(officer_a, officer_b, units):
    holder = make_person(officer_b, units["b"])
    with pytest.raises(services.BulkRowError) as caught:
        services.person_create_many(
            actor=officer_a,
            entries=[_entry(units["a"]), _entry(units["a"], national_id=holder.national_id)],
        )
    assert caught.value.index == 1
    # Held in another commune: said to exist elsewhere, not where or who.
    message = caught.value.error.message_dict["national_id"][0]
    assert "another unit" in message and str(holder.pk) not in message
    twice = cccd(1990)
    with pytest.raises(services.BulkRowError) as caught:
        services.person_create_many(
            actor=officer_a,
            entries=[_entry(units["a"], national_id=twice), _entry(units["a"], national_id=twice)],
        )
    assert caught.value.index == 1
    assert "twice" in caught.value.error.message_dict["national_id"][0]
    assert not Person.objects.filter(national_id=twice).exists()


def test_an_officer_of_another_commune_cannot_be_made_responsible(officer_a, officer_b, units):
    with pytest.raises(services.BulkRowError) as caught:
        services.person_create_many(
            actor=officer_a,
            entries=[_entry(units["a"]), _entry(units["a"], responsible_officer=officer_b)],
        )
    assert caught.value.index == 1
    assert "responsible_officer" in caught.value.error.message_dict


def test_without_a_write_grant_nothing_is_written(reader, units):
    with pytest.raises(PermissionError):
        services.person_create_many(actor=reader, entries=[_entry(units["a"])])
    assert not Person.objects.exists()


def test_queries_do_not_grow_with_the_rows(officer_a, units):
    second = make_user("officer_a2", "commune_officer", units["a"])

    def count(n):
        entries = [
            _entry(
                units["a"],
                full_name=f"Người Số {i}",
                responsible_officer=second if i % 2 else officer_a,
                special_management=bool(i % 3 == 0),
            )
            for i in range(n)
        ]
        with CaptureQueriesContext(connection) as queries:
            people = services.person_create_many(actor=officer_a, entries=entries)
        assert len(people) == n
        sql = [q["sql"].lstrip().upper() for q in queries]
        inserts = sum(s.startswith("INSERT") for s in sql)
        return len(sql) - inserts, inserts

    small, large = count(3), count(60)
    assert small[0] == large[0]  # every check asked once, whatever the number of rows
    # Three tables written; SQLite splits a long insert by its limit of bound parameters.
    rows_per_insert = connection.ops.bulk_batch_size(Person._meta.concrete_fields, [None] * 60)
    assert small[1] == 3
    assert large[1] <= 3 * math.ceil(60 / rows_per_insert)
    assert Person.objects.filter(full_name__startswith="Người Số").count() == 63
