"""A period label as plans print it, read into real dates.

A label is a body ("2013/14", "April-September 2015") with, perhaps, words that say what the
figure is rather than when ("result", "baseline", "(provisional)") and notes that narrow or
restate the body ("(Q2 year to date)", "(to 31 March 2015)", "(April 2010 to March 2011)").
A note must agree with the body: a label that contradicts itself is not read, because a
period read wrongly compares figures that are not alike, which is worse than "n/a".

Decisions where plans are unclear:
- "2010/11" is the partnership's year from its start month in 2010. With a January start
  the year is a calendar year named by its one year ("2011"), so a split label such as
  "2010/11" is unclear and is not read.
- "2011" alone is the calendar year 2011; with a January start it is the plan year. "FY
  2011" is read only with a January start: elsewhere some mean the year it starts, some the
  year it ends.
- "Q2 2015" (a quarter of a single year) is read only with a January start, for the same
  reason.
- A run of months is a year to date when it starts at the year start, the year when it is
  those twelve months, a calendar year when it is January to December, else a range.
- "12 months to June 2014" is rolling twelve months whatever month it ends; "year ending
  March 2020" is the plan year when it ends at the year end, else rolling twelve months.
  Only twelve: "13 months to June 2014" is not read.
"""

import re
from dataclasses import replace
from datetime import date

from .period import FINANCIAL_YEAR_START, Kind, Period, month_end, plan_year_first
from .plan_year import months_to, plan_year, quarter, run_of, year_so_far
from .words import (
    YEAR,
    plain,
    read_day,
    read_first_day,
    read_last_day,
    read_month,
    read_month_end,
)

# Longer than any label a plan prints; refused unread, so no text costs much to look at.
LONGEST_LABEL = 120

# Words that say what a figure is, not when: "2013/14 result", "Target for 2012/13".
FIGURE_WORDS = frozenset(
    {
        "baseline",
        "target",
        "targets",
        "actual",
        "actuals",
        "result",
        "results",
        "outturn",
        "provisional",
        "final",
        "figure",
        "figures",
        "data",
        "estimate",
        "estimated",
        "revised",
        "forecast",
    }
)

_PLAN_YEAR_TEXT = rf"(?:fy\s?|financial\syear\s)?(?P<first>{YEAR})"
_SPLIT_YEAR = re.compile(rf"{_PLAN_YEAR_TEXT}\s?[/-]\s?(?P<second>[0-9]{{4}}|[0-9]{{2}})")
_SINGLE_YEAR = re.compile(_PLAN_YEAR_TEXT)
_CALENDAR_YEAR = re.compile(rf"(?:calendar\syear\s)?(?P<year>{YEAR})")
_QUARTER_WORD = r"(?:q|quarter\s?)(?P<number>[0-9]{1,2})"
_QUARTER_FIRST = re.compile(rf"{_QUARTER_WORD}\s(?P<year>.+)")
_QUARTER_LAST = re.compile(rf"(?P<year>.+)\s{_QUARTER_WORD}")
_ROLLING = re.compile(
    r"(?:rolling\s)?(?:12|twelve)\smonths?\s(?:to|ending|ended|up\sto)\s(?P<end>.+)"
)
_YEAR_ENDING = re.compile(r"(?:the\s)?(?:financial\s)?year\s(?:ending|ended|to)\s(?P<end>.+)")
_POINT = re.compile(r"(?:(?:as\s)?at|as\sof|on)\s(?:the\s)?(?P<day>.+)")
# The first separator splits: "jan 2011 - dec 2011", "april to september 2015".
_RUN = re.compile(r"(?:from\s)?(?P<start>.+?)(?:\s?-\s?|\s(?:to|until|till|through)\s)(?P<end>.+)")

