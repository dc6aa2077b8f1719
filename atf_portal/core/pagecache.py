"""A page cache for the read-mostly pages that can never show stale data.

A cached page is keyed by what it depends on: the permissions of whoever asks (so a business-team page never
reaches a board member), the path and the query parameters the page reads (`parameters_read`), and the data's
version. Every write bumps the version:
any save, delete or link change in the portal's apps (signals), and the bulk writes that send no signal (the
shared import flow, `refresh_summaries`, bootstrap). The version lives in the same cache, which is the database
cache: its write is part of the writer's transaction, so every gunicorn worker and every app server on the same
PostgreSQL sees the new version exactly when it sees the new data. Hence one bump per transaction is enough (no
other connection can read the version between two of its writes); only a page drawn inside the transaction
itself, after the bump, needs the next write to bump again. Historical records (simple_history) never bump:
they change nothing a page shows. A page is stored with the version it was drawn
at, and the two are read in one query: a page of any other version is drawn afresh and replaces it.

What differs between two people with the same permissions (their name, the sign-out form's CSRF token, their
messages) is never cached: the page holds a marker that is filled in on every response.
"""

import hashlib
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import resolve
from simple_history.models import HistoricalChanges

from atf_portal.core import transactions

VERSION_KEY = "atf:data-version"
NONCE = b"atf-csp-nonce"  # stands in a cached page for the nonce of whoever is served it
# Markers in templates/base.html and the partial each is replaced with.
PERSONAL = {b"<!--atf:account-->": "_account.html", b"<!--atf:messages-->": "_messages.html",
            b"<!--atf:csrf-->": "_csrf.html"}  # a cached page's one form (the programme page's suggestions)
TABLE_PARAMETERS = ("sort", "page", "per_page")  # django-tables2's, as the portal's tables have no prefix
PORTAL_APPS = {"places", "framework", "programmes", "indicators", "stocktake", "reporting", "anchors", "evidence",
               "plans", "prevention", "dashboard"}


def bump(**kwargs):
    version = _set_version()
    if connection.in_atomic_block and not any(entry[1] is _set_version for entry in connection.run_on_commit):
        # With Redis (REDIS_URL) the version's write is not part of the writer's transaction: a reader between
        # this write and the commit still sees the old data and would store its page under the new version. A
        # second bump once the data is committed drops any such page; the first keeps readers from using pages
        # drawn before the write. With the database cache the second bump is simply one more write. Once per
        # transaction, however many rows it saves.
        transaction.on_commit(_set_version)
    return version


def _set_version():
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    return version


class _Bumped(transactions.Hook):
    """This transaction has bumped the version; `seen` once a page was drawn inside it after the bump."""

    seen = False


def data_changed():
    """Bump the version unless this transaction already has and no page has read it since (every write bumps in
    autocommit)."""
    bumped = transactions.current(_Bumped)
    if bumped is not None and not bumped.seen:
        return
    bump()
    transaction.on_commit(_Bumped())


def _bump_for_portal_models(sender, **kwargs):
    # A read model worked out from the data (`changes_data = False`, the stored gap flags) says nothing new.
    if (sender._meta.app_label in PORTAL_APPS and not issubclass(sender, HistoricalChanges)
            and getattr(sender, "changes_data", True)):
        data_changed()


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_bump_for_portal_models, dispatch_uid=f"atf-page-cache-{id(signal)}")


def roles_of(user):
    """The groups the user is in and every permission they hold, directly or through a group, in one query
    (Django's backend takes two): ([group ids], [permission ids]). Groups count as well as permissions because
    the business team is its group (atf_portal/core/access.py), whatever permissions another account holds.
    Plain SQL on the link tables: it runs for every cached page, and building the ORM's join took about a third
    of the time of serving one."""
    if user.is_superuser:
        return ["*"], ["*"]
    user_model = get_user_model()
    direct, groups = user_model.user_permissions.through._meta.db_table, user_model.groups.through._meta.db_table
    granted = Group.permissions.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 0, permission_id FROM {direct} WHERE user_id = %s UNION SELECT 0, permission_id FROM "
                       f"{granted} JOIN {groups} USING (group_id) WHERE user_id = %s "
                       f"UNION SELECT 1, group_id FROM {groups} WHERE user_id = %s", [user.pk] * 3)
        rows = cursor.fetchall()
    return sorted(pk for is_group, pk in rows if is_group), sorted(pk for is_group, pk in rows if not is_group)


