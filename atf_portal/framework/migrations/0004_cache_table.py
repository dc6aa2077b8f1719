"""The database cache's table (settings.CACHES), made by migrate so every database has it, tests' included."""

from django.core.management import call_command
from django.db import migrations

from atf_portal.core import squashed


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(squashed.Migration):

    dependencies = [("framework", "0003_frameworkitem")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
