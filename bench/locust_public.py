"""Residents and analysts: bench/load.py's anonymous crowd, beside its signed-in board members.

No one signs in. Residents read the public outcomes report; analysts read the open data API's public lists (JSON
and CSV). The answers are the same for everyone, so the portal serves them from its cache (or a 304 to a client
that still holds them). Every request says it came through the TLS proxy, as in bench/locustfile.py, and each user
is a client of its own: the proxy names its address (X-Forwarded-For), which the API's limit per client counts by.

With no think time (the default) each user asks again as soon as it is answered: the crowd's throughput, compared
with the board members', who have none either. With ATF_PACING=S each user starts a request every S seconds at most:
bench/load.py paces them at the API's limit per client, the busiest a crowd of clients can be without a refusal.
"""

import itertools
import os
import random

import gevent
from locust import FastHttpUser, constant_pacing, task

PLACES = ["liverpool", "halton", "knowsley", "sefton", "wirral", "st-helens", "warrington", "cheshire-east",
          "cheshire-west-and-chester"]
PAGES = {"index": "/outcomes/", "report": "/outcomes/2025/", "place": "/outcomes/2025/places/{place}/"}
API = {
    "api themes": "/api/v1/themes/", "api indicators": "/api/v1/indicators/",
    "api indicator": "/api/v1/indicators/{n}/",
    "api values": "/api/v1/values/?indicator={n}", "api values csv": "/api/v1/values/?indicator={n}&format=csv",
    "api summaries": "/api/v1/summaries/?is_default=true", "api outcomes": "/api/v1/outcomes/",
}
# Each run's users are clients never seen before (bench/load.py gives each run its own first number), as a new crowd
# is: the API's limit per client keeps a record of each client's last minute, and a run must not inherit the last's.
CLIENTS = itertools.count(int(os.environ.get("ATF_FIRST_CLIENT", "1")))
PACING = float(os.environ.get("ATF_PACING", "0"))


class Visitor(FastHttpUser):
    abstract = True
    wait_time = constant_pacing(PACING)

    def on_start(self):
        number = next(CLIENTS)
        address = f"10.{number // 65536}.{number // 256 % 256}.{number % 256}"
        self.headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": address}
        # The users all start at once: paced, they would keep asking in step, every one in the same instant, as no
        # crowd of people does. Each first waits a random part of its pace.
        gevent.sleep(random.uniform(0, PACING))


class Resident(Visitor):
    @task
    def open_a_page(self):
        name, path = random.choice(list(PAGES.items()))
        self.client.get(path.format(place=random.choice(PLACES)), headers=self.headers, name=name)


class Analyst(Visitor):
    @task
    def read_the_api(self):
        name, path = random.choice(list(API.items()))
        self.client.get(path.format(n=random.randint(1, 8)), headers=self.headers, name=name)
