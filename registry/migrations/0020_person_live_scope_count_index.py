"""PostgreSQL only: a covering index for the count of a people list.

Every people list counts `scope_path = '92' OR scope_path LIKE '92.%'` over the live records
(`merged_into_id IS NULL`, PersonQuerySet.visible_to). Since merged duplicates are left out
(0016) no index held both columns, and the provincial count became a Seq Scan of the whole
table (~27-38 ms at 100k). This partial index holds exactly the live rows, keyed by the path
(pattern ops, so that the LIKE prefix can use it) with the category included: the count of
the list, with or without `?category=`, is an Index Only Scan (bench/README.md).

Not a model index (Django cannot declare INCLUDE with an opclass on this column portably and
SQLite has no pattern ops), so `makemigrations --check` stays clean; no-op elsewhere."""

from django.db import migrations

NAME = "person_live_scope_count"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON registry_person "
        "(scope_path varchar_pattern_ops) INCLUDE (category) WHERE merged_into_id IS NULL"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0019_more_task_kinds_and_education_measure")]
    operations = [migrations.RunPython(forwards, backwards)]
