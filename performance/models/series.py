"""A measure's series: one row per figure (a baseline, a target or an actual for a period).

The period is kept as printed and, where the parser reads it, as a real date range worked out
with the partnership's year start when the row is saved, so that pages compare and order
figures by dates without parsing labels again. The arithmetic on a series is pure and lives
in `performance.series_calculations`; `as_series_figure` hands a row to it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from figure_text import parse_printed_figure
from periods import Kind, Period, parse_period
from web.figure_field import PrintedFigureValidator
from web.text_limits import (
    PERIOD,
    PRINTED_FIGURE,
    PROGRESS_NOTE,
    TITLE,
    LimitedCharField,
    LimitedTextField,
)

from .. import series_calculations as series
from .measures import Measure

# The ratings `calculations.rag` gives, in the words a reader sees.
RAG_CHOICES = [("green", "Green"), ("amber", "Amber"), ("red", "Red")]


class FigureManager(models.Manager):
    def get_by_natural_key(self, partnership_slug, start_year, reference, what, period_label):
        return self.get(
            measure__plan__partnership__slug=partnership_slug,
            measure__plan__start_year=start_year,
            measure__reference=reference,
            what=what,
            period_label=period_label,
        )


class MeasureFigure(models.Model):
    class What(models.TextChoices):
        BASELINE = "baseline", "Baseline"
        TARGET = "target", "Target"
        ACTUAL = "actual", "Actual"

    class State(models.TextChoices):
        # The values are the words the arithmetic shows ("n/a (not yet available)").
        PROVIDED = series.State.PROVIDED.value, "Provided"
        NOT_YET_AVAILABLE = series.State.NOT_YET_AVAILABLE.value, "Not yet available"
        NOT_APPLICABLE = series.State.NOT_APPLICABLE.value, "Not applicable"
        LAGGED = series.State.LAGGED.value, "Lagged (say how in the note)"

    class ChangeKind(models.TextChoices):
        PERCENT = series.ChangeKind.PERCENT.value, "% (relative change)"
        POINTS = series.ChangeKind.POINTS.value, "percentage points"
        COUNT = series.ChangeKind.COUNT.value, "in the measure's unit"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="figures")
    what = models.CharField(max_length=8, choices=What.choices)
    period_label = LimitedCharField(
        "period",
        max_length=PERIOD,
        blank=True,
        help_text="As the source prints it, e.g. '2010/11', 'Q2 2015/16' or 'Jan to Dec 2011'.",
    )
    # Worked out from the label when saved (see `read_period`); empty when it cannot be read.
    period_start = models.DateField(null=True, blank=True, editable=False)
    period_end = models.DateField(null=True, blank=True, editable=False)
    period_kind = models.CharField(
        max_length=20,
        choices=[(kind.value, kind.value) for kind in Kind],
        blank=True,
        editable=False,
    )
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PROVIDED)
    note = LimitedTextField(
        max_length=PROGRESS_NOTE,
        blank=True,
        help_text="Why a figure is lagged or not available, or anything a reader needs to know.",
    )
    source = LimitedCharField(
        max_length=TITLE, blank=True, help_text="Where this figure comes from, e.g. 'Genesis'."
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(null=True, blank=True)
    # Kept as printed, not as a stored number: its decimal places ("-12.50%" has two) say how
    # closely the portal's own change can be held to it, and a number column would pad "5.1"
    # to "5.10" and check it to a hundredth.
    reported_change = LimitedCharField(
        "change as reported",
        max_length=PRINTED_FIGURE,
        blank=True,
        validators=[PrintedFigureValidator()],
        help_text="The change the source printed beside the figure, signed, with its decimal "
        "places as printed: -5.1 for '(5.1% reduction)', -12.50 for '-12.50%'.",
    )
    reported_change_kind = models.CharField(
        "reported change is", max_length=8, choices=ChangeKind.choices, blank=True
    )
    reported_basis = LimitedCharField(
        "reported change basis",
        max_length=TITLE,
        blank=True,
        help_text="In the source's words, e.g. 'on the same period last year'.",
    )
    # The rating of a closed period, recorded when its actual is accepted and shown as
    # recorded afterwards, even if rules or targets change (never re-rated).
    recorded_status = models.CharField(
        max_length=20, choices=Measure.STATUS_LABELS.items(), blank=True, editable=False
    )
    recorded_rag = models.CharField(
        "recorded RAG", max_length=10, choices=RAG_CHOICES, blank=True, editable=False
    )
    history = HistoricalRecords()

    objects = FigureManager()

    class Meta:
        ordering = ["measure", "what", "period_end", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "what", "period_label"],
                name="one_figure_per_measure_what_and_period",
            ),
            models.CheckConstraint(
                condition=Q(state="provided") | Q(value__isnull=True),
                name="only_a_provided_figure_has_a_value",
            ),
        ]

    def __str__(self):
        return f"{self.measure.reference} {self.get_what_display().lower()} {self.period_label}"

    def natural_key(self):
        return (*self.measure.natural_key(), self.what, self.period_label)

    natural_key.dependencies = ["performance.measure"]

    def clean(self):
        errors = {}
        if self.state != self.State.PROVIDED and self.value is not None:
            errors["value"] = "Leave the value empty when the figure is not provided."
        if self.state == self.State.LAGGED and not self.note.strip():
            errors["note"] = "Say in the note how late the figure is."
        if (not self.reported_change) != (not self.reported_change_kind):
            errors["reported_change_kind"] = (
                "Give both the reported change and what it is, or neither."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.read_period()
        super().save(*args, **kwargs)

    def read_period(self, year_start_month: int | None = None) -> None:
        """Fill the dates and kind from the label, with the partnership's year start."""
        if year_start_month is None:
            year_start_month = self.measure.plan.partnership.year_start_month
        period = parse_period(self.period_label, year_start_month)
        self.period_start = period.start if period else None
        self.period_end = period.end if period else None
        self.period_kind = period.kind.value if period else ""

    @property
    def period(self) -> Period | None:
        """The period as the arithmetic takes it; None when the label could not be read."""
        if self.period_start is None or self.period_end is None:
            return None
        return Period(
            start=self.period_start,
            end=self.period_end,
            label=self.period_label,
            kind=Kind(self.period_kind),
            year_start_month=self.measure.plan.partnership.year_start_month,
        )

    def is_for(self, period) -> bool:
        """Whether the figure is for exactly the period's dates: by dates, never by label
        ("July to September 2012" is "Q2 2012/13")."""
        return (self.period_start, self.period_end) == (period.start, period.end)

    @property
    def reported_change_number(self):
        """The reported change as a Decimal with its printed places, or None for none."""
        return parse_printed_figure(self.reported_change, allow_negative=True)

    def as_series_figure(self) -> series.SeriesFigure | None:
        period = self.period
        if period is None:
            return None
        return series.SeriesFigure(
            period=period,
            value=self.measure.printed(self.value),
            state=series.State(self.state),
            note=self.note,
        )


def figure_for(rows, label: str, period: Period | None) -> MeasureFigure | None:
    """Of `rows`, the one stored under `label`, else the one for the period's dates (the
    label as read); None when neither is there."""
    rows = list(rows)
    same_label = next((row for row in rows if row.period_label == label), None)
    if same_label is not None or period is None:
        return same_label
    return next((row for row in rows if row.is_for(period)), None)
