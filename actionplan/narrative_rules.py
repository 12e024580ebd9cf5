"""The rules a figure in the plan's text keeps, in plain English, whoever enters it.

NarrativeFigure.clean() checks them, so the figures page, the admin and any caller that
cleans the model say the same words. The words for a figure's sign are the measures' too
(performance.figure_rules): a count is a count, in a table or in a sentence.
"""

from decimal import Decimal

from figure_text import STORED_PLACES, TOO_MANY_PLACES

NEGATIVE_COUNT = "A count cannot be negative"
NEGATIVE_PERCENT = "A percentage cannot be negative"


def has_more_places(value: Decimal, places: int) -> bool:
    # 634.0 is 634: only digits that change the number count as decimal places.
    return value != value.quantize(Decimal(1).scaleb(-places))


def narrative_figure_errors(*, percent: bool, value: Decimal | None) -> dict[str, str]:
    """Figures in the text have no precision of their own beyond what is stored.

    A percentage in the text is usually a change ("a rise of 12%"), which may pass 100, so
    only its sign is checked; the words around the slot carry the direction.
    """
    if value is None:
        return {}
    if value < 0:
        return {"value": NEGATIVE_PERCENT if percent else NEGATIVE_COUNT}
    if has_more_places(value, STORED_PLACES):
        return {"value": TOO_MANY_PLACES}
    return {}
