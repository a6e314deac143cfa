"""PostgreSQL only: pattern indexes on the citizen ID and the former ID, so that the `q` search
by ID prefix (LIKE '0790…%', see PersonFilter.search) is an index range scan. The unique
index on national_id cannot serve LIKE under a non-C collation, and former_id had none: a
province-wide ID search read the whole table (bench/README.md, "search ?q=<a CCCD>")."""

from django.db import migrations

INDEXES = {
    "person_national_id_like": "national_id",
    "person_former_id_like": "former_id",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON registry_person "
            f"({column} varchar_pattern_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_add_person_documents")]
    operations = [migrations.RunPython(forwards, backwards)]
