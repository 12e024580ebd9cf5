"""A figure as a person types it, or as a spreadsheet holds it, read into a Decimal.

The accepted text is deliberately narrow: ASCII digits, optional thousands commas in groups
of three, an optional decimal point with digits after it, and a leading minus where the
caller allows one. Anything else is refused with a message saying what to type instead,
because a figure read wrongly ("1e5", "12,34") is worse than a figure refused.
"""

import re
import unicodedata
from decimal import Decimal

# Stored figures have 14 digits, two of them after the point.
STORED_PLACES = 2
LARGEST_FIGURE = Decimal(10) ** 12
_LARGEST_WHOLE_DIGITS = 12

ENTER_A_NUMBER = "Enter a number, like 634 or 21.5"


def too_large(limit: Decimal | int) -> str:
    """The refusal of a number at or above `limit`, in the words every path uses."""
    return f"Enter a number smaller than {limit:,}"


TOO_LARGE = too_large(LARGEST_FIGURE)
TOO_MANY_PLACES = f"Give at most {STORED_PLACES} decimal places"
NOT_NEGATIVE = "Enter a number of 0 or more"
DIGITS = "Type the number with the digits 0 to 9, like 634 or 21.5"
SPACES = "Enter the number without spaces, like 102904 or 102,904"
PERCENT_SIGN = "Enter the number without the % sign, like 21.5"
CURRENCY = "Enter the number without a currency sign, like 1500 or 1,500"
UNDERSCORE = "Use commas, not _, between thousands, like 1,000"
PLUS = "Enter the number without a + sign"
EXPONENT = "Write the number out in full, like 100000 rather than 1e5"
TRAILING_POINT = "Put digits after the decimal point, or leave the point out: 12 or 12.5"
LEADING_POINT = "Put a 0 before the decimal point, like 0.5"
COMMAS = (
    "Put commas only between groups of three digits, like 102,904, and a point before "
    "decimals, like 21.5"
)

# [0-9], not \d: \d also matches Arabic-Indic, fullwidth and other digits.
_FIGURE = re.compile(r"(?P<minus>-)?(?P<whole>[0-9]+|[1-9][0-9]{0,2}(?:,[0-9]{3})+)(?:\.[0-9]+)?")

# Near misses, told apart so that the message can say what to change. Checked in order.
_EXPONENT = re.compile(r"[+-]?(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)[eE][+-]?[0-9]+")
_TRAILING_POINT = re.compile(r"-?[0-9][0-9,]*\.")
_LEADING_POINT = re.compile(r"-?\.[0-9]+")
_LOOSE_COMMAS = re.compile(r"-?[0-9][0-9,]*(?:\.[0-9]+)?")


