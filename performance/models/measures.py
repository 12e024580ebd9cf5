"""Measures: the plan's figures (baseline, target, actual) and what they add up to."""

from decimal import Decimal
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from actionplan import policy
from actionplan.models import Plan, Priority
from figure_text import round_half_up
from partners.models import Organisation
from web.text_limits import (
    CODE,
    DESCRIPTION,
    PERIOD,
    TITLE,
    LimitedCharField,
    LimitedTextField,
)

from .. import calculations
from ..figure_rules import STORED_DECIMAL_PLACES
from ..series_calculations import Aggregation, labels_differ


def reported_by(organisation_id: int) -> Q:
    return Q(responsible_organisation_id=organisation_id)


class MeasureQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The measures a user may see (see actionplan.policy): officers and administrators
        their partnerships'; a partner user those their organisation is responsible for."""
        queryset = self.select_related("plan__partnership", "priority", "responsible_organisation")
        return policy.partnership_scope(queryset, user, partner=reported_by)

    def write_if_current(self, *, pk, version, values, seen=None) -> bool:
        """Write fields with one UPDATE, only while the row is still at the version (and, if
        given, the figures) its writer read, and bump the version so that any other
        writer's stale check notices. False when someone saved it in between.

        The one writer of measures (performance.services) is its only caller."""
        current = self.filter(pk=pk, version=version, **same_values(seen or {}))
        return current.update(**values, version=F("version") + 1, **STANDING_OUTDATED) == 1

    def standings_outdated(self) -> int:
        """Mark the stored standings of these measures as to be worked out again: their
        figures, or what the standing reads of the measure, changed."""
        return self.update(**STANDING_OUTDATED)


# The stored standing (see performance.standings) is emptied, and its stamp moved on, by
# every write that can change it; a reader that worked one out from what it read before
# stores it only while the stamp is as it read it.
STANDING_OUTDATED = {"standing_lines": None, "standing_stamp": F("standing_stamp") + 1}
STORED_STANDING_FIELDS = tuple(STANDING_OUTDATED)


def same_values(seen: dict) -> dict:
    """Filter arguments matching a row whose fields still hold the values seen (None too)."""
    return {
        (f"{name}__isnull" if value is None else name): True if value is None else value
        for name, value in seen.items()
    }


class MeasureManager(models.Manager.from_queryset(MeasureQuerySet)):
    def get_by_natural_key(self, partnership_slug, start_year, reference):
        return self.get(
            plan__partnership__slug=partnership_slug,
            plan__start_year=start_year,
            reference=reference,
        )


