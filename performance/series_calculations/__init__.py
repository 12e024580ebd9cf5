"""The arithmetic of a measure's series of figures by period, beside `calculations` (which
works one baseline, target and actual).

Pure Python with no Django, like `calculations`, and sharing its exact Decimal helpers
(`performance.exact_arithmetic`): figures are plain values (`SeriesFigure`: a `Period`, a
value, a state) and every result is a small frozen dataclass holding the numbers and the
words to show. What cannot be computed is None and displays "n/a (reason)", never an error.

- `figures`: deriving a quarter, a year to date or the plan year so far from months;
- `comparison`: like for like, the labelled pro-rata reading of a count, small counts;
- `outturn`: a whole year's figure, held or derived, as the next plan's key successes show it;
- `targets`: the target for the year so far, the margin and progress against the target;
- `travel`: direction of travel on the previous period and the same period last year;
- `reported`: a change as a source printed it, checked only on a basis the portal holds;
- `checks`: a cumulative series must add up; a closed period's rating stays as recorded.
"""

from .checks import CumulativeCheck, Rating, cumulative_check, rate, rating_as_recorded
from .comparison import (
    Comparison,
    ProRata,
    labels_differ,
    like_for_like,
    periods_differ,
    pro_rata,
    within_normal_variation,
)
from .figures import (
    Aggregation,
    DerivedFigure,
    SeriesFigure,
    State,
    derive_figure,
    plan_year_so_far,
    year_to_date,
)
from .outturn import Outturn, year_outturn
from .reported import ChangeKind, ReportedChange, ReportedCheck, check_reported_change
from .targets import Margin, Progress, margin, progress, target_so_far
from .travel import Travel, travel_on_previous_period, travel_on_same_period_last_year

__all__ = [
    "Aggregation",
    "ChangeKind",
    "Comparison",
    "CumulativeCheck",
    "DerivedFigure",
    "Margin",
    "Outturn",
    "ProRata",
    "Progress",
    "Rating",
    "ReportedChange",
    "ReportedCheck",
    "SeriesFigure",
    "State",
    "Travel",
    "check_reported_change",
    "cumulative_check",
    "derive_figure",
    "labels_differ",
    "like_for_like",
    "margin",
    "periods_differ",
    "plan_year_so_far",
    "pro_rata",
    "progress",
    "rate",
    "rating_as_recorded",
    "target_so_far",
    "travel_on_previous_period",
    "travel_on_same_period_last_year",
    "within_normal_variation",
    "year_outturn",
    "year_to_date",
]
