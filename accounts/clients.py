"""Who is asking: the account a typed username means, and the address a request came from.

Both are what the sign-in lock counts by, and what the security log names.
"""

import ipaddress
import unicodedata

from django.conf import settings


def normalise_username(raw: str) -> str:
    """The one spelling of a username that throttling counts by.

    Django's username field applies NFKC before it authenticates, so "ｐｏｌｉｃｅ" signs in
    as "police"; casefolding as well makes "Police" and "POLICE" count towards the same lock.
    """
    return unicodedata.normalize("NFKC", raw).strip().casefold()


def _networks(entries) -> list:
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries]


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The visitor's address: REMOTE_ADDR, unless that is one of TRUSTED_PROXIES, and then
    the last address in X-Forwarded-For that is not a trusted proxy. The header is ignored
    from anyone else, since a visitor can write whatever it likes there. None if there is
    no address (a request made in a test or a command); AXES_CLIENT_IP_CALLABLE."""
    address = _parse(request.META.get("REMOTE_ADDR", "")) if request is not None else None
    if address is None:
        return None
    trusted = _networks(settings.TRUSTED_PROXIES)
    if not any(address in network for network in trusted):
        return str(address)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(forwarded):
        hop_address = _parse(hop)
        if hop_address is None:
            break  # a malformed entry: trust nothing written before it
        address = hop_address
        if not any(address in network for network in trusted):
            break
    return str(address)


def client_address(request) -> str:
    """The visitor's address as the security log names it."""
    return client_ip(request) or "unknown"
