"""The client's address, as far as our own proxies can vouch for it."""

from ipaddress import ip_address

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or the X-Forwarded-For entry our trusted proxies appended.

    NGINX (`proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`) appends the address
    it saw to whatever the client sent, so only the last TRUSTED_PROXY_COUNT entries are ours;
    anything further left is the client's to invent.
    """
    address = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= count:
            address = hops[-count]
    try:
        return str(ip_address(address)) if address else None
    except ValueError:
        return None
