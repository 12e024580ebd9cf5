from django.db import models


class Throttle(models.Model):
    """A counter, or a lock, shared by every server process through the database.

    Sign-in holds one row per account and per client while it checks a password, so that
    simultaneous attempts are checked one at a time; password reset counts its requests
    here (accounts.counters)."""

    key = models.CharField(max_length=80, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField()
    touched = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.hits} since {self.window_start:%Y-%m-%d %H:%M}"
