"""Sign-in throttling on django-axes, configured for the portal (AXES_* in the settings).

Failed attempts are counted in the database, so every server process counts together,
per account: the username as the username field reads it, casefolded, so one lock whatever
the spelling. LOGIN_FAILURE_LIMIT failures lock the account for LOGIN_LOCKOUT_SECONDS,
exactly: attempts while locked do not extend it. Two things keep that lock from being a
weapon against the account's owner or a whole office:
- a browser the owner has signed in with before is not held by the account's lock, and
  counts its own failures instead (accounts.known_browsers);
- an address is never locked, only slowed once it has failed at many accounts
  (accounts.address_pace), since everyone behind one proxy or network shares it.

A password check and the count it leads to run while the account's and the address's locks
are held (accounts.counters.hold), so simultaneous attempts are checked one at a time and
never more than the limit.
"""

import hashlib
import logging
from contextlib import contextmanager

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler

from . import address_pace, counters, known_browsers
from .clients import client_address, normalise_username

logger = logging.getLogger("csp_portal.security")

USERNAME = "username"


class SignInLockBackend(AxesStandaloneBackend):
    """Refuses a locked account or client before any password is checked. Code that
    authenticates without a request (a command, a test) has no visitor to count, and
    passes through to the next backend as Django allows."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def username_of_attempt(request, credentials=None) -> str | None:
    """AXES_USERNAME_CALLABLE: the account an attempt counts against."""
    raw = (credentials or {}).get(USERNAME)
    if raw is None and request is not None:
        raw = request.POST.get(USERNAME)
    if raw is None:
        return None
    name = normalise_username(str(raw))
    # Fits axes' column whatever was typed; no real username is this long.
    return name if len(name) <= 200 else "sha256:" + hashlib.sha256(name.encode()).hexdigest()


def from_known_browser(request, credentials=None) -> bool:
    """AXES_WHITELIST_CALLABLE: an attempt from a browser that signed in as this account
    before is neither refused by the account's lock nor counted towards it."""
    username = username_of_attempt(request, credentials)
    return username is not None and known_browsers.is_trusted(request, username)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page itself says the account is locked, in plain words."""
    return original_response


@contextmanager
def one_at_a_time(request, username: str):
    """Checks of one account's password, or from one address, wait for each other."""
    account = username_of_attempt(request, {USERNAME: username}) or ""
    keys = [
        "sign-in:account:" + hashlib.sha256(account.encode()).hexdigest(),
        "sign-in:address:" + hashlib.sha256(client_address(request).encode()).hexdigest(),
    ]
    with counters.hold(*keys):
        yield


def is_locked_out(request) -> bool:
    """After a refused authenticate(): whether the lock, not the password, refused it."""
    return bool(getattr(request, "axes_locked_out", False))


def may_try(request, username: str) -> bool:
    return AxesProxyHandler.is_allowed(request, {USERNAME: username})


def seconds_to_wait(request, username: str) -> int:
    """How long an attempt must wait because its address has failed at many accounts; a
    known browser never waits."""
    if from_known_browser(request, {USERNAME: username}):
        return 0
    return address_pace.seconds_to_wait(request)


def count_wrong_password(request, username: str) -> None:
    """A wrong password typed anywhere else (the current password of a password change)
    counts towards the same lock as a failed sign-in."""
    known_browsers.count_failure(request, username)
    AxesProxyHandler.user_login_failed(
        sender=__name__, credentials={USERNAME: username}, request=request
    )


def forget_failures(sender, request, user, **kwargs):
    """Connected to user_logged_in: a success clears the account's failures (and only its
    own: an address's failures at other usernames still count), and the browser is known
    for the account from now on."""
    AxesProxyHandler.reset_attempts(username=username_of_attempt(None, {USERNAME: user.username}))
    known_browsers.remember(request, user.username)


def log_failure(sender, credentials, request=None, **kwargs):
    """Connected to user_login_failed. Django has already masked the password."""
    username = str(credentials.get(USERNAME, ""))[:150]
    known_browsers.count_failure(request, username)
    logger.warning("Failed sign-in for username %r from %s", username, client_address(request))


def log_lockout(sender, request, username, ip_address, **kwargs):
    """Connected to axes' user_locked_out: the lock was reached, or refused an attempt."""
    logger.warning("Sign-in locked for username %r from %s", username, client_address(request))


def connect() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_login_failed

    user_login_failed.connect(log_failure, dispatch_uid="csp-security-sign-in-failed")
    user_locked_out.connect(log_lockout, dispatch_uid="csp-security-sign-in-locked")
    user_logged_in.connect(forget_failures, dispatch_uid="csp-sign-in-forget-failures")
