"""PostgreSQL only: the access and change logs refuse UPDATE and DELETE in the database itself,
whoever connects. (On every database the models refuse it too.)"""

from django.db import migrations

TABLES = ["accounts_accesslog", "accounts_changelog"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        """
        CREATE OR REPLACE FUNCTION refuse_log_change() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION USING MESSAGE = 'append-only table: ' || TG_TABLE_NAME;
        END;
        $$ LANGUAGE plpgsql
        """
    )
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_log_change()"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS refuse_log_change()")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
