"""Like for like: a change only between periods of the same length and months, a labelled
pro-rata reading for a count over a shorter period, and the small-count variation test."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from figure_text import places_needed
from periods import Period, parse_period

from ..calculations import COUNT, MAINTAIN, NOT_AVAILABLE, Change, compute_change, movement
from ..exact_arithmetic import divide_half_up, exact_context
from .figures import SeriesFigure, display_value, missing, not_available

_FULL_YEAR = 12
# The Poisson test police analysts use: 2(√new − √old) is roughly a standard normal score
# for two counts, so a size under 3 is ordinary variation, not a change.
_POISSON_LIMIT = Decimal(3)


@dataclass(frozen=True)
class ProRata:
    """A count over a shorter period scaled to its baseline's length, labelled as such."""

    value: Decimal
    change: Change
    display: str  # "on a full-year pace: 11,200, a 6.7% reduction"


@dataclass(frozen=True)
class Comparison:
    change: Change | None  # None unless the two figures compare like with like
    display: str
    pro_rata: ProRata | None = None
    flag: str | None = None  # a problem for an officer to fix, worded for the report


def periods_differ(first: Period, second: Period) -> str | None:
    """Why a change between the two periods would not be like for like, or None if it is."""
    if not first.same_length_as(second):
        return "periods differ"
    # Crime is seasonal: under a year, only the same months of another year compare.
    months = first.months
    if months is not None and months < _FULL_YEAR and first.start.month != second.start.month:
        return "different months of the year"
    return None


def labels_differ(first: str, second: str) -> str | None:
    """Why figures for the two periods, given as printed, would not compare like for like
    (a quarter or a year to date against a whole year), or None if they would or either
    label cannot be read: that is the completeness report's to list, not a reason to refuse.
    Lengths do not depend on the year start, so none is needed."""
    first_period, second_period = parse_period(first), parse_period(second)
    if first_period is None or second_period is None:
        return None
    return None if first_period.same_length_as(second_period) else "periods differ"


def ends_before(actual: SeriesFigure, baseline: SeriesFigure) -> str | None:
    """The flag for an actual whose period ends before its baseline's, else None."""
    if actual.period.end >= baseline.period.end:
        return None
    return (
        f"The actual for {actual.period.label} ends before its baseline "
        f"({baseline.period.label}): no progress is shown."
    )


def within_normal_variation(old: Decimal, new: Decimal) -> bool | None:
    """|2(√new − √old)| < 3 for two counts; None for a negative count or too large a one."""
    if old < 0 or new < 0:
        return None
    # Squared out so the test is exact: |√n − √o| < 1.5 is n + o − 2.25 < 2√(no), true when
    # the left side is negative and otherwise the same as its square being under 4no.
    half_limit_squared = (_POISSON_LIMIT / 2) ** 2
    try:
        with localcontext(exact_context(old, new, half_limit_squared)):
            left = new + old - half_limit_squared
            return left < 0 or left * left < 4 * new * old
    except ArithmeticError:
        return None


def change_words(unit: str, old: Decimal, new: Decimal, change: Change) -> str:
    """A computed change as shown, with "n/a (reason)" and the small-count wording."""
    if change.display == NOT_AVAILABLE:
        reason = "zero baseline" if unit == COUNT and old.is_zero() else f"no change for a {unit}"
        return not_available(reason)
    if unit == COUNT and movement(old, new) != MAINTAIN and within_normal_variation(old, new):
        return f"{change.display}, within normal variation"
    return change.display


def with_article(phrase: str) -> str:
    """ "a 6.7% reduction", "an 8.0% increase", "an 11.0% reduction"; "no change" as it is."""
    if not phrase[:1].isdigit():
        return phrase
    # Said aloud, 8..., 11... and 18... (eleven thousand, eighteen) begin with a vowel.
    leading_group = phrase.split(",")[0].split(".")[0].split("%")[0]
    vowel = phrase.startswith("8") or leading_group in {"11", "18"}
    return f"{'an' if vowel else 'a'} {phrase}"


def pro_rata(actual: SeriesFigure, baseline: SeriesFigure, unit: str) -> ProRata | None:
    """A count scaled to its baseline's months (never a rate: a rate has no pace)."""
    value, start = actual.usable, baseline.usable
    months, baseline_months = actual.period.months, baseline.period.months
    if unit != COUNT or value is None or start is None or not months or not baseline_months:
        return None
    if months == baseline_months:  # the same length already: a pace would change nothing
        return None
    try:
        with localcontext(exact_context(value, Decimal(baseline_months))):
            scaled = value * baseline_months
        # Rounded to the actual's own precision, and the change worked from the figure
        # shown, so a reader can check one against the other.
        paced = divide_half_up(scaled, Decimal(months), places_needed(value))
    except ArithmeticError:
        return None
    change = compute_change(unit=unit, baseline=start, value=paced)
    pace = "full-year" if baseline_months == _FULL_YEAR else f"{baseline_months}-month"
    known = change.percent is not None
    words = with_article(change.display) if known else change_words(unit, start, paced, change)
    return ProRata(paced, change, f"on a {pace} pace: {display_value(paced, unit)}, {words}")


def like_for_like(*, baseline: SeriesFigure, actual: SeriesFigure, unit: str) -> Comparison:
    """The change from baseline to actual, only where their periods compare like for like.

    Otherwise "n/a (periods differ)", with a labelled pro-rata reading for a count; an
    actual ending before its baseline is flagged and shows nothing.
    """
    start, end = baseline.usable, actual.usable
    if start is None or end is None:
        role, figure = ("baseline", baseline) if start is None else ("actual", actual)
        return Comparison(None, not_available(missing(role, figure)))
    if flag := ends_before(actual, baseline):
        return Comparison(None, not_available("actual dated before its baseline"), flag=flag)
    if reason := periods_differ(actual.period, baseline.period):
        return Comparison(None, not_available(reason), pro_rata(actual, baseline, unit))
    change = compute_change(unit=unit, baseline=start, value=end)
    return Comparison(change, change_words(unit, start, end, change))
