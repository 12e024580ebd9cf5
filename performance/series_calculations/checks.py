"""Checks on a series as held: a cumulative series must add up, and the rating of a closed
period stays as it was recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from ..calculations import Figure, achievement_status, rag
from ..exact_arithmetic import beyond_rounding, exact_difference
from .figures import Aggregation, SeriesFigure, display_value, missing, not_available


@dataclass(frozen=True)
class CumulativeCheck:
    difference: Decimal | None  # later year to date less the earlier one
    display: str  # "adds up", or "n/a (reason)"
    flag: str | None = None  # the three numbers, where they do not add up


def _meet(earlier: SeriesFigure, later: SeriesFigure, between: SeriesFigure) -> bool:
    return (
        earlier.period.start == later.period.start
        and between.period.start == earlier.period.end + timedelta(days=1)
        and between.period.end == later.period.end
    )


def cumulative_check(
    *,
    earlier: SeriesFigure,
    later: SeriesFigure,
    between: SeriesFigure,
    unit: str,
    aggregation: Aggregation,
) -> CumulativeCheck:
    """A later year to date less an earlier one must be the figure printed for the months
    in between; only sums accumulate, so rates and levels are not checked."""
    if aggregation is not Aggregation.SUM:
        return CumulativeCheck(None, not_available("only sums accumulate"))
    first, last, middle = earlier.usable, later.usable, between.usable
    if first is None or last is None or middle is None:
        named = (("earlier year to date", earlier), ("later year to date", later))
        role, figure = next(
            (role, figure)
            for role, figure in (*named, ("figure in between", between))
            if figure.usable is None
        )
        return CumulativeCheck(None, not_available(missing(role, figure)))
    if not _meet(earlier, later, between):
        return CumulativeCheck(None, not_available("periods do not meet"))
    try:
        difference = exact_difference(first, last)
        adds_up = not beyond_rounding(middle, difference)
    except ArithmeticError:
        return CumulativeCheck(None, not_available("figure too large"))
    if adds_up:
        return CumulativeCheck(difference, "adds up")
    flag = (
        f"{later.period.label} ({display_value(last, unit)}) less {earlier.period.label} "
        f"({display_value(first, unit)}) is {display_value(difference, unit)}, but "
        f"{between.period.label} is {display_value(middle, unit)}."
    )
    return CumulativeCheck(difference, "does not add up", flag)


@dataclass(frozen=True)
class Rating:
    status: str  # achieved, not_achieved, no_target, awaiting_figures
    rag: str | None  # green, amber, red; None where there is nothing to judge


def rate(*, direction: str, baseline: Figure, target: Figure, actual: Figure) -> Rating:
    """The rating by today's rules: what is recorded when a period's figure is accepted."""
    figures = {"direction": direction, "baseline": baseline, "target": target, "actual": actual}
    return Rating(achievement_status(**figures), rag(**figures))


def rating_as_recorded(
    recorded: Rating | None, *, direction: str, baseline: Figure, target: Figure, actual: Figure
) -> Rating:
    """A closed period's rating as it was recorded, never re-rated.

    The board judged the period on the target and rules of the day; re-rating it after a
    target or a rule changes would rewrite history (Pentana's help warns of exactly this).
    Only a period with no recorded rating, still open, is rated by today's rules.
    """
    if recorded is not None:
        return recorded
    return rate(direction=direction, baseline=baseline, target=target, actual=actual)
