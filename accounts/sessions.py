"""Session limits for signed-in users (30 minutes idle, 12 hours in all, no caching of
their pages), and a log line for every refused request."""

from datetime import UTC, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from .security_log import log_refusal

LAST_SEEN = "last_seen"
SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_PRECISION = 60  # seconds


def now_seconds() -> int:
    return int(timezone.now().timestamp())


def absolute_end(session) -> datetime:
    """SESSION_COOKIE_AGE after signing in, however busy the session has been."""
    started = session[SIGNED_IN_AT]
    return datetime.fromtimestamp(started + settings.SESSION_COOKIE_AGE, tz=UTC)


def _pin_expiry(session) -> None:
    # A date, not a number of seconds: Django would count seconds again from each save,
    # and the session (and its cookie) would never end while in use.
    session.set_expiry(absolute_end(session))


# The sign-in page's address carries this when the page itself saw the 12 hours end: by
# then the session is gone, and nothing else tells the user why they must sign in again.
ENDED = "ended"


def in_words(seconds: int) -> str:
    for unit, size in (("hour", 3600), ("minute", 60), ("second", 1)):
        if seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}" + ("" if count == 1 else "s")
    raise AssertionError("unreachable: every whole number of seconds is in seconds")


def _why_absolute() -> str:
    return f"{in_words(settings.SESSION_COOKIE_AGE)} after signing in"


def _tell_signed_out(request, why: str) -> None:
    messages.info(request, f"You were signed out {why}. Sign in again to carry on.")


def _sign_out(request, why: str):
    logout(request)
    _tell_signed_out(request, why)
    return redirect_to_login(request.get_full_path())


class SessionSecurityMiddleware:
    """Signs out a user idle for SESSION_IDLE_SECONDS, and every user SESSION_COOKIE_AGE
    after they signed in, however active. Pages shown to a signed-in user are never stored
    by the browser or a proxy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and request.GET.get(ENDED) == "absolute":
            _tell_signed_out(request, _why_absolute())
        if request.user.is_authenticated:
            session = request.session
            now = now_seconds()
            if SIGNED_IN_AT not in session:  # a session from before the 12-hour end existed
                session[SIGNED_IN_AT] = now
                _pin_expiry(session)
            if now >= session[SIGNED_IN_AT] + settings.SESSION_COOKIE_AGE:
                return _sign_out(request, _why_absolute())
            last_seen = session.get(LAST_SEEN, now)
            if now - last_seen > settings.SESSION_IDLE_SECONDS:
                idle = in_words(settings.SESSION_IDLE_SECONDS)
                return _sign_out(request, f"after {idle} without activity")
            # Saving the session costs queries: refresh the clock at most once a minute.
            if now - last_seen >= LAST_SEEN_PRECISION or LAST_SEEN not in session:
                session[LAST_SEEN] = now
                _pin_expiry(session)
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        if response.status_code in (403, 404, 405):
            log_refusal(request, response.status_code)
        return response


def session_timeout(request):
    """Context for static/js/session-timeout.js: the idle limit its warning counts down to,
    and the seconds until the session's 12 hours end, when it goes to the sign-in page."""
    session = getattr(request, "session", None)
    seconds_left = None
    if session is not None and SIGNED_IN_AT in session:
        seconds_left = max(0, session[SIGNED_IN_AT] + settings.SESSION_COOKIE_AGE - now_seconds())
    return {
        "session_idle_seconds": settings.SESSION_IDLE_SECONDS,
        "session_seconds_left": seconds_left,
    }


def start_clocks(sender, request, user, **kwargs):
    """Connected to user_logged_in: the idle clock and the 12 hours start at sign-in."""
    if request is not None and hasattr(request, "session"):
        now = now_seconds()
        request.session[LAST_SEEN] = now
        request.session[SIGNED_IN_AT] = now
        _pin_expiry(request.session)
