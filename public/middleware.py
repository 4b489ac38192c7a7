"""Middleware that keeps the site answering when its backing services fail, and answers
readers' cached pages early."""

import logging

from django.conf import settings

from . import views
from .pagecache import serve_fresh
from .views import DATABASE_DOWN, service_unavailable

logger = logging.getLogger(__name__)

HEALTH_CHECKS = {"/healthz": views.healthz, "/readyz": views.readyz}


class HealthCheckMiddleware:
    """Answers /healthz and /readyz before any other middleware reads the Host header.

    Load balancers and orchestrators probe each app server by its address
    (Host: 10.0.0.5:8801), which ALLOWED_HOSTS rightly refuses for the site itself; probes
    must get an answer, not a DisallowedHost error or a redirect to HTTPS. Keep it first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        check = HEALTH_CHECKS.get(request.path_info)
        if check is not None:
            response = check(request)
            # A failed probe is reported by the balancer, not mailed to ADMINS once per probe.
            response._has_been_logged = True
            return response
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers the designed 503 page, not a 500.

    Pages already in the page cache never reach the database, so they keep serving.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_DOWN):
            return None
        logger.warning(
            "Database unavailable (%s: %s); answered 503 for %s",
            type(exception).__name__,
            exception,
            request.path,
        )
        return service_unavailable(request)


class CachedPageMiddleware:
    """Serves a reader's fresh cached page before sessions, CSRF and authentication run.

    A request without a session cookie is anonymous, and the page cache holds what the view
    would answer it: looking it up here skips the half of the middleware stack that only
    matters to signed-in staff. Everything else (misses, stale pages, staff) goes on to the
    view, whose `public_page` decorator does the rest. Placed after the middleware that sets
    headers on every response (security, CSP, frame options, ETag and conditional GET).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
        if request.method in ("GET", "HEAD") and not signed_in:
            response = serve_fresh(request)
            if response is not None:
                return response
        return self.get_response(request)
