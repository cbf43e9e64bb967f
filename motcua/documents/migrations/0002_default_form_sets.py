from django.db import migrations


def install(apps, schema_editor):
    from motcua.documents.defaults import install as install_defaults

    install_defaults(apps.get_model("documents", "FormTemplate"))


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
