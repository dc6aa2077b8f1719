"""Board members opening the dashboards with no think time: the locust users of bench/load.py.

Each user is a board member already signed in. bench/load.py signs them all in through the sign-in form first and
times that on its own: a password check is slow on purpose, and a meeting signs in once, then reads. The session
cookies arrive in the file named by ATF_SESSIONS, one per user.

The portal runs as in production (DEBUG off, secure cookies, TLS redirect), reached here over plain HTTP on
127.0.0.1: every request says it came through the TLS proxy (X-Forwarded-Proto), and the session cookie, which a
client keeps only for https, is sent by hand. FastHttpUser is locust's lighter client: the load generator shares
the machine's cores with the portal, so every cycle it saves is one the portal can use.
"""

import itertools
import json
import os
import random

from locust import FastHttpUser, constant, task

PAGES = {
    "home": "/", "theme": "/themes/{n}/", "indicator": "/indicators/{n}/", "place": "/places/{place}/",
    "gaps": "/gaps/", "monitoring": "/monitoring/", "programmes": "/programmes/", "programme": "/programmes/{n}/",
}
PLACES = ["liverpool", "halton", "knowsley", "sefton", "wirral", "st-helens", "warrington"]
with open(os.environ["ATF_SESSIONS"]) as sessions_file:
    SESSIONS = itertools.cycle(json.load(sessions_file))


class BoardMember(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.headers = {"X-Forwarded-Proto": "https", "Cookie": f"sessionid={next(SESSIONS)}"}

    @task
    def open_a_page(self):
        name, path = random.choice(list(PAGES.items()))
        url = path.format(n=random.randint(1, 8), place=random.choice(PLACES))
        self.client.get(url, headers=self.headers, name=name)
