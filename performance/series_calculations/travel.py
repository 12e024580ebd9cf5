"""Direction of travel: against the previous comparable period and against the same period
last year, as an arrow and words (never colour alone), judged by the measure's direction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from periods import Kind, Period

from ..calculations import COUNT, INCREASE, MAINTAIN, REDUCE, movement
from ..exact_arithmetic import exact_difference
from .comparison import within_normal_variation
from .figures import SeriesFigure, amount_words, missing, not_available

_ARROW = {INCREASE: "↑", REDUCE: "↓", MAINTAIN: "→"}
_WORD = {INCREASE: "up", REDUCE: "down"}
# What counts as better for each direction; maintain is kept by not falling.
_BETTER = {REDUCE: REDUCE, INCREASE: INCREASE, MAINTAIN: INCREASE}
_PREVIOUS = {
    Kind.YEAR: "the previous year",
    Kind.CALENDAR_YEAR: "the previous year",
    Kind.QUARTER: "the previous quarter",
    Kind.MONTH: "the previous month",
    Kind.ROLLING_12: "the previous 12 months",
}
SAME_PERIOD_LAST_YEAR = "the same period last year"


@dataclass(frozen=True)
class Travel:
    arrow: str | None  # ↑ ↓ →, or None when there is nothing to compare with
    movement: str | None  # increase, reduce or maintain
    judgement: str | None  # better, worse or the same, by the measure's direction
    display: str  # "↓ down 12 on the same period last year (better)"


def _judgement(moved: str, direction: str) -> str | None:
    if moved == MAINTAIN:
        return "the same"
    if direction not in _BETTER:
        return None
    return "better" if moved == _BETTER[direction] else "worse"


def _travel(
    current: SeriesFigure, previous: SeriesFigure, *, unit: str, direction: str, basis: str
) -> Travel:
    now, before = current.usable, previous.usable
    if now is None or before is None:
        figure = current if now is None else previous
        # "no figure for the previous quarter", "figure for the previous quarter lagged"
        role = "current figure" if now is None else f"figure for {basis}"
        return Travel(None, None, None, not_available(missing(role, figure)))
    try:
        moved, change = movement(before, now), exact_difference(before, now)
    except ArithmeticError:
        return Travel(None, None, None, not_available("figure too large"))
    judgement = _judgement(moved, direction)
    words = f"{_WORD[moved]} {amount_words(unit, change)}" if moved in _WORD else "no change"
    notes = [judgement] if judgement and moved != MAINTAIN else []
    if unit == COUNT and moved != MAINTAIN and within_normal_variation(before, now):
        notes.append("within normal variation")
    aside = f" ({'; '.join(notes)})" if notes else ""
    return Travel(_ARROW[moved], moved, judgement, f"{_ARROW[moved]} {words} on {basis}{aside}")


def _held(series: Iterable[SeriesFigure], start: date, end: date) -> SeriesFigure | None:
    # Matched by dates, never by label: two figures can share a label and differ in kind.
    return next((f for f in series if (f.period.start, f.period.end) == (start, end)), None)


def travel_on_same_period_last_year(
    series: Iterable[SeriesFigure], current: SeriesFigure, *, unit: str, direction: str
) -> Travel:
    """Against the same months a year earlier, where the series holds them."""
    last_year: Period = current.period.shifted(-1)
    previous = _held(series, last_year.start, last_year.end)
    if previous is None:
        return Travel(None, None, None, not_available(f"no figure for {SAME_PERIOD_LAST_YEAR}"))
    return _travel(current, previous, unit=unit, direction=direction, basis=SAME_PERIOD_LAST_YEAR)


def travel_on_previous_period(
    series: Iterable[SeriesFigure], current: SeriesFigure, *, unit: str, direction: str
) -> Travel:
    """Against the period of the same kind and length just before (the previous quarter,
    the twelve months before). A year to date has none: the year before is its comparison."""
    basis = _PREVIOUS.get(current.period.kind)
    if basis is None:
        return Travel(None, None, None, not_available("no previous comparable period"))
    before_start = current.period.start - timedelta(days=1)
    candidates = [
        figure
        for figure in series
        if figure.period.end == before_start and figure.period.kind is current.period.kind
        if figure.period.same_length_as(current.period)
    ]
    if not candidates:
        return Travel(None, None, None, not_available(f"no figure for {basis}"))
    return _travel(current, candidates[0], unit=unit, direction=direction, basis=basis)
