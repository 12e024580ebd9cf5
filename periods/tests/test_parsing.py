"""Reading period labels as plans print them: every form, its odd spellings, and what is
refused."""

import json
from datetime import date
from pathlib import Path

import pytest

from periods import Kind, parse_period

D = date
YEAR, CALENDAR, QUARTER, MONTH = Kind.YEAR, Kind.CALENDAR_YEAR, Kind.QUARTER, Kind.MONTH
YTD, ROLLING, POINT, RANGE = Kind.YEAR_TO_DATE, Kind.ROLLING_12, Kind.POINT, Kind.RANGE

FY_2010 = (D(2010, 4, 1), D(2011, 3, 31), YEAR)
FY_2013 = (D(2013, 4, 1), D(2014, 3, 31), YEAR)
FY_2014 = (D(2014, 4, 1), D(2015, 3, 31), YEAR)
CALENDAR_2011 = (D(2011, 1, 1), D(2011, 12, 31), CALENDAR)
Q2_2015 = (D(2015, 7, 1), D(2015, 9, 30), QUARTER)
APRIL_TO_SEPTEMBER_2015 = (D(2015, 4, 1), D(2015, 9, 30), YTD)
TO_JUNE_2014 = (D(2013, 7, 1), D(2014, 6, 30), ROLLING)
AT_31_MARCH_2015 = (D(2015, 3, 31), D(2015, 3, 31), POINT)
JUNE_2014 = (D(2014, 6, 1), D(2014, 6, 30), MONTH)

