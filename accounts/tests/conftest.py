"""A clock the tests can move, instead of waiting for a lock or a session to run out."""

import sys
import time
from datetime import timedelta

import pytest
from django.utils import timezone

REAL_TIME = time.time
REAL_NOW = timezone.now
COPIES_OF_NOW = [("axes.handlers.proxy", "now"), ("django.core.cache.backends.db", "tz_now")]


class Clock:
    def __init__(self):
        self.offset = timedelta(0)
        self.stopped_at = None

    def move(self, **delta):
        self.offset += timedelta(**delta)

    def stop(self):
        """From now on the clock moves only when told to, for counts to the second."""
        self.stopped_at = REAL_NOW()

    def now(self):
        return (self.stopped_at or REAL_NOW()) + self.offset

    def time(self):
        return self.now().timestamp()


@pytest.fixture
def clock(monkeypatch):
    """Moves every clock the sign-in, the session and the caches read: Django's
    timezone.now (and the copies of it imported by name) and time.time."""
    moved = Clock()
    monkeypatch.setattr(time, "time", moved.time)
    monkeypatch.setattr(timezone, "now", moved.now)
    for module, name in COPIES_OF_NOW:
        if module in sys.modules:
            monkeypatch.setattr(sys.modules[module], name, moved.now)
    return moved
