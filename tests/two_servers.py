"""What the two-instance test and the load test share: Debian's redis-server on 127.0.0.1, a fresh database on the
PostgreSQL server DATABASE_URL names, and gunicorn instances of the portal on them (DEBUG off), each its own
process group."""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "atf-demo-password"  # create_demo_users'
PRODUCTION = {"DEBUG": "False", "SECRET_KEY": "x7#" + "k2Q-" * 16}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis():
    """(REDIS_URL, process or None): TEST_REDIS_URL's server when set (.ci/run starts one), else one started here."""
    if os.environ.get("TEST_REDIS_URL"):
        return os.environ["TEST_REDIS_URL"], None
    port = free_port()
    process = subprocess.Popen([shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    return f"redis://127.0.0.1:{port}/0", process


def fresh_database(database_url, name):
    """A new, empty database beside DATABASE_URL's; returns its URL."""
    drop_database(database_url, name)
    admin(database_url, f'CREATE DATABASE "{name}"')
    return urllib.parse.urlparse(database_url)._replace(path=f"/{name}").geturl()


def drop_database(database_url, name):
    admin(database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def admin(database_url, statement):
    import psycopg2

    connection = psycopg2.connect(database_url)
    connection.autocommit = True  # CREATE and DROP DATABASE refuse to run in a transaction
    try:
        connection.cursor().execute(statement)
    finally:
        connection.close()


def portal_env(database_url, redis_url, static_root, workers="2"):
    env = {**os.environ, **PRODUCTION, "DATABASE_URL": database_url, "REDIS_URL": redis_url,
           "STATIC_ROOT": str(static_root), "ALLOWED_HOSTS": "127.0.0.1", "WEB_CONCURRENCY": workers,
           "CACHE_KEY_PREFIX": f"atf-{secrets.token_hex(4)}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def prepare(env):
    for command in (["migrate", "--noinput"], ["bootstrap"], ["create_demo_users"],
                    ["collectstatic", "--noinput", "--verbosity", "0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)


def start_gunicorn(env):
    port = free_port()
    process = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py",
                                "atf_portal.wsgi"], cwd=ROOT, env={**env, "BIND": f"127.0.0.1:{port}"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(urllib.request.Request(f"{base}/accounts/login/",
                                                          headers={"X-Forwarded-Proto": "https"}), timeout=2)
            return base, process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("gunicorn stopped") from None
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def stop(process):
    if process is not None and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM) if process.pid == os.getpgid(process.pid) else process.terminate()
        process.wait(timeout=30)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A person's cookies, sent to whichever server is asked (behind a TLS proxy, as the portal expects), from the
    client address `forwarded` when given (the address the proxy would add)."""

    def __init__(self, forwarded=None):
        self.cookies = {}
        self.opener = urllib.request.build_opener(NoRedirect)
        self.forwarded = {"X-Forwarded-For": forwarded} if forwarded else {}

    def request(self, url, data=None):
        origin = re.match(r"https?://[^/]+", url).group(0).replace("http://", "https://")
        headers = {"X-Forwarded-Proto": "https", "Referer": origin + "/", **self.forwarded,
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            response = self.opener.open(urllib.request.Request(url, data=body, headers=headers), timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response.status, response.read().decode(errors="replace")

    def get(self, url):
        return self.request(url)

    def post_form(self, url, changes=None):
        """GET the page's form and POST it back as it is, with `changes`."""
        status, page = self.get(url)
        fields = form_fields(page)
        fields.update(changes or {})
        return self.request(url, fields)

    def sign_in(self, base, username, password=PASSWORD):
        return self.post_form(f"{base}/accounts/login/", {"username": username, "password": password})[0]


def form_fields(page):
    parser = FormParser()
    parser.feed(page)
    return parser.fields


class FormParser(HTMLParser):
    """The values a browser would submit from a page's forms: inputs, checked boxes, selected options, text areas."""

    def __init__(self):
        super().__init__()
        self.fields, self.select, self.textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            ticked = attrs.get("type") in ("checkbox", "radio")
            if not ticked or "checked" in attrs:  # an empty box is sent empty; a ticked one with no value as "on"
                self.fields.setdefault(name, []).append(attrs.get("value", "on" if ticked else ""))
        elif tag == "select" and name:
            self.select = name
            self.fields.setdefault(name, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields[self.select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = [""]

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
