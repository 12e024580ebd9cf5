"""What the figures page by period shows of each measure due for the period: its figure for the
period if entered, its previous figure, the same period last year, the baseline and the target
for the period (pro rata where it applies). Measures grouped by section as the plan groups
them, their figures read in one query whatever the length of their series.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery

from actionplan.models import Plan

from . import series_calculations as series
from .measure_standing import target_profile
from .models import Measure, MeasureFigure
from .plan_periods import PlanPeriod, reported_for, same_period_last_year
from .selectors import MeasureSection, measure_sections
from .series_calculations.figures import not_available
from .series_table import NOT_UNDERSTOOD, figure_shown
from .services.series import headline_row

What = MeasureFigure.What


@dataclass
class PeriodRow:
    measure: Measure
    figure: MeasureFigure | None  # the actual for the period, if entered
    previous: MeasureFigure | None  # the latest actual that ends before the period starts
    last_year: MeasureFigure | None  # the actual for the same period last year
    baseline: MeasureFigure | None
    target_for_period: str
    form: object = None  # the page's form for the row
    awaiting: object = None  # on a partner's return, their figure awaiting an officer

    @property
    def anchor(self) -> str:
        return f"measure-{self.measure.pk}"

    def shown(self, figure: MeasureFigure | None) -> str:
        """A context figure as the row prints it: its value (or why it has none) and period."""
        return "None held" if figure is None else figure_shown(self.measure, figure)

    @property
    def previous_shown(self) -> str:
        return self.shown(self.previous)

    @property
    def last_year_shown(self) -> str:
        return self.shown(self.last_year)

    @property
    def last_year_value(self) -> str:
        """Last year's figure without its period, which the column's heading names."""
        shown, figure = self.last_year_shown, self.last_year
        label = f" ({figure.period_label})" if figure is not None and figure.period_label else ""
        return shown.removesuffix(label) if label else shown

    @property
    def baseline_shown(self) -> str:
        return self.shown(self.baseline)


@dataclass
class PeriodSection:
    section: MeasureSection
    rows: list[PeriodRow] = field(default_factory=list)


def _target_for(measure: Measure, rows: list[MeasureFigure], period) -> str:
    target_row = headline_row(rows, What.TARGET)
    if target_row is None:
        return "No target"
    target = target_row.as_series_figure()
    if target is None:
        return not_available(NOT_UNDERSTOOD)
    return series.target_so_far(
        target,
        period,
        unit=measure.unit,
        aggregation=series.Aggregation(measure.aggregation_used),
        profile=target_profile(rows, target_row, target),
    ).display


def _row(measure: Measure, rows: list[MeasureFigure], plan_period: PlanPeriod, last_year):
    period = plan_period.period
    actuals = [row for row in rows if row.what == What.ACTUAL and row.period_end is not None]
    before = [row for row in actuals if row.period_end < period.start]
    return PeriodRow(
        measure=measure,
        figure=next((row for row in actuals if row.is_for(period)), None),
        previous=max(before, key=lambda row: (row.period_end, row.pk), default=None),
        last_year=next((row for row in actuals if row.is_for(last_year)), None),
        baseline=headline_row(rows, What.BASELINE),
        target_for_period=_target_for(measure, rows, period),
    )


def _figures_read(due: list[Measure], period, last_year):
    """The rows a row of the page reads, in one query: every baseline and target, the
    actuals that end when the period or the same period last year ends, and each measure's
    latest actual before the period (found in the database, not by reading its series)."""
    latest_before = (
        MeasureFigure.objects.filter(
            measure=OuterRef("pk"), what=What.ACTUAL, period_end__lt=period.start
        )
        .order_by("-period_end", "-pk")
        .values("pk")[:1]
    )
    # Looked for once per measure, from the measures' side.
    previous = Measure.objects.filter(pk__in=[m.pk for m in due]).values(
        previous=Subquery(latest_before)
    )
    # In no order: the rows are grouped by measure here, and ordering by the measure
    # (its plan's partnership, its priority) would join four tables for nothing.
    return (
        MeasureFigure.objects.filter(measure__in=due)
        .filter(
            Q(what__in=[What.BASELINE, What.TARGET])
            | Q(what=What.ACTUAL, period_end__in=[period.end, last_year.end])
            | Q(pk__in=previous)
        )
        .order_by()
    )


def period_sections(
    plan: Plan, plan_period: PlanPeriod, *, only: Collection[int] | None = None
) -> list[PeriodSection]:
    """The plan's own measures due for the period (their frequency its kind; milestones have
    no figures), or those of them whose pk is in `only`, each section with at least one. A
    fixed number of queries: the sections' and one for the figures the rows read
    (`_figures_read`)."""
    sections, placed, due = [], set(), []
    for section in measure_sections(plan):
        period_section = PeriodSection(section)
        for measure in section.measures:
            if only is not None and measure.pk not in only:
                continue
            if measure.pk not in placed and reported_for(measure, plan) == plan_period.due_from:
                placed.add(measure.pk)
                due.append(measure)
                period_section.rows.append(measure)
        if period_section.rows:
            sections.append(period_section)
    last_year = same_period_last_year(plan, plan_period.slug)
    by_measure = {measure.pk: [] for measure in due}
    by_pk = {measure.pk: measure for measure in due}
    for row in sorted(_figures_read(due, plan_period.period, last_year), key=lambda row: row.pk):
        row.measure = by_pk[row.measure_id]  # for its period's year start and its precision
        by_measure[row.measure_id].append(row)
    for period_section in sections:
        period_section.rows = [
            _row(measure, by_measure[measure.pk], plan_period, last_year)
            for measure in period_section.rows
        ]
    return sections
