"""Reading typed figures: what is accepted, what is refused and with which words."""

import math
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from figure_text import (
    LARGEST_FIGURE,
    FigureError,
    figure_as_typed,
    figure_from_number,
    format_figure,
    parse_figure,
    parse_printed_figure,
    parsing,
)

D = Decimal


@pytest.mark.parametrize(
    "text, figure",
    [
        ("634", D("634")),
        ("21.5", D("21.5")),
        ("102,904", D("102904")),
        ("1,234,567.5", D("1234567.5")),
        ("  634\t", D("634")),
        ("-12.5", D("-12.5")),
        ("0.05", D("0.05")),
        ("007", D("7")),
        ("999,999,999,999.99", D("999999999999.99")),
        ("", None),
        (" \t\n", None),
        (None, None),
    ],
)
def test_plain_figures_are_read_exactly(text, figure):
    assert parse_figure(text, allow_negative=True) == figure


@pytest.mark.parametrize("text", ["-0", "-0.00", "0.000", "-0.0"])
def test_minus_zero_is_zero(text):
    figure = parse_figure(text, allow_negative=False)

    assert figure == 0 and not figure.is_signed()


def test_zeros_after_the_point_are_not_decimal_places():
    assert parse_figure("634.000", allow_negative=True).as_tuple().exponent == 0
    assert str(parse_figure("12.50", allow_negative=True)) == "12.5"


@pytest.mark.parametrize(
    "text, places",
    [("-12.50", 2), ("5.1", 1), ("-9.90", 2), ("1,204.0", 1), ("634", 0), ("  -3.10 ", 2)],
)
def test_a_printed_figure_keeps_the_places_it_was_printed_with(text, places):
    figure = parse_printed_figure(text, allow_negative=True)

    assert figure == parse_figure(text, allow_negative=True)
    assert -figure.as_tuple().exponent == places


@pytest.mark.parametrize("text", ["", "0.00", "-0.0"])
def test_a_printed_blank_or_zero_reads_as_the_parser_reads_it(text):
    assert parse_printed_figure(text, allow_negative=True) == parse_figure(
        text, allow_negative=True
    )


def test_a_printed_figure_is_refused_in_the_parsers_words():
    with pytest.raises(FigureError) as refused:
        parse_printed_figure("5.1%", allow_negative=True)
    assert refused.value.message == parsing.PERCENT_SIGN


@pytest.mark.parametrize(
    "text, code, message",
    [
        ("lots", "invalid", parsing.ENTER_A_NUMBER),
        ("about 630", "invalid", parsing.ENTER_A_NUMBER),
        ("NaN", "invalid", parsing.ENTER_A_NUMBER),
        ("-Infinity", "invalid", parsing.ENTER_A_NUMBER),
        ("1e5", "exponent", parsing.EXPONENT),
        ("-1.5E+3", "exponent", parsing.EXPONENT),
        ("1_000", "underscore", parsing.UNDERSCORE),
        ("+5", "plus", parsing.PLUS),
        ("12.", "trailing_point", parsing.TRAILING_POINT),
        (".5", "leading_point", parsing.LEADING_POINT),
        ("1,00", "commas", parsing.COMMAS),
        ("12,34", "commas", parsing.COMMAS),
        ("١٢٣", "digits", parsing.DIGITS),
        ("１２３", "digits", parsing.DIGITS),
        ("12\u00b3", "digits", parsing.DIGITS),  # a superscript three
        ("1 000", "spaces", parsing.SPACES),
        ("12 %", "percent_sign", parsing.PERCENT_SIGN),
        ("£1,500", "currency", parsing.CURRENCY),
        ("1,000,000,000,000", "too_large", parsing.TOO_LARGE),
        ("0.001", "too_many_places", parsing.TOO_MANY_PLACES),
    ],
)
def test_near_misses_are_refused_saying_what_to_change(text, code, message):
    with pytest.raises(FigureError) as refused:
        parse_figure(text, allow_negative=True)

    assert (refused.value.code, refused.value.message, str(refused.value)) == (
        code,
        message,
        message,
    )


