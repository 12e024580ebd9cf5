"""The rules an entered figure must keep, in plain English, whoever enters it.

The figures page checks them field by field and the save service checks them again, so a
caller that skips the form cannot store a negative count or an actual with no period.
"""

from collections.abc import Mapping
from decimal import Decimal

from actionplan.models import FigureUnit

from .calculations import PERCENT

# Figures are stored to two places; a measure may print fewer, never more.
STORED_DECIMAL_PLACES = 2

# (value field, its period field, how the period is named in a message)
FIGURE_PAIRS = (
    ("baseline_value", "baseline_period", "baseline"),
    ("target_value", "target_period", "target"),
    ("actual_value", "actual_period", "actual figure"),
)
MEASURE_FIGURE_FIELDS = tuple(name for pair in FIGURE_PAIRS for name in pair[:2])

NEGATIVE_COUNT = "A count cannot be negative"
PERCENT_RANGE = "A percentage must be between 0 and 100"
NEGATIVE_PERCENT = "A percentage cannot be negative"


def decimal_places_message(places: int) -> str:
    if places == 0:
        return "Give a whole number for this measure, with no decimal places"
    return f"Give at most {places} decimal place{'s' if places > 1 else ''} for this measure"


def _has_more_places(value: Decimal, places: int) -> bool:
    # 634.0 is 634: only digits that change the number count as decimal places.
    return value != value.quantize(Decimal(1).scaleb(-places))


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
        elif _has_more_places(value, places):
            errors[value_field] = decimal_places_message(places)
        if not values.get(period_field):
            errors[period_field] = (
                f"Say which period the {name} is for, e.g. {example_period or '2011/12'}"
            )
    return errors


def narrative_figure_errors(*, unit: str, value: Decimal | None) -> dict[str, str]:
    """Figures in the text have no precision of their own beyond what is stored.

    A percentage in the text is usually a change ("a rise of 12%"), which may pass 100, so
    only its sign is checked; the words around the slot carry the direction.
    """
    if value is None:
        return {}
    if value < 0:
        return {"value": NEGATIVE_PERCENT if unit == FigureUnit.PERCENT else NEGATIVE_COUNT}
    if _has_more_places(value, STORED_DECIMAL_PLACES):
        return {"value": f"Give at most {STORED_DECIMAL_PLACES} decimal places"}
    return {}
