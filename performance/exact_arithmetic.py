"""Exact Decimal arithmetic shared by a measure's figures (calculations) and its series
(series_calculations): the change between two figures, rounded once, half up, and the rule
that tells honest rounding of a printed figure from a wrong one.

Pure Python with no Django. Every helper either answers exactly or raises ArithmeticError
for a figure too large to compute; the public functions that call them turn that into None.
"""

from __future__ import annotations

from decimal import (
    ROUND_DOWN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)

from figure_text import round_half_up

# Far beyond any real measure; stops a value like 1E+999999 from demanding a
# million-digit calculation. Such inputs are treated as not computable.
_MAX_DIGITS = 10_000
HUNDRED = Decimal(100)


def as_number(value: object) -> Decimal | None:
    """A figure as a finite Decimal; None for a blank, NaN, infinity or anything else."""
    # NaN and infinity carry no figure, so they behave like a blank cell.
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    return value if isinstance(value, Decimal) and value.is_finite() else None


def exact_context(*values: Decimal) -> Context:
    """A context in which sums, differences, products and /100 of `values` are exact."""
    # Twice the span of digits covers those operations; trapping Inexact turns any
    # silent rounding into an error.
    span = max(v.adjusted() for v in values) - min(int(v.as_tuple().exponent) for v in values) + 1
    digits = 2 * span + 10
    if digits > _MAX_DIGITS:
        raise ArithmeticError("figure too large to compute exactly")
    traps = [InvalidOperation, Overflow, Inexact]
    return Context(prec=max(28, digits), rounding=ROUND_HALF_UP, traps=traps)


def divide_half_up(numerator: Decimal, denominator: Decimal, places: int) -> Decimal:
    """numerator / denominator rounded half up to `places`, with one rounding only."""
    # Truncating keeps every digit up to the one that decides half-up, so the
    # final rounding is exact instead of rounding an already rounded quotient.
    digits = max(28, numerator.adjusted() - denominator.adjusted() + places + 4)
    if digits > _MAX_DIGITS:
        raise ArithmeticError("figure too large to compute exactly")
    context = Context(prec=digits, rounding=ROUND_DOWN, traps=[InvalidOperation, Overflow])
    return round_half_up(context.divide(numerator, denominator), places)


def relative_percent(baseline: Decimal, value: Decimal, places: int = 1) -> Decimal | None:
    """(value - baseline) / baseline * 100 to `places`; None from a zero baseline."""
    if baseline.is_zero():
        return None
    with localcontext(exact_context(baseline, value, HUNDRED)):
        delta = (value - baseline) * HUNDRED
    # Dividing by the magnitude keeps the sign on the movement even for a
    # (nonsensical) negative baseline.
    return divide_half_up(delta, baseline.copy_abs(), places)


def exact_difference(baseline: Decimal, value: Decimal) -> Decimal:
    with localcontext(exact_context(baseline, value)):
        return value - baseline


def points_between(baseline: Decimal, value: Decimal) -> Decimal:
    """The change between two percentages in points, to one place."""
    return round_half_up(exact_difference(baseline, value), 1)


def beyond_rounding(printed: Decimal, derived: Decimal) -> bool:
    """Whether a printed figure is not the derived one rounded to the printed precision."""
    # A printed figure is honest rounding while it sits within one unit of its
    # own last printed digit (646 for 645.82, 22 for 22.5).
    with localcontext(exact_context(printed, derived)):
        return abs(printed - derived) >= Decimal(1).scaleb(int(printed.as_tuple().exponent))