# label, year start month, (start, end, kind)
READ = [
    # The partnership's year
    ("2010/11", 4, FY_2010),
    ("2010-11", 4, FY_2010),
    ("2010/2011", 4, FY_2010),
    ("2010-2011", 4, FY_2010),
    ("2010 / 11", 4, FY_2010),
    ("2010–11", 4, FY_2010),
    ("2010—2011", 4, FY_2010),
    ("FY 2010/11", 4, FY_2010),
    ("FY2010/11", 4, FY_2010),
    ("fy 2010-11", 4, FY_2010),
    ("Financial year 2010/11", 4, FY_2010),
    ("1999/00", 4, (D(1999, 4, 1), D(2000, 3, 31), YEAR)),
    ("2010/11", 7, (D(2010, 7, 1), D(2011, 6, 30), YEAR)),
    ("2011", 1, (D(2011, 1, 1), D(2011, 12, 31), YEAR)),
    ("FY 2011", 1, (D(2011, 1, 1), D(2011, 12, 31), YEAR)),
    # Words that say what the figure is, not when
    ("2013/14 result", 4, FY_2013),
    ("2013/14 target", 4, FY_2013),
    ("2013/14 outturn", 4, FY_2013),
    ("2013/14 actual", 4, FY_2013),
    ("2013/14 baseline", 4, FY_2013),
    ("2013/14 (provisional)", 4, FY_2013),
    ("2013/14 final outturn (provisional)", 4, FY_2013),
    ("2013/14 RESULT", 4, FY_2013),
    ("Baseline 2013/14", 4, FY_2013),
    ("Target for 2013/14", 4, FY_2013),
    ("2013/14: provisional", 4, FY_2013),
    ("  2013/14  result  ", 4, FY_2013),
    # A year with the day it runs to
    ("2014/15 (to 31 March 2015)", 4, FY_2014),
    ("2014/15 to 31 March 2015", 4, FY_2014),
    ("2014/15 (up to 31st March 2015)", 4, FY_2014),
    ("2014/15 (to 31/03/2015)", 4, FY_2014),
    ("2014/15 (to 31 December 2014)", 4, (D(2014, 4, 1), D(2014, 12, 31), YTD)),
    ("2014/15 (to December 2014)", 4, (D(2014, 4, 1), D(2014, 12, 31), YTD)),
    ("2010/11 (April 2010 to March 2011)", 4, FY_2010),
    # Calendar years and runs of months
    ("Jan to Dec 2011", 4, CALENDAR_2011),
    ("January to December 2011", 4, CALENDAR_2011),
    ("January–December 2011", 4, CALENDAR_2011),
    ("January—December 2011", 4, CALENDAR_2011),
    ("January-December 2011", 4, CALENDAR_2011),
    ("Jan - Dec 2011", 4, CALENDAR_2011),
    ("jan to dec 2011", 4, CALENDAR_2011),
    ("JAN TO DEC 2011", 4, CALENDAR_2011),
    ("Jan.  to  Dec. 2011", 4, CALENDAR_2011),
    ("January 2011 to December 2011", 4, CALENDAR_2011),
    ("1 January 2011 to 31 December 2011", 4, CALENDAR_2011),
    ("(Jan to Dec 2011)", 4, CALENDAR_2011),
    ("IJan to Dec 2011)", 4, CALENDAR_2011),
    ("2011", 4, CALENDAR_2011),
    ("calendar year 2011", 1, (D(2011, 1, 1), D(2011, 12, 31), CALENDAR)),
    ("From April 2010 to March 2011", 4, FY_2010),
    ("April 2010 - March 2011", 4, FY_2010),
    ("Nov to Feb 2015", 4, (D(2014, 11, 1), D(2015, 2, 28), RANGE)),
    ("July to September 2015", 4, (D(2015, 7, 1), D(2015, 9, 30), RANGE)),
    ("5 April 2015 to 10 June 2015", 4, (D(2015, 4, 5), D(2015, 6, 10), RANGE)),
    ("Oct 2013 to Sept 2014", 4, (D(2013, 10, 1), D(2014, 9, 30), RANGE)),
    # Quarters, from the year start
    ("Q2 2015/16", 4, Q2_2015),
    ("q2 2015/16", 4, Q2_2015),
    ("Q2 2015-16", 4, Q2_2015),
    ("Q2 FY 2015/16", 4, Q2_2015),
    ("Quarter 2 2015/16", 4, Q2_2015),
    ("2015/16 Q2", 4, Q2_2015),
    ("Q1 2015/16", 4, (D(2015, 4, 1), D(2015, 6, 30), QUARTER)),
    ("Q4 2015/16", 4, (D(2016, 1, 1), D(2016, 3, 31), QUARTER)),
    ("Q2 2015", 1, (D(2015, 4, 1), D(2015, 6, 30), QUARTER)),
    ("Q1 2015/16", 10, (D(2015, 10, 1), D(2015, 12, 31), QUARTER)),
    # Years to date
    ("April-September 2015 (Q2 year to date)", 4, APRIL_TO_SEPTEMBER_2015),
    ("April–September 2015 (Q2 year to date)", 4, APRIL_TO_SEPTEMBER_2015),
    ("April to September 2015", 4, APRIL_TO_SEPTEMBER_2015),
    ("April-September 2015 Q2 YTD", 4, APRIL_TO_SEPTEMBER_2015),
    ("April to September 2015 (year to date)", 4, APRIL_TO_SEPTEMBER_2015),
    ("2015/16 (Q2 year to date)", 4, APRIL_TO_SEPTEMBER_2015),
    ("April 2015 (year to date)", 4, (D(2015, 4, 1), D(2015, 4, 30), YTD)),
    ("Q1 2015/16 (year to date)", 4, (D(2015, 4, 1), D(2015, 6, 30), YTD)),
    ("Jan to Jun 2015", 1, (D(2015, 1, 1), D(2015, 6, 30), YTD)),
    ("April to September 2015", 7, (D(2015, 4, 1), D(2015, 9, 30), RANGE)),
    # Rolling twelve months and years ending
    ("12 months to June 2014", 4, TO_JUNE_2014),
    ("12 Months To June 2014", 4, TO_JUNE_2014),
    ("twelve months to Jun 2014", 4, TO_JUNE_2014),
    ("rolling 12 months to June 2014", 4, TO_JUNE_2014),
    ("12 months ending June 2014", 4, TO_JUNE_2014),
    ("12 months to 30 June 2014", 4, TO_JUNE_2014),
    ("12 months to end of June 2014", 4, TO_JUNE_2014),
    ("12 months to March 2015", 4, (D(2014, 4, 1), D(2015, 3, 31), ROLLING)),
    ("year ending March 2020", 4, (D(2019, 4, 1), D(2020, 3, 31), YEAR)),
    ("year ended 31 March 2020", 4, (D(2019, 4, 1), D(2020, 3, 31), YEAR)),
    ("year ending June 2014", 4, TO_JUNE_2014),
    ("year ending December 2011", 4, CALENDAR_2011),
    # Points in time
    ("at 31 March 2015", 4, AT_31_MARCH_2015),
    ("As at 31 March 2015", 4, AT_31_MARCH_2015),
    ("as of 31st March 2015", 4, AT_31_MARCH_2015),
    ("at 31/03/2015", 4, AT_31_MARCH_2015),
    ("at March 31, 2015", 4, AT_31_MARCH_2015),
    ("at the end of March 2015", 4, AT_31_MARCH_2015),
    ("31 March 2015", 4, AT_31_MARCH_2015),
    ("at 29 February 2016", 4, (D(2016, 2, 29), D(2016, 2, 29), POINT)),
    # Single months
    ("June 2014", 4, JUNE_2014),
    ("Jun 2014", 4, JUNE_2014),
    ("Jun. 2014", 4, JUNE_2014),
    ("june 2014 (provisional)", 4, JUNE_2014),
    ("Sept 2014", 4, (D(2014, 9, 1), D(2014, 9, 30), MONTH)),
    ("Sep. 2014", 4, (D(2014, 9, 1), D(2014, 9, 30), MONTH)),
    ("February 2016", 4, (D(2016, 2, 1), D(2016, 2, 29), MONTH)),
]


