from django.db import migrations


def install(apps, schema_editor):
    from motcua.portal.defaults import install as install_defaults

    install_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
