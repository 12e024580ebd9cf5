"""What "My measures" shows of each measure's periods: for each period of its frequency in
its plan's year that is over, the figure accepted for it or that it is due; for a period not
over yet, the figure if one was already accepted. All the measures' figures in one query."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from periods import same_period

from .models import Measure, MeasureFigure, MeasureUpdate
from .plan_periods import PlanPeriod, plan_periods, reported_for
from .series_table import figure_value


@dataclass(frozen=True)
class PeriodCell:
    plan_period: PlanPeriod
    figure: MeasureFigure | None  # the actual accepted for the period, if any
    awaiting: MeasureUpdate | None = None  # a figure sent for it, awaiting an officer

    @property
    def shown(self) -> str:
        """The accepted figure ("120", "Not yet available"), or "due"."""
        if self.figure is None:
            return "due"
        return figure_value(self.figure.measure, self.figure) or self.figure.state.capitalize()


def period_cells(measures: Sequence[Measure], *, today: date) -> dict[int, list[PeriodCell]]:
    """By measure pk, its periods as My measures lists them (none for a measure that takes
    no figures by period). Each measure is read with its plan's partnership."""
    held = {}
    rows = MeasureFigure.objects.filter(
        measure__in=list(measures), what=MeasureFigure.What.ACTUAL, period_start__isnull=False
    )
    by_pk = {measure.pk: measure for measure in measures}
    for row in rows:
        row.measure = by_pk[row.measure_id]
        held[(row.measure_id, row.period_start, row.period_end)] = row
    sent = defaultdict(list)
    for update in MeasureUpdate.objects.awaiting().filter(measure__in=list(measures)):
        sent[update.measure_id].append(update)
    periods_of_plan: dict[int, list[PlanPeriod]] = {}
    cells = {}
    for measure in measures:
        frequency = reported_for(measure, measure.plan)
        if frequency is None:
            continue
        if measure.plan_id not in periods_of_plan:
            periods_of_plan[measure.plan_id] = plan_periods(measure.plan)
        year_start = measure.plan.partnership.year_start_month
        cells[measure.pk] = [
            PeriodCell(each, figure, awaiting)
            for each in periods_of_plan[measure.plan_id]
            if each.due_from == frequency
            for figure in [held.get((measure.pk, each.period.start, each.period.end))]
            for awaiting in [
                next(
                    (
                        update
                        for update in sent[measure.pk]
                        if same_period(update.proposed_period, each.label, year_start)
                    ),
                    None,
                )
            ]
            if figure is not None or awaiting is not None or each.period.end < today
        ]
    return cells
