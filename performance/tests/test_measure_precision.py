"""A measure prints its stored figures at its own precision, rounded as every other figure
is (figure_text.round_half_up): a page, the PDF and the arithmetic never disagree by one."""

from decimal import Decimal

import pytest

from figure_text import format_figure
from performance.models import Measure


@pytest.mark.parametrize(
    "stored, places, printed",
    [
        (Decimal("12.25"), 1, Decimal("12.3")),  # half up, not to even (12.2)
        (Decimal("22.50"), 0, Decimal("23")),
        (Decimal("-0.04"), 1, Decimal("0.0")),
        (Decimal("645.82"), 2, Decimal("645.82")),
    ],
)
def test_a_measure_prints_a_stored_figure_rounded_half_up_at_its_precision(stored, places, printed):
    measure = Measure(unit=Measure.Unit.COUNT, decimal_places=places, baseline_value=stored)
    assert measure.baseline == printed
    assert str(measure.baseline) == str(printed)
    assert measure.baseline_display == format_figure(stored, unit="count", places=places)
