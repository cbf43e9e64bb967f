"""Refuse UPDATE and DELETE on the dossier event log (the control sheet) at the database level,
as for the audit trail (core 0002)."""

from django.db import migrations

from motcua.core.append_only import operations


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial"), ("core", "0002_auditevent_append_only")]
    operations = operations("dossiers_dossierevent")
