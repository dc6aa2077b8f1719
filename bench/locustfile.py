"""Board members opening the dashboards with no think time: the locust users of bench/load.py.

The portal runs as in production (DEBUG off, secure cookies, TLS redirect), reached here over plain HTTP on
127.0.0.1: every request says it came through the TLS proxy (X-Forwarded-Proto), and the session cookie, which a
client keeps only for https, is sent by hand.
"""

import os
import random

from locust import HttpUser, constant, task

PASSWORD = os.environ.get("ATF_PASSWORD", "atf-demo-password")
PAGES = {
    "home": "/", "theme": "/themes/{n}/", "indicator": "/indicators/{n}/", "place": "/places/{place}/",
    "gaps": "/gaps/", "monitoring": "/monitoring/", "programmes": "/programmes/", "programme": "/programmes/{n}/",
}
PLACES = ["liverpool", "halton", "knowsley", "sefton", "wirral", "st-helens", "warrington"]


class BoardMember(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        host = self.host.split("://", 1)[1]
        proxy = {"X-Forwarded-Proto": "https"}
        form = self.client.get("/accounts/login/", headers=proxy, name="sign in")
        token = form.cookies.get("csrftoken")
        signed_in = self.client.post(
            "/accounts/login/", name="sign in", allow_redirects=False,
            data={"username": "board", "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={**proxy, "Cookie": f"csrftoken={token}", "Origin": f"https://{host}",
                     "Referer": f"https://{host}/accounts/login/"},
        )
        self.headers = {**proxy, "Cookie": f"sessionid={signed_in.cookies.get('sessionid')}"}

    @task
    def open_a_page(self):
        name, path = random.choice(list(PAGES.items()))
        url = path.format(n=random.randint(1, 8), place=random.choice(PLACES))
        self.client.get(url, headers=self.headers, name=name)
