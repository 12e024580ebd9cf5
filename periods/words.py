"""The words of a period label: its text made plain, and the months and days it names.

Everything here reads lower-case text with single spaces, as `plain` makes it. A reader
returns None for words it does not know; date() refuses a day that does not exist (30
February) with ValueError, which parse_period turns into None.
"""

import re
import unicodedata
from datetime import date

from .period import month_end

_MONTH_SPELLINGS = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sept", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
MONTH_NUMBERS = {
    spelling: number
    for number, spellings in enumerate(_MONTH_SPELLINGS, start=1)
    for spelling in spellings
}
# Longest first, so that "sept" is not read as "sep" and a stray "t".
MONTH = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
YEAR = r"[0-9]{4}"  # [0-9], not \d: \d also matches Arabic-Indic and fullwidth digits
_DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"

_MONTH_YEAR = re.compile(rf"(?P<month>{MONTH})(?:\s(?P<year>{YEAR}))?")
_DAY_MONTH_YEAR = re.compile(rf"{_DAY}\s(?:of\s)?(?P<month>{MONTH})\s(?P<year>{YEAR})")
_MONTH_DAY_YEAR = re.compile(rf"(?P<month>{MONTH})\s{_DAY}\s(?P<year>{YEAR})")
# Day first, as in the UK: 31/03/2015.
_NUMERIC_DATE = re.compile(rf"{_DAY}/(?P<month>[0-9]{{1,2}})/(?P<year>{YEAR})")
_END_OF_MONTH = re.compile(rf"(?:the\s)?end\s(?:of\s)?(?P<month>{MONTH})\s(?P<year>{YEAR})")

# Every dash people type between months or years, read as a hyphen.
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"), "-")
# "Sept." and "Jun." are abbreviations: a dot after a letter carries nothing.
_ABBREVIATION_DOT = re.compile(r"(?<=[a-z])\.")
_SEPARATING_PUNCTUATION = re.compile(r"[,;:]")
# The seed prints "IJan to Dec 2011)" for "(Jan to Dec 2011)". No month's name starts with
# an I, so an I glued to a month's name, in a label that closes a bracket it never opened,
# is the bracket mistyped.
_MISTYPED_BRACKET = re.compile(rf"\bi(?=(?:{MONTH})\b)")


def plain(text: str) -> str:
    """The label lower-cased, with one kind of dash, single spaces and no abbreviation dots:
    "  Sept.–Dec 2011 " becomes "sept-dec 2011"."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_DASHES)
    if text.count(")") > text.count("("):
        text = _MISTYPED_BRACKET.sub("(", text, count=1)
    text = _SEPARATING_PUNCTUATION.sub(" ", _ABBREVIATION_DOT.sub("", text))
    return " ".join(text.split()).strip(" .-")


def _month_number(text: str) -> int:
    return MONTH_NUMBERS.get(text) or int(text)


def read_month(text: str) -> tuple[int | None, int] | None:
    """(year, month) of "june 2014"; (None, month) of "june", whose year the caller knows."""
    match = _MONTH_YEAR.fullmatch(text)
    if match is None:
        return None
    year = match["year"]
    return (None if year is None else int(year)), _month_number(match["month"])


def read_day(text: str) -> date | None:
    """The day "31 march 2015", "march 31 2015", "31/03/2015" or "end of march 2015" names."""
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _NUMERIC_DATE):
        if match := pattern.fullmatch(text):
            return date(int(match["year"]), _month_number(match["month"]), int(match["day"]))
    if match := _END_OF_MONTH.fullmatch(text):
        return month_end(int(match["year"]), _month_number(match["month"]))
    return None


def read_first_day(text: str, end: date) -> date | None:
    """The first day of a run ending on `end`: "april 2015" and "1 april 2015" are 1 April
    2015; "april" alone is the last April on or before the end ("nov to feb 2015" starts in
    November 2014)."""
    month = read_month(text)
    if month is None:
        return read_day(text)
    year, number = month
    if year is None:
        year = end.year if number <= end.month else end.year - 1
    return date(year, number, 1)


def read_last_day(text: str) -> date | None:
    """The last day of a run: "june 2014" ends on 30 June 2014; a day is itself."""
    month = read_month(text)
    if month is None:
        return read_day(text)
    year, number = month
    return None if year is None else month_end(year, number)


def read_month_end(text: str) -> date | None:
    """The last day of the month "june 2014" or "30 june 2014" names; None for a day within a
    month ("15 june 2014"), since twelve months to it would not be whole months."""
    day = read_last_day(text)
    return day if day is not None and day == month_end(day.year, day.month) else None
