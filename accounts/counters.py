"""Atomic counts and locks in the shared database, the same for every server process.

On PostgreSQL a row is locked by the upsert until the transaction ends; on SQLite the upsert
takes the database's write lock, so the other processes wait their turn.
"""

from contextlib import contextmanager
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import Throttle

FORGET_AFTER = timedelta(days=1)


def _take(key: str, now) -> None:
    Throttle.objects.bulk_create(
        [Throttle(key=key, hits=0, window_start=now, touched=now)],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["touched"],
    )


@contextmanager
def hold(*keys: str):
    """Run the block with these keys locked: no other process holding one of them runs
    at the same time. Keys are taken in one order, so two holders never wait on each other."""
    now = timezone.now()
    with transaction.atomic():
        for key in sorted(set(keys)):
            _take(key, now)
        yield


def _current(key: str, now, window: timedelta) -> Throttle:
    """The key's row, locked, with its count started again if its window has passed."""
    _take(key, now)
    row = Throttle.objects.get(key=key)
    if row.window_start <= now - window:
        row.hits, row.window_start = 0, now
    return row


def _count(row: Throttle, now) -> None:
    row.hits += 1
    row.save(update_fields=["hits", "window_start"])
    Throttle.objects.filter(touched__lt=now - FORGET_AFTER).delete()


def spend(key: str, *, limit: int, window: timedelta) -> bool:
    """Count one use of key; False, and nothing counted, if key has had `limit` uses in
    the window that began with its first use."""
    now = timezone.now()
    with transaction.atomic():
        row = _current(key, now, window)
        if row.hits >= limit:
            return False
        _count(row, now)
    return True


def hits(key: str, *, window: timedelta) -> int:
    """How many uses key has had in the window that began with its first use."""
    row = Throttle.objects.filter(key=key).first()
    if row is None or row.window_start <= timezone.now() - window:
        return 0
    return row.hits


def add_hit(key: str, *, window: timedelta) -> None:
    """Count one use of key, whatever its count."""
    now = timezone.now()
    with transaction.atomic():
        _count(_current(key, now, window), now)
