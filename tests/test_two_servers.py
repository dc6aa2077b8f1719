"""More than one server: two gunicorn instances on one PostgreSQL and one Redis, as behind a load balancer. An
edit through one is on the other's next page at once, a session signed in on one works on the other, and a
lock-out on one holds on the other. Runs in .ci/run's PostgreSQL pass; skipped on SQLite."""

import os
import shutil
import subprocess
import sys

import pytest

from .two_servers import (
    ROOT,
    Browser,
    drop_database,
    fresh_database,
    portal_env,
    prepare,
    start_gunicorn,
    start_redis,
    stop,
)

DATABASE_URL = os.environ.get("DATABASE_URL", "")
pytestmark = [
    pytest.mark.database,
    pytest.mark.skipif(not DATABASE_URL.startswith("postgres"),
                       reason="needs PostgreSQL: set DATABASE_URL=postgres://... (.ci/run's second pass does)"),
    pytest.mark.skipif(not (os.environ.get("TEST_REDIS_URL") or shutil.which("redis-server")),
                       reason="needs Redis: apt-get install redis-server, or set TEST_REDIS_URL"),
]


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    name = f"atf_two_servers_{os.getpid()}"
    redis_url, redis = start_redis()
    started = []
    try:
        env = portal_env(fresh_database(DATABASE_URL, name), redis_url, tmp_path_factory.mktemp("static"))
        prepare(env)
        for _ in range(2):
            started.append(start_gunicorn(env))
        board = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", BOARD], cwd=ROOT, env=env,
                               check=True, capture_output=True, text=True).stdout.split()
        yield [base for base, _ in started], board, (redis_url, env["CACHE_KEY_PREFIX"])
    finally:
        for _, process in started:
            stop(process)
        stop(redis)
        drop_database(DATABASE_URL, name)


BOARD = ("from programmes.models import Board; board = Board.objects.filter(programmes__isnull=False).first(); "
         "print(board.pk, board.slug)")


def test_two_servers_agree_on_pages_sessions_and_lock_outs(servers):
    (one, two), (board_id, slug), (redis_url, prefix) = servers
    business = Browser()
    assert business.sign_in(one, "business") == 302
    assert business.get(f"{two}/")[0] == 200  # signed in on one, recognised by the other

    board_page = f"/boards/{slug}/"
    status, before = business.get(two + board_page)  # drawn by the second, now in its page cache
    assert status == 200 and "Renamed by the business team" not in before
    status, _ = business.post_form(f"{one}/admin/programmes/board/{board_id}/change/",
                                   {"name": "Renamed by the business team"})
    assert status == 302
    assert "Renamed by the business team" in business.get(two + board_page)[1]  # at once, no stale page

    stranger = Browser()
    for _ in range(10):
        assert stranger.sign_in(one, "board", "wrong-password") in (200, 429)
    assert stranger.sign_in(two, "board") == 429  # locked on the other server too, even with the right password

    import redis

    kept = {key.decode().split(":", 2)[2] for key in redis.Redis.from_url(redis_url).keys(f"{prefix}:*")}
    assert "atf:data-version" in kept  # the page cache's version is in Redis,
    assert any(key.startswith("django.contrib.sessions.cached_db") for key in kept)  # and the sessions,
    assert any(key.startswith("axes") for key in kept)  # and the failed sign-ins
