"""Slow down password guessing: after repeated failures, refuse sign-in for a while.

Counts are kept in the default cache per username and per address, so neither a single
account nor a single address can be tried without limit. The cache must be shared between
server processes in production (see README, "Production").
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger("csp_portal.security")


def _keys(username: str, address: str) -> list[str]:
    # Hash so that whatever a visitor types as a username never becomes a cache key as is.
    name = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    return [f"login-failures:user:{name}", f"login-failures:addr:{address}"]


def is_locked_out(username: str, address: str) -> bool:
    limit = settings.LOGIN_FAILURE_LIMIT
    return any((cache.get(key) or 0) >= limit for key in _keys(username, address))


def record_failure(username: str, address: str) -> None:
    for key in _keys(username, address):
        cache.add(key, 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)
    logger.warning("Failed sign-in for username %r from %s", username[:150], address)


def clear_failures(username: str, address: str) -> None:
    cache.delete_many(_keys(username, address)[:1])
