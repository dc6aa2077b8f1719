"""Signing in: the lock-out rule on top of django-axes, and a password reset that cannot be used to flood an inbox
or to learn which addresses have an account."""

import hashlib
import logging
import threading
import time

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.db import connections
from django.db.models import Sum
from django.http import HttpResponseRedirect

log = logging.getLogger(__name__)

RESET_WINDOW_SECONDS = 60 * 60
RESET_REFUSED = ("Too many password reset requests have been made for this address, or from your network, in the "
                 "last hour. Wait an hour and ask again; if you are locked out now, ask the business team.")


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, with a higher limit for a client address than for one account at that address.

    Axes compares one figure with AXES_FAILURE_LIMIT: the larger of an account's failures at the address and the
    address's failures scaled down to that limit, so the address locks at LOCKOUT_ADDRESS_FAILURES. Every attempt
    is a row per account and address, so deleting an account's rows in the admin unlocks it."""

    def get_failures(self, request, credentials=None):
        account, address = (
            attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        return max(account, address * settings.AXES_FAILURE_LIMIT // settings.LOCKOUT_ADDRESS_FAILURES)

    def reset_user_attempts(self, request, credentials=None):
        """A sign-in clears its own account's failures at its address, never the rest of the address's: otherwise
        a colleague signing in would unlock an account under attack, and an attacker with an account of their own
        could guess without limit by signing in to it between guesses."""
        account_attempts = self.filter_user_attempts(request, credentials)[0]
        return account_attempts.delete()[0]


def within_limit(key, limit):
    """Count one more request under key in this clock hour; False once there have been more than limit. (Two
    requests at the same instant may count once: a limit against floods, not an exact tally.)"""
    key = f"{key}:{int(time.time()) // RESET_WINDOW_SECONDS}"
    count = cache.get(key, 0) + 1
    cache.set(key, count, RESET_WINDOW_SECONDS)
    return count <= limit


def send_off_request(work, name):
    """Run work in a thread of its own, so the response does not wait for it (nor show by its time what it did).
    A thread is enough for one email until the portal has a task queue; then this becomes a task."""

    def run():
        try:
            work()
        except Exception:
            log.exception("%s failed", name)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, limited per email address and per client address, and answered before anything is looked
    up or sent, so a known address and an unknown one take the same time."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        address_key = "reset-email:" + hashlib.sha256(email.encode()).hexdigest()
        client_key = f"reset-client:{get_client_ip_address(self.request)}"
        allowed = [within_limit(address_key, settings.PASSWORD_RESET_PER_ADDRESS),
                   within_limit(client_key, settings.PASSWORD_RESET_PER_CLIENT)]
        if not all(allowed):
            log.warning("Password reset refused over the limit from %s", get_client_ip_address(self.request))
            form.add_error(None, RESET_REFUSED)
            return self.form_invalid(form)
        options = {
            "use_https": self.request.is_secure(), "token_generator": self.token_generator,
            "from_email": self.from_email, "email_template_name": self.email_template_name,
            "subject_template_name": self.subject_template_name, "request": self.request,
            "html_email_template_name": self.html_email_template_name, "extra_email_context": self.extra_email_context,
        }
        send_off_request(lambda: form.save(**options), "password-reset-email")
        return HttpResponseRedirect(self.get_success_url())
