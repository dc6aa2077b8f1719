"""Anonymous visitors' copies of the public pages and the open data API, answered before the session, CSRF,
sign-in, messages, history and lock-out middleware run: none of them changes an answer that is the same for
everyone, and together they cost most of the time of serving a public page from the cache.

Only a request that can be nobody's but an anonymous visitor's is answered here: a GET or HEAD under one of
settings.PUBLIC_PATHS, with no session cookie and no Authorization header. Only an answer that says any cache may
share it is stored (a 200 with `Cache-Control: public`, no cookie set, no CSP nonce drawn, varying on nothing but
the request headers in its key), whole with the headers the middleware below this one gave it, under the data
version it was drawn at (pagecache.py): a publication or any other write reaches the next request. A signed-in
person's request always takes the full path, and is neither answered from nor stored as an anonymous copy.

A path may name a guard, called before a stored copy is replayed: the API's counts the request against its limit
per client, as the full path would; a request it refuses takes the full path, which refuses it in full.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.module_loading import import_string

from atf_portal.core import pagecache

KEY_HEADERS = ("HTTP_ACCEPT", "HTTP_ACCEPT_ENCODING")  # an answer may vary on these, and they key its copy
# Authorization and the session cookie are never sent on this path: an answer that varies on them (the API's, whose
# signed-in callers read more) is still the one every anonymous visitor gets.
SHAREABLE_VARY = {"accept", "accept-encoding", "authorization", "cookie"}
CONDITIONS = ("HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")  # a 412 is worked out on the full path
ENTITY_HEADERS = {"content-type", "content-length", "content-disposition"}  # left out of a 304


class PublicCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefix = public_prefix(request)
        if prefix is None:
            return self.get_response(request)
        key = copy_key(request)
        version, stored = pagecache.version_and_page(key)
        guard = settings.PUBLIC_PATHS[prefix]
        if stored is not None and (guard is None or import_string(guard)(request)):
            return replay(request, *stored)
        response = self.get_response(request)
        if shareable(request, response):
            cache.set(key, (version, list(response.items()), response.content), settings.PAGE_CACHE_SECONDS)
        return response


def public_prefix(request):
    """The entry of settings.PUBLIC_PATHS this request falls under, if it can be nobody's but an anonymous
    visitor's and asks for nothing a stored copy cannot answer."""
    if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return None
    if any(header in request.META for header in CONDITIONS):
        return None
    return next((prefix for prefix in settings.PUBLIC_PATHS if request.path.startswith(prefix)), None)


def copy_key(request):
    """The scheme and host (the API's page links hold them; get_host also refuses a host not allowed, as
    CommonMiddleware does on the full path), the address with its query, and the headers an answer varies on."""
    parts = (request.scheme, request.get_host(), request.get_full_path(),
             *(request.META.get(header, "") for header in KEY_HEADERS))
    return "atf:public-copy:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def shareable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if isinstance(getattr(request, "_csp_nonce", None), str):  # the page holds a nonce: it is this request's own
        return False
    cache_control = {part.strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part.strip()}
    return "public" in cache_control and vary <= SHAREABLE_VARY


def replay(request, headers, content):
    """The stored answer, or a 304 carrying its headers (less those of the body) when the client's copy is it."""
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    if get_conditional_response(request, etag=response.get("ETag")) is None:
        return response
    not_modified = HttpResponseNotModified()
    for name, value in headers:
        if name.lower() not in ENTITY_HEADERS:
            not_modified[name] = value
    not_modified["Content-Length"] = "0"  # as CommonMiddleware gives every answer on the full path
    return not_modified