def test_a_minus_is_refused_where_the_caller_allows_no_negatives():
    with pytest.raises(FigureError) as refused:
        parse_figure("-5", allow_negative=False)

    assert refused.value.code == "negative"
    assert parse_figure("-5", allow_negative=True) == -5


def test_a_million_typed_digits_are_refused_as_too_large():
    with pytest.raises(FigureError) as refused:
        parse_figure("9" * 1_000_000, allow_negative=True)

    assert refused.value.code == "too_large"


@pytest.mark.parametrize(
    "cell, figure",
    [
        (634, D("634")),
        (76.2, D("76.2")),
        (-0.0, D("0")),
        (634.0, D("634")),
        (D("12.50"), D("12.5")),
    ],
)
def test_a_number_from_a_spreadsheet_is_taken_exactly(cell, figure):
    taken = figure_from_number(cell, allow_negative=True)

    assert taken == figure and str(taken) == str(figure)


@pytest.mark.parametrize(
    "cell, code",
    [
        (True, "invalid"),
        (math.nan, "invalid"),
        (math.inf, "invalid"),
        (D("sNaN"), "invalid"),
        ("634", "invalid"),
        (1e12, "too_large"),
        (10**40, "too_large"),
        (D("1E+999999999"), "too_large"),
        (2.345, "too_many_places"),
        (-1, "negative"),
    ],
)
def test_a_number_from_a_spreadsheet_is_held_to_the_same_limits(cell, code):
    with pytest.raises(FigureError) as refused:
        figure_from_number(cell, allow_negative=False)

    assert refused.value.code == code


# --- properties ----------------------------------------------------------------------------

# Every figure storage holds: fewer than 13 whole digits, at most 2 places.
stored_figures = st.decimals(
    min_value=-(LARGEST_FIGURE - D("0.01")),
    max_value=LARGEST_FIGURE - D("0.01"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@given(stored_figures)
@example(D("0.00"))
@example(D("-0"))
@example(D("1E+3"))
def test_a_figure_as_typed_reads_back_as_the_same_figure(figure):
    assert parse_figure(figure_as_typed(figure), allow_negative=True) == figure


@given(stored_figures)
@example(D("102904"))
@example(D("-1234567.50"))
def test_a_printed_figure_reads_back_as_the_same_figure(figure):
    assert parse_figure(format_figure(figure, unit="count"), allow_negative=True) == figure


@given(stored_figures.filter(lambda figure: abs(figure) < LARGEST_FIGURE - 1), st.integers(0, 2))
def test_a_figure_printed_to_fewer_places_reads_back_within_half_its_last_digit(figure, places):
    printed = format_figure(figure, unit="count", places=places)

    assert abs(parse_figure(printed, allow_negative=True) - figure) <= D("0.5").scaleb(-places)


@given(st.text())
@example("1" * 5000)
@example("-")
@example("\x00")
def test_the_parser_raises_nothing_but_its_own_refusal(text):
    try:
        figure = parse_figure(text, allow_negative=True)
    except FigureError as refused:
        assert refused.message and refused.code
    else:
        assert figure is None or (figure.is_finite() and abs(figure) < LARGEST_FIGURE)


@given(st.one_of(st.floats(), st.integers(), st.decimals(), st.booleans(), st.none()))
def test_a_cell_of_any_kind_is_a_figure_or_refused_in_words(cell):
    try:
        figure = figure_from_number(cell, allow_negative=True)
    except FigureError as refused:
        assert refused.message
    else:
        assert figure.is_finite() and abs(figure) < LARGEST_FIGURE


@given(st.floats(min_value=-1e11, max_value=1e11, allow_nan=False))
def test_a_float_cell_is_taken_as_its_shortest_repr_never_its_binary_noise(cell):
    try:
        figure = figure_from_number(cell, allow_negative=True)
    except FigureError as refused:
        assert refused.code == "too_many_places"
    else:
        assert figure == D(repr(cell))
