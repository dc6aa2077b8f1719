"""python manage.py backup [--output PATH]: the whole database to one file (see atf_portal.framework.backup)."""

import subprocess
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import BaseCommand, CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from atf_portal.seed import backup


def default_path(connection):
    suffix = "dump" if backup.is_postgresql(connection) else "json"
    return Path(settings.BASE_DIR) / "backups" / f"atf-{timezone.localtime():%Y%m%d-%H%M%S}.{suffix}"


class Command(BaseCommand):
    help = ("Back up the whole database: backups/atf-YYYYmmdd-HHMMSS.dump (pg_dump's custom format) on PostgreSQL, "
            ".json (dumpdata) on SQLite.")

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Where to write the backup (default: backups/atf-<time>.dump|json).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output=None, database=DEFAULT_DB_ALIAS, **options):
        connection = connections[database]
        path = Path(output) if output else default_path(connection)
        path.parent.mkdir(parents=True, exist_ok=True)
        if backup.is_postgresql(connection):
            tool = backup.pg_tool("pg_dump", connection)
            if tool is None:
                raise CommandError("pg_dump was not found: install the PostgreSQL client (postgresql-client).")
            done = subprocess.run([tool, "-Fc", "--file", str(path)], env=backup.pg_environment(connection),
                                  capture_output=True, text=True)
            if done.returncode:
                path.unlink(missing_ok=True)
                raise CommandError(f"pg_dump failed: {done.stderr.strip()}")
        else:
            serializers.register_serializer(backup.FORMAT, "atf_portal.seed.backup")
            call_command("dumpdata", format=backup.FORMAT, natural_foreign=True, natural_primary=True,
                         exclude=backup.EXCLUDED, output=str(path), database=database, indent=1, verbosity=0)
        self.stdout.write(f"Backed up to {path}")