_BRACKETED = re.compile(r"\(([^()]*)\)")
_STRAY_BRACKET = re.compile(r"[()]")
_YEAR_TO_DATE_NOTE = re.compile(rf"(?:{_QUARTER_WORD}\s)?(?:year\sto\sdate|ytd)")
_TRAILING_YEAR_TO_DATE = re.compile(rf"(?P<body>.+?)\s(?P<note>{_YEAR_TO_DATE_NOTE.pattern})")
_END_NOTE = re.compile(r"(?:up\s)?to\s(?P<end>.+)")
# "2014/15 to 31 March 2015": the same note as "2014/15 (to 31 March 2015)", unbracketed.
_PLAN_YEAR_TO = re.compile(rf"(?P<body>{_SPLIT_YEAR.pattern})\s(?P<note>{_END_NOTE.pattern})")


def _check_year_start(year_start_month: int) -> None:
    # A wrong year start is the caller's mistake, not an unreadable label: say so.
    if not 1 <= year_start_month <= 12:
        raise ValueError(f"a year starts in month 1 to 12, not {year_start_month}")


def _without_figure_words(text: str) -> str:
    words = text.strip(" .-").split()
    while words and words[-1] in FIGURE_WORDS:
        words.pop()
    while words and (words[0] in FIGURE_WORDS or words[0] == "for"):
        words.pop(0)
    return " ".join(words)


def _split_trailing_note(body: str) -> tuple[str, str | None]:
    for pattern in (_TRAILING_YEAR_TO_DATE, _PLAN_YEAR_TO):
        if match := pattern.fullmatch(body):
            return match["body"], match["note"]
    return body, None


def _body_and_notes(text: str) -> tuple[str, list[str]]:
    """The body of a plain label and its notes, with the figure words left out of both; a
    label that is all bracket, "(Jan to Dec 2011)", is its own body."""
    notes = _BRACKETED.findall(text)
    body = " ".join(_STRAY_BRACKET.sub(" ", _BRACKETED.sub(" ", text)).split())
    body, trailing = _split_trailing_note(_without_figure_words(body))
    notes = [_without_figure_words(note) for note in [*notes, trailing] if note]
    notes = [note for note in notes if note]
    if not body and notes:
        body, notes = notes[0], notes[1:]
    return _without_figure_words(body), notes


def _first_year(text: str, year_start_month: int) -> int | None:
    """The year a plan year label starts in: 2010 for "2010/11", "2010-2011" or "FY
    2010/11"; with a January start, "2010" or "FY 2010"."""
    if year_start_month == 1:
        match = _SINGLE_YEAR.fullmatch(text)
        return None if match is None else int(match["first"])
    match = _SPLIT_YEAR.fullmatch(text)
    if match is None:
        return None
    first, second = int(match["first"]), match["second"]
    following = first + 1 if len(second) == 4 else (first + 1) % 100
    return first if int(second) == following else None  # "2010/12" is no one year


def _plan_year(body: str, year_start_month: int) -> Period | None:
    first_year = _first_year(body, year_start_month)
    return None if first_year is None else plan_year(first_year, year_start_month)


def _quarter(body: str, year_start_month: int) -> Period | None:
    match = _QUARTER_FIRST.fullmatch(body) or _QUARTER_LAST.fullmatch(body)
    if match is None:
        return None
    first_year = _first_year(match["year"], year_start_month)
    number = int(match["number"])
    if first_year is None or not 1 <= number <= 4:
        return None
    return quarter(number, first_year, year_start_month)


def _twelve_months_to(end_text: str, year_start_month: int) -> Period | None:
    end = read_month_end(end_text)
    return end and months_to(end, 12, year_start_month)


def _rolling(body: str, year_start_month: int) -> Period | None:
    match = _ROLLING.fullmatch(body)
    period = match and _twelve_months_to(match["end"], year_start_month)
    return period and replace(period, kind=Kind.ROLLING_12)


def _year_ending(body: str, year_start_month: int) -> Period | None:
    match = _YEAR_ENDING.fullmatch(body)
    period = match and _twelve_months_to(match["end"], year_start_month)
    if period and period.kind is Kind.RANGE:
        # Twelve months that are not the plan year or a calendar year: rolling.
        return replace(period, kind=Kind.ROLLING_12)
    return period


def _point(body: str, year_start_month: int) -> Period | None:
    match = _POINT.fullmatch(body)
    day = read_day(match["day"] if match else body)
    return day and Period(day, day, "", Kind.POINT, year_start_month)


