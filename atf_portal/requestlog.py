"""One log line per request to standard output: method, path, user, status and time taken; no query strings
(filters can name people) and nothing from the page."""

import logging
import time

logger = logging.getLogger("atf_portal.requests")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        who = user.get_username() if user is not None and user.is_authenticated else "-"
        ms = round((time.perf_counter() - started) * 1000)
        logger.info("%s %s user=%s status=%s %sms", request.method, request.path, who, response.status_code, ms,
                    extra={"method": request.method, "path": request.path, "user": who,
                           "status": response.status_code, "ms": ms})
        return response
