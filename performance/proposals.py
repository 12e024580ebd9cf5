"""What the officers' queue shows beside each figure a partner proposes: the figure it would
replace, the same period last year, and the change the figure would make, on the same period
last year and on the baseline. The figures of every proposal are read in one query."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from periods import parse_period

from . import series_calculations as series
from .models import MeasureFigure, MeasureUpdate
from .models.series import figure_for
from .series_calculations.figures import not_available
from .series_table import figure_shown
from .services.series import headline_row

What = MeasureFigure.What
PERIOD_UNREAD = "the period cannot be read"


@dataclass(frozen=True)
class Proposal:
    update: MeasureUpdate
    replaces: MeasureFigure | None  # the actual held for the period, if any
    last_year: MeasureFigure | None  # the actual of the same period a year before
    change_on_last_year: str
    change_on_baseline: str

    @property
    def replaces_shown(self) -> str:
        if self.replaces is None:
            return f"Nothing yet for {self.update.proposed_period or 'this period'}"
        return figure_shown(self.update.measure, self.replaces)

    @property
    def last_year_shown(self) -> str:
        return (
            "None held"
            if self.last_year is None
            else figure_shown(self.update.measure, self.last_year)
        )


def _proposal(update: MeasureUpdate, rows: list[MeasureFigure]) -> Proposal:
    measure = update.measure
    period = parse_period(update.proposed_period, measure.plan.partnership.year_start_month)
    actuals = [row for row in rows if row.what == What.ACTUAL]
    replaces = figure_for(actuals, update.proposed_period, period)
    if period is None:
        unread = not_available(PERIOD_UNREAD)
        return Proposal(update, replaces, None, unread, unread)
    last_year = next((row for row in actuals if row.is_for(period.shifted(-1))), None)
    proposed = series.SeriesFigure(
        period=period,
        value=measure.printed(update.proposed_actual),
        state=series.State(update.proposed_state),
        note=update.proposed_note,
    )
    return Proposal(
        update,
        replaces,
        last_year,
        change_on_last_year=_change_from(last_year, proposed, measure),
        change_on_baseline=_change_from(headline_row(rows, What.BASELINE), proposed, measure),
    )


def _change_from(row: MeasureFigure | None, proposed: series.SeriesFigure, measure) -> str:
    earlier = row.as_series_figure() if row is not None else None
    if earlier is None:
        return not_available("no figure to compare with" if row is None else PERIOD_UNREAD)
    comparison = series.like_for_like(baseline=earlier, actual=proposed, unit=measure.unit)
    if comparison.pro_rata is not None:  # a count's labelled pace, where periods differ
        return f"{comparison.display}; {comparison.pro_rata.display}"
    return comparison.display


def proposals(updates: Sequence[MeasureUpdate]) -> list[Proposal]:
    """Each update with what the queue shows beside it. One query for all their figures;
    each update's measure is read with its plan's partnership (for its year start)."""
    by_measure: dict[int, list[MeasureFigure]] = {update.measure_id: [] for update in updates}
    measures = {update.measure_id: update.measure for update in updates}
    for row in MeasureFigure.objects.filter(
        measure__in=list(by_measure), what__in=[What.ACTUAL, What.BASELINE]
    ):
        row.measure = measures[row.measure_id]
        by_measure[row.measure_id].append(row)
    return [_proposal(update, by_measure[update.measure_id]) for update in updates]