class Measure(models.Model):
    class Category(models.TextChoices):
        PARTNERSHIP = "partnership", "Partnership target"
        POLICE = "police", "Police target"
        PRIORITY = "priority", "Priority measure"

    class Unit(models.TextChoices):
        COUNT = "count", "Count"
        PERCENT = "percent", "Percent"
        MILESTONE = "milestone", "Milestone"

    class Direction(models.TextChoices):
        REDUCE = "reduce", "Reduce"
        INCREASE = "increase", "Increase"
        MAINTAIN = "maintain", "Maintain"

    class Frequency(models.TextChoices):
        ANNUAL = "annual", "Annual"
        QUARTERLY = "quarterly", "Quarterly"
        MONTHLY = "monthly", "Monthly"

    class Aggregation(models.TextChoices):
        SUM = Aggregation.SUM.value, "Sum (a count)"
        AVERAGE = Aggregation.AVERAGE.value, "Average (a rate or percentage)"
        LATEST = Aggregation.LATEST.value, "Latest (a level)"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="measures")
    priority = models.ForeignKey(
        Priority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        help_text="Empty for partnership and police targets, which belong to the whole plan.",
    )
    reference = LimitedCharField(
        max_length=CODE,
        help_text="A short code, unique within the plan, used in spreadsheets, e.g. 'PT1'.",
    )
    category = models.CharField(max_length=12, choices=Category.choices)
    label = LimitedTextField(
        max_length=DESCRIPTION, help_text="The measure or target as the plan words it."
    )
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.COUNT)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    decimal_places = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(STORED_DECIMAL_PLACES)],
        help_text="How many decimal places the figures of this measure are given to (0 to 2).",
    )
    frequency = models.CharField(
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.ANNUAL,
        help_text="How often partners send an actual figure.",
    )
    aggregation = models.CharField(
        max_length=10,
        choices=Aggregation.choices,
        blank=True,
        help_text="How shorter periods make a longer one. Empty: as the unit says (counts add "
        "up, percentages are averaged, a milestone is the latest). A rate is never added up.",
    )
    source = LimitedCharField(
        max_length=TITLE, blank=True, help_text="Where the figures come from, e.g. 'Genesis'."
    )
    responsible_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        help_text="The partner who reports the figures.",
    )
    baseline_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_period = LimitedCharField(
        max_length=PERIOD, blank=True, help_text="e.g. '2010/11' or 'Jan to Dec 2011'."
    )
    target_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_period = LimitedCharField(max_length=PERIOD, blank=True, help_text="e.g. '2012/13'.")
    target_text = LimitedCharField(
        "target as stated",
        max_length=TITLE,
        blank=True,
        help_text="The target in the plan's words, e.g. '1% reduction' or 'maintain this level'.",
    )
    actual_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    actual_period = LimitedCharField(max_length=PERIOD, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up with every save of the measure, so a stale edit can be refused.",
    )
    # The measure's standing by period as the overview and the PDF show it, stored because it
    # reads the whole series (performance.standings): its lines as [label, text] pairs, [] for
    # a measure with no standing, None until it is worked out again.
    standing_lines = models.JSONField(null=True, blank=True, editable=False)
    standing_stamp = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["version", *STORED_STANDING_FIELDS])

    objects = MeasureManager()

    class Meta:
        ordering = ["plan", "category", "priority__order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "reference"], name="unique_measure_reference_per_plan"
            )
        ]

    def __str__(self):
        return f"{self.reference}: {self.label[:80]}"

    def natural_key(self):
        return (*self.plan.natural_key(), self.reference)

    natural_key.dependencies = ["actionplan.plan", "actionplan.priority"]

    def save(self, *args, **kwargs):
        # The stored standing is written only by performance.standings, guarded by its stamp:
        # an instance read before a figure changed must not put back the standing and stamp
        # it read. So an update saves every other field, and never those two.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kept = {*STORED_STANDING_FIELDS, *self.get_deferred_fields()}
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.attname not in kept and field.name not in kept
            ]
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.priority_id and self.plan_id and self.priority.plan_id != self.plan_id:
            errors["priority"] = "Choose a priority of the same plan as the measure."
        if self.category == self.Category.PRIORITY and not self.priority_id:
            errors["priority"] = "A priority measure needs its priority."
        if self.unit != self.Unit.COUNT and self.aggregation == self.Aggregation.SUM:
            errors["aggregation"] = (
                "Only counts add up: a percentage is averaged or taken as the latest."
            )
        # The figure rules are not checked here but by the one writer of measures
        # (performance.services), once per save, whichever path saves.
        if errors:
            raise ValidationError(errors)

    # The results below are read by pages, admin, PDF and spreadsheets alike; all arithmetic
    # is in performance.calculations. They are cached per instance: refresh_from_db() or a
    # fresh query gives new ones after the figures change.

    AGGREGATION_OF_UNIT = {
        Unit.COUNT: Aggregation.SUM,
        Unit.PERCENT: Aggregation.AVERAGE,
        Unit.MILESTONE: Aggregation.LATEST,
    }

    @property
    def aggregation_used(self) -> str:
        """The aggregation the arithmetic uses: the one chosen, else the unit's."""
        return self.aggregation or self.AGGREGATION_OF_UNIT[self.unit]

    def printed(self, value: Decimal | None) -> Decimal | None:
        """A stored figure at the measure's own precision: 646, not 646.00.

        The consistency rules judge a printed figure by its last printed digit.
        """
        if value is None:
            return None
        return round_half_up(value, min(self.decimal_places, STORED_DECIMAL_PLACES))

    @property
    def baseline(self) -> Decimal | None:
        return self.printed(self.baseline_value)

    @property
    def target(self) -> Decimal | None:
        return self.printed(self.target_value)

    @property
    def actual(self) -> Decimal | None:
        return self.printed(self.actual_value)

    @cached_property
    def direction_judged(self) -> str:
        return calculations.effective_direction(
            direction=self.direction, baseline=self.baseline, target=self.target
        )

    @cached_property
    def change(self) -> calculations.Change:
        """Baseline to actual, when the two are for periods of the same length: a quarter's
        or a year to date's count against a whole year's is not a reduction."""
        reason = labels_differ(self.actual_period, self.baseline_period)
        if self.actual is not None and reason:
            return calculations.Change(None, None, f"{calculations.NOT_AVAILABLE} ({reason})")
        return calculations.compute_change(
            unit=self.unit, baseline=self.baseline, value=self.actual
        )

    def comparable_actual(self, value: Decimal | None, period_label: str) -> Decimal | None:
        """`value`, an actual for `period_label`, if it is judged like for like against what
        it is judged by (the target; the baseline for a maintain measure), else None: a
        quarter is not achieved, or missed, against the year's target."""
        judged_by = (
            self.baseline_period
            if self.direction_judged == calculations.MAINTAIN
            else self.target_period
        )
        return None if labels_differ(period_label, judged_by) else value

    @cached_property
    def target_change(self) -> calculations.Change:
        """Baseline to target."""
        return calculations.compute_change(
            unit=self.unit, baseline=self.baseline, value=self.target
        )

    @cached_property
    def status(self) -> str:
        return calculations.achievement_status(
            direction=self.direction_judged,
            baseline=self.baseline,
            target=self.target,
            actual=self.comparable_actual(self.actual, self.actual_period),
        )

    @property
    def status_display(self) -> str:
        return self.STATUS_LABELS[self.status]

    STATUS_LABELS = {
        calculations.ACHIEVED: "Achieved",
        calculations.NOT_ACHIEVED: "Not achieved",
        calculations.NO_TARGET: "No target",
        calculations.AWAITING_FIGURES: "Awaiting figures",
    }

    @cached_property
    def rag(self) -> str | None:
        return calculations.rag(
            direction=self.direction_judged,
            baseline=self.baseline,
            target=self.target,
            actual=self.comparable_actual(self.actual, self.actual_period),
        )

    @cached_property
    def flags(self) -> list[str]:
        """Plain-English inconsistencies between the measure's words and numbers."""
        figures = {
            "baseline": self.baseline,
            "target": self.target,
            "stated_text": self.target_text,
            "direction": self.direction,
            "unit": self.unit,
        }
        messages = [
            calculations.target_inconsistency(**figures),
            calculations.direction_inconsistency(**figures),
        ]
        return [message for message in messages if message]

    def formatted(self, value: Decimal | None) -> str:
        return calculations.format_value(self.printed(value), self.unit)

    @property
    def baseline_display(self) -> str:
        return self.formatted(self.baseline_value)

    @property
    def target_display(self) -> str:
        return self.formatted(self.target_value)

    @property
    def actual_display(self) -> str:
        return self.formatted(self.actual_value)
