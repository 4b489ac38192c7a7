import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from accounts import twofactor
from accounts.audit import current_request

LAST_SEEN_KEY = "desk_last_seen"
# Write the session at most this often, not on every request.
LAST_SEEN_RESOLUTION = 60


class AuditContextMiddleware:
    """Lets audit receivers of model signals know the request (who, from where)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)


class DeskIdleTimeoutMiddleware:
    """Signs out staff whose last request is older than DESK_IDLE_MINUTES."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.is_staff:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.DESK_IDLE_MINUTES * 60:
                request.logout_reason = "idle"
                logout(request)
                messages.info(
                    request,
                    f"You were signed out after {settings.DESK_IDLE_MINUTES} minutes without "
                    "activity. Please log in again.",
                )
            elif last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class DeskTwoFactorMiddleware:
    """Sends desk users who still owe a second factor to enter their code, or to enrol."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.must_verify(request):
            enrolled = twofactor.is_enrolled(request.user)
            target = reverse("accounts:verify" if enrolled else "accounts:enrol")
            next_url = request.get_full_path()
            if request.method == "GET" and url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}
            ):
                target += "?" + urlencode({"next": next_url})
            return redirect(target)
        return self.get_response(request)

    @staticmethod
    def must_verify(request) -> bool:
        desk = reverse("admin:index")
        if not request.path.startswith(desk):
            return False
        # The sign-in pages themselves, and the way out.
        exempt = (reverse("accounts:verify"), reverse("accounts:enrol"), reverse("admin:logout"))
        if request.path in exempt or request.path == reverse("admin:login"):
            return False
        user = request.user
        return user.is_authenticated and user.is_staff and twofactor.needs_code(user)
