"""Load test: the portal under `make serve` (gunicorn, DEBUG off) on a throw-away PostgreSQL, with locust's board
members cycling through the dashboards with no think time, at 10 and 50 users, with the page cache off and on; and,
on the same server with the cache on, an anonymous crowd at 10, 50 and 100 users: residents reading the public
outcomes report and analysts reading the open data API, side by side with the board members. The crowd runs twice
at each size: with no think time (bench/locust_public.py), for its throughput beside the board members'; then paced,
each user at the API's limit per client (bench/paced_crowd.py), for the response times a crowd of that many clients
gets, beside the same paced crowd's against a WSGI app that answers at once (bench/noop_wsgi.py): the floor the load
generator and the machine put under every figure.

    make bench-load        (installs locust, then runs this)
    .venv/bin/python bench/load.py --users 5 --seconds 10     (a small run: both crowds at 5 users, 10 s each)
    .venv/bin/python bench/load.py --cache-on --users 10,50,100 --seconds 20
                                              (the cache-on server only: both crowds side by side at each size)
    .venv/bin/python bench/load.py --two-servers

With --two-servers: a throw-away Redis too (REDIS_URL), and the cache on; one instance of `make serve`, then two
on the same PostgreSQL and Redis with half the users each (signed in on the first), their figures side by side.

Everything runs on 127.0.0.1 for a bounded time, then stops by itself. The board members first sign in together
through the sign-in form, timed on its own; then locust reads pages. Prints requests/s, median, p95, max and
errors for each run, the ratio of throughput with the cache on to off, and where the machine's CPU went: the load
generator runs on the same cores as the portal and its database.
"""

import csv
import itertools
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from statistics import median

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
USERS = [10, 50]
PUBLIC_USERS = [10, 50, 100]
SECONDS = int(os.environ.get("LOAD_SECONDS", 20))
WORKERS = os.environ.get("WEB_CONCURRENCY", "4")
PASSWORD = os.environ.get("ATF_PASSWORD", "atf-demo-password")
PROXY = {"X-Forwarded-Proto": "https"}
# The anonymous crowd's second run (bench/paced_crowd.py): each user at most one request every half second, the API's
# limit per client (settings.API_ANONYMOUS_RATE, 120 a minute): the busiest crowd of that many clients the portal
# answers in full.
PACING = 0.5
FIRST_CLIENTS = itertools.count(1, 1000)  # each run's anonymous users are new clients


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_postgres(command):
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else command


def start_postgres(folder):
    pg_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    data, port = folder / "pg", free_port()
    data.mkdir()
    if os.getuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(data, "postgres")
    subprocess.run(as_postgres([pg_bin / "initdb", "-D", data, "-U", "atf", "-A", "trust", "--no-sync"]), check=True,
                   capture_output=True)
    subprocess.run(as_postgres([pg_bin / "pg_ctl", "-D", data, "-w", "-l", data / "log", "-o",
                                f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]),
                   check=True, capture_output=True)
    subprocess.run([pg_bin / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "atf", "atf"], check=True)
    return f"postgres://atf@127.0.0.1:{port}/atf", lambda: subprocess.run(
        as_postgres([pg_bin / "pg_ctl", "-D", data, "-m", "fast", "stop"]), capture_output=True)


