"""Against the target: the target for the year so far, the margin over or short of it in
the measure's unit, and progress as the share of the required movement achieved."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, localcontext

from figure_text import format_figure, places_needed, round_half_up
from periods import Period

from ..calculations import INCREASE, MAINTAIN, MILESTONE, PERCENT, REDUCE
from ..exact_arithmetic import HUNDRED, as_number, divide_half_up, exact_context, exact_difference
from .comparison import ends_before, periods_differ, pro_rata
from .figures import (
    Aggregation,
    DerivedFigure,
    SeriesFigure,
    amount_words,
    derive_figure,
    display_value,
    missing,
    not_available,
)


@dataclass(frozen=True)
class Margin:
    value: Decimal | None  # actual - target, in the measure's unit
    display: str  # "60 still to go", "1.2 points over the target"


@dataclass(frozen=True)
class Progress:
    share: Decimal | None  # percent of the required movement achieved; negative the wrong way
    display: str  # "40 of the 100 needed, 40.0%"
    basis: str = ""  # "on a full-year pace" where the actual was scaled to the baseline


def _pro_rata_target(target: Decimal, months: int, of_months: int) -> Decimal:
    with localcontext(exact_context(target, Decimal(months))):
        scaled = target * months
    # One place more than the target, so 646 over 7 of 12 months reads 376.8, not 377.
    paced = divide_half_up(scaled, Decimal(of_months), places_needed(target) + 1)
    return round_half_up(paced, places_needed(paced))  # 1,200 over 6 months is 600, not 600.0


def target_so_far(
    target: SeriesFigure,
    so_far: Period,
    *,
    unit: str,
    aggregation: Aggregation,
    profile: Iterable[SeriesFigure] = (),
) -> DerivedFigure:
    """The target for `so_far` (a year to date): from the officer's per-period profile if
    there is one; otherwise pro rata by months elapsed for sums, and as it stands for rates
    and levels, whose target is a level to be at, not an amount to accumulate."""
    profile = list(profile)
    if profile:
        profiled = derive_figure(profile, so_far, unit=unit, aggregation=aggregation)
        return DerivedFigure(so_far, profiled.value, profiled.display, "profiled")
    value = target.usable
    if value is None:
        return DerivedFigure(so_far, None, not_available(missing("target", target)))
    if aggregation is not Aggregation.SUM or target.period == so_far:
        return DerivedFigure(so_far, value, display_value(value, unit), "as it stands")
    months, of_months = so_far.months, target.period.months
    if not months or not of_months or not target.period.contains(so_far.end):
        return DerivedFigure(so_far, None, not_available("periods differ"))
    try:
        scaled = _pro_rata_target(value, months, of_months)
    except ArithmeticError:
        return DerivedFigure(so_far, None, not_available("figure too large"))
    basis = f"pro rata: {months} of {of_months} months"
    return DerivedFigure(so_far, scaled, f"{display_value(scaled, unit)} ({basis})", basis)


def _met(direction: str, actual: Decimal, target: Decimal) -> bool:
    # Maintain is met by not falling below the level, as achievement_status judges it.
    return actual <= target if direction == REDUCE else actual >= target


def margin(*, actual: object, target: object, unit: str, direction: str) -> Margin:
    """How far the actual is over or short of the target, both for the same period (for a
    year to date, pass target_so_far's value)."""
    result, aim = as_number(actual), as_number(target)
    if unit == MILESTONE or direction not in (REDUCE, INCREASE, MAINTAIN):
        return Margin(None, not_available(f"no margin for a {unit} measure to {direction}"))
    if result is None or aim is None:
        return Margin(None, not_available("no actual" if result is None else "no target"))
    try:
        gap = exact_difference(aim, result)
    except ArithmeticError:
        return Margin(None, not_available("figure too large"))
    if gap.is_zero():
        return Margin(gap, "on the target")
    size = amount_words(unit, gap)
    if not _met(direction, result, aim):
        return Margin(gap, f"{size} still to go")
    return Margin(gap, f"{size} {'over' if gap > 0 else 'under'} the target")


def _progress_words(unit: str, moved: Decimal, needed: Decimal, share: Decimal) -> str:
    shown = format_figure(share, unit=PERCENT)
    if share >= 0:
        return f"{amount_words(unit, moved)} of the {amount_words(unit, needed)} needed, {shown}"
    wrong_way = amount_words(unit, moved)
    return f"none of the {amount_words(unit, needed)} needed: {wrong_way} the wrong way, {shown}"


def _actual_on_baseline_terms(
    actual: SeriesFigure, baseline: SeriesFigure, unit: str
) -> tuple[Decimal, str] | str:
    """The actual to judge against the baseline's period, with its basis, or why none."""
    value = actual.usable
    if value is None:
        return missing("actual", actual)
    if not periods_differ(actual.period, baseline.period):
        return value, ""
    paced = pro_rata(actual, baseline, unit)
    return (paced.value, "on a full-year pace") if paced else "periods differ"


def progress(
    *, baseline: SeriesFigure, target: SeriesFigure, actual: SeriesFigure, unit: str
) -> Progress:
    """The share of the movement from baseline to target that the actual has made.

    Worked on differences alone, so a zero baseline is no obstacle. A target for another
    length of period than its baseline's, or an actual dated before its baseline, shows none.
    """
    start, aim = baseline.usable, target.usable
    if start is None or aim is None:
        role, figure = ("baseline", baseline) if start is None else ("target", target)
        return Progress(None, not_available(missing(role, figure)))
    if unit == MILESTONE:
        return Progress(None, not_available("no progress for a milestone"))
    if periods_differ(target.period, baseline.period):
        return Progress(None, not_available("target and baseline periods differ"))
    if ends_before(actual, baseline):
        return Progress(None, not_available("actual dated before its baseline"))
    judged = _actual_on_baseline_terms(actual, baseline, unit)
    if isinstance(judged, str):
        return Progress(None, not_available(judged))
    result, basis = judged
    try:
        needed, moved = exact_difference(start, aim), exact_difference(start, result)
        if needed.is_zero():
            return Progress(None, not_available("the target is the baseline"))
        with localcontext(exact_context(moved, HUNDRED)):
            scaled = moved * HUNDRED
        share = divide_half_up(scaled, needed, 1)
    except ArithmeticError:
        return Progress(None, not_available("figure too large"))
    words = _progress_words(unit, moved, needed, share)
    return Progress(share, f"{words} ({basis})" if basis else words, basis)
