"""Database triggers that refuse UPDATE and DELETE on an append-only table, on SQLite and
PostgreSQL. On SQLite the trigger fires only while ``motcua_audit_locked()`` (registered on
every connection the app opens, core.apps) answers 1; elsewhere the function does not exist and
the trigger fails closed. Only the test suite's flush unlocks it."""

from django.db import migrations


def _sqlite(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} WHEN motcua_audit_locked() "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
        for verb in ("UPDATE", "DELETE")
    ]


def _postgres(table: str) -> list[str]:
    return [
        f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{table} is append-only'; END; $$ LANGUAGE plpgsql;",
        f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_append_only();",
    ]


def operations(table: str) -> list:
    """The migration operations that make ``table`` append-only in the database."""

    def forwards(apps, schema_editor):
        for sql in _postgres(table) if schema_editor.connection.vendor == "postgresql" else _sqlite(table):
            schema_editor.execute(sql)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table};")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_append_only();")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update;")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete;")

    return [migrations.RunPython(forwards, backwards)]
