"""A year's outturn: the figure a measure's series gives for a whole plan year, as the next
plan's key successes report it.

In order: a figure held for exactly the year's dates (a year to date that reaches the year end
is the year); else the year derived from shorter figures where the arithmetic allows it
(`derive_figure`: counts summed, rates averaged or the latest taken, never summed, every month
held); else none, with the reason in the words of "n/a (reason)".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from periods import Kind, Period

from .figures import Aggregation, SeriesFigure, State, _run, derive_figure, not_available

REPORTED = "as reported for the whole year"
_NUMBER_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)
_PIECE = {Kind.QUARTER: "quarter", Kind.MONTH: "month"}
_HOW = {
    Aggregation.SUM: "derived from",
    Aggregation.AVERAGE: "the average of",
    Aggregation.LATEST: "the latest of",
}


@dataclass(frozen=True)
class Outturn:
    """The year's figure, or None with `basis` saying why, as "n/a (reason)"."""

    year: Period
    value: Decimal | None
    period: Period | None  # the figure's own period (its label as printed where it was held)
    basis: str  # "as reported for the whole year", "derived from four quarters", or "n/a (...)"
    derived: bool = False


def _count(number: int, piece: str) -> str:
    word = _NUMBER_WORDS[number] if number < len(_NUMBER_WORDS) else str(number)
    return f"{word} {piece}{'' if number == 1 else 's'}"


def _and(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def pieces_words(periods: Sequence[Period]) -> str:
    """What a derived figure was made from: "four quarters", "two quarters and six months",
    or the periods by name where they are not all quarters and months."""
    kinds = [period.kind for period in periods]
    if not all(kind in _PIECE for kind in kinds):
        return _and([period.label for period in periods])
    counted = dict.fromkeys(kinds, 0)
    for kind in kinds:
        counted[kind] += 1
    return _and([_count(number, _PIECE[kind]) for kind, number in counted.items()])


def year_outturn(
    figures: Iterable[SeriesFigure], year: Period, *, unit: str, aggregation: Aggregation
) -> Outturn:
    """The outturn of `year` from a measure's actuals, in the order they were entered (see
    the module's rules)."""
    figures = [f for f in figures if year.start <= f.period.start and f.period.end <= year.end]
    whole = [f for f in figures if (f.period.start, f.period.end) == (year.start, year.end)]
    if held := [figure for figure in whole if figure.usable is not None]:
        # Two labels for the same dates ("2011/12", "2011/12 (Q4 year to date)") are one
        # year printed twice: the last entered stands, as it does for the headline.
        return Outturn(year, held[-1].usable, held[-1].period, REPORTED)
    derived = derive_figure(figures, year, unit=unit, aggregation=aggregation)
    if derived.value is not None:
        pieces = pieces_words([tile.period for tile in _run(figures, year).tiles])
        return Outturn(year, derived.value, year, f"{_HOW[aggregation]} {pieces}", derived=True)
    # The year's own figure marked not yet available or lagged says more than a missing month.
    if unavailable := [figure for figure in whole if figure.state is not State.PROVIDED]:
        figure = unavailable[-1]
        reason = f"{figure.period.label} {figure.missing_reason}"
        return Outturn(year, None, None, not_available(reason))
    return Outturn(year, None, None, derived.display)