def _month(body: str, year_start_month: int) -> Period | None:
    month = read_month(body)
    if month is None or month[0] is None:
        return None
    return months_to(month_end(*month), 1, year_start_month)


def _calendar_year(body: str, year_start_month: int) -> Period | None:
    match = _CALENDAR_YEAR.fullmatch(body)
    if match is None:
        return None
    return months_to(month_end(int(match["year"]), 12), 12, year_start_month)


def _run(body: str, year_start_month: int) -> Period | None:
    match = _RUN.fullmatch(body)
    end = match and read_last_day(match["end"])
    start = end and read_first_day(match["start"], end)
    return start and run_of(start, end, year_start_month)


# In order: a rolling twelve months ("12 months to June 2014") and a year ending also hold
# a "to", which the run would split on.
_FORMS = (_plan_year, _quarter, _rolling, _year_ending, _point, _month, _calendar_year, _run)


def _read_body(body: str, year_start_month: int) -> Period | None:
    for form in _FORMS:
        if period := form(body, year_start_month):
            return period
    return None


def _cut_to(period: Period, end: date | None) -> Period | None:
    """A plan year cut at `end` ("2014/15 (to 31 December 2014)"); any other period is kept
    only when it ends there already."""
    if period.kind is not Kind.YEAR:
        return period if period.end == end else None
    if end is None or end > period.end:
        return None
    return year_so_far(period.start, end, period.year_start_month)


def _quarter_end(period: Period, number: int) -> date | None:
    """The last day of quarter `number` of the plan year `period` starts in."""
    if not 1 <= number <= 4:
        return None
    start, year_start = period.start, period.year_start_month
    return quarter(number, plan_year_first(start.year, start.month, year_start), year_start).end


def _as_year_to_date(period: Period, quarter_text: str | None) -> Period | None:
    """A period noted "(year to date)" or "(Q2 year to date)": it must run from the year
    start, and end where the quarter named ends. A plan year noted "(Q2 year to date)" is cut
    there; noted only "year to date", it does not say how far it has gone, and is not read."""
    quarter_end = None if quarter_text is None else _quarter_end(period, int(quarter_text))
    if period.kind is Kind.YEAR:
        return quarter_end and _cut_to(period, quarter_end)
    if quarter_text is not None and period.end != quarter_end:
        return None
    return year_so_far(period.start, period.end, period.year_start_month)


def _with_note(period: Period, note: str) -> Period | None:
    if match := _YEAR_TO_DATE_NOTE.fullmatch(note):
        return _as_year_to_date(period, match["number"])
    if match := _END_NOTE.fullmatch(note):
        return _cut_to(period, read_month_end(match["end"]))
    # Else a note must be the same period in other words: "2010/11 (April 2010 to March 2011)".
    restated = _read_body(note, period.year_start_month)
    same = restated is not None and (restated.start, restated.end) == (period.start, period.end)
    return period if same else None


def parse_period(text: str, year_start_month: int = FINANCIAL_YEAR_START) -> Period | None:
    """The period a label names, with the label as printed; None when it cannot be read, and
    the caller keeps the text ("n/a (period not understood)").

    `year_start_month` is the partnership's year start (4, April, unless it says otherwise):
    it decides "2010/11" and the quarters. Never raises on any text.
    """
    _check_year_start(year_start_month)
    if len(text) > LONGEST_LABEL:
        return None
    body, notes = _body_and_notes(plain(text))
    try:
        period = _read_body(body, year_start_month)
        for note in notes:
            period = period and _with_note(period, note)
    except ValueError:
        # date() and Period refuse what cannot be (30 February, a year past 9999, an end
        # before its start): a label naming one names no period.
        return None
    return period and replace(period, label=text.strip())


def same_period(label: str, other: str, year_start_month: int = FINANCIAL_YEAR_START) -> bool:
    """Whether two labels name one period: the same text, or the same dates as read
    ("Q2 2012/13" and "July to September 2012"). A label that cannot be read is only ever
    the same as itself."""
    if label == other:
        return True
    first, second = parse_period(label, year_start_month), parse_period(other, year_start_month)
    return first is not None and second is not None and first.same_dates_as(second)
