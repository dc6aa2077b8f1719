"""What the browser tests share: Debian's Chromium driven by Playwright, against a real server.

The server runs as its own process on a throwaway SQLite database set up the way `make run` sets one up, so the
tests see exactly what each person would. Setting one up (migrate, bootstrap, demo data) takes about 10 s, so it is
done once per run (tests/prepared_database.py), and each server gets a copy of it (`serve`). Importing
this module skips the importing test module when Chromium is not installed, unless REQUIRE_BROWSER is set (CI sets
it, so there they must run).

The `server` and `browser` fixtures (tests/conftest.py) come from here: one Chromium for the session, and one server,
on its own copy of the database, per test module, since the journeys change what they find.
"""

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

if os.environ.get("SKIP_BROWSER_TESTS"):
    # .ci/run's second pass, on PostgreSQL: the browser tests' server always runs on its own SQLite database, so they
    # ran already, identically, in the first pass.
    pytest.skip("SKIP_BROWSER_TESTS is set: the browser tests ran in the SQLite pass", allow_module_level=True)
# Debian's headless shell of Chromium (package chromium-headless-shell): the engine of the `chromium` package, built
# for headless use only, as Playwright itself runs Chromium headless. It drew the suite's pages with about a third
# less CPU than the full browser in headless mode (its browser and display processes do little), and the suite is
# CPU-bound. The full browser is taken where the shell is not installed.
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium-headless-shell") or shutil.which("chromium")
                          or "/usr/bin/chromium-headless-shell")
if not Path(CHROMIUM).exists():
    if os.environ.get("REQUIRE_BROWSER"):
        raise RuntimeError(f"REQUIRE_BROWSER is set but Chromium was not found at {CHROMIUM}")
    pytest.skip("Chromium is not installed (apt-get install chromium-headless-shell)", allow_module_level=True)

from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from .conftest import free_port  # noqa: E402
from .prepared_database import SERVER_ENV  # noqa: E402

# Playwright's assertions retry for up to 30 s, as long as its actions wait (its default, 5 s, is less than a page sent
# after a form can take on this machine when both of its cores are busy): what a page says after a click is read by
# them, as the new page may still be arriving when the click returns.
expect.set_options(timeout=30_000)

PASSWORD = "atf-demo-password"
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", settings.BASE_DIR / "bench" / "output"))
# The user guide's pictures (docs/images/), taken by the journeys when DOCS_SCREENSHOTS is set (`make docs`).
DOCS_IMAGES = settings.BASE_DIR / "docs" / "images"
DOCS_SCREENSHOTS = bool(os.environ.get("DOCS_SCREENSHOTS"))

# The demo accounts `make run` creates, one per role.
BUSINESS, BOARD, MARMOT_LEAD, PROGRAMME_LEAD = "business", "board", "lead-liverpool", "lead-programme"


class LiveServer(str):
    """The server's base address (so `f"{server}/themes/1/"` works), with the environment it runs in, so a test
    can run a management command or a few lines of Python against the same database."""

    env: dict

    def manage(self, *command):
        return subprocess.run([sys.executable, "manage.py", *command], cwd=settings.BASE_DIR, env=self.env,
                              check=True, capture_output=True, text=True).stdout

    def python(self, code):
        """Run `code` in `manage.py shell` against the server's database; returns what it prints."""
        return self.manage("shell", "--no-imports", "-c", code)


def serve(template, tmp_path_factory, extra_env=None):
    """A runserver on a fresh copy of `template` (the prepared database), so what one module's tests change no other
    sees."""
    database = tmp_path_factory.mktemp("browser") / "db.sqlite3"
    shutil.copy(template, database)
    env = {**os.environ, **SERVER_ENV, "DATABASE_URL": f"sqlite:///{database}", **(extra_env or {})}
    port = free_port()
    process = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                               cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = LiveServer(f"http://127.0.0.1:{port}")
    base.env = env
    # Up to a minute: on a busy 2-core machine Django can take more than ten seconds to start.
    for _ in range(600):
        try:
            urllib.request.urlopen(f"{base}/accounts/login/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.terminate()
        raise RuntimeError(f"The test server at {base} did not start within a minute")
    yield base
    process.terminate()
    process.wait(timeout=10)


def launch():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run",
            # The tests reach no other host: the NHS.UK font's host (assets.nhs.uk) fails at once, as it would after
            # this machine's resolver gave up on it (5 s a page, most of the browser tests' time), and the page
            # falls back to its system font, as it does then.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
        ])
        yield browser
        browser.close()


# The cookies of each session signed in through the form, by server and username. Signing in again as the same
# person on the same server starts from them, as a browser that kept its cookies would: the form's three pages once
# per person and server, not once per page a test opens.
SESSIONS = {}


def sign_in(page, server, username, through_the_form=False):
    """Sign in from the home page, as a person does: the portal sends them to the sign-in page and back. A person
    signed in on this server before gets their session back (SESSIONS) unless `through_the_form`, or unless it has
    ended (they signed out): then the form again."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    kept = None if through_the_form else SESSIONS.get((server, username))
    if kept:
        page.context.add_cookies(kept)
    page.goto(f"{server}/")
    if "/accounts/login/" in page.url:
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{server}/")
        SESSIONS[(server, username)] = page.context.cookies(server)
    else:
        assert kept, f"{page.url}: not sent to the sign-in page before signing in"
    page.errors = errors
    return page


def signed_in_page(browser, server, width=1280, username=BOARD, through_the_form=False, **context):
    page = browser.new_page(viewport={"width": width, "height": 900}, **context)
    return sign_in(page, server, username, through_the_form)


def wait_until(page, expression, arg=None, timeout=10):
    """Poll a JavaScript function (of `arg`) until it returns true, for up to `timeout` seconds; returns whether it
    did. Not Playwright's wait_for_function, which evaluates its predicate in the page with eval, and the portal's
    Content Security Policy (rightly) forbids eval."""
    deadline = time.monotonic() + timeout
    while True:
        if evaluate_between_pages(page, expression, arg):
            return True
        if time.monotonic() > deadline:
            return False
        # Often (Plotly redraws a chart 100 ms after a resize, the walk asks of every page): each poll is one
        # evaluation, far cheaper than what it waits for.
        time.sleep(0.02)


def evaluate_between_pages(page, expression, arg=None):
    """`page.evaluate`, or None while a click's navigation is under way: the old document is gone (its context
    destroyed) and the new one may not have its elements yet, so a caller that polls asks again."""
    try:
        return page.evaluate(expression, arg)
    except PlaywrightError as error:
        if "context was destroyed" in error.message or "navigation" in error.message:
            return None
        raise


def fits(page, width):
    """Wait (up to 10 s) until nothing is wider than `width`: the NHS.UK header folds its menu, and Plotly redraws
    the charts, once a resize has reached their scripts."""
    return wait_until(page, FITS, width)


# Nothing wider than the window, and every chart redrawn to fit it (a chart's box clips what is wider than itself).
FITS = """(width) => !!document.body && document.documentElement.scrollWidth <= width
  && [...document.querySelectorAll('.main-svg')].every((svg) => svg.getBoundingClientRect().right <= width + 1)"""


def docs_screenshot(page, name, at=None):
    """One picture for the user guide: the viewport only, at the page's own width (1280 px for most); `at`, a
    selector, is scrolled to the top of the window first."""
    if DOCS_SCREENSHOTS:
        if at:
            page.locator(at).first.evaluate("(el) => el.scrollIntoView({block: 'start'})")
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=DOCS_IMAGES / f"{name}.png")
