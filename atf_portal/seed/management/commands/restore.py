"""python manage.py restore PATH: replace the whole database with a backup the `backup` command wrote."""

import subprocess
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import BaseCommand, CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test.utils import override_settings

from atf_portal.seed import backup


class Command(BaseCommand):
    help = "Replace everything in the database with a backup made by `backup` (.dump on PostgreSQL, .json on SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="Do not ask for confirmation.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, path, interactive=True, database=DEFAULT_DB_ALIAS, **options):
        connection = connections[database]
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{path}: no such file.")
        pg_dump = backup.is_pg_dump(file)
        if backup.is_postgresql(connection) != pg_dump:
            made, here = ("PostgreSQL", "SQLite") if pg_dump else ("SQLite", connection.vendor)
            raise CommandError(f"{path} is a {made} backup; this database is {here}.")
        if interactive:
            answer = input(f"This replaces everything in the database {connection.settings_dict['NAME']} with "
                           f"{path}. Type 'yes' to continue: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        if pg_dump:
            self.pg_restore(connection, file)
        else:
            # loaddata sets many-to-many links after each row, which simple_history would record as new changes.
            with transaction.atomic(using=database), override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("flush", database=database, interactive=False, verbosity=0)
                call_command("loaddata", str(file), database=database, verbosity=0)
        ContentType.objects.clear_cache()
        cache.clear()  # cached pages and the data version belong to the data that was replaced
        self.stdout.write(f"Restored {path}")

    def pg_restore(self, connection, file):
        tool = backup.pg_tool("pg_restore", connection)
        if tool is None:
            raise CommandError("pg_restore was not found: install the PostgreSQL client (postgresql-client).")
        env = backup.pg_environment(connection)
        connection.close()  # hold no locks on the tables pg_restore replaces
        done = subprocess.run(
            [tool, "--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname", env["PGDATABASE"],
             str(file)], env=env, capture_output=True, text=True,
        )
        if done.returncode:
            raise CommandError(f"pg_restore failed; nothing was changed: {done.stderr.strip()}")
