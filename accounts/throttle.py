"""Desk login throttling on top of django-axes (settings: the "Accounts" block)."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.shortcuts import render


class DeskLoginHandler(AxesDatabaseHandler):
    """Axes's database handler with a separate, higher limit for one address.

    AXES_LOCKOUT_PARAMETERS is [[username, ip_address], ip_address]; axes compares both counts
    to one limit, which would lock a whole office out after five typos spread over colleagues.
    Here the pair locks at AXES_FAILURE_LIMIT and the address alone at
    DESK_LOGIN_IP_FAILURE_LIMIT; a successful login clears only its own pair's failures, so an
    attacker's own account cannot wipe the record of guesses at someone else's.
    """

    def get_failures(self, request, credentials=None) -> int:
        pair, address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if address >= settings.DESK_LOGIN_IP_FAILURE_LIMIT:
            return max(pair, get_failure_limit(request, credentials))
        return pair

    def reset_user_attempts(self, request, credentials=None) -> int:
        pair = self.filter_user_attempts(request, credentials)[0]
        count, _ = pair.delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """The desk's lockout page (429), in place of axes's one line of text."""
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": "Too many failed logins",
        "username": get_client_username(request, credentials) or "",
        "cool_off_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    # Rendered now: AxesMiddleware swaps it in after the view, past TemplateResponse rendering.
    return render(request, "accounts/lockout.html", context, status=429)
