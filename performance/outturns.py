"""The year's outturn of last year's measures, as the next plan's key successes show it: the
figure for the previous plan's whole year, its period and basis ("2011/12, derived from four
quarters"), and the change and status worked out from it like for like.

The rule is `series_calculations.year_outturn`: a figure held for the whole year (a year to
date reaching the year end is one), else the year derived from its quarters or months where
the arithmetic allows it (counts summed, rates never), else none, with the reason. Where there
is none, the key successes show the measure's headline as every other table does, with the
reason beside it.

Why a rule of its own, and not the headline's. The headline (`services.series.headline_of`) is
the latest actual the series holds, stored on the measure, and it is what every page,
spreadsheet and export reads; above all it is the figure officers edit. Its writers
(`apply_headline_edits` behind `services.measures._keep_series_in_line`, and
`figure_rows.refresh_headline`) keep it as one of the series' rows, so that editing the headline
edits that row. A year derived from four quarters is no row: as the headline, the next edit of
the headline would write it back as a full-year actual beside the quarters it came from, and a
measure in its year, reported quarter by quarter, would read as a whole year once its fourth
quarter came in. The outturn answers another question (how did the year end?), asked by one
table of the next year's plan, so it is named here, worked out as the key successes are read,
and stored nowhere: one query for the year's actuals of the measures whose headline does not
already answer (a whole year's figure, or none), which a warm overview can afford where it
cannot afford every measure's whole series (performance.standings).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from periods import Period, parse_period
from periods.plan_year import plan_year

from . import calculations
from . import series_calculations as series
from .models import Measure, MeasureFigure
from .series_calculations.comparison import labels_differ
from .series_calculations.figures import display_value, not_available

ACTUAL = MeasureFigure.What.ACTUAL


@dataclass(frozen=True)
class MeasureOutturn:
    """What a key-successes row shows; the template only prints it."""

    value: str  # as printed, "" when there is none
    note: str  # the period and basis, where the column's heading does not say it all
    change: calculations.Change
    status: str
    rag: str | None

    @property
    def status_display(self) -> str:
        return Measure.STATUS_LABELS[self.status]


def _change(measure: Measure, outturn: series.Outturn) -> calculations.Change:
    """Baseline to outturn, as `Measure.change` works baseline to headline: only between
    periods of the same length."""
    if reason := labels_differ(outturn.period.label, measure.baseline_period):
        return calculations.Change(None, None, not_available(reason))
    return calculations.compute_change(
        unit=measure.unit, baseline=measure.baseline, value=outturn.value
    )


def _figures(measure: Measure, rows: list[MeasureFigure]) -> list[series.SeriesFigure]:
    """The actuals the arithmetic can read. A measure stored without its series (a bulk
    insert, an old backup) has its headline as its one figure, as the series writer starts
    it."""
    rows = [row for row in rows if row.what == ACTUAL]
    figures = [figure for row in rows if (figure := row.as_series_figure()) is not None]
    if measure.actual_period and all(row.period_label != measure.actual_period for row in rows):
        period = parse_period(measure.actual_period, measure.plan.partnership.year_start_month)
        if period is not None:
            figures.append(series.SeriesFigure(period, measure.actual))
    return figures


def measure_outturn(measure: Measure, rows: list[MeasureFigure], year: Period) -> MeasureOutturn:
    """The outturn of `year` from the measure's figures `rows` (in the order entered, each
    carrying the measure; only its actuals are read), or the headline with the reason there
    is none."""
    outturn = series.year_outturn(
        _figures(measure, rows),
        year,
        unit=measure.unit,
        aggregation=series.Aggregation(measure.aggregation_used),
    )
    if outturn.value is None:
        note = ""
        if measure.actual is not None:
            latest = ", ".join(filter(None, (measure.actual_period, "the latest figure")))
            note = f"{latest}; {year.label}: {outturn.basis}"
        elif measure.actual_period or any(row.what == ACTUAL for row in rows):
            note = f"{year.label}: {outturn.basis}"
        return MeasureOutturn(
            measure.actual_display, note, measure.change, measure.status, measure.rag
        )
    label = outturn.period.label
    as_headed = not outturn.derived and label == year.label
    # By today's rules, as the measure's own status is.
    rating = series.rate(
        direction=measure.direction_judged,
        baseline=measure.baseline,
        target=measure.target,
        actual=measure.comparable_actual(outturn.value, label),
    )
    return MeasureOutturn(
        display_value(outturn.value, measure.unit),
        "" if as_headed else f"{label}, {outturn.basis}",
        _change(measure, outturn),
        rating.status,
        rating.rag,
    )


def _answered_by_headline(measure: Measure, year: Period) -> bool:
    """Whether the headline alone gives the outturn: it is a figure for the whole year (the
    latest actual, so the year's own row), or there is no actual at all."""
    if not measure.actual_period:
        return measure.actual is None
    period = parse_period(measure.actual_period, year.year_start_month)
    dated = period is not None and (period.start, period.end) == (year.start, year.end)
    return dated and measure.actual is not None


def attach_outturns(measures: list[Measure]) -> None:
    """Give each of one plan's measures its `outturn` for the plan's year. One query for all
    of them, of the year's actuals only, and none when every headline already answers (a
    whole year's figure, or none). The measures must carry `plan__partnership` (as
    `measure_sections` selects them)."""
    if not measures:
        return
    plan = measures[0].plan
    year = plan_year(plan.start_year, plan.partnership.year_start_month)
    to_read = [measure.pk for measure in measures if not _answered_by_headline(measure, year)]
    rows = defaultdict(list)
    if to_read:
        for row in MeasureFigure.objects.filter(
            measure__in=to_read,
            what=ACTUAL,
            period_start__gte=year.start,
            period_end__lte=year.end,
        ).order_by("pk"):
            rows[row.measure_id].append(row)
    for measure in measures:
        for row in rows[measure.pk]:
            row.measure = measure  # for its period's year start and its precision
        measure.outturn = measure_outturn(measure, rows[measure.pk], year)
