"""The settings of the servers the browser tests start (tests/browser.py): the portal's own, with the suite's fast
password hasher. Every module's server signs each person in through the form once, and `make run`'s set-up hashes
the demo accounts' passwords: with production's PBKDF2 (about 0.6 s a password here) that was some 40 hashes a run.
tests/test_production.py signs in through production's hashers."""

from atf_portal.settings import *  # noqa: F403

FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PASSWORD_HASHERS = FAST_PASSWORD_HASHERS
