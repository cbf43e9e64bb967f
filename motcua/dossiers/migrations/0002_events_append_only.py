"""Refuse UPDATE and DELETE on the dossier event log (the control sheet) at the database level,
as for the audit trail (core 0002)."""

from django.db import migrations

SQLITE = [
    "CREATE TRIGGER dossiers_dossierevent_no_update BEFORE UPDATE ON dossiers_dossierevent WHEN motcua_audit_locked() "
    "BEGIN SELECT RAISE(ABORT, 'dossier events are append-only'); END;",
    "CREATE TRIGGER dossiers_dossierevent_no_delete BEFORE DELETE ON dossiers_dossierevent WHEN motcua_audit_locked() "
    "BEGIN SELECT RAISE(ABORT, 'dossier events are append-only'); END;",
]
POSTGRES = [
    "CREATE OR REPLACE FUNCTION dossiers_dossierevent_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'dossier events are append-only'; END; $$ LANGUAGE plpgsql;",
    "CREATE TRIGGER dossiers_dossierevent_no_change BEFORE UPDATE OR DELETE ON dossiers_dossierevent "
    "FOR EACH ROW EXECUTE FUNCTION dossiers_dossierevent_append_only();",
]


def forwards(apps, schema_editor):
    for sql in POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS dossiers_dossierevent_no_change ON dossiers_dossierevent;")
        schema_editor.execute("DROP FUNCTION IF EXISTS dossiers_dossierevent_append_only();")
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS dossiers_dossierevent_no_update;")
        schema_editor.execute("DROP TRIGGER IF EXISTS dossiers_dossierevent_no_delete;")


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial"), ("core", "0002_auditevent_append_only")]
    operations = [migrations.RunPython(forwards, backwards)]
