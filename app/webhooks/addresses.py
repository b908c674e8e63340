"""Where webhooks may go (DESIGN §18): an https URL whose host is, and resolves only to,
public addresses. Loopback, private, link-local, unique-local and other non-global
addresses are refused, when an endpoint is saved and again at each delivery, after the name
is resolved (the delivery then connects to an address checked here, so a name that resolves
differently a moment later changes nothing). ``allow_private`` (WEBHOOKS_ALLOW_PRIVATE=1)
lifts this, and allows plain http, for self-hosted setups and tests."""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from app.i18n import _


class Refused(Exception):
    """A URL or address webhooks may not go to; ``message`` says why, in the reader's words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Destination:
    scheme: str
    host: str
    port: int
    target: str  # the path and query posted to


def parse(url: str, allow_private: bool) -> Destination:
    """The parts of an endpoint's URL, or Refused: https only (http too when private
    addresses are allowed), a host, no user name or password in it, no fragment."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise Refused(_("Enter a valid URL, such as https://example.com/webhooks.")) from None
    schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in schemes or not parts.hostname:
        raise Refused(_("The URL must start with https:// and name a host."))
    if parts.username is not None or parts.password is not None:
        raise Refused(_("The URL cannot hold a user name or password."))
    if parts.fragment:
        raise Refused(_("The URL cannot hold a fragment (#…)."))
    default = 443 if parts.scheme == "https" else 80
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Destination(parts.scheme, parts.hostname.rstrip(".").lower(), port or default, target)


def is_refused(address: str) -> bool:
    """True for an address that is not public: loopback, private, link-local, unique-local,
    shared, reserved, multicast or unspecified (an IPv4 address mapped into IPv6 counts as itself)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (a literal address is itself)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise Refused(_("The host %(host)s does not resolve to an address.", host=host)) from None
    return list(dict.fromkeys(info[4][0] for info in found))


def checked(url: str, allow_private: bool) -> tuple[Destination, list[str]]:
    """The URL's destination and the addresses it may be reached at, or Refused. With
    ``allow_private``, the name is resolved only when the delivery connects."""
    destination = parse(url, allow_private)
    if allow_private:
        return destination, []
    addresses = resolve(destination.host, destination.port)
    refused = [address for address in addresses if is_refused(address)]
    if refused:
        raise Refused(_("Webhooks cannot go to %(host)s: it is or resolves to a private, loopback or link-local "
                        "address (%(address)s).", host=destination.host, address=refused[0]))
    return destination, addresses
