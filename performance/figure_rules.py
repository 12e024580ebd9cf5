"""The rules an entered figure must keep, in plain English, whoever enters it.

They are checked once per save, by the one writer of measures (performance.services), so no
path can store a negative count or an actual with no period, and no message comes twice.
"""

from collections.abc import Mapping

from actionplan.narrative_rules import NEGATIVE_COUNT, has_more_places
from figure_text import STORED_PLACES

from .calculations import PERCENT

# Figures are stored to two places; a measure may print fewer, never more.
STORED_DECIMAL_PLACES = STORED_PLACES

# (value field, its period field, how the period is named in a message)
FIGURE_PAIRS = (
    ("baseline_value", "baseline_period", "baseline"),
    ("target_value", "target_period", "target"),
    ("actual_value", "actual_period", "actual figure"),
)
MEASURE_FIGURE_FIELDS = tuple(name for pair in FIGURE_PAIRS for name in pair[:2])

# Approval settles a plan's measures; the actual figures are reported through the year, so
# they alone may still change on an approved or published plan (actionplan.lifecycle).
FIELDS_OPEN_AFTER_APPROVAL = ("actual_value", "actual_period")

PERCENT_RANGE = "A percentage must be between 0 and 100"


def decimal_places_message(places: int) -> str:
    if places == 0:
        return "Give a whole number for this measure, with no decimal places"
    return f"Give at most {places} decimal place{'s' if places > 1 else ''} for this measure"


def measure_figure_errors(
    *, unit: str, decimal_places: int, example_period: str, values: Mapping[str, object]
) -> dict[str, str]:
    """Field name -> message for every rule the measure's figures break; empty when none."""
    places = min(decimal_places, STORED_DECIMAL_PLACES)
    errors = {}
    for value_field, period_field, name in FIGURE_PAIRS:
        value = values.get(value_field)
        if value is None:
            continue
        if unit == PERCENT and not 0 <= value <= 100:
            errors[value_field] = PERCENT_RANGE
        elif value < 0:
            errors[value_field] = NEGATIVE_COUNT
        elif has_more_places(value, places):
            errors[value_field] = decimal_places_message(places)
        if not values.get(period_field):
            errors[period_field] = (
                f"Say which period the {name} is for, e.g. {example_period or '2011/12'}"
            )
    return errors
