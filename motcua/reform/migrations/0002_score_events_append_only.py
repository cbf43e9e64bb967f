"""Refuse UPDATE and DELETE on the score trail at the database level (as for the audit trail)."""

from django.db import migrations

from motcua.core.append_only import operations


class Migration(migrations.Migration):
    dependencies = [("reform", "0001_initial"), ("core", "0002_auditevent_append_only")]
    operations = operations("reform_scoreevent")
