"""A figure as the portal prints it, and as an officer would type it back into a box."""

from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, Overflow

PERCENT = "percent"


def _finite(value: object) -> Decimal | None:
    # NaN and infinity carry no figure, so they print like a blank cell.
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    return value if isinstance(value, Decimal) and value.is_finite() else None


def _plain(number: Decimal) -> str:
    # "f" prints every digit exactly, whatever the exponent: 1E+3 is "1000".
    return f"{number:f}"


def places_needed(value: Decimal) -> int:
    """The fewest decimal places that show `value` exactly: 2 for 12.25, 0 for 250.00."""
    text = _plain(value)
    return len(text.partition(".")[2].rstrip("0"))


def round_half_up(number: Decimal, places: int) -> Decimal:
    """`number` to `places` decimal places, halves away from zero, as people round and as
    the seed document's figures are: 12.25 to one place is 12.3. The one rounding of
    figures, for printing and for the arithmetic alike. A zero comes back unsigned:
    "-0.0" would read as a reduction of nothing."""
    digits = max(28, number.adjusted() + places + 2)
    context = Context(prec=digits, traps=[InvalidOperation, Overflow])
    rounded = number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP, context)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def format_figure(value: object, *, unit: str, places: int | None = None) -> str:
    """A figure as printed: thousands separators, "%" for a percent unit; "" for no figure.

    `places`: the precision to print, rounded half up; None prints the value at its own
    precision (a measure's figures arrive already at the measure's). For a figure with no
    precision of its own, pass `places_needed(value)`: 250.00 prints "250", 12.50 "12.5".
    """
    number = _finite(value)
    if number is None:
        return ""
    if places is not None:
        number = round_half_up(number, places)
    # "-0.0" would read as a reduction of nothing.
    if number.is_zero():
        number = number.copy_abs()
    text = f"{number:,f}"
    return f"{text}%" if unit == PERCENT else text


def figure_as_typed(value: object) -> str:
    """A figure as an officer would type it into a box: 667 rather than 667.00, no commas,
    no "%" (the box says that); "" for no figure. `parse_figure` reads it back unchanged."""
    number = _finite(value)
    if number is None:
        return ""
    text = _plain(number.copy_abs() if number.is_zero() else number)
    return text.rstrip("0").rstrip(".") if "." in text else text
