"""The one check any server-side fetch of a remote image must pass (SSRF, Ghost CVE-2026-53946).

Nothing in the newsroom fetches remote files today: the Ghost import keeps image addresses
as `Image.source_url` and readers' browsers load them. A future fetch (an "import images"
option, an oEmbed thumbnail) must call `public_http_url()` first and connect only to the
address it returns, so a crafted URL cannot reach the loopback interface, the private network,
the cloud's metadata service or any other reserved range.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

SCHEMES = {"http": 80, "https": 443}


class UnsafeURL(ValueError):
    """An address the server must not fetch; the message says why, for an operator's report."""


def public_http_url(url: str) -> tuple[str, list[str]]:
    """(url, the public IP addresses its host resolves to) or UnsafeURL.

    Every address the name resolves to must be public: one private answer among public ones is
    how DNS rebinding gets in.
    """
    try:
        parts = urlsplit(url)
        port = parts.port or SCHEMES.get(parts.scheme, 0)
    except ValueError as error:
        raise UnsafeURL(f"{url!r} is not a web address ({error}).") from None
    if parts.scheme not in SCHEMES:
        raise UnsafeURL(f"{url!r}: only http and https addresses are fetched.")
    if not parts.hostname:
        raise UnsafeURL(f"{url!r} names no host.")
    if parts.username or parts.password:
        raise UnsafeURL(f"{url!r}: addresses with a user name or password are not fetched.")
    try:
        answers = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise UnsafeURL(f"{parts.hostname!r} does not resolve ({error}).") from None
    addresses = []
    for *_, sockaddr in answers:
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            raise UnsafeURL(f"{parts.hostname!r} resolves to {address}, which is not public.")
        addresses.append(str(address))
    if not addresses:
        raise UnsafeURL(f"{parts.hostname!r} does not resolve.")
    return url, addresses
