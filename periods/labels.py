"""The one canonical label of a period, the one the portal prints when it names a period
itself (a derived quarter, the same period last year).

parse_period reads every label given here back to the same start, end and kind, so a label
can be stored, exported and read again without drift.
"""

from datetime import date

from .period import Kind, Period, plan_year_first, quarter_number

# Written out rather than taken from `calendar.month_name`, which follows the locale.
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def year_label(first_year: int, year_start_month: int) -> str:
    """ "2010/11" for the year from April 2010; "2011" for a year that starts in January,
    which lies in one calendar year and is named by it."""
    if year_start_month == 1:
        return f"{first_year}"
    return f"{first_year}/{(first_year + 1) % 100:02d}"


def _month(day: date) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def _day(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def _dates_label(period: Period) -> str:
    """The label of the dates alone: "June 2014", "April to September 2015", "November 2014
    to February 2015", or the days of a period that is not whole months."""
    start, end = period.start, period.end
    if period.months is None:
        return f"{_day(start)} to {_day(end)}"
    if period.months == 1:
        return _month(start)
    if start.year == end.year:
        return f"{MONTH_NAMES[start.month - 1]} to {_month(end)}"
    return f"{_month(start)} to {_month(end)}"


def label_of(period: Period) -> str:
    """The canonical label: "2010/11", "Q2 2015/16", "January to December 2011", "April to
    September 2015", "12 months to June 2014", "at 31 March 2015", "June 2014".

    Calendar years, months, years to date and ranges are named by their dates, which is how
    the parser tells them apart. A period whose dates do not fit its kind (one made by hand,
    a "year" of five months) gets the label of its dates: the dates are what it holds.
    """
    start, months, year_start = period.start, period.months, period.year_start_month
    match period.kind:
        case Kind.POINT if period.start == period.end:
            return f"at {_day(start)}"
        case Kind.YEAR if months == 12 and start.month == year_start:
            return year_label(start.year, year_start)
        case Kind.QUARTER if months == 3 and (start.month - year_start) % 3 == 0:
            first_year = plan_year_first(start.year, start.month, year_start)
            number = quarter_number(start.month, year_start)
            return f"Q{number} {year_label(first_year, year_start)}"
        case Kind.ROLLING_12 if months == 12:
            return f"12 months to {_month(period.end)}"
        case Kind.YEAR_TO_DATE if months == 1 and start.month == year_start:
            # By its dates alone the year's first month is a month.
            return f"{_month(start)} (year to date)"
    return _dates_label(period)
