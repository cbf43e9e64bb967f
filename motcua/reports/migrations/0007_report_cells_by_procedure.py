"""The report cells by procedure alone (dimension ``q``), summed from the cells by receiving
agency and procedure (``p``), whose projection they are: no rebuild needed."""

from django.db import migrations

KEYS = ("dim", "grain", "day", "receiving", "competent", "current", "procedure")


def add_procedure_cells(apps, schema_editor):
    cell = apps.get_model("reports", "ReportCell")
    table = cell._meta.db_table
    measures = [f.column for f in cell._meta.concrete_fields if f.column not in ("id", *KEYS)]
    sums = ", ".join(f"SUM({m})" for m in measures)
    schema_editor.execute(
        f"INSERT INTO {table} ({', '.join(KEYS)}, {', '.join(measures)}) "  # noqa: S608 - the model's own columns
        f"SELECT 'q', grain, day, 0, 0, 0, procedure, {sums} FROM {table} WHERE dim = 'p' GROUP BY grain, day, procedure"
    )


def remove_procedure_cells(apps, schema_editor):
    apps.get_model("reports", "ReportCell").objects.filter(dim="q").delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_report_facts_digital")]
    operations = [migrations.RunPython(add_procedure_cells, remove_procedure_cells)]
