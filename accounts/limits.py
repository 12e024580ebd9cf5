"""The sign-in limits, read from the settings when asked (so that a test can change them):
how many failures lock an account, and for how long."""

from datetime import timedelta

from django.conf import settings


def failure_limit(request=None, credentials=None) -> int:
    """AXES_FAILURE_LIMIT."""
    return settings.LOGIN_FAILURE_LIMIT


def lockout_period(request=None) -> timedelta:
    """AXES_COOLOFF_TIME: also the window in which failures count at all."""
    return timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def lockout_minutes() -> int:
    return settings.LOGIN_LOCKOUT_SECONDS // 60
