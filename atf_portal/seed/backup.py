"""Backing up and restoring the whole database (the `backup` and `restore` commands).

PostgreSQL: `pg_dump -Fc`, restored with `pg_restore --clean --if-exists --no-owner` in one transaction, using the
pg_dump of the server's major version where it is installed. SQLite: `dumpdata` with natural keys (leaving out the
content types, permissions and sessions, which Django makes again), restored by flushing and `loaddata` in one
transaction. The JSON keeps datetimes to the microsecond (Django's own encoder cuts them to milliseconds, which
would reorder history records made in the same millisecond).
"""

import datetime
import glob
import os
import shutil
from pathlib import Path

from django.core.serializers import json as json_serializer
from django.core.serializers.json import DjangoJSONEncoder

FORMAT = "atf-json"  # registered by the backup command; loaddata reads the files as plain "json"
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
PG_MAGIC = b"PGDMP"


class FullPrecisionEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(json_serializer.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = FullPrecisionEncoder


Deserializer = json_serializer.Deserializer


def is_postgresql(connection):
    return connection.vendor == "postgresql"


def pg_environment(connection):
    """The connection's parameters as libpq's environment variables, so no password is on a command line."""
    env = dict(os.environ)
    params = connection.settings_dict
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                      ("NAME", "PGDATABASE")):
        if params.get(key):
            env[name] = str(params[key])
    options = params.get("OPTIONS") or {}
    for key, name in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"), ("sslcert", "PGSSLCERT"),
                      ("sslkey", "PGSSLKEY")):
        if options.get(key):
            env[name] = str(options[key])
    return env


def pg_tool(name, connection):
    """pg_dump or pg_restore: the server's major version's where installed, else the one on PATH, else the newest
    under /usr/lib/postgresql."""
    connection.ensure_connection()
    major = connection.pg_version // 10000
    same = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    if same.exists():
        return str(same)
    on_path = shutil.which(name)
    if on_path:
        return on_path
    installed = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[-3]))
    if installed:
        return installed[-1]
    return None


def is_pg_dump(path):
    with open(path, "rb") as file:
        return file.read(len(PG_MAGIC)) == PG_MAGIC
