"""Reading and writing spreadsheet cells: text, numbers, whole numbers, yes/no and choices.

Widgets turn a cell into a value on import (raising ValueError with a message for the
user) and a value into a cell on export. Text that a spreadsheet would run as a formula is
escaped on the way out and unescaped on the way back, so a round trip changes nothing.
Widgets that name a project model (an organisation by its name) live in that model's app.
"""

import re
from decimal import Decimal

from import_export import widgets

from figure_text import FigureError, figure_from_number, parse_figure, too_large

# A text cell starting with one of these is run as a formula by Excel, LibreOffice or
# Google Sheets (tab and carriage return because some strip them first).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Control characters an XLSX file cannot hold (openpyxl refuses them).
_ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

BLANK_MESSAGE = "This cell cannot be empty"


def formula_safe(value):
    """A cell as exported: text a spreadsheet would run as a formula gets a leading
    apostrophe, so it shows as text. Numbers and other values pass unchanged."""
    if not isinstance(value, str):
        return value
    # Replaced before the prefix check, so removing one cannot expose a prefix.
    value = _ILLEGAL_CHARACTERS.sub("\N{REPLACEMENT CHARACTER}", value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def cell_text(value) -> str:
    """A cell read as text: trimmed, and without the apostrophe an export added, so a file
    exported and imported unchanged changes nothing."""
    if value is None:
        return ""
    text = str(value).strip()
    if text[:1] == "'" and text[1:2] and text[1] in "".join(FORMULA_PREFIXES):
        return text[1:]
    return text


def cell_number(value, *, allow_negative: bool = True) -> Decimal | None:
    """A cell read as a number; None when blank. Text is read as the figures page reads
    what an officer types (figure_text); a numeric cell is taken exactly, within the same
    limits. A minus is read unless refused: whether a figure may be negative is its own
    rules' business. Raises ValueError with the same message the figures page gives."""
    try:
        if value is None or isinstance(value, str):
            return parse_figure(cell_text(value), allow_negative=allow_negative)
        return figure_from_number(value, allow_negative=allow_negative)
    except FigureError as error:
        raise ValueError(error.message) from None


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class NumberWidget(widgets.Widget):
    """Numbers go out as numbers (numeric cells in XLSX, plain digits in CSV)."""

    def clean(self, value, row=None, **kwargs):
        return cell_number(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


# The largest whole number a small integer column holds on every database the portal runs
# on. SQLite would store more and PostgreSQL refuse it: refused here, in the parser's words.
SMALL_INTEGER = 32_767


class WholeNumberWidget(NumberWidget):
    def __init__(self, *, largest: int | None = None, **kwargs):
        super().__init__(**kwargs)
        #: Given, the column holds 0 to ``largest`` (a positive small integer column).
        self.largest = largest

    def clean(self, value, row=None, **kwargs):
        number = cell_number(value, allow_negative=self.largest is None)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValueError(f'"{cell_text(value)}" is not a whole number')
        if self.largest is not None and number > self.largest:
            raise ValueError(too_large(self.largest + 1))
        return int(number)


class YesNoWidget(widgets.Widget):
    ANSWERS = {"yes": True, "y": True, "true": True, "1": True}
    ANSWERS |= {"no": False, "n": False, "false": False, "0": False, "": False}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = cell_text(value)
        try:
            return self.ANSWERS[text.casefold()]
        except KeyError:
            raise ValueError(f'"{text}" is not Yes or No') from None

    def render(self, value, obj=None, **kwargs):
        return "Yes" if value else "No"


class ChoiceWidget(widgets.Widget):
    """A choice written as its label ("In progress"); the stored value is accepted too."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.labels = dict(choices)
        self.values = {str(label).casefold(): value for value, label in choices}
        self.values |= {str(value).casefold(): value for value in self.labels}

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return ""
        try:
            return self.values[text.casefold()]
        except KeyError:
            allowed = ", ".join(str(label) for label in self.labels.values())
            raise ValueError(f'"{text}" is not one of: {allowed}') from None

    def render(self, value, obj=None, **kwargs):
        return str(self.labels.get(value, value or ""))
