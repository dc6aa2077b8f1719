"""What every API view shares: open without a session (LoginRequiredMiddleware lets it through; the views' own
permissions decide), ETags with 304 answers, caching headers, throttling per client, and errors as JSON."""

import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from rest_framework import exceptions, pagination, throttling
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer

from atf_portal.core import pagecache

PUBLIC_MAX_AGE = 300
NO_PAGE = "atf:api:no-page"  # read beside the data version, which is all an ETag needs


class ApiView:
    """Mixed into every API view. The ETag is the portal's data version with everything else the answer depends
    on (the address with its query, the format, who asks), worked out after authentication and permissions, so a
    revoked token or a refused role never gets a 304."""

    public = True  # the same answer for everyone: a shared cache may keep it

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))

    def etag(self, request):
        version, _ = pagecache.version_and_page(NO_PAGE)
        who = None if self.public else request.user.pk
        parts = (version, request.get_full_path(), request.accepted_renderer.format, who)
        return '"' + hashlib.sha256(repr(parts).encode()).hexdigest()[:32] + '"'

    def initial(self, request, *args, **kwargs):
        self._etag = None
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            self._etag = self.etag(request)
            if get_conditional_response(request, etag=self._etag) is not None:
                raise NotModified()

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 400:  # an error is JSON whatever format was asked for
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(self, "_etag", None) and response.status_code in (200, 304):
            response["ETag"] = self._etag
            if self.public:
                patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
            else:
                patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Accept", "Authorization"])
        return response


class NotModified(exceptions.APIException):
    """The client's copy (If-None-Match) is current: answered 304 with no body."""

    status_code = 304
    default_detail = ""


class Negotiation(DefaultContentNegotiation):
    """DRF's, except that an empty `?format=` is refused like any other format the API does not give."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if request.query_params.get(self.settings.URL_FORMAT_OVERRIDE, None) == "":
            raise exceptions.NotFound("Ask for format=json or format=csv.")
        return super().select_renderer(request, renderers, format_suffix)


class Pagination(pagination.PageNumberPagination):
    """Pages of 100 rows, or `page_size` up to 10,000; a page size that is not a whole number in that range is
    refused (DRF would quietly use the default instead, and an analyst would not know their rows were cut)."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 10000

    def get_page_size(self, request):
        asked = request.query_params.get(self.page_size_query_param)
        if asked is None:
            return self.page_size
        if not asked.isdigit() or not 1 <= int(asked) <= self.max_page_size:
            raise exceptions.ValidationError({"page_size": f"A whole number from 1 to {self.max_page_size:,}."})
        return int(asked)

    def get_page_number(self, request, paginator):
        # DRF reads an empty `page=` as the first page; like every other number sent empty, it is refused.
        if request.query_params.get(self.page_query_param) == "":
            raise exceptions.ValidationError({self.page_query_param: "Give a value, or leave the parameter out."})
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
        return parameters


class AnonymousThrottle(throttling.AnonRateThrottle):
    """Per client address; the rate is read from settings when asked, so a deployment (or a test) can set it."""

    def get_rate(self):
        return settings.API_ANONYMOUS_RATE


class TokenThrottle(throttling.UserRateThrottle):
    """Per token holder. An anonymous client is AnonymousThrottle's alone (DRF's own would count it here too, by
    address, at the token holders' rate)."""

    def get_rate(self):
        return settings.API_TOKEN_RATE

    def get_cache_key(self, request, view):
        return super().get_cache_key(request, view) if request.user.is_authenticated else None


def anonymous_allowed(request):
    """The limit per client for an anonymous answer replayed before DRF runs (atf_portal/core/publiccache.py),
    counted in the same record as DRF's own check; False if it is reached."""
    request.user = AnonymousUser()
    return AnonymousThrottle().allow_request(request, None)


def json_errors(error, context):
    """Every error as {"message": ..., "status": ...}, with DRF's field details where there are any. An id in the
    address too large for the database names nothing (Django lets OverflowError through as a server error)."""
    # Imported here: rest_framework.views reads DRF's settings, which name this module's throttles, as it is
    # imported, so importing it at the top broke this module's import whenever it came first (the public cache's
    # guard makes it first in a new server, whose first answers were 500s).
    from rest_framework.views import exception_handler

    if isinstance(error, OverflowError):
        error = exceptions.NotFound()
    response = exception_handler(error, context)
    if response is None:
        return None
    if response.status_code == 304:
        response.data = None
        return response
    data = response.data
    message = data.get("detail") if isinstance(data, dict) and "detail" in data else "The request is not valid."
    body = {"message": str(message), "status": response.status_code}
    if not (isinstance(data, dict) and set(data) == {"detail"}):
        body["errors"] = data
    response.data = body
    return response
