"""Residents and analysts with no think time: bench/load.py's anonymous crowd for throughput, beside its signed-in
board members (bench/paced_crowd.py times the same crowd paced).

No one signs in. Residents read the public outcomes report; analysts read the open data API's public lists (JSON
and CSV). The answers are the same for everyone, so the portal serves them from its cache (or a 304 to a client
that still holds them). Every request says it came through the TLS proxy, as in bench/locustfile.py, and each user
is a client of its own: the proxy names its address (X-Forwarded-For), which the API's limit per client counts by.
"""

import itertools
import os
import random

from locust import FastHttpUser, task
from public_paths import API, PAGES, client_address, pick

# Each run's users are clients never seen before (bench/load.py gives each run its own first number), as a new crowd
# is: the API's limit per client keeps a record of each client's last minute, and a run must not inherit the last's.
CLIENTS = itertools.count(int(os.environ.get("ATF_FIRST_CLIENT", "1")))


class Visitor(FastHttpUser):
    abstract = True

    def on_start(self):
        self.headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": client_address(next(CLIENTS))}


class Resident(Visitor):
    @task
    def open_a_page(self):
        name, path = pick(PAGES, random)
        self.client.get(path, headers=self.headers, name=name)


class Analyst(Visitor):
    @task
    def read_the_api(self):
        name, path = pick(API, random)
        self.client.get(path, headers=self.headers, name=name)
