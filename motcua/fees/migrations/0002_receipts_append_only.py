from django.db import migrations

from motcua.core.append_only import operations


class Migration(migrations.Migration):
    """An issued receipt is never changed nor removed, by the app or by hand in the database."""

    dependencies = [("fees", "0001_initial")]
    operations = operations("fees_receipt")