@pytest.mark.parametrize(
    "label, year_start_month, expected", READ, ids=[f"{row[0]}@{row[1]}" for row in READ]
)
def test_label_is_read_to_its_dates_and_kind(label, year_start_month, expected):
    period = parse_period(label, year_start_month)

    assert period is not None
    assert (period.start, period.end, period.kind) == expected
    assert period.year_start_month == year_start_month


def test_the_label_is_kept_as_printed():
    assert parse_period("  IJan to Dec 2011) ").label == "IJan to Dec 2011)"


UNREADABLE = [
    ("", 4),
    ("   ", 4),
    ("n/a", 4),
    ("X", 4),
    ("...", 4),
    ("last year", 4),
    ("Q5 2015/16", 4),
    ("Q0 2015/16", 4),
    ("2010/12", 4),
    ("2010/2012", 4),
    ("2010/09", 4),
    ("Feb 30 2015", 4),
    ("at 30 February 2015", 4),
    ("at 29 February 2015", 4),
    ("at 31/13/2015", 4),
    ("13 months to June 2014", 4),
    ("6 months to June 2014", 4),
    ("12 months to 15 June 2014", 4),
    ("April 2016 to March 2015", 4),
    ("5 June 2015 to 4 June 2015", 4),
    ("Jan to Dec", 4),
    ("June", 4),
    # A note that contradicts its body
    ("July to September 2015 (Q2 year to date)", 4),
    ("April to June 2015 (Q2 year to date)", 4),
    ("2014/15 (to 31 March 2016)", 4),
    ("2014/15 (to 15 December 2014)", 4),
    ("2010/11 (April 2011 to March 2012)", 4),
    ("2015/16 (year to date)", 4),
    ("2010/11 (see note 3)", 4),
    # Unclear with this year start
    ("2010/11", 1),
    ("Q2 2015", 4),
    ("FY 2011", 4),
    # Digits that are not 0 to 9
    ("٢٠١٠/١١", 4),
    ("9999/00", 4),
    ("x" * 200, 4),
]


@pytest.mark.parametrize(
    "label, year_start_month", UNREADABLE, ids=[f"{row[0][:40]!r}@{row[1]}" for row in UNREADABLE]
)
def test_unreadable_label_gives_none(label, year_start_month):
    assert parse_period(label, year_start_month) is None


@pytest.mark.parametrize("year_start_month", [0, 13, -1])
def test_a_year_start_that_is_no_month_is_the_callers_mistake(year_start_month):
    with pytest.raises(ValueError, match="month 1 to 12"):
        parse_period("2010/11", year_start_month)


# Every period label the seed document prints (shared/seed/tmbc-csp-annual-action-plan-
# 2012-13.txt), as it prints it: the key successes table's headings, the police targets'
# baselines, and the year the prose names.
SEED_LABELS = [
    ("Baseline 2010/11", FY_2010),
    ("2010/11", FY_2010),
    ("2011/12 target", (D(2011, 4, 1), D(2012, 3, 31), YEAR)),
    ("2011/12 actual", (D(2011, 4, 1), D(2012, 3, 31), YEAR)),
    ("2011/12", (D(2011, 4, 1), D(2012, 3, 31), YEAR)),
    ("Target for 2012/13", (D(2012, 4, 1), D(2013, 3, 31), YEAR)),
    ("2012/13", (D(2012, 4, 1), D(2013, 3, 31), YEAR)),
    ("2013/14", FY_2013),
    ("IJan to Dec 2011)", CALENDAR_2011),
    ("(Jan to Dec 2011)", CALENDAR_2011),
    ("Jan to Dec 2011", CALENDAR_2011),
    ("April 2010 to March 2011", FY_2010),
    ("November 2011", (D(2011, 11, 1), D(2011, 11, 30), MONTH)),
    ("February 2012", (D(2012, 2, 1), D(2012, 2, 29), MONTH)),
]


@pytest.mark.parametrize("label, expected", SEED_LABELS, ids=[row[0] for row in SEED_LABELS])
def test_every_period_the_seed_prints_is_read(label, expected):
    period = parse_period(label)

    assert period is not None and (period.start, period.end, period.kind) == expected


def stored_seed_labels():
    fixture = Path(__file__).resolve().parents[2] / "fixtures" / "seed_plan.json"
    rows = json.loads(fixture.read_text(encoding="utf-8"))
    return sorted(
        {
            value
            for row in rows
            for field, value in row["fields"].items()
            if field.endswith("_period") and value
        }
    )


def test_the_seed_fixture_holds_periods():
    assert {"2010/11", "Jan to Dec 2011", "2012/13"} <= set(stored_seed_labels())


@pytest.mark.parametrize("label", stored_seed_labels())
def test_every_period_the_seed_fixture_stores_is_read(label):
    assert parse_period(label) is not None
