"""Periods as officers write them ("2010/11", "Q2 2015/16", "12 months to June 2014") and as
real date ranges, so that figures are compared only with figures of the same length.

Pure Python with no Django and nothing of the project, like figure_text: the model, the
arithmetic, spreadsheets and pages all read periods the same way.
"""

from .labels import label_of
from .parsing import parse_period, same_period
from .period import FINANCIAL_YEAR_START, Kind, Period
from .plan_year import months_of, quarter_of, year_of

__all__ = [
    "FINANCIAL_YEAR_START",
    "Kind",
    "Period",
    "label_of",
    "months_of",
    "parse_period",
    "quarter_of",
    "same_period",
    "year_of",
]
