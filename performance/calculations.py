"""Figures for action plan measures: change, stated targets, achievement, RAG.

Pure functions over Decimal with no Django imports, so every view, export and
PDF shows the same numbers and the arithmetic can be tested exhaustively.
A figure that cannot exist (missing value, zero baseline, unusable input) is
None and displays as "n/a"; public functions never raise on bad figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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

COUNT, PERCENT, MILESTONE = "count", "percent", "milestone"
REDUCE, INCREASE, MAINTAIN = "reduce", "increase", "maintain"
DIRECTIONS = (REDUCE, INCREASE, MAINTAIN)
ACHIEVED, NOT_ACHIEVED = "achieved", "not_achieved"
NO_TARGET, AWAITING_FIGURES = "no_target", "awaiting_figures"
NOT_AVAILABLE = "n/a"

# Far beyond any real measure; stops a value like 1E+999999 from demanding a
# million-digit calculation. Such inputs are treated as not computable.
_MAX_DIGITS = 10_000
_ZERO, _HUNDRED = Decimal(0), Decimal(100)

# A figure from the plan; None where the document leaves it blank.
Figure = Decimal | None


@dataclass(frozen=True)
class Change:
    """Movement between two figures; a negative percent/points is a reduction."""

    percent: Decimal | None
    points: Decimal | None
    display: str


_NO_FIGURES = Change(percent=None, points=None, display=NOT_AVAILABLE)


def _number(value: object) -> Decimal | None:
    # NaN and infinity carry no figure, so they behave like a blank cell.
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    return value if isinstance(value, Decimal) and value.is_finite() else None


def _exact_context(*values: Decimal) -> Context:
    # Twice the span of digits covers sums, differences, products and /100 of
    # these values; trapping Inexact turns any silent rounding into an error.
    span = max(v.adjusted() for v in values) - min(int(v.as_tuple().exponent) for v in values) + 1
    digits = 2 * span + 10
    if digits > _MAX_DIGITS:
        raise ArithmeticError("figure too large to compute exactly")
    traps = [InvalidOperation, Overflow, Inexact]
    return Context(prec=max(28, digits), rounding=ROUND_HALF_UP, traps=traps)


def _round_half_up(value: Decimal, places: int) -> Decimal:
    digits = max(28, value.adjusted() + places + 2)
    context = Context(prec=digits, traps=[InvalidOperation, Overflow])
    rounded = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP, context)
    # "-0.0" reads as a reduction of nothing; the wording carries the direction.
    return rounded.copy_abs() if rounded.is_zero() else rounded


def _divide_half_up(numerator: Decimal, denominator: Decimal, places: int) -> Decimal:
    # Truncating keeps every digit up to the one that decides half-up, so the
    # final rounding is exact instead of rounding an already rounded quotient.
    digits = max(28, numerator.adjusted() - denominator.adjusted() + places + 4)
    if digits > _MAX_DIGITS:
        raise ArithmeticError("figure too large to compute exactly")
    context = Context(prec=digits, rounding=ROUND_DOWN, traps=[InvalidOperation, Overflow])
    return _round_half_up(context.divide(numerator, denominator), places)


def _relative_percent(baseline: Decimal, value: Decimal, places: int = 1) -> Decimal | None:
    if baseline.is_zero():
        return None
    with localcontext(_exact_context(baseline, value, _HUNDRED)):
        delta = (value - baseline) * _HUNDRED
    # Dividing by the magnitude keeps the sign on the movement even for a
    # (nonsensical) negative baseline.
    return _divide_half_up(delta, baseline.copy_abs(), places)


def _points(baseline: Decimal, value: Decimal) -> Decimal:
    with localcontext(_exact_context(baseline, value)):
        delta = value - baseline
    return _round_half_up(delta, 1)


def _movement(baseline: Decimal, value: Decimal) -> str:
    return INCREASE if value > baseline else REDUCE if value < baseline else MAINTAIN


_CHANGE_WORD = {INCREASE: "increase", REDUCE: "reduction", MAINTAIN: "no change"}
_CHANGE_PHRASE = {INCREASE: "an increase", REDUCE: "a reduction", MAINTAIN: "no change"}


def _describe(unit: str, movement: str, percent: Figure, points: Figure) -> str:
    word = _CHANGE_WORD[movement]
    if unit == COUNT:
        if percent is None:
            return NOT_AVAILABLE
        return word if movement == MAINTAIN else f"{percent.copy_abs():,f}% {word}"
    if points is None:
        return NOT_AVAILABLE
    if movement == MAINTAIN:
        return word
    text = f"{points.copy_abs():,f} points {word}"
    return text if percent is None else f"{text} ({percent.copy_abs():,f}% {word})"


def compute_change(*, unit: str, baseline: Figure, value: Figure) -> Change:
    """Change from baseline to value (an actual or a target), rounded to 0.1."""
    start, end = _number(baseline), _number(value)
    if unit not in (COUNT, PERCENT) or start is None or end is None:
        return _NO_FIGURES
    try:
        percent = _relative_percent(start, end)
        points = _points(start, end) if unit == PERCENT else None
    except ArithmeticError:
        return _NO_FIGURES
    return Change(percent, points, _describe(unit, _movement(start, end), percent, points))


_PERCENT_FIGURE = r"(\d+(?:\.\d+)?)\s*(?:%|per\s*cent\b|percent\b)"
_FIGURE_THEN_WORD = re.compile(
    _PERCENT_FIGURE + r"\s*(reduction|decrease|fall|drop|cut|increase|rise|growth|improvement)\b",
    re.IGNORECASE,
)
_BY_FIGURE = re.compile(r"\bby\s+" + _PERCENT_FIGURE, re.IGNORECASE)
_FALL = re.compile(r"reduc|decreas|\bcut|\blower|\bfall|\bdrop", re.IGNORECASE)
_RISE = re.compile(r"increas|\braise|\brise|\bgrow", re.IGNORECASE)
_MAINTAIN = re.compile(r"\bmaintain|\bno change\b", re.IGNORECASE)


def _sign(wording: str, direction: str) -> int | None:
    # Unsigned wording ("by 5%", "improvement") borrows the measure's direction:
    # improving a reduce measure means going down.
    if _FALL.search(wording):
        return -1
    if _RISE.search(wording):
        return 1
    return {REDUCE: -1, INCREASE: 1}.get(direction)


def parse_stated_change(text: str | None, direction: str) -> Decimal | None:
    """Relative change (signed percent) a target's words state, if any.

    "to 20%" and a bare "20%" are absolute levels, so they give None.
    """
    if not isinstance(text, str):
        return None
    figure_then_word = _FIGURE_THEN_WORD.search(text)
    if figure_then_word:
        sign = _sign(figure_then_word.group(2), direction)
        figure = figure_then_word.group(1)
    elif by_figure := _BY_FIGURE.search(text):
        sign = _sign(text[: by_figure.start()], direction)
        figure = by_figure.group(1)
    else:
        return _ZERO if _MAINTAIN.search(text) else None
    if sign is None:
        return None
    return Decimal(figure) if sign > 0 else Decimal(figure).copy_negate()


def derive_target(baseline: Figure, relative_percent: Figure) -> Decimal | None:
    """Target implied by a relative change: 659 less 2% is 645.82 (exact)."""
    start, relative = _number(baseline), _number(relative_percent)
    if start is None or relative is None:
        return None
    try:
        with localcontext(_exact_context(start, relative, _HUNDRED)):
            return start * (_HUNDRED + relative) / _HUNDRED
    except ArithmeticError:
        return None


def _beyond_rounding(printed: Decimal, derived: Decimal) -> bool:
    # A printed figure is honest rounding while it sits within one unit of its
    # own last printed digit (646 for 645.82, 22 for 22.5).
    with localcontext(_exact_context(printed, derived)):
        return abs(printed - derived) >= Decimal(1).scaleb(int(printed.as_tuple().exponent))


def format_value(value: Figure, unit: str) -> str:
    """A figure as printed: thousands separators, its own precision, % if percent."""
    number = _number(value)
    if number is None:
        return ""
    text = f"{number.copy_abs() if number.is_zero() else number:,f}"
    return f"{text}%" if unit == PERCENT else text


def _stated_phrase(relative: Decimal) -> str:
    return f"{relative.copy_abs():f}% {_CHANGE_WORD[_movement(_ZERO, relative)]}"


def _implied_phrase(baseline: Decimal, target: Decimal) -> str | None:
    # Two places: one would show 101,950 as a "0.9%" cut, hiding how near 1% it is.
    implied = _relative_percent(baseline, target, places=2)
    if implied is None:
        return None
    movement = _movement(baseline, target)
    if movement == MAINTAIN:
        return _CHANGE_PHRASE[MAINTAIN]
    return f"a {implied.copy_abs():,f}% {_CHANGE_WORD[movement]}"


def target_inconsistency(
    *,
    baseline: Figure,
    target: Figure,
    stated_text: str | None,
    direction: str,
    unit: str = COUNT,
) -> str | None:
    """Message when a printed target is not the stated relative change, else None.

    A stated "maintain" is left to direction_inconsistency, which words it better.
    """
    start, printed = _number(baseline), _number(target)
    stated = parse_stated_change(stated_text, direction)
    if start is None or printed is None or stated is None or stated.is_zero():
        return None
    derived = derive_target(start, stated)
    try:
        if derived is None or not _beyond_rounding(printed, derived):
            return None
        implied = _implied_phrase(start, printed)
    except ArithmeticError:
        return None
    shown, base = format_value(printed, unit), format_value(start, unit)
    claim = f"the stated {_stated_phrase(stated)}"
    would_be = f"(which would be {format_value(derived, unit)})"
    if implied is None:
        return f"The target {shown} cannot be {claim} on the baseline {base} {would_be}."
    return f"The target {shown} is {implied} on the baseline {base}, not {claim} {would_be}."


def _quoted(text: str) -> str:
    # "(maintain this level)" is quoted without the brackets the table wraps it in.
    text = text.strip()
    return text[1:-1].strip() if text.startswith("(") and text.endswith(")") else text


def direction_inconsistency(
    *,
    baseline: Figure,
    target: Figure,
    direction: str,
    stated_text: str | None,
    unit: str = COUNT,
) -> str | None:
    """Message when words or direction disagree with the numbers; the numbers decide.

    A reduce/increase target equal to its baseline is not flagged: holding level
    is weak but not contrary. A maintain target away from its baseline is.
    """
    start, end = _number(baseline), _number(target)
    if start is None or end is None:
        return None
    numbers = _movement(start, end)
    comparison = (
        f"{format_value(end, unit)} against a baseline of "
        f"{format_value(start, unit)} is {_CHANGE_PHRASE[numbers]}"
    )
    stated = parse_stated_change(stated_text, direction)
    if stated is not None and _movement(_ZERO, stated) != numbers:
        return f"The target is stated as '{_quoted(stated_text or '')}' but {comparison}."
    holding_level = numbers == MAINTAIN and direction != MAINTAIN
    if direction in DIRECTIONS and direction != numbers and not holding_level:
        return f"The measure aims to {direction} but a target of {comparison}."
    return None


def effective_direction(*, direction: str, baseline: Figure, target: Figure) -> str:
    """The direction the numbers give where they disagree with the stated one.

    "79.3% (maintain this level)" against 76.2% is judged as an increase to 79.3%:
    the numbers decide, and direction_inconsistency flags the words.
    """
    start, end = _number(baseline), _number(target)
    if start is None or end is None or start == end:
        return direction
    return _movement(start, end)


def achievement_status(*, direction: str, baseline: Figure, target: Figure, actual: Figure) -> str:
    """achieved / not_achieved / no_target / awaiting_figures.

    Maintain is judged against the baseline, so it needs a baseline, not a
    target. With nothing to judge against the status is no_target even if the
    actual is also missing. An unknown direction counts as no_target.
    """
    benchmark = _number(baseline if direction == MAINTAIN else target)
    if direction not in DIRECTIONS or benchmark is None:
        return NO_TARGET
    result = _number(actual)
    if result is None:
        return AWAITING_FIGURES
    met = result <= benchmark if direction == REDUCE else result >= benchmark
    return ACHIEVED if met else NOT_ACHIEVED


def rag(*, direction: str, baseline: Figure, target: Figure, actual: Figure) -> str | None:
    """green achieved; amber moved the right way but short; red otherwise.

    None when there is nothing to judge (no target, awaiting figures) or when a
    missed target has no baseline, because movement cannot then be told. A
    missed maintain measure has fallen below its baseline, so it is red.
    """
    status = achievement_status(
        direction=direction, baseline=baseline, target=target, actual=actual
    )
    if status == ACHIEVED:
        return "green"
    start, result = _number(baseline), _number(actual)
    if status != NOT_ACHIEVED or start is None or result is None:
        return None
    right_way = {REDUCE: result < start, INCREASE: result > start}.get(direction, False)
    return "amber" if right_way else "red"