class FigureError(ValueError):
    """A figure refused, with a message for the person who typed it."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _is_foreign_digit(character: str) -> bool:
    return not character.isascii() and (
        character.isdigit() or unicodedata.decimal(character, None) is not None
    )


def _is_figure(text: str) -> bool:
    return _FIGURE.fullmatch(text) is not None


def _without_signs(text: str, is_sign) -> str:
    start, end = 0, len(text)
    while start < end and is_sign(text[start]):
        start += 1
    while end > start and is_sign(text[end - 1]):
        end -= 1
    return text[start:end].strip()


def _is_currency(character: str) -> bool:
    return unicodedata.category(character) == "Sc"


def _refusal(text: str) -> FigureError:
    """Why `text` (stripped, not a figure) was refused. A specific message only where the
    text is a figure but for one mistake: "about 630" is not a number with spaces in it."""
    checks = (
        (any(_is_foreign_digit(c) for c in text), DIGITS, "digits"),
        (_is_figure("".join(text.split())), SPACES, "spaces"),
        (_is_figure(_without_signs(text, lambda c: c == "%")), PERCENT_SIGN, "percent_sign"),
        (_is_figure(_without_signs(text, _is_currency)), CURRENCY, "currency"),
        ("_" in text and _is_figure(text.replace("_", "")), UNDERSCORE, "underscore"),
        (text.startswith("+") and _is_figure(text[1:]), PLUS, "plus"),
        (_EXPONENT.fullmatch(text) is not None, EXPONENT, "exponent"),
        (_TRAILING_POINT.fullmatch(text) is not None, TRAILING_POINT, "trailing_point"),
        (_LEADING_POINT.fullmatch(text) is not None, LEADING_POINT, "leading_point"),
        (_LOOSE_COMMAS.fullmatch(text) is not None, COMMAS, "commas"),
    )
    for refused, message, code in checks:
        if refused:
            return FigureError(message, code)
    return FigureError(ENTER_A_NUMBER, "invalid")


def _without_trailing_zeros(number: Decimal) -> Decimal:
    # 634.000 is the figure 634: zeros after the point are not decimal places anyone
    # meant, and storage (two places) would refuse them. Exact, unlike normalize(), which
    # rounds to the context's 28 digits.
    sign, digits, exponent = number.as_tuple()
    while exponent < 0 and len(digits) > 1 and digits[-1] == 0:
        digits, exponent = digits[:-1], exponent + 1
    return Decimal((sign, digits, exponent))


def _checked(number: Decimal, *, allow_negative: bool) -> Decimal:
    # "-0" is 0, not a negative count.
    if number.is_zero():
        return Decimal(0)
    if number.copy_abs() >= LARGEST_FIGURE:
        raise FigureError(TOO_LARGE, "too_large")
    if number < 0 and not allow_negative:
        raise FigureError(NOT_NEGATIVE, "negative")
    number = _without_trailing_zeros(number)
    # More places than storage holds cannot be kept; fewer, where a measure prints fewer,
    # are its figure rules' business ("Give a whole number for this measure").
    if -number.as_tuple().exponent > STORED_PLACES:
        raise FigureError(TOO_MANY_PLACES, "too_many_places")
    return number


def parse_figure(text: str | None, *, allow_negative: bool) -> Decimal | None:
    """The figure `text` says, or None when it is empty; raises FigureError otherwise.

    `allow_negative`: where a minus is a figure's business rather than a typing mistake.
    Measures and narrative figures pass True and leave the sign to their figure rules,
    which word it for the unit ("A count cannot be negative").
    """
    if text is None:
        return None
    if not isinstance(text, str):
        raise FigureError(ENTER_A_NUMBER, "invalid")
    text = text.strip()
    if not text:
        return None
    match = _FIGURE.fullmatch(text)
    if match is None:
        raise _refusal(text)
    whole = match["whole"].replace(",", "").lstrip("0")
    # Refused before it becomes a Decimal: a million typed digits cost nothing to count.
    if len(whole) > _LARGEST_WHOLE_DIGITS:
        raise FigureError(TOO_LARGE, "too_large")
    return _checked(Decimal(text.replace(",", "")), allow_negative=allow_negative)


def parse_printed_figure(text: str | None, *, allow_negative: bool) -> Decimal | None:
    """As `parse_figure`, keeping the decimal places as printed: "-12.50" is -12.50, not -12.5.

    For a figure quoted from a source rather than entered, whose printed places say how
    closely it can be checked (a change printed "5.1%" is right to a tenth).
    """
    number = parse_figure(text, allow_negative=allow_negative)
    if number is None or number.is_zero():
        return number
    places = len(text.strip().partition(".")[2])
    return number.quantize(Decimal(1).scaleb(-places))


def figure_from_number(value: object, *, allow_negative: bool) -> Decimal:
    """A number a spreadsheet cell holds, exactly, held to the same limits as typed text.

    A float becomes the Decimal of its shortest repr (76.2, not 76.2000000000000028...).
    """
    if isinstance(value, bool):
        raise FigureError(ENTER_A_NUMBER, "invalid")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    else:
        raise FigureError(ENTER_A_NUMBER, "invalid")
    if not number.is_finite():
        raise FigureError(ENTER_A_NUMBER, "invalid")
    return _checked(number, allow_negative=allow_negative)
