"""Signing in: the lock-out rule on top of django-axes, and a password reset that cannot be used to flood an inbox
or to learn which addresses have an account."""

import hashlib
import logging
import threading
import time

from axes.handlers.cache import AxesCacheHandler
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import (
    get_cache_timeout,
    get_client_cache_keys,
    get_client_ip_address,
    get_client_str,
    get_client_username,
    get_credentials,
    get_failure_limit,
)
from axes.models import AccessAttempt
from axes.signals import user_locked_out
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


def failures_under_the_rule(account, address):
    """The one figure axes compares with AXES_FAILURE_LIMIT: the larger of an account's failures at the address and
    the address's failures scaled down to that limit, so the address locks at LOCKOUT_ADDRESS_FAILURES."""
    return max(account, address * settings.AXES_FAILURE_LIMIT // settings.LOCKOUT_ADDRESS_FAILURES)


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, with a higher limit for a client address than for one account at that address
    (failures_under_the_rule). Every attempt is a row per account and address, so deleting an account's rows in the
    admin unlocks it."""

    def get_failures(self, request, credentials=None):
        account, address = (
            attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        return failures_under_the_rule(account, address)

    def reset_user_attempts(self, request, credentials=None):
        """A sign-in clears its own account's failures at its address, never the rest of the address's: otherwise
        a colleague signing in would unlock an account under attack, and an attacker with an account of their own
        could guess without limit by signing in to it between guesses."""
        account_attempts = self.filter_user_attempts(request, credentials)[0]
        return account_attempts.delete()[0]


class SharedLockoutHandler(AxesCacheHandler):
    """The same rule with its counts in Django's cache (settings: with REDIS_URL), so every server sharing the cache
    shares the lock-outs. Axes' cache keys, in AXES_LOCKOUT_PARAMETERS' order: the account at the address, then the
    address. Axes' own cache handler locks when either count reaches the limit, which would lock an office's address
    at an account's limit, and clears both on a sign-in; here, as in LockoutHandler, neither."""

    def get_failures(self, request, credentials=None):
        account, address = (self.cache.get(key, 0) for key in get_client_cache_keys(request, credentials))
        return failures_under_the_rule(account, address)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        """Count the failure under both keys, then lock by the rule. A failure axes answers itself (no request, a
        whitelisted client, an attempt during a lock) is left to it: it counts none of them."""
        if (request is None or self.is_whitelisted(request, credentials)
                or (request.axes_locked_out and not settings.AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT)):
            return super().user_login_failed(sender, credentials, request, **kwargs)
        timeout = get_cache_timeout(request)
        for key in get_client_cache_keys(request, credentials):
            if not self.cache.add(key, 1, timeout):
                self.cache.incr(key)
                self.cache.touch(key, timeout)
        username = get_client_username(request, credentials)
        self.remember_address(username, request.axes_ip_address, timeout)
        request.axes_failures_since_start = self.get_failures(request, credentials)
        if request.axes_failures_since_start >= get_failure_limit(request, credentials):
            client = get_client_str(username, request.axes_ip_address, request.axes_user_agent,
                                    request.axes_path_info, request)
            logging.getLogger("axes").warning("AXES: Locking out %s after repeated login failures.", client)
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send("axes", request=request, username=username, ip_address=request.axes_ip_address)

    def user_logged_in(self, sender, request, user, **kwargs):
        """A sign-in clears its own account's count at its address, never the address's (as LockoutHandler)."""
        if settings.AXES_RESET_ON_SUCCESS:
            self.cache.delete(get_client_cache_keys(request, get_credentials(user.get_username()))[0])

    def reset_attempts(self, *, ip_address=None, username=None, ip_or_username=False):
        """`manage.py axes_reset_username NAME` unlocks the account at every address it failed from (the keys are
        hashes, so the addresses are remembered beside them), and leaves the addresses' own counts alone."""
        if not username or ip_address:
            return super().reset_attempts(ip_address=ip_address, username=username, ip_or_username=ip_or_username)
        keys = [get_client_cache_keys(AccessAttempt(username=username, ip_address=address))[0]
                for address in self.cache.get(self.addresses_key(username), [])]
        self.cache.delete_many([*keys, self.addresses_key(username)])
        return len(keys)

    def remember_address(self, username, address, timeout):
        """Read, then written: two failures at once may remember one address, whose lock then lapses by itself."""
        addresses = self.cache.get(self.addresses_key(username), [])
        if address not in addresses:
            self.cache.set(self.addresses_key(username), [*addresses, address], timeout)
        else:
            self.cache.touch(self.addresses_key(username), timeout)

    @staticmethod
    def addresses_key(username):
        return "axes-addresses-" + hashlib.sha256((username or "").encode()).hexdigest()


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
