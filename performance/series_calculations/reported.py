"""Changes as a source printed them ("(5.1% reduction)", "-12.50%"), kept as printed and
checked against the portal's own change only on a basis the portal holds."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from figure_text import format_figure, round_half_up

from ..calculations import COUNT, PERCENT
from ..exact_arithmetic import as_number, beyond_rounding, exact_difference, relative_percent
from .comparison import periods_differ
from .figures import SeriesFigure, display_value, missing, not_available

# Digits kept beyond the printed ones before the rounding rule compares: the computed change
# may not terminate (1/3), and four more places cannot move it across a printed unit.
_GUARD_PLACES = 4


class ChangeKind(enum.StrEnum):
    PERCENT = "%"  # relative: (new - old) / old * 100
    POINTS = "points"  # between two percentages
    COUNT = "count"  # new - old, in the measure's own unit


@dataclass(frozen=True)
class ReportedChange:
    number: Decimal  # signed as printed: -5.1 for "(5.1% reduction)", -12.50 for "-12.50%"
    kind: ChangeKind
    basis: str  # in the source's words: "on the same period last year"
    basis_held: bool  # whether the portal holds the figure the source compared with


@dataclass(frozen=True)
class ReportedCheck:
    reported: str  # "5.1% reduction on the same period last year (as reported)"
    computed: Decimal | None  # the portal's change on the same basis and of the same kind
    computed_display: str
    implied_previous: Decimal | None = None  # a count change: the figure it was taken from
    flag: str | None = None


def _places(number: Decimal) -> int:
    return max(0, -int(number.as_tuple().exponent))


def _change_phrase(kind: ChangeKind, number: Decimal, places: int | None = None) -> str:
    size = format_figure(number.copy_abs(), unit=COUNT, places=places)
    word = "increase" if number > 0 else "reduction" if number < 0 else ""
    if not word:
        return "no change"
    suffix = {ChangeKind.PERCENT: "%", ChangeKind.POINTS: " points", ChangeKind.COUNT: ""}[kind]
    return f"{size}{suffix} {word}"


def _computed(kind: ChangeKind, old: Decimal, new: Decimal, places: int) -> Decimal | None:
    if kind is ChangeKind.PERCENT:
        return relative_percent(old, new, places + _GUARD_PLACES)
    return exact_difference(old, new)


def _kind_fits(kind: ChangeKind, unit: str) -> bool:
    # Points are a difference of percentages; a count difference needs a count measure.
    allowed = {ChangeKind.PERCENT: (COUNT, PERCENT), ChangeKind.POINTS: (PERCENT,)}
    return unit in allowed.get(kind, (COUNT,))


def check_reported_change(
    *, reported: ReportedChange, current: SeriesFigure, previous: SeriesFigure | None, unit: str
) -> ReportedCheck:
    """The reported change beside the portal's on the same basis, flagged where both are
    held and they differ beyond the rounding of the printed figure.

    `previous` is the figure on the reported basis, found by period by the caller, never
    by label; with a basis not held nothing is computed and nothing flagged.
    """
    number = as_number(reported.number)
    if number is None:
        return ReportedCheck(not_available("no reported change"), None, not_available("nothing"))
    shown = f"{_change_phrase(reported.kind, number)} {reported.basis} (as reported)".strip()
    now = current.usable
    implied = None
    if reported.kind is ChangeKind.COUNT and now is not None and _kind_fits(reported.kind, unit):
        implied = exact_difference(number, now)

    def unchecked(reason: str) -> ReportedCheck:
        return ReportedCheck(shown, None, not_available(reason), implied)

    if not reported.basis_held:
        return unchecked("basis not held")
    if not _kind_fits(reported.kind, unit):
        return unchecked(f"a {reported.kind.value} change on a {unit} measure")
    if previous is None or previous.usable is None or now is None:
        return unchecked("no figure on that basis" if previous is None else _why(current, previous))
    if reason := periods_differ(current.period, previous.period):
        return unchecked(reason)
    before, places = previous.usable, _places(number)
    try:
        computed = _computed(reported.kind, before, now, places)
        differs = computed is not None and beyond_rounding(number, computed)
    except ArithmeticError:
        return unchecked("figure too large")
    if computed is None:
        return unchecked("zero baseline")
    # Shown to the printed precision, a percentage to at least the portal's one place.
    shown_places = places if reported.kind is ChangeKind.COUNT else max(places, 1)
    rounded = round_half_up(computed, shown_places)
    ours = _change_phrase(reported.kind, rounded, shown_places)
    flag = _flag(reported, shown, ours, before, now, implied, unit) if differs else None
    return ReportedCheck(shown, rounded, ours, implied, flag)


def _why(current: SeriesFigure, previous: SeriesFigure) -> str:
    return (
        missing("current figure", current)
        if current.usable is None
        else missing("figure on that basis", previous)
    )


def _flag(
    reported: ReportedChange,
    shown: str,
    ours: str,
    before: Decimal,
    now: Decimal,
    implied: Decimal | None,
    unit: str,
) -> str:
    said = shown.removesuffix(" (as reported)")
    if implied is not None:
        return (
            f"The reported {said} implies a previous figure of {display_value(implied, unit)}, "
            f"but the portal holds {display_value(before, unit)}."
        )
    return (
        f"The reported {said} differs from the {ours} the portal works out from "
        f"{display_value(before, unit)} to {display_value(now, unit)}."
    )
