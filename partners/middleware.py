"""Session limits for signed-in users (an idle timeout, no caching of their pages), and a
log line for every refused request."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers

from .security_log import log_refusal

LAST_SEEN = "last_seen"
LAST_SEEN_PRECISION = 60  # seconds


class SessionSecurityMiddleware:
    """Signs out a user idle for SESSION_IDLE_SECONDS; the session's whole life is capped
    by SESSION_COOKIE_AGE (it is not renewed on each request). Pages shown to a signed-in
    user are never stored by the browser or a proxy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN, now)
            if now - last_seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
                minutes = settings.SESSION_IDLE_SECONDS // 60
                messages.info(
                    request,
                    f"You were signed out after {minutes} minutes without activity. "
                    "Sign in again to carry on.",
                )
                return redirect_to_login(request.get_full_path())
            # Saving the session costs queries: refresh the clock at most once a minute.
            if now - last_seen >= LAST_SEEN_PRECISION or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        if response.status_code in (403, 404, 405):
            log_refusal(request, response.status_code)
        return response


def session_timeout(request):
    """Context for the idle-timeout warning that static/js/session-timeout.js shows."""
    return {"session_idle_seconds": settings.SESSION_IDLE_SECONDS}


def start_idle_clock(sender, request, user, **kwargs):
    """Connected to user_logged_in: the idle clock starts when the user signs in."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())