def parameters_read(view):
    """The query parameters a cached page reads: those it declares (`page_parameters`), its django-filter filters,
    its table's sort and page, its export trigger. Only these key the cache, so query strings of anything else
    (a tracking tag, a made-up parameter) share one entry and the cache stays bounded whatever arrives."""
    names = set(getattr(view, "page_parameters", ()))
    filterset = getattr(view, "filterset_class", None)
    if filterset is not None:
        names.update(filterset.base_filters)
    if getattr(view, "table_class", None) is not None:
        names.update(TABLE_PARAMETERS)
    if getattr(view, "export_trigger_param", None):
        names.add(view.export_trigger_param)
    return names


def only_parameters_read(request):
    """request.GET less the parameters the page does not read, so that the page drawn is the page its key names
    (a table's links repeat the query string: they must not carry one visitor's made-up parameters to another)."""
    read = parameters_read(getattr(resolve(request.path_info).func, "view_class", None))
    query = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        if name in read:
            query.setlist(name, values)
    query._mutable = False
    return query


def page_key(request):
    """The key of the page for this request: whoever asks (their permissions, and who they are where the view is
    `page_per_person`), the path, and the query parameters the page reads, sorted (request.GET holds only those:
    see only_parameters_read)."""
    user = request.user
    who = (user.is_superuser, user.is_staff, roles_of(user))
    if getattr(getattr(resolve(request.path_info).func, "view_class", None), "page_per_person", False):
        who = (*who, user.pk)  # the page shows what is the reader's own (their flags to act on)
    digest = hashlib.sha256(repr((who, request.path, sorted(request.GET.lists()))).encode()).hexdigest()
    return f"atf:page:{digest}"


def _mark_seen():
    """A page is drawn at the version just read: this transaction's next write must bump it again."""
    for bumped in transactions.hooks(_Bumped):
        bumped.seen = True


def version():
    """The current data version, for a read model kept beside the data (the stored gap flags): None if there is
    none yet."""
    _mark_seen()
    return cache.get(VERSION_KEY)


def version_and_page(key):
    """The current data version and the page stored under key, if it was drawn at that version, in one query. A
    missing version (first use, or the cache was culled) is replaced by a new one, never an old one."""
    found = cache.get_many([VERSION_KEY, key])
    _mark_seen()
    version = found[VERSION_KEY] if VERSION_KEY in found else bump()
    drawn_at, *page = found.get(key, (None,))
    return version, (page if drawn_at == version else None)


class PageCacheMiddleware:
    """Serves and stores the pages named in settings.CACHED_PAGES; after LoginRequiredMiddleware, so anonymous
    visitors never reach it, and only 200 answers are stored (a refusal is worked out afresh every time)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._cacheable(request):
            return self._personalised(request, self.get_response(request))
        request.GET = only_parameters_read(request)
        key = page_key(request)
        version, cached = version_and_page(key)
        if cached is not None:
            content, content_type = cached
            response = self._from_cache(content.replace(NONCE, str(request.csp_nonce).encode()), content_type)
        else:
            response = self.get_response(request)
            if response.status_code == 200 and not response.streaming and "Content-Disposition" not in response:
                content = response.content.replace(str(request.csp_nonce).encode(), NONCE)
                cache.set(key, (version, content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
        return self._personalised(request, response)

    @staticmethod
    def _cacheable(request):
        if not settings.PAGE_CACHE or request.method != "GET" or not request.user.is_authenticated:
            return False
        return resolve(request.path_info).url_name in settings.CACHED_PAGES

    @staticmethod
    def _from_cache(content, content_type):
        return HttpResponse(content, content_type=content_type)

    @staticmethod
    def _personalised(request, response):
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return response
        content = response.content
        markers = [marker for marker in PERSONAL if marker in content]
        if not markers:  # a page without them (a public one) must not get a CSRF cookie, nor vary by cookie
            return response
        # A plain context rather than the request's: the page's context processors need not run again for these.
        context = {"user": request.user, "messages": get_messages(request), "csrf_token": get_token(request)}
        for marker in markers:
            content = content.replace(marker, render_to_string(PERSONAL[marker], context).encode(), 1)
        response.content = content
        return response
