from django.db import migrations


def install(apps, schema_editor):
    from motcua.reports.defaults import install as install_indicators

    install_indicators(apps)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
