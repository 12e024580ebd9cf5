"""A measure's standing, as the plan overview and the PDF show it under the measure: the
latest actual with its period and its direction of travel, the change against the baseline
like for like, and the margin and progress against the target for the year so far.

Built from one list of the measure's figures (prefetched for a whole plan at once), with the
series arithmetic only; what cannot be computed reads "n/a (reason)" as that arithmetic says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from periods import year_of

from . import series_calculations as series
from .models import MeasureFigure
from .series_calculations.comparison import periods_differ
from .series_calculations.figures import not_available
from .series_table import NOT_UNDERSTOOD, figure_value, readable_actuals
from .services.series import headline_row

What = MeasureFigure.What


@dataclass(frozen=True)
class Standing:
    """Each line a (label, text) pair, in reading order; the template only prints them."""

    lines: tuple[tuple[str, str], ...]

    def text(self, label: str) -> str:
        """The text of the line labelled `label` ("" if there is none), for tests and exports."""
        return next((text for name, text in self.lines if name == label), "")


LATEST = "Latest actual"
TRAVEL = "Direction of travel"
YEAR_SO_FAR = "Year so far"
TARGET_MARGIN = "Against the target"
PROGRESS = "Progress towards the target"


def _latest_text(measure, row: MeasureFigure, figure: series.SeriesFigure | None) -> str:
    value = figure_value(measure, row) if row.state == row.State.PROVIDED else ""
    if not value:
        value = not_available(figure.missing_reason if figure else row.state)
    return f"{value} ({row.period_label})" if row.period_label else value


def _is_a_series(actual_rows, latest, baseline) -> bool:
    """Whether the measure has figures by period worth a standing: more than one actual, or
    one whose period does not compare with its baseline's (the change cell cannot say so).
    A single actual like for like with its baseline is all in the measure's own cells."""
    if len(actual_rows) > 1:
        return True
    return (
        latest is not None
        and baseline is not None
        and bool(periods_differ(latest.period, baseline.period))
    )


def _year_so_far(measure, actuals, latest) -> series.DerivedFigure:
    year = year_of(latest.period.end, latest.period.year_start_month)
    return series.plan_year_so_far(
        actuals, year, unit=measure.unit, aggregation=series.Aggregation(measure.aggregation_used)
    )


def target_profile(rows, target_row, target) -> list[series.SeriesFigure]:
    """The officer's profile of the headline target: the targets given for shorter periods
    within its own."""
    return [
        figure
        for row in rows
        if row.what == What.TARGET and row is not target_row
        if (figure := row.as_series_figure()) is not None
        if target.period.start <= figure.period.start and figure.period.end <= target.period.end
    ]


def _target_lines(measure, rows, judged, baseline) -> list[tuple[str, str]]:
    target_row = headline_row(rows, What.TARGET)
    if target_row is None:
        return [(TARGET_MARGIN, not_available("no target"))]
    target = target_row.as_series_figure()
    if target is None:
        return [(TARGET_MARGIN, not_available(NOT_UNDERSTOOD))]
    unit, direction = measure.unit, measure.direction_judged
    so_far = series.target_so_far(
        target,
        judged.period,
        unit=unit,
        aggregation=series.Aggregation(measure.aggregation_used),
        profile=target_profile(rows, target_row, target),
    )
    lines = []
    if not judged.period.same_dates_as(target.period):
        lines.append((f"Target for {judged.period.label}", so_far.display))
    if so_far.value is None:
        lines.append((TARGET_MARGIN, so_far.display))
    else:
        margin = series.margin(
            actual=judged.usable, target=so_far.value, unit=unit, direction=direction
        )
        lines.append((TARGET_MARGIN, margin.display))
    if baseline is None:
        lines.append((PROGRESS, not_available("no baseline")))
    else:
        lines.append(
            (
                PROGRESS,
                series.progress(baseline=baseline, target=target, actual=judged, unit=unit).display,
            )
        )
    return lines


def measure_standing(measure, figures: Iterable[MeasureFigure]) -> Standing | None:
    """The measure's standing, or None where it has no figures by period to stand on.

    `figures` are the measure's own, each carrying the measure (as a prefetch leaves them).
    """
    rows = list(figures)
    latest_row = headline_row(rows, What.ACTUAL)
    if latest_row is None:
        return None
    pairs = [(row, row.as_series_figure()) for row in rows if row.what == What.ACTUAL]
    actuals = readable_actuals(pairs)
    baseline_row = headline_row(rows, What.BASELINE)
    baseline = baseline_row.as_series_figure() if baseline_row else None
    latest = latest_row.as_series_figure()
    if not _is_a_series(pairs, latest, baseline):
        return None
    lines = [(LATEST, _latest_text(measure, latest_row, latest))]
    if latest is None:
        return Standing((*lines, ("Compared", not_available(NOT_UNDERSTOOD))))
    unit, direction = measure.unit, measure.direction_judged
    travel = (
        series.travel_on_previous_period(actuals, latest, unit=unit, direction=direction),
        series.travel_on_same_period_last_year(actuals, latest, unit=unit, direction=direction),
    )
    lines.append((TRAVEL, "; ".join(t.display for t in travel)))
    # Judged against baseline and target: the plan year so far where the series gives it
    # (a year to date from quarters or months), else the latest actual as it is.
    so_far = _year_so_far(measure, actuals, latest)
    judged = latest
    if so_far.value is not None:
        judged = series.SeriesFigure(so_far.period, so_far.value)
        if not so_far.period.same_dates_as(latest.period):
            lines.append((YEAR_SO_FAR, f"{so_far.display} ({so_far.period.label})"))
    if baseline_row is None:
        lines.append(("Against the baseline", not_available("no baseline")))
    elif baseline is None:
        lines.append(("Against the baseline", not_available(NOT_UNDERSTOOD)))
    else:
        comparison = series.like_for_like(baseline=baseline, actual=judged, unit=unit)
        shown = comparison.display
        if comparison.pro_rata:
            shown = f"{shown}; {comparison.pro_rata.display}"
        lines.append((f"Against the {baseline.period.label} baseline", shown))
    lines += _target_lines(measure, rows, judged, baseline)
    return Standing(tuple(lines))
