from django.db import migrations


def install(apps, schema_editor):
    from motcua.notifications.defaults import install as install_templates

    install_templates(apps)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0006_one_outbox_engine")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
