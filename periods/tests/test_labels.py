"""The canonical labels, the plan year's quarters and months, and the properties that hold
for every period of every kind and every year start."""

from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from periods import Kind, Period, label_of, months_of, parse_period, quarter_of, year_of
from periods.period import add_months, month_end
from periods.plan_year import plan_year, quarter

D = date


def whole_months(year: int, month: int, count: int, kind: Kind, year_start_month: int) -> Period:
    """A period built here from first principles, not by the code under test."""
    end = month_end(*add_months(year, month, count - 1))
    return Period(D(year, month, 1), end, "", kind, year_start_month)


LABELS = [
    (whole_months(2010, 4, 12, Kind.YEAR, 4), "2010/11"),
    (whole_months(1999, 4, 12, Kind.YEAR, 4), "1999/00"),
    (whole_months(2011, 1, 12, Kind.YEAR, 1), "2011"),
    (whole_months(2015, 7, 3, Kind.QUARTER, 4), "Q2 2015/16"),
    (whole_months(2015, 4, 3, Kind.QUARTER, 1), "Q2 2015"),
    (whole_months(2011, 1, 12, Kind.CALENDAR_YEAR, 4), "January to December 2011"),
    (whole_months(2015, 4, 6, Kind.YEAR_TO_DATE, 4), "April to September 2015"),
    (whole_months(2015, 10, 5, Kind.YEAR_TO_DATE, 10), "October 2015 to February 2016"),
    (whole_months(2015, 4, 1, Kind.YEAR_TO_DATE, 4), "April 2015 (year to date)"),
    (whole_months(2013, 7, 12, Kind.ROLLING_12, 4), "12 months to June 2014"),
    (Period(D(2015, 3, 31), D(2015, 3, 31), "", Kind.POINT), "at 31 March 2015"),
    (whole_months(2014, 6, 1, Kind.MONTH, 4), "June 2014"),
    (whole_months(2015, 7, 3, Kind.RANGE, 4), "July to September 2015"),
    (whole_months(2014, 11, 4, Kind.RANGE, 4), "November 2014 to February 2015"),
    (Period(D(2015, 4, 5), D(2015, 6, 10), "", Kind.RANGE), "5 April 2015 to 10 June 2015"),
    # Dates that do not fit the kind are named by the dates.
    (whole_months(2015, 4, 5, Kind.YEAR, 4), "April to August 2015"),
]


@pytest.mark.parametrize("period, label", LABELS, ids=[label for _, label in LABELS])
def test_canonical_label(period, label):
    assert label_of(period) == label


def test_year_of_a_day_is_the_plan_year_holding_it():
    assert year_of(D(2011, 3, 31), 4).label == "2010/11"
    assert year_of(D(2011, 4, 1), 4).label == "2011/12"
    assert year_of(D(2011, 4, 1), 1) == Period(D(2011, 1, 1), D(2011, 12, 31), "2011", Kind.YEAR, 1)


def test_quarter_of_a_month_counts_from_the_year_start():
    june = parse_period("June 2015")
    january = parse_period("January 2016")

    assert quarter_of(june).label == "Q1 2015/16"
    assert quarter_of(january).label == "Q4 2015/16"
    assert quarter_of(parse_period("June 2015", 1)).label == "Q2 2015"


def test_a_period_over_two_quarters_has_no_quarter():
    assert quarter_of(parse_period("May to July 2015")) is None
    assert quarter_of(parse_period("2015/16")) is None


def test_a_quarter_number_outside_one_to_four_is_refused():
    with pytest.raises(ValueError, match="quarters 1 to 4"):
        quarter(5, 2015, 4)


def test_a_point_or_part_month_is_made_of_no_whole_months():
    assert months_of(parse_period("at 31 March 2015")) == []
    assert months_of(parse_period("5 April 2015 to 10 June 2015")) == []


def test_a_year_is_its_four_quarters_of_three_months():
    months = months_of(plan_year(2015, 4))

    assert [month.label for month in months[:2]] == ["April 2015", "May 2015"]
    quarters = [quarter_of(month).label for month in months]
    assert quarters == [f"Q{n} 2015/16" for n in (1, 2, 3, 4) for _ in range(3)]


