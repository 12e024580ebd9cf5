"""The rows of a measure's series as its page shows them: every figure with the changes the
series arithmetic gives it. Built from one list of figures, so the page's queries do not
grow with the series."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import series_calculations as series
from .models import MeasureFigure
from .series_calculations.figures import display_value, not_available
from .series_calculations.travel import SAME_PERIOD_LAST_YEAR
from .services.series import headline_row

NOT_UNDERSTOOD = "period not understood"


@dataclass(frozen=True)
class SeriesRow:
    figure: object  # the MeasureFigure, for its period, state, note, source, who and when
    value: str
    last_year: str
    against_baseline: str
    pro_rata: str
    reported: str
    reported_check: str
    flags: tuple[str, ...]


def _reported(figure, current, held, unit):
    if not figure.reported_change:
        return "", "", ()
    basis = figure.reported_basis
    if current is None:  # a period the portal cannot read: shown as reported, not checked
        printed = f"{figure.reported_change} {figure.get_reported_change_kind_display()} {basis}"
        return printed.strip(), not_available(NOT_UNDERSTOOD), ()
    # Only a change on the same period last year is one the portal can look up by dates.
    on_last_year = SAME_PERIOD_LAST_YEAR in basis
    previous = None
    if on_last_year and current is not None:
        back = current.period.shifted(-1)
        previous = next(
            (f for f in held if (f.period.start, f.period.end) == (back.start, back.end)), None
        )
    check = series.check_reported_change(
        reported=series.ReportedChange(
            figure.reported_change_number,
            series.ChangeKind(figure.reported_change_kind),
            basis,
            on_last_year,
        ),
        current=current,
        previous=previous,
        unit=unit,
    )
    return check.reported, check.computed_display, (check.flag,) if check.flag else ()


def figure_value(measure, figure) -> str:
    """A figure's value as printed at the measure's precision; "" when it has none."""
    return (
        "" if figure.value is None else display_value(measure.printed(figure.value), measure.unit)
    )


def figure_shown(measure, figure) -> str:
    """A figure as a line of context prints it: its value, or why it has none ("Not yet
    available"), with its period: "120 (Q2 2012/13)"."""
    value = figure_value(measure, figure)
    if not value:
        value = "No value" if figure.state == figure.State.PROVIDED else figure.state.capitalize()
    return f"{value} ({figure.period_label})" if figure.period_label else value


def readable_actuals(pairs) -> list[series.SeriesFigure]:
    """The actuals of (figure, series figure) pairs whose period the arithmetic can read."""
    return [s for f, s in pairs if s is not None and f.what == f.What.ACTUAL]


What = MeasureFigure.What
_WHAT_ORDER = {What.BASELINE: 0, What.TARGET: 1, What.ACTUAL: 2}


def _reading_order(figure) -> tuple:
    # Oldest period first, and within a period the baseline, the target, then the actual;
    # figures whose period cannot be read last, in the order they were entered.
    unread = figure.period_end is None
    start, end = figure.period_start or date.min, figure.period_end or date.min
    return (unread, end, start, _WHAT_ORDER[figure.what], figure.pk or 0)


def series_rows(measure, figures) -> list[SeriesRow]:
    """One row per figure, in period order; `figures` must carry their measure.

    Actuals are compared with the baseline the measure's headline shows (the latest one
    provided), as its own cells are, and judged by the direction its figures give, as the
    overview's standing is."""
    unit, direction = measure.unit, measure.direction_judged
    figures = sorted(figures, key=_reading_order)
    pairs = [(figure, figure.as_series_figure()) for figure in figures]
    actuals = readable_actuals(pairs)
    baseline_row = headline_row(figures, What.BASELINE)
    baseline = baseline_row.as_series_figure() if baseline_row else None
    rows = []
    for figure, current in pairs:
        value = figure_value(measure, figure)
        last_year = against = pace = ""
        flags: list[str] = []
        if current is None and figure.what == figure.What.ACTUAL:
            last_year = against = not_available(NOT_UNDERSTOOD)
        if current is not None and figure.what == figure.What.ACTUAL:
            last_year = series.travel_on_same_period_last_year(
                actuals, current, unit=unit, direction=direction
            ).display
            if baseline is not None:
                comparison = series.like_for_like(baseline=baseline, actual=current, unit=unit)
                against = comparison.display
                pace = comparison.pro_rata.display if comparison.pro_rata else ""
                flags += [comparison.flag] if comparison.flag else []
        reported, check, reported_flags = _reported(figure, current, actuals, unit)
        rows.append(
            SeriesRow(
                figure, value, last_year, against, pace, reported, check, (*flags, *reported_flags)
            )
        )
    return rows
