"""Figures for action plan measures: change, stated targets, achievement, RAG.

Pure functions over Decimal with no Django imports, so every view, export and
PDF shows the same numbers and the arithmetic can be tested exhaustively.
A figure that cannot exist (missing value, zero baseline, unusable input) is
None and displays as "n/a"; public functions never raise on bad figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext

from figure_text import format_figure

from .exact_arithmetic import (
    as_number,
    beyond_rounding,
    exact_context,
    points_between,
    relative_percent,
)

COUNT, PERCENT, MILESTONE = "count", "percent", "milestone"
REDUCE, INCREASE, MAINTAIN = "reduce", "increase", "maintain"
DIRECTIONS = (REDUCE, INCREASE, MAINTAIN)
ACHIEVED, NOT_ACHIEVED = "achieved", "not_achieved"
NO_TARGET, AWAITING_FIGURES = "no_target", "awaiting_figures"
NOT_AVAILABLE = "n/a"

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


def movement(baseline: Decimal, value: Decimal) -> str:
    """increase, reduce or maintain: which way the numbers moved from baseline to value."""
    return INCREASE if value > baseline else REDUCE if value < baseline else MAINTAIN


def _percent(change: Decimal) -> str:
    # The size of a change; its direction is said in words.
    return format_figure(change.copy_abs(), unit=PERCENT)


_CHANGE_WORD = {INCREASE: "increase", REDUCE: "reduction", MAINTAIN: "no change"}
_CHANGE_PHRASE = {INCREASE: "an increase", REDUCE: "a reduction", MAINTAIN: "no change"}


def _describe(unit: str, moved: str, percent: Figure, points: Figure) -> str:
    word = _CHANGE_WORD[moved]
    if unit == COUNT:
        if percent is None:
            return NOT_AVAILABLE
        return word if moved == MAINTAIN else f"{_percent(percent)} {word}"
    if points is None:
        return NOT_AVAILABLE
    if moved == MAINTAIN:
        return word
    text = f"{format_figure(points.copy_abs(), unit=COUNT)} points {word}"
    return text if percent is None else f"{text} ({_percent(percent)} {word})"


def compute_change(*, unit: str, baseline: Figure, value: Figure) -> Change:
    """Change from baseline to value (an actual or a target), rounded to 0.1."""
    start, end = as_number(baseline), as_number(value)
    if unit not in (COUNT, PERCENT) or start is None or end is None:
        return _NO_FIGURES
    try:
        percent = relative_percent(start, end)
        points = points_between(start, end) if unit == PERCENT else None
    except ArithmeticError:
        return _NO_FIGURES
    return Change(percent, points, _describe(unit, movement(start, end), percent, points))


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
    start, relative = as_number(baseline), as_number(relative_percent)
    if start is None or relative is None:
        return None
    try:
        with localcontext(exact_context(start, relative, _HUNDRED)):
            return start * (_HUNDRED + relative) / _HUNDRED
    except ArithmeticError:
        return None


def format_value(value: Figure, unit: str) -> str:
    """A figure as printed at its own precision (a measure rounds its figures first)."""
    return format_figure(value, unit=unit)


def _stated_phrase(relative: Decimal) -> str:
    return f"{_percent(relative)} {_CHANGE_WORD[movement(_ZERO, relative)]}"


def _implied_phrase(baseline: Decimal, target: Decimal) -> str | None:
    # Two places: one would show 101,950 as a "0.9%" cut, hiding how near 1% it is.
    implied = relative_percent(baseline, target, places=2)
    if implied is None:
        return None
    moved = movement(baseline, target)
    if moved == MAINTAIN:
        return _CHANGE_PHRASE[MAINTAIN]
    return f"a {_percent(implied)} {_CHANGE_WORD[moved]}"


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
    start, printed = as_number(baseline), as_number(target)
    stated = parse_stated_change(stated_text, direction)
    if start is None or printed is None or stated is None or stated.is_zero():
        return None
    derived = derive_target(start, stated)
    try:
        if derived is None or not beyond_rounding(printed, derived):
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
    start, end = as_number(baseline), as_number(target)
    if start is None or end is None:
        return None
    numbers = movement(start, end)
    comparison = (
        f"{format_value(end, unit)} against a baseline of "
        f"{format_value(start, unit)} is {_CHANGE_PHRASE[numbers]}"
    )
    stated = parse_stated_change(stated_text, direction)
    if stated is not None and movement(_ZERO, stated) != numbers:
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
    start, end = as_number(baseline), as_number(target)
    if start is None or end is None or start == end:
        return direction
    return movement(start, end)


def achievement_status(*, direction: str, baseline: Figure, target: Figure, actual: Figure) -> str:
    """achieved / not_achieved / no_target / awaiting_figures.

    Maintain is judged against the baseline, so it needs a baseline, not a
    target. With nothing to judge against the status is no_target even if the
    actual is also missing. An unknown direction counts as no_target.
    """
    benchmark = as_number(baseline if direction == MAINTAIN else target)
    if direction not in DIRECTIONS or benchmark is None:
        return NO_TARGET
    result = as_number(actual)
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
    start, result = as_number(baseline), as_number(actual)
    if status != NOT_ACHIEVED or start is None or result is None:
        return None
    right_way = {REDUCE: result < start, INCREASE: result > start}.get(direction, False)
    return "amber" if right_way else "red"
