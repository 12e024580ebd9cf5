"""A figure in a series, and the figures derived from shorter ones: a quarter or the year
to date from its months, and the figure for the plan year so far."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, localcontext

from figure_text import format_figure, places_needed, round_half_up
from periods import Kind, Period
from periods.period import month_end

from ..calculations import COUNT, NOT_AVAILABLE
from ..exact_arithmetic import as_number, divide_half_up, exact_context

_NO_FIGURE = "no figure"


class State(enum.StrEnum):
    PROVIDED = "provided"
    NOT_YET_AVAILABLE = "not yet available"
    NOT_APPLICABLE = "not applicable"
    LAGGED = "lagged"  # the source publishes a period or more late; the note says how late


class Aggregation(enum.StrEnum):
    """How shorter periods make a longer one: counts add up; rates and levels do not."""

    SUM = "sum"
    LATEST = "latest"  # a level: the figure at the end of the period
    AVERAGE = "average"  # a rate: the mean of the periods, weighted by their months


@dataclass(frozen=True)
class SeriesFigure:
    period: Period
    value: Decimal | None
    state: State = State.PROVIDED
    note: str = ""

    @property
    def usable(self) -> Decimal | None:
        """The value the arithmetic may use: only a provided, finite one."""
        return as_number(self.value) if self.state is State.PROVIDED else None

    @property
    def missing_reason(self) -> str:
        """Why `usable` is None, in the words an "n/a (...)" shows."""
        if self.state is State.PROVIDED:
            return _NO_FIGURE
        if self.state is State.LAGGED and self.note:
            return f"lagged: {self.note}"
        return self.state.value


@dataclass(frozen=True)
class DerivedFigure:
    """A figure worked out from others; `value` None with the reason in `display`."""

    period: Period
    value: Decimal | None
    display: str
    basis: str = ""  # how it was worked out, where a reader needs telling ("pro rata ...")


def not_available(reason: str) -> str:
    return f"{NOT_AVAILABLE} ({reason})"


def display_value(value: Decimal, unit: str) -> str:
    return format_figure(value, unit=unit)


def months_label(start: date, end: date) -> str:
    """A run of months in words: "April to September 2015", "January 2016"."""
    first, last = start.strftime("%B"), end.strftime("%B %Y")
    if (start.year, start.month) == (end.year, end.month):
        return last
    return f"{first} to {last}" if start.year == end.year else f"{first} {start.year} to {last}"


def year_to_date(plan_year: Period, through: date) -> Period:
    """The months of `plan_year` from its start to the end of `through`'s month."""
    end = month_end(through.year, through.month)
    return Period(plan_year.start, end, months_label(plan_year.start, end), Kind.YEAR_TO_DATE)


def _within(figures: Iterable[SeriesFigure], period: Period) -> list[SeriesFigure]:
    return [
        figure
        for figure in figures
        if figure.period.months is not None and period.start <= figure.period.start
        if figure.period.end <= period.end
    ]


@dataclass(frozen=True)
class _Run:
    """Figures covering a period end to end from its start, as far as they reach."""

    tiles: tuple[SeriesFigure, ...]
    gap: str | None  # why the run stops short of the period's end; None when it covers it


def _run(figures: Iterable[SeriesFigure], period: Period) -> _Run:
    inside = _within(figures, period)
    tiles: list[SeriesFigure] = []
    cursor = period.start
    while cursor <= period.end:
        starting = [figure for figure in inside if figure.period.start == cursor]
        usable = [figure for figure in starting if figure.usable is not None]
        if not usable:
            month = months_label(cursor, cursor)
            reasons = [f.missing_reason for f in starting if f.missing_reason != _NO_FIGURE]
            gap = f"{month} {reasons[0]}" if reasons else f"{_NO_FIGURE} for {month}"
            return _Run(tuple(tiles), gap)
        # The longest piece first: a quarter held as printed beats its three months.
        tile = max(usable, key=lambda figure: figure.period.end)
        tiles.append(tile)
        cursor = tile.period.end + timedelta(days=1)
    return _Run(tuple(tiles), None)


def _aggregate(tiles: Sequence[SeriesFigure], aggregation: Aggregation) -> Decimal:
    values = [tile.usable for tile in tiles if tile.usable is not None]
    if aggregation is Aggregation.LATEST:
        return values[-1]
    weights = [Decimal(tile.period.months or 0) for tile in tiles]
    with localcontext(exact_context(*values, *weights)):
        if aggregation is Aggregation.SUM:
            return sum(values, Decimal(0))
        weighted, months = sum(v * w for v, w in zip(values, weights, strict=True)), sum(weights)
    # One place more than the figures averaged: a mean of whole counts reads 12.3, not 12.
    places = max(places_needed(value) for value in values) + 1
    return divide_half_up(weighted, months, places)


def derive_figure(
    figures: Iterable[SeriesFigure], period: Period, *, unit: str, aggregation: Aggregation
) -> DerivedFigure:
    """The figure for `period` (a quarter, a year to date, a year) from shorter figures.

    Counts are summed; rates are averaged or the latest taken, never summed. Every month of
    the period must be held: a gap gives None rather than a total that looks complete.
    """
    if aggregation is Aggregation.SUM and unit != COUNT:
        return DerivedFigure(period, None, not_available("rates and levels are not summed"))
    if period.months is None:
        return DerivedFigure(period, None, not_available("not a run of whole months"))
    run = _run(figures, period)
    if run.gap is not None:
        return DerivedFigure(period, None, not_available(run.gap))
    try:
        value = _aggregate(run.tiles, aggregation)
    except ArithmeticError:
        return DerivedFigure(period, None, not_available("figure too large"))
    return DerivedFigure(period, value, display_value(value, unit))


def plan_year_so_far(
    figures: Iterable[SeriesFigure], plan_year: Period, *, unit: str, aggregation: Aggregation
) -> DerivedFigure:
    """The figure for the plan year from its start to the last month of the unbroken run of
    figures held (the overview's and the PDF's "year so far"); the year's once complete.

    A month still to come or lagged ends the run, so the figure is always for whole, named
    months rather than a total with a hole in it.
    """
    run = _run(figures, plan_year)
    if not run.tiles:
        return DerivedFigure(plan_year, None, not_available(run.gap or "no figures yet"))
    last = run.tiles[-1].period.end
    so_far = plan_year if last == plan_year.end else year_to_date(plan_year, last)
    return derive_figure(run.tiles, so_far, unit=unit, aggregation=aggregation)


def amount_words(unit: str, amount: Decimal) -> str:
    """The size of a movement in the measure's unit: "60", "1.2 points"."""
    if unit == COUNT:
        return format_figure(amount.copy_abs(), unit=COUNT)
    return f"{format_figure(round_half_up(amount.copy_abs(), 1), unit=COUNT)} points"


def missing(role: str, figure: SeriesFigure) -> str:
    """Why a role's figure cannot be used: "no baseline", "actual not yet available"."""
    reason = figure.missing_reason
    return f"no {role}" if reason == _NO_FIGURE else f"{role} {reason}"
