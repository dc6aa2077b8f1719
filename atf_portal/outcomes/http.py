"""HTTP caching for the public pages: the same for everyone, so a shared cache (a browser, a proxy, the portal's
own cache) may keep them. The ETag is the portal's data version (pagecache.py), which every write and every
publication bumps, so a client's copy is revalidated with a 304 and the portal's own copy is never stale."""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from atf_portal.core import pagecache

MAX_AGE = 300  # seconds a browser or proxy may reuse a page before asking again


def etag_for(version, *parts):
    return '"' + hashlib.sha256(repr((version, *parts)).encode()).hexdigest()[:32] + '"'


def cache_headers(response, etag):
    """On a 304 as on the page: a cache revalidating its copy keeps the headers the 304 sends."""
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def public_page(view):
    """A page anyone may open without signing in, answered 304 when the client's copy is current and otherwise
    from the portal's cache; only a 200 is stored. The view must not read the request's user or session."""

    @login_not_required
    @require_safe
    @wraps(view)
    def serve(request, *args, **kwargs):
        path = request.get_full_path()
        key = "atf:public:" + hashlib.sha256(path.encode()).hexdigest()
        version, cached = pagecache.version_and_page(key)
        etag = etag_for(version, path)
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return cache_headers(not_modified, etag)
        if cached is not None and settings.PAGE_CACHE:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and settings.PAGE_CACHE:
                cache.set(key, (version, response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
        return cache_headers(response, etag)

    return serve
