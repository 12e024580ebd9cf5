"""What period a figure by period may be for, in one place for every path that adds one (a
file by period, a partner's proposed figure): a period the portal can read; an actual or a
target for a period ending within its plan's year (a rolling twelve months or a calendar year
ending in it is taken), a baseline for one ending by the year's end (usually an earlier year);
and never a rate (a percentage) for a year to date, which would be a sum of rates.

The admin's inline of a measure's series is not held to the plan year: it is where earlier
years' figures (the same period last year) are entered.
"""

from __future__ import annotations

from periods import Kind, Period
from periods.plan_year import plan_year

from .calculations import PERCENT
from .models import Measure, MeasureFigure

What = MeasureFigure.What
PERIOD_EXAMPLES = "2012/13, Q2 2012/13, June 2012 or April to September 2012"


def unreadable_period(label: str) -> str:
    return f'"{label}" is not a period the portal can read: write it as, e.g., {PERIOD_EXAMPLES}'


def _months(period: Period) -> str:
    return f"{period.start:%B %Y} to {period.end:%B %Y}"


def outside_plan_year(label: str, what: str, year: Period) -> str:
    if what == What.BASELINE:
        return (
            f"{label} ends after the {year.label} plan year ({_months(year)}): a baseline is for "
            "a period before the plan year, or within it"
        )
    return (
        f"{label} is outside the {year.label} plan year ({_months(year)}): an actual or a target "
        "is for a period ending within its plan year (another year's figures go in the rows of "
        "that year's plan)"
    )


def rate_as_year_to_date(label: str, reference: str) -> str:
    return (
        f"{label} is a year to date, and {reference} is a rate (a percentage), which is never "
        "added up over months: give it for the year, a quarter or a month, and the portal "
        "works out the year so far"
    )


def period_error(measure: Measure, what: str, label: str, period: Period | None) -> str | None:
    """Why the measure's `what` may not be for this period (`period` is `label` as read, or
    None when it cannot be read); None when it may. The measure is read with its plan's
    partnership."""
    if period is None:
        return unreadable_period(label)
    year = plan_year(measure.plan.start_year, measure.plan.partnership.year_start_month)
    if what == What.BASELINE:
        if period.end > year.end:
            return outside_plan_year(label, what, year)
    elif not year.start <= period.end <= year.end:
        return outside_plan_year(label, what, year)
    if measure.unit == PERCENT and period.kind is Kind.YEAR_TO_DATE:
        return rate_as_year_to_date(label, measure.reference)
    return None
