"""Residents reading the public outcomes report with no think time: bench/load.py's anonymous crowd.

No one signs in: the pages are the same for everyone, so the portal answers them from its cache (or a 304 to a
browser that still holds the page). Every request says it came through the TLS proxy, as in bench/locustfile.py.
"""

import random

from locust import FastHttpUser, constant, task

PLACES = ["liverpool", "halton", "knowsley", "sefton", "wirral", "st-helens", "warrington", "cheshire-east",
          "cheshire-west-and-chester"]
PAGES = {"index": "/outcomes/", "report": "/outcomes/2025/", "place": "/outcomes/2025/places/{place}/"}


class Resident(FastHttpUser):
    wait_time = constant(0)

    @task
    def open_a_page(self):
        name, path = random.choice(list(PAGES.items()))
        self.client.get(path.format(place=random.choice(PLACES)), headers={"X-Forwarded-Proto": "https"}, name=name)
