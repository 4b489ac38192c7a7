"""The audit trail: one function records an event; the request in flight supplies who and where."""

from contextvars import ContextVar

from accounts.client import client_ip
from accounts.models import AuditEvent

# Set by AuditContextMiddleware, so model signals (which carry no request) know who acted.
current_request: ContextVar = ContextVar("audit_current_request", default=None)


def record(
    action: str,
    *,
    request=None,
    actor=None,
    actor_username: str = "",
    target: str = "",
    detail: dict | None = None,
) -> AuditEvent:
    """Store an AuditEvent; `request` defaults to the one being served, if any."""
    request = request if request is not None else current_request.get()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    if actor is not None and not actor_username:
        actor_username = actor.get_username()
    return AuditEvent.objects.create(
        action=action,
        # A lazy request.user is not a model instance the foreign key accepts.
        actor_id=actor.pk if actor is not None else None,
        actor_username=actor_username,
        target=target,
        ip_address=client_ip(request) if request is not None else None,
        detail=detail or {},
    )
