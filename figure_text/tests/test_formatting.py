"""Printing figures: the printed form on pages, the PDF and in narrative, and the typed form
that fills an input box."""

from decimal import Decimal

import pytest

from figure_text import figure_as_typed, format_figure, places_needed

D = Decimal


@pytest.mark.parametrize(
    "value, unit, places, printed",
    [
        (D("102904"), "count", None, "102,904"),
        (D("1234567.5"), "count", None, "1,234,567.5"),
        (D("76.2"), "percent", None, "76.2%"),
        (D("20.00"), "count", None, "20.00"),  # a measure's figure arrives at its precision
        (D("1E+3"), "count", None, "1,000"),
        (D("-0.0"), "percent", None, "0.0%"),
        (D("645.82"), "count", 0, "646"),
        (D("22.5"), "count", 0, "23"),  # half up, not to even
        (D("-0.04"), "count", 1, "0.0"),
        (D("76.25"), "percent", 1, "76.3%"),
        (5, "count", None, "5"),
        (None, "count", None, ""),
        (D("NaN"), "percent", None, ""),
        (True, "count", None, ""),
    ],
)
def test_a_figure_is_printed_with_separators_its_precision_and_its_unit(
    value, unit, places, printed
):
    assert format_figure(value, unit=unit, places=places) == printed


@pytest.mark.parametrize(
    "value, places", [(D("250.00"), 0), (D("12.50"), 1), (D("12.25"), 2), (D("1E+3"), 0)]
)
def test_a_figure_with_no_precision_of_its_own_prints_the_places_it_needs(value, places):
    assert places_needed(value) == places


def test_a_narrative_figure_reads_as_written():
    value = D("1250.50")

    assert format_figure(value, unit="percent", places=places_needed(value)) == "1,250.5%"


@pytest.mark.parametrize(
    "value, typed",
    [
        (D("667.00"), "667"),
        (D("21.50"), "21.5"),
        (D("102904"), "102904"),
        (D("1E+3"), "1000"),
        (D("-0.00"), "0"),
        (D("-12.5"), "-12.5"),
        (None, ""),
        (D("Infinity"), ""),
    ],
)
def test_a_figure_is_typed_into_a_box_without_trailing_zeros_commas_or_sign(value, typed):
    assert figure_as_typed(value) == typed
