"""Periods of the partnership's year: the year, its quarters, its months, and the kind a run
of months has by its dates.

Quarters count from the year start (with April, Q1 is April to June), so every function takes
the partnership's `year_start_month`, or reads it from a period.
"""

from dataclasses import replace
from datetime import date, timedelta

from .labels import label_of
from .period import Kind, Period, add_months, month_end, plan_year_first, quarter_number


def _labelled(start: date, end: date, kind: Kind, year_start_month: int) -> Period:
    period = Period(start, end, "", kind, year_start_month)
    return replace(period, label=label_of(period))


def _months_from(year: int, month: int, count: int) -> tuple[date, date]:
    """The first and last day of `count` whole months from (year, month)."""
    return date(year, month, 1), month_end(*add_months(year, month, count - 1))


def plan_year(first_year: int, year_start_month: int) -> Period:
    """The twelve months from the year start in `first_year`: 2010 gives 2010/11."""
    start, end = _months_from(first_year, year_start_month, 12)
    return _labelled(start, end, Kind.YEAR, year_start_month)


def quarter(number: int, first_year: int, year_start_month: int) -> Period:
    """Quarter `number` (1 to 4) of the plan year from `first_year`; ValueError otherwise."""
    if not 1 <= number <= 4:
        raise ValueError(f"a year has quarters 1 to 4, not {number}")
    year, month = add_months(first_year, year_start_month, 3 * (number - 1))
    start, end = _months_from(year, month, 3)
    return _labelled(start, end, Kind.QUARTER, year_start_month)


def _kind_of_run(months: int | None, start: date, year_start_month: int) -> Kind:
    # The words of a month run ("April to September 2015") say only its dates, so its kind
    # is read from them: where it starts and how long it is.
    if months is None:
        return Kind.RANGE
    if months == 1:
        return Kind.MONTH
    if start.month == 1 and months == 12:
        return Kind.CALENDAR_YEAR
    if start.month == year_start_month and months <= 12:
        return Kind.YEAR if months == 12 else Kind.YEAR_TO_DATE
    return Kind.RANGE


def run_of(start: date, end: date, year_start_month: int) -> Period:
    """The period from `start` to `end`, of the kind its dates make it: a month, a calendar
    year, the plan year, a year to date (from the year start), or a range. ValueError when it
    ends before it starts."""
    months = Period(start, end, "", Kind.RANGE, year_start_month).months
    kind = _kind_of_run(months, start, year_start_month)
    return _labelled(start, end, kind, year_start_month)


def months_to(end: date, count: int, year_start_month: int) -> Period:
    """The `count` whole months ending with the month of `end` (its last day), of the kind
    their dates make them."""
    year, month = add_months(end.year, end.month, 1 - count)
    return run_of(date(year, month, 1), month_end(end.year, end.month), year_start_month)


def year_so_far(start: date, end: date, year_start_month: int) -> Period | None:
    """The year to date from a year start to the end of a month within that year (the whole
    year when it ends at the year end); None when `start` is not a year start or `end` is not
    a month's last day within twelve months of it."""
    if start.day != 1 or start.month != year_start_month or end < start:
        return None
    months = run_of(start, end, year_start_month).months
    if months is None or months > 12:
        return None
    kind = Kind.YEAR if months == 12 else Kind.YEAR_TO_DATE
    return _labelled(start, end, kind, year_start_month)


def year_of(day: date, year_start_month: int) -> Period:
    """The plan year holding `day`."""
    return plan_year(plan_year_first(day.year, day.month, year_start_month), year_start_month)


def quarter_of(period: Period) -> Period | None:
    """The quarter of the plan year that holds the whole of `period`; None when it runs over
    more than one quarter."""
    start, year_start = period.start, period.year_start_month
    first_year = plan_year_first(start.year, start.month, year_start)
    holding = quarter(quarter_number(start.month, year_start), first_year, year_start)
    return holding if period.end <= holding.end else None


def months_of(period: Period) -> list[Period]:
    """The months a period of whole months is made of, in order, each a MONTH, so that
    quarters and years to date can be derived from monthly figures. Empty for a point in time
    or a period that starts or ends within a month: no month is wholly its own."""
    if period.months is None:
        return []
    months = []
    start = period.start
    for _ in range(period.months):
        end = month_end(start.year, start.month)
        months.append(_labelled(start, end, Kind.MONTH, period.year_start_month))
        start = end + timedelta(days=1)
    return months
