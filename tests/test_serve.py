"""`make serve`: the deployment checklist first, then gunicorn with WhiteNoise's compressed, hashed static files."""

import gzip
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request

import pytest
from django.conf import settings

from tests.conftest import free_port
from tests.test_settings import PRODUCTION

pytestmark = pytest.mark.skipif(
    not (shutil.which("make") and (settings.BASE_DIR / ".venv" / "bin" / "gunicorn").exists()),
    reason="needs make and the project's .venv (make test creates it)",
)


@pytest.fixture
def production_env(tmp_path):
    """Production settings on a database of the test's own (tmp_path/db.sqlite3): `make serve` migrates it itself,
    after the checklist."""
    env = {**os.environ, **PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "STATIC_ROOT": str(tmp_path / "static"), "ALLOWED_HOSTS": "127.0.0.1", "WEB_CONCURRENCY": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def get(url, **headers):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **headers})
    return urllib.request.urlopen(request, timeout=5)


def test_make_serve_runs_gunicorn_with_compressed_hashed_static_files(production_env, browser_database, tmp_path):
    # A copy of the database `make run` sets up, as a restart after an upgrade finds one: migrated, with data. (A new
    # database's migrate is the prepared database's own, tests/prepared_database.py, and the migration tests'.)
    shutil.copy(browser_database, tmp_path / "db.sqlite3")
    port = free_port()
    env = {**production_env, "BIND": f"127.0.0.1:{port}"}
    process = subprocess.Popen(["make", "-s", "serve"], cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(900):  # migrate, bootstrap and collectstatic come first
            try:
                health = get(f"{base}/health/", Accept="application/json")
                break
            except OSError:
                assert process.poll() is None, process.stdout.read()
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start")
        assert health.status == 200 and b"Database" in health.read()
        assert "max-age=31536000" in health.headers["Strict-Transport-Security"]
        # Over plain HTTP (no proxy header) the portal sends the visitor to HTTPS.
        with pytest.raises(urllib.error.HTTPError) as redirect:
            urllib.request.build_opener(NoRedirect).open(f"{base}/health/", timeout=5)
        assert redirect.value.code == 301 and redirect.value.headers["Location"].startswith("https://")

        login = get(f"{base}/accounts/login/").read().decode()
        css = re.search(r'href="(/static/vendor/nhsuk/nhsuk-frontend\.min\.[0-9a-f]{12}\.css)"', login).group(1)
        response = get(base + css, **{"Accept-Encoding": "gzip"})
        assert response.headers["Content-Encoding"] == "gzip"
        assert "immutable" in response.headers["Cache-Control"]
        assert b".nhsuk-header" in gzip.decompress(response.read())
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=30)[0]
    # The portal's own request log, one line a request, on the server's output.
    assert "GET /accounts/login/ user=- status=200" in output, output


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_make_serve_refuses_to_start_when_the_deployment_checklist_finds_a_problem(production_env):
    env = {**production_env, "SECURE_HSTS_SECONDS": "0"}
    result = subprocess.run(["make", "-s", "serve"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr
