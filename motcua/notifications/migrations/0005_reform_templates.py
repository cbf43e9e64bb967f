from django.db import migrations


def install(apps, schema_editor):
    from motcua.notifications.defaults import install as install_templates

    install_templates(apps)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0004_report_and_alert_templates")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
