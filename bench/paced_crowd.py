"""The anonymous crowd paced: each user at most one request every PACING seconds (the API's limit per client),
half of them residents on the public pages and half analysts on the API; prints one JSON line of figures.

    .venv/bin/python bench/paced_crowd.py --port 8000 --users 100 --seconds 20 --first-client 1

bench/load.py runs it against the portal, and against bench/noop_wsgi.py for the floor under every figure. Not
locust: on this 2-core machine locust's own work added 30-80 ms to the median of every response at 100 paced users,
even from a WSGI app that answers at once (locust median 32-86 ms, this client 3.7 ms, the same app and crowd), so
its figures timed locust more than the portal. Here each user is a greenlet with one keep-alive connection
(geventhttpclient, the client under locust's FastHttpUser), and a response is timed from the request to its last
byte.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402

import gevent  # noqa: E402
from geventhttpclient import HTTPClient  # noqa: E402
from public_paths import API, PAGES, client_address, pick  # noqa: E402

PACING = 0.5


def visitor(port, number, paths, until, times, failures):
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": client_address(number)}
    client = HTTPClient("127.0.0.1", port, concurrency=1, network_timeout=30)
    rng = random.Random(number)
    gevent.sleep(rng.uniform(0, PACING))  # a crowd does not ask in step: each user starts at a point of its pace
    while time.monotonic() < until:
        name, path = pick(paths, rng)
        started = time.perf_counter()
        try:
            response = client.get(path, headers=headers)
            response.read()
            if response.status_code != 200:
                failures.append(f"{name}: {response.status_code}")
        except OSError as error:
            failures.append(f"{name}: {error!r}")
        taken = time.perf_counter() - started
        times.append(taken * 1000)
        gevent.sleep(max(0.0, PACING - taken))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--first-client", type=int, default=1)
    options = parser.parse_args()
    times, failures = [], []
    until = time.monotonic() + options.seconds
    gevent.joinall([gevent.spawn(visitor, options.port, options.first_client + i, API if i % 2 else PAGES, until,
                                 times, failures) for i in range(options.users)])
    times.sort()
    print(json.dumps({"rps": len(times) / options.seconds, "median": times[len(times) // 2],
                      "p95": times[int(len(times) * 0.95)], "max": times[-1], "errors": len(failures),
                      "requests": len(times), "failures": sorted(set(failures))[:10]}))


if __name__ == "__main__":
    main()