def test_rolling_twelve_months_to_the_year_end_compares_with_the_year():
    rolling = parse_period("12 months to March 2015")

    assert rolling.kind is Kind.ROLLING_12
    assert rolling.same_length_as(parse_period("2014/15"))
    assert rolling.same_length_as(parse_period("2013/14"))


# Properties, for every kind and every year start.

years = st.integers(1900, 2199)
months = st.integers(1, 12)
year_starts = st.integers(1, 12)


@st.composite
def periods_of(draw, kind: Kind) -> Period:
    year_start, year = draw(year_starts), draw(years)
    match kind:
        case Kind.YEAR:
            return whole_months(year, year_start, 12, kind, year_start)
        case Kind.QUARTER:
            start = add_months(year, year_start, 3 * draw(st.integers(0, 3)))
            return whole_months(*start, 3, kind, year_start)
        case Kind.YEAR_TO_DATE:
            return whole_months(year, year_start, draw(st.integers(1, 11)), kind, year_start)
        case Kind.CALENDAR_YEAR:
            return whole_months(year, 1, 12, kind, year_start)
        case Kind.MONTH:
            return whole_months(year, draw(months), 1, kind, year_start)
        case Kind.ROLLING_12:
            return whole_months(year, draw(months), 12, kind, year_start)
        case Kind.POINT:
            day = draw(st.dates(D(1900, 1, 1), D(2199, 12, 31)))
            return Period(day, day, "", kind, year_start)
    return draw(ranges(year_start))


def ranges(year_start: int):
    """Runs the parser calls ranges: not one month, not January to December, not from the
    year start for a year or less; or days that are not whole months."""
    month_runs = st.builds(
        lambda year, month, count: whole_months(year, month, count, Kind.RANGE, year_start),
        years,
        months,
        st.integers(2, 36),
    ).filter(
        lambda p: (
            not (p.start.month == 1 and p.months == 12)
            and not (p.start.month == year_start and p.months <= 12)
        )
    )
    day_runs = st.builds(
        lambda start, days: Period(start, start + timedelta(days), "", Kind.RANGE, year_start),
        st.dates(D(1900, 1, 1), D(2199, 1, 1)),
        st.integers(0, 800),
    ).filter(lambda p: p.months is None)
    return month_runs | day_runs


any_period = st.sampled_from(list(Kind)).flatmap(periods_of)


@given(any_period)
def test_a_periods_label_reads_back_to_the_same_dates_and_kind(period):
    read = parse_period(label_of(period), period.year_start_month)

    assert read is not None, label_of(period)
    assert (read.start, read.end, read.kind) == (period.start, period.end, period.kind)


@given(any_period.filter(lambda p: p.months is not None))
def test_months_of_cover_the_period_with_no_gap_or_overlap(period):
    covered = months_of(period)

    assert len(covered) == period.months
    assert covered[0].start == period.start and covered[-1].end == period.end
    for before, after in zip(covered, covered[1:], strict=False):
        assert after.start == before.end + timedelta(days=1)
    assert all(month.kind is Kind.MONTH and month.months == 1 for month in covered)


@given(periods_of(Kind.YEAR_TO_DATE))
def test_a_year_to_date_is_the_first_months_of_its_year(period):
    year = year_of(period.start, period.year_start_month)

    assert months_of(period) == months_of(year)[: period.months]


@given(periods_of(Kind.YEAR_TO_DATE))
def test_the_same_year_to_date_last_year_is_as_long(period):
    last_year = period.shifted(-1)

    assert last_year.same_length_as(period)
    assert last_year.kind is Kind.YEAR_TO_DATE
    assert parse_period(label_of(last_year), period.year_start_month).start == last_year.start


@given(st.text())
@example("IJan to Dec 2011)")
@example("((((")
@example("Q99 9999/00")
@example("at 31/02/0000")
def test_reading_any_text_never_raises(text):
    parse_period(text)


label_words = st.sampled_from(
    ["to", "-", "–", "(", ")", "q2", "q9", "ytd", "year", "ending", "at", "12", "months", "fy"]
    + ["jan", "feb", "sept.", "31", "30", "0", "99", "2015", "2015/16", "9999", "0000", "/"]
)


@given(st.lists(label_words, max_size=8).map(" ".join), year_starts)
def test_reading_near_labels_never_raises(text, year_start):
    period = parse_period(text, year_start)

    assert period is None or period.start <= period.end
