"""Partners' reports on their measures, each with an actual figure proposed for an officer."""

from django.conf import settings
from django.db import models

from partners.models import Organisation
from web.text_limits import PERIOD, PROGRESS_NOTE, REASON, LimitedCharField, LimitedTextField

from .measures import Measure


class MeasureUpdate(models.Model):
    """A partner's report on a measure, with an actual figure proposed for an officer to
    accept (it then becomes the measure's actual) or return."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        ACCEPTED = "accepted", "Accepted"
        RETURNED = "returned", "Returned"

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    note = LimitedTextField("progress", max_length=PROGRESS_NOTE, blank=True)
    proposed_actual = models.DecimalField(
        "proposed actual figure", max_digits=14, decimal_places=2, null=True, blank=True
    )
    proposed_period = LimitedCharField(
        "period of the proposed figure", max_length=PERIOD, blank=True, help_text="e.g. 2012/13"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.SUBMITTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = LimitedTextField(
        "reason for returning the figure",
        max_length=REASON,
        blank=True,
        help_text="Why a figure was returned.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]

    def __str__(self):
        return f"{self.measure.reference} – {self.get_state_display()} ({self.created_at:%d %b %Y})"

    @property
    def proposed_display(self) -> str:
        return self.measure.formatted(self.proposed_actual)
