"""PostgreSQL only: two partial indexes on the registry's events for the report build.

The report figures read, for every person of the unit, the latest category event and the
latest special-management event on a day (registry/selectors_reports.py: `_category_on`,
`_special_on`, `people_new`): `ORDER BY occurred_on DESC, id DESC LIMIT 1` among one person's
events of some kinds. The registry's `event_person_date` (person, occurred_on) holds neither
the kind nor the id, so each of those lookups read the person's every event from the table
and sorted them; at 100k people that is two lookups per person and per query. Keyed by
(person, occurred_on, id) and cut to the kinds asked for, each becomes a backward index-only
scan that stops at its first row (the special-management one reads an almost empty index).

They belong to the reports' queries, so the reports' app owns them. Not model indexes
(partial indexes with INCLUDE on another app's table, no-op on SQLite), so `makemigrations
--check` stays clean."""

from django.db import migrations

INDEXES = {
    "event_category_latest": (
        "(person_id, occurred_on, id) INCLUDE (category_after) "
        "WHERE kind IN ('registered', 'category', 'correction')"
    ),
    "event_special_latest": (
        "(person_id, occurred_on, id) INCLUDE (kind) WHERE kind IN ('special_on', 'special_off')"
    ),
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON registry_personevent {definition}"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_sectors_targets_entered"),
        ("registry", "0007_add_event_corrections"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