def serve(env, port):
    process = subprocess.Popen(["make", "serve", f"PYTHON={sys.executable}"], cwd=ROOT, start_new_session=True,
                               env={**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": WORKERS},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # make serve checks, migrates and refreshes the summaries first
    wait_for(f"http://127.0.0.1:{port}/health/?format=json", 300, "the portal under make serve")
    return process


def wait_for(url, seconds, what):
    """Returns once `url` answers; raises if it has not within `seconds`."""
    request = urllib.request.Request(url, headers=PROXY)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(request, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not start")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def sign_in(port):
    """One board member through the sign-in form, as a browser would; returns the session cookie and seconds taken."""
    started, origin = time.perf_counter(), f"https://127.0.0.1:{port}"
    with requests.Session() as browser:
        token = browser.get(f"http://127.0.0.1:{port}/accounts/login/", headers=PROXY).cookies["csrftoken"]
        answer = browser.post(
            f"http://127.0.0.1:{port}/accounts/login/", allow_redirects=False,
            data={"username": "board", "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={**PROXY, "Cookie": f"csrftoken={token}", "Origin": origin, "Referer": f"{origin}/accounts/login/"})
    if answer.status_code != 302:
        raise RuntimeError(f"sign-in answered {answer.status_code}")
    return answer.cookies["sessionid"], time.perf_counter() - started


def sign_in_together(port, users, folder):
    """Every board member signs in at the same moment; writes their session cookies for the locustfile."""
    with ThreadPoolExecutor(users) as pool:
        signed_in = list(pool.map(lambda _: sign_in(port), range(users)))
    path = folder / "sessions.json"
    path.write_text(json.dumps([session for session, _ in signed_in]))
    return path, sorted(seconds for _, seconds in signed_in)


def busy_ticks():
    """The machine's CPU time so far, busy and in all (clock ticks, every core), from /proc/stat."""
    fields = [int(number) for number in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and waiting for I/O
    return sum(fields) - idle, sum(fields)


def run_locust(port, users, folder, sessions, locustfile="locustfile.py"):
    prefix = folder / f"{Path(locustfile).stem}-u{users}"
    _, cpu = with_cpu([BIN / "locust", "-f", ROOT / "bench" / locustfile, "--headless", "--users", str(users),
                       "--spawn-rate", str(users), "--run-time", f"{SECONDS}s", "--host", f"http://127.0.0.1:{port}",
                       "--csv", prefix, "--only-summary", "--loglevel", "WARNING"], check=False,
                      env={**os.environ, "ATF_SESSIONS": str(sessions), "ATF_FIRST_CLIENT": str(next(FIRST_CLIENTS))})
    with open(f"{prefix}_stats.csv") as fh:
        total = next(row for row in csv.DictReader(fh) if row["Name"] == "Aggregated")
    with open(f"{prefix}_failures.csv") as fh:
        failures = [f"{row['Occurrences']} x {row['Method']} {row['Name']}: {row['Error']}"
                    for row in csv.DictReader(fh)]
    return {"rps": float(total["Requests/s"]), "median": float(total["Median Response Time"]),
            "p95": float(total["95%"]), "max": float(total["Max Response Time"]),
            "errors": int(total["Failure Count"]), "requests": int(total["Request Count"]), "failures": failures,
            **cpu}


def run_paced(port, users):
    """bench/paced_crowd.py's crowd of `users` against the server on `port`, with the machine's CPU as run_locust's."""
    answer, cpu = with_cpu([sys.executable, ROOT / "bench" / "paced_crowd.py", "--port", str(port), "--users",
                            str(users), "--seconds", str(SECONDS), "--first-client", str(next(FIRST_CLIENTS))],
                           check=True, text=True)
    return {**json.loads(answer.stdout), **cpu}


def with_cpu(command, **options):
    """Runs a load generator's `command` (subprocess.run's options, its output captured); its answer, and how busy
    the whole machine was meanwhile and how many cores the generator itself took."""
    before, generator_before = busy_ticks(), children_cpu()
    answer = subprocess.run(command, capture_output=True, **options)
    after, generator = busy_ticks(), children_cpu() - generator_before
    return answer, {"busy": (after[0] - before[0]) / (after[1] - before[1]), "generator": generator / SECONDS}


def floor(users):
    """The paced crowd against bench/noop_wsgi.py under gunicorn with the portal's workers: what the load generator
    and the machine add to every response time, with no portal behind them."""
    port = free_port()
    process = subprocess.Popen([BIN / "gunicorn", "--workers", WORKERS, "--bind", f"127.0.0.1:{port}", "--chdir",
                                ROOT / "bench", "noop_wsgi:application"], start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/", 30, "the WSGI app that answers at once")
        return run_paced(port, users)
    finally:
        stop(process)


def children_cpu():
    usage = os.times()
    return usage.children_user + usage.children_system


def start_redis():
    port = free_port()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL, start_new_session=True)
    time.sleep(0.5)
    return f"redis://127.0.0.1:{port}/0", process


def run_together(ports, users, folder, sessions):
    """Locust against each instance at once, the users shared between them; the figures added up."""
    with ThreadPoolExecutor(len(ports)) as pool:
        parts = list(pool.map(lambda port: run_locust(port, users // len(ports), folder / str(port), sessions), ports))
    return {"rps": sum(p["rps"] for p in parts), "median": max(p["median"] for p in parts),
            "p95": max(p["p95"] for p in parts), "max": max(p["max"] for p in parts),
            "errors": sum(p["errors"] for p in parts), "requests": sum(p["requests"] for p in parts),
            "busy": max(p["busy"] for p in parts), "generator": sum(p["generator"] for p in parts)}


def two_servers(env, folder):
    """{(instances, users): figures}: one instance, then two, on the same PostgreSQL and Redis."""
    redis_url, redis = start_redis()
    env = {**env, "REDIS_URL": redis_url, "PAGE_CACHE": "True"}
    results, servers = {}, []
    try:
        for count in (1, 2):
            ports = [free_port() for _ in range(count)]
            servers = [serve(env, port) for port in ports]
            sessions, _ = sign_in_together(ports[0], max(USERS), folder)
            for port in ports:
                (folder / str(port)).mkdir(exist_ok=True)
            for users in USERS:
                results[f"{count} server{'s' if count > 1 else ''}", users] = run_together(ports, users, folder,
                                                                                           sessions)
            for server in servers:
                stop(server)
            servers = []
    finally:
        for server in servers:
            stop(server)
        os.killpg(redis.pid, signal.SIGTERM)
    return results


def read_options():
    """--users 5[,10...]: both crowds at these sizes instead of the defaults; --seconds N: each run's length;
    --cache-on: only the server with the cache on (the signed-in runs the anonymous crowd is compared with)."""
    global USERS, PUBLIC_USERS, SECONDS
    arguments = sys.argv[1:]
    if "--users" in arguments:
        USERS = PUBLIC_USERS = [int(n) for n in arguments[arguments.index("--users") + 1].split(",")]
    if "--seconds" in arguments:
        SECONDS = int(arguments[arguments.index("--seconds") + 1])
    return ("on",) if "--cache-on" in arguments else ("off", "on")


def main():
    caches = read_options()
    if "--two-servers" in sys.argv:
        with tempfile.TemporaryDirectory(prefix="atf-load-") as name:
            folder = Path(name)
            database_url, stop_postgres = start_postgres(folder)
            env = prepared_env(folder, database_url)
            try:
                results = two_servers(env, folder)
            finally:
                stop_postgres()
        return report(results, {})
    with tempfile.TemporaryDirectory(prefix="atf-load-") as name:
        folder = Path(name)
        database_url, stop_postgres = start_postgres(folder)
        try:
            env = prepared_env(folder, database_url)
            results, sign_ins = {}, {}
            for cache in caches:
                port = free_port()
                server = serve({**env, "PAGE_CACHE": "True" if cache == "on" else "False"}, port)
                try:
                    sessions, sign_ins[cache] = sign_in_together(port, max(USERS), folder)
                    for users in USERS:
                        results[cache, users] = run_locust(port, users, folder, sessions)
                    if cache == "on":  # the anonymous crowd on the same server, in the same run
                        for users in PUBLIC_USERS:
                            results["anonymous", users] = run_locust(port, users, folder, sessions,
                                                                     "locust_public.py")
                            results["paced", users] = run_paced(port, users)
                finally:
                    stop(server)
        finally:
            stop_postgres()
    if any(key == "paced" for key, _ in results):
        results["floor", max(PUBLIC_USERS)] = floor(max(PUBLIC_USERS))
    report(results, sign_ins)


def prepared_env(folder, database_url):
    # As in production, behind one proxy (PROXY_COUNT): each anonymous user is a client of its own, named by the
    # proxy's X-Forwarded-For (bench/locust_public.py), and the API counts each apart, as it would a real crowd's.
    # With no think time a user asks far more often than a person would: the limit is raised so the throttle still
    # counts every request but refuses none.
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "False", "SECRET_KEY": secrets.token_urlsafe(50),
           "ALLOWED_HOSTS": "127.0.0.1", "STATIC_ROOT": str(folder / "static"), "LOG_LEVEL": "WARNING",
           "API_ANONYMOUS_RATE": "1000000/minute", "PROXY_COUNT": "1"}
    for command in (["migrate"], ["bootstrap"], ["create_demo_users"], ["load_demo_values"],
                    ["publish_outcomes", "2025"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    return env


def report(results, sign_ins):
    print(f"gunicorn {WORKERS} workers, PostgreSQL, {SECONDS} s a run, board members with no think time, "
          f"{os.cpu_count()} cores")
    for cache, seconds in sign_ins.items():
        print(f"cache {cache}: {len(seconds)} board members signing in at once: median {median(seconds) * 1000:.0f}ms, "
              f"last signed in after {seconds[-1] * 1000:.0f}ms")
    print(f"{'run':9} {'users':>5} {'req/s':>8} {'median':>9} {'p95':>9} {'max':>9} {'errors':>7} {'requests':>9} "
          f"{'CPU busy':>9} {'load':>7}")
    for (cache, users), r in results.items():
        print(f"{cache:9} {users:>5} {r['rps']:>8.1f} {r['median']:>7.0f}ms {r['p95']:>7.0f}ms {r['max']:>7.0f}ms "
              f"{r['errors']:>7} {r['requests']:>9} {r['busy']:>8.0%} {r['generator']:>6.2f}c")
    print("CPU busy: the whole machine during the run; load: the cores the load generator itself used (locust; for "
          "paced and floor, bench/paced_crowd.py)")
    for (cache, users), r in results.items():
        for failure in r.get("failures", ()):  # what an error was, so a refusal is told from a timeout
            print(f"error, {cache} at {users} users: {failure}")
    runs = list(dict.fromkeys(key for key, _ in results if key not in ("anonymous", "paced", "floor")))
    for users in USERS if len(runs) == 2 else ():
        ratio = results[runs[1], users]["rps"] / results[runs[0], users]["rps"]
        print(f"throughput at {users} users, {runs[1]} / {runs[0]}: {ratio:.1f}x")
    if any(key == "anonymous" for key, _ in results):
        side_by_side(results)


def side_by_side(results):
    """The anonymous crowd beside the signed-in one with the cache on, at each size both ran; the issue's targets:
    anonymous at least twice the signed-in cached throughput, p95 under 150ms at 100 users, no errors. Throughput
    is compared with no think time on either side; the response times that count for a crowd are the paced run's."""
    print("signed-in: board members, cache on, no think time; anonymous: the public outcomes report and open data API,"
          f" no sign-in, no think time; paced: the same crowd, each user at most one request every {PACING} s")
    print(f"{'users':>5} | {'signed-in req/s':>15} {'median':>7} {'p95':>7} {'errors':>6} | "
          f"{'anonymous req/s':>15} {'median':>7} {'p95':>7} {'errors':>6} | {'anonymous / signed-in':>21} | "
          f"{'paced req/s':>11} {'median':>7} {'p95':>7} {'errors':>6}")
    for users in sorted({users for key, users in results if key == "anonymous"}):
        signed_in, anonymous = results.get(("on", users)), results["anonymous", users]
        cells = [f"{users:>5}", figures(signed_in, 15), figures(anonymous, 15),
                 f"{anonymous['rps'] / signed_in['rps']:>20.1f}x" if signed_in else f"{'-':>21}",
                 figures(results.get(("paced", users)), 11)]
        print(" | ".join(cells))
    for users in [users for key, users in results if key == "floor"]:
        run = results["floor", users]
        print(f"floor: the paced crowd of {users} against a WSGI app that answers at once (bench/noop_wsgi.py): "
              f"{run['rps']:.1f} req/s, median {run['median']:.0f}ms, p95 {run['p95']:.0f}ms, {run['errors']} errors")


def figures(run, width):
    if run is None:
        return f"{'-':>{width}} {'-':>7} {'-':>7} {'-':>6}"
    return f"{run['rps']:>{width}.1f} {run['median']:>5.0f}ms {run['p95']:>5.0f}ms {run['errors']:>6}"


if __name__ == "__main__":
    main()
