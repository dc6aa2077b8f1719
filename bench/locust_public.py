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
CLIENTS = itertools.count(1)


class Visitor(FastHttpUser):
    abstract = True
    wait_time = constant_pacing(float(os.environ.get("ATF_PACING", "0")))

    def on_start(self):
        number = next(CLIENTS)
        self.headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": f"10.0.{number // 256}.{number % 256}"}


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
