"""Partners' reports on their measures, each with an actual figure proposed for an officer."""

from django.conf import settings
from django.db import models

from partners.models import Organisation
from web.figure_field import PrintedFigureValidator
from web.text_limits import (
    PERIOD,
    PRINTED_FIGURE,
    PROGRESS_NOTE,
    REASON,
    TITLE,
    LimitedCharField,
    LimitedTextField,
)

from .measures import Measure
from .series import MeasureFigure

# The proposal's fields -> the fields of the period's figure they become when accepted.
PROPOSED_FIGURE_FIELDS = {
    "proposed_actual": "value",
    "proposed_state": "state",
    "proposed_note": "note",
    "proposed_change": "reported_change",
    "proposed_change_kind": "reported_change_kind",
    "proposed_basis": "reported_basis",
}

# A report proposes a figure when it gives one, or says why there is none for its period.
PROPOSES_FIGURE = models.Q(proposed_actual__isnull=False) | ~models.Q(
    proposed_state=MeasureFigure.State.PROVIDED
)


class MeasureUpdateQuerySet(models.QuerySet):
    def awaiting(self):
        """The reports whose proposed figure waits for an officer."""
        return self.filter(PROPOSES_FIGURE, state=MeasureUpdate.State.SUBMITTED)


class MeasureUpdate(models.Model):
    """A partner's report on a measure: a progress note, a figure proposed for a period, or
    both. A proposed figure (a value, or why there is none) waits for an officer, who
    accepts it (it then becomes the measure's actual for that period) or returns it."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        ACCEPTED = "accepted", "Accepted"
        RETURNED = "returned", "Returned"
        # The partner sent another figure for the same period before an officer decided.
        REPLACED = "replaced", "Replaced by a later figure"

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
    # As the period's figure takes them (performance.models.MeasureFigure).
    proposed_state = models.CharField(
        "state of the proposed figure",
        max_length=20,
        choices=MeasureFigure.State.choices,
        default=MeasureFigure.State.PROVIDED,
    )
    proposed_note = LimitedTextField(
        "note on the proposed figure", max_length=PROGRESS_NOTE, blank=True
    )
    proposed_change = LimitedCharField(
        "change as reported",
        max_length=PRINTED_FIGURE,
        blank=True,
        validators=[PrintedFigureValidator()],
    )
    proposed_change_kind = models.CharField(
        "reported change is", max_length=8, choices=MeasureFigure.ChangeKind.choices, blank=True
    )
    proposed_basis = LimitedCharField("reported change basis", max_length=TITLE, blank=True)
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

    objects = MeasureUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposed_state="provided")
                | models.Q(proposed_actual__isnull=True),
                name="only_a_provided_proposal_has_a_value",
            ),
        ]

    def __str__(self):
        return f"{self.measure.reference} – {self.get_state_display()} ({self.created_at:%d %b %Y})"

    @property
    def proposes_figure(self) -> bool:
        return self.proposed_actual is not None or (
            self.proposed_state != MeasureFigure.State.PROVIDED
        )

    @property
    def awaiting(self) -> bool:
        return self.state == self.State.SUBMITTED and self.proposes_figure

    @property
    def proposed_display(self) -> str:
        """The proposed figure as printed, or why there is none ("Not yet available")."""
        if self.proposed_actual is None and self.proposes_figure:
            return self.proposed_state.capitalize()  # "Not yet available", "Lagged"
        return self.measure.formatted(self.proposed_actual)

    def proposed_figure_values(self) -> dict[str, object]:
        """The proposal as the fields of the period's figure it becomes."""
        return {
            figure_field: getattr(self, field)
            for field, figure_field in PROPOSED_FIGURE_FIELDS.items()
        }
