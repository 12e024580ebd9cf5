"""The rows a file of figures by period is exported with (`period_resources` reads them
back): every figure of a plan, or a partner's return for one period, measure by measure."""

from __future__ import annotations

from actionplan.models import Plan

from .models import Measure, MeasureFigure
from .plan_periods import PlanPeriod, reported_for

What, State = MeasureFigure.What, MeasureFigure.State


def _ordered(figures):
    order = {What.BASELINE: 0, What.TARGET: 1, What.ACTUAL: 2}
    return sorted(
        figures,
        key=lambda f: (
            f.measure.plan.start_year,
            f.measure.category,
            f.measure.priority.order if f.measure.priority else -1,
            f.measure.order,
            f.measure.reference,
            order[f.what],
            f.period_end is None,
            f.period_end or f.period_label,
            f.period_label,
        ),
    )


def plan_series(*, plan: Plan, acting_user) -> list[MeasureFigure]:
    """Every figure of the plan's measures the user may see, measure by measure."""
    figures = MeasureFigure.objects.filter(
        measure__in=Measure.objects.visible_to(acting_user).filter(plan=plan)
    ).select_related(
        "measure__plan__partnership", "measure__priority", "measure__responsible_organisation"
    )
    return _ordered(figures)


def period_return(*, plan: Plan, plan_period: PlanPeriod, acting_user) -> list[MeasureFigure]:
    """One row for each measure due for the period (its frequency's), with its actual for the
    period where held and a blank row where not: the start of a partner's return."""
    measures = [
        measure
        for measure in Measure.objects.visible_to(acting_user)
        .filter(plan=plan)
        .select_related("priority")
        if reported_for(measure, plan) == plan_period.due_from
    ]
    period = plan_period.period
    held = {
        figure.measure_id: figure
        for figure in MeasureFigure.objects.filter(
            measure__in=measures,
            what=What.ACTUAL,
            period_start=period.start,
            period_end=period.end,
        ).order_by("pk")  # of two for the same dates, the latest written
    }
    rows = []
    for measure in measures:
        figure = held.get(measure.pk) or MeasureFigure(
            what=What.ACTUAL, period_label=plan_period.label, state=State.PROVIDED
        )
        figure.measure = measure
        if figure.pk is None:
            figure.state = ""
            figure.read_period(plan.partnership.year_start_month)
        rows.append(figure)
    return _ordered(rows)
