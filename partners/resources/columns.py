"""Reading and writing spreadsheet cells: text, numbers, choices and organisations by name.

Widgets turn a cell into a value on import (raising ValueError with a message for the
user) and a value into a cell on export. Text that a spreadsheet would run as a formula is
escaped on the way out and unescaped on the way back, so a round trip changes nothing.
"""

import re
from decimal import Decimal

from import_export import widgets

from partners.models import Organisation

# A text cell starting with one of these is run as a formula by Excel, LibreOffice or
# Google Sheets (tab and carriage return because some strip them first).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Control characters an XLSX file cannot hold (openpyxl refuses them).
_ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_PLAIN_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)")
_GROUPED_NUMBER = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d*)?")

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


def cell_number(value) -> Decimal | None:
    """A cell read as a number; None when blank. Plain digits only ("1,234" is allowed):
    no currency, percent signs, exponents or words."""
    if isinstance(value, bool):
        raise ValueError(f'"{value}" is not a number')
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f'"{value}" is not a number')
        # repr is the shortest text that reads back as the same float: 76.2, not 76.2000001.
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f'"{value}" is not a number')
        return value
    text = cell_text(value)
    if not text:
        return None
    if _GROUPED_NUMBER.fullmatch(text):
        text = text.replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(text):
        raise ValueError(f'"{text}" is not a number')
    return Decimal(text)


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


class WholeNumberWidget(NumberWidget):
    def clean(self, value, row=None, **kwargs):
        number = cell_number(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValueError(f'"{cell_text(value)}" is not a whole number')
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


def unknown_organisation_message(name: str, known: dict[str, Organisation]) -> str:
    message = (
        f'There is no organisation called "{name}". An import never adds organisations: '
        "add it under Organisations first, or correct the name"
    )
    near = [org.name for org in known.values() if org.name.casefold() == name.casefold()]
    return f'{message} (did you mean "{near[0]}"?)' if near else message


class OrganisationWidget(widgets.Widget):
    """An organisation by its exact name. An unknown name is an error, never a new row."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._by_name = None

    def organisations(self) -> dict[str, Organisation]:
        if self._by_name is None:
            self._by_name = {org.name: org for org in Organisation.objects.all()}
        return self._by_name

    def find(self, name: str) -> Organisation:
        known = self.organisations()
        if name not in known:
            raise ValueError(unknown_organisation_message(name, known))
        return known[name]

    def clean(self, value, row=None, **kwargs):
        name = cell_text(value)
        return self.find(name) if name else None

    def render(self, value, obj=None, **kwargs):
        return value.name if value is not None else ""


class OrganisationListWidget(widgets.ManyToManyWidget):
    """Organisations by name, separated by semicolons (names may hold commas)."""

    SEPARATOR = ";"

    def __init__(self, **kwargs):
        super().__init__(Organisation, separator=self.SEPARATOR, field="name", **kwargs)
        self.names = OrganisationWidget()

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in cell_text(value).split(self.SEPARATOR)]
        return [self.names.find(name) for name in dict.fromkeys(names) if name]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        organisations = value.all() if hasattr(value, "all") else value
        return f"{self.SEPARATOR} ".join(sorted(org.name for org in organisations))
