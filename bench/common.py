"""Shared set-up for the benchmark scripts: a throwaway database, and timing of pages in-process."""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django():
    """Point Django at a fresh SQLite file (unless DATABASE_URL is given), migrate and load the reference data."""
    sys.path.insert(0, str(ROOT))
    workdir = Path(tempfile.mkdtemp(prefix="atf-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ["STATIC_ROOT"] = str(workdir / "static")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atf_portal.settings")
    os.environ["DEBUG"] = "False"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 50)
    os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("bootstrap", verbosity=0, stdout=open(os.devnull, "w"))
    call_command("collectstatic", verbosity=0, interactive=False)
    print(f"database: {os.environ['DATABASE_URL']}")


def signed_in_client(username="bench-board"):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from atf_portal.core import roles

    user, _ = get_user_model().objects.get_or_create(username=username)
    user.groups.add(Group.objects.get(name=roles.BOARD_MEMBERS))
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_ENCODING="gzip")
    client.force_login(user)
    return client


def measure_page(client, url, runs=21):
    """Median server time (ms), query count and response size (bytes, uncompressed) of one page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), len(queries), len(response.content)
