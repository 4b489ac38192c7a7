"""Middleware that keeps the site answering when its backing services fail."""

import logging

from .views import DATABASE_DOWN, service_unavailable

logger = logging.getLogger(__name__)


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
