"""Browsers that have signed in before, so that no stranger can lock their owner out.

OWASP's "device cookie": after a right password the browser is given a signed cookie naming
the account. An attempt at that account from that browser is not refused by the account's
lock, nor slowed by its address's failures, and its own failures count against the cookie
instead: after LOGIN_FAILURE_LIMIT of them the cookie is trusted no longer for
LOGIN_LOCKOUT_SECONDS, and further attempts count as anyone else's. So whoever guesses at
"police" from elsewhere locks out strangers, never the officer at their own desk, and a
stolen cookie buys no more guesses than the lock allows.

A cookie is signed with SECRET_KEY (it cannot be made or changed without it) and holds
the accounts that signed in in this browser, most recent first.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing

from . import counters
from .clients import normalise_username
from .limits import failure_limit, lockout_period

COOKIE = "csp_known_browser"
SALT = "accounts.known_browsers"
KEEP_DAYS = 180
MOST_ACCOUNTS = 5  # one browser, a few people: a shared office PC
_PENDING = "csp_known_browser_cookie"  # on the request, for the response to carry
_VERDICTS = "csp_known_browser_verdicts"  # on the request: one answer per account


def _entries(request) -> list[list[str]]:
    raw = request.COOKIES.get(COOKIE) if request is not None else None
    if not raw:
        return []
    try:
        entries = signing.loads(raw, salt=SALT, max_age=timedelta(days=KEEP_DAYS))
    except signing.BadSignature:
        return []
    valid = isinstance(entries, list) and all(
        isinstance(entry, list) and len(entry) == 2 and all(isinstance(x, str) for x in entry)
        for entry in entries
    )
    return entries if valid else []


def _token_for(request, username: str) -> str | None:
    account = normalise_username(username)
    return next((token for name, token in _entries(request) if name == account), None)


def _failures_key(token: str) -> str:
    return "known-browser:" + token


def is_trusted(request, username: str) -> bool:
    """Whether this attempt at `username` comes from a browser that signed in as it before,
    and has not itself used up its guesses. Decided once per request, so that the failure
    this attempt may cause is counted where the check said it would be."""
    verdicts = getattr(request, _VERDICTS, None) if request is not None else None
    if verdicts is None:
        verdicts = {}
        if request is not None:
            setattr(request, _VERDICTS, verdicts)
    account = normalise_username(username)
    if account not in verdicts:
        token = _token_for(request, account)
        verdicts[account] = (
            token is not None
            and counters.hits(_failures_key(token), window=lockout_period()) < failure_limit()
        )
    return verdicts[account]


def count_failure(request, username: str) -> None:
    """A wrong password from a trusted browser counts against its cookie."""
    if is_trusted(request, username):
        counters.add_hit(_failures_key(_token_for(request, username)), window=lockout_period())


def remember(request, username: str) -> None:
    """After a right password: this browser is known for `username` from now on."""
    account = normalise_username(username)
    others = [entry for entry in _entries(request) if entry[0] != account]
    entries = [[account, secrets.token_urlsafe(16)], *others][:MOST_ACCOUNTS]
    setattr(request, _PENDING, signing.dumps(entries, salt=SALT, compress=True))


class KnownBrowserMiddleware:
    """Gives the browser the cookie that remember() made during the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        value = getattr(request, _PENDING, None)
        if value is not None:
            response.set_cookie(
                COOKIE,
                value,
                max_age=int(timedelta(days=KEEP_DAYS).total_seconds()),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
