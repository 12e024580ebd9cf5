"""A period: a start date, an end date (inclusive) and the label as printed."""

import calendar
import enum
from dataclasses import dataclass
from datetime import date

FINANCIAL_YEAR_START = 4  # April: UK public bodies' year, unless a partnership says otherwise


class Kind(enum.StrEnum):
    """What a period is, which decides what it may be compared with."""

    YEAR = "year"  # twelve months from the partnership's year start: "2010/11"
    CALENDAR_YEAR = "calendar year"  # "Jan to Dec 2011"
    QUARTER = "quarter"  # "Q2 2015/16"
    MONTH = "month"  # "June 2014"
    YEAR_TO_DATE = "year to date"  # from the year start to a month's end: "April-September 2015"
    ROLLING_12 = "rolling 12 months"  # twelve months to any month's end: "12 months to June 2014"
    POINT = "point in time"  # a level on a day: "at 31 March 2015"
    RANGE = "range"  # any other run of whole months


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """The (year, month) `months` after (year, month); negative goes back."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def plan_year_first(year: int, month: int, year_start_month: int) -> int:
    """The calendar year in which the plan year holding (year, month) starts: with an April
    start, January 2011 is in 2010/11."""
    return year if month >= year_start_month else year - 1


def quarter_number(month: int, year_start_month: int) -> int:
    """Which quarter of the plan year (1 to 4) a month falls in: Q1 starts the year."""
    return (month - year_start_month) % 12 // 3 + 1


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # the last day in the period; the same as start for a point in time
    label: str  # as printed, kept whatever the parser made of it
    kind: Kind
    year_start_month: int = FINANCIAL_YEAR_START  # the partnership's year, for quarters

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError(f"a period cannot end ({self.end}) before it starts ({self.start})")

    @property
    def is_point(self) -> bool:
        return self.kind is Kind.POINT

    @property
    def months(self) -> int | None:
        """How many whole calendar months the period covers; None for a point in time or a
        period that does not start on a 1st and end on a month's last day."""
        if self.is_point or self.start.day != 1:
            return None
        if self.end != month_end(self.end.year, self.end.month):
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def same_dates_as(self, other) -> bool:
        """The same first and last day: by dates, never by label ("2012-13" as printed is
        the plan year labelled "2012/13")."""
        return (self.start, self.end) == (other.start, other.end)

    def shifted(self, years: int) -> "Period":
        """The same months `years` later (earlier if negative): the same period last year is
        shifted(-1). Its label is the shifted period's own, not the printed one."""
        start = add_months(self.start.year, self.start.month, 12 * years)
        end = add_months(self.end.year, self.end.month, 12 * years)
        if self.months is None:
            new_start = date(start[0], start[1], min(self.start.day, month_end(*start).day))
            new_end = date(end[0], end[1], min(self.end.day, month_end(*end).day))
        else:
            new_start, new_end = date(*start, 1), month_end(*end)
        return Period(new_start, new_end, "", self.kind, self.year_start_month)

    def same_length_as(self, other: "Period") -> bool:
        """Whether a change between the two compares like with like: two points in time, or
        two runs of the same number of whole months (a year-to-date figure with the same
        months of another year, rolling twelve months with another twelve)."""
        if self.is_point or other.is_point:
            return self.is_point and other.is_point
        return self.months is not None and self.months == other.months

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end
