"""The one form field for a typed figure, used by every form that takes one: the figures
page, a partner's report and, through FigureFieldsAdmin, every figure in the admin."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.text import capfirst

from figure_text import (
    FigureError,
    figure_as_typed,
    figure_from_number,
    parse_figure,
    parse_printed_figure,
)


@deconstructible
class PrintedFigureValidator:
    """A text column holding a figure as a source printed it ("-12.50"): one the figure
    parser reads, refused in its words otherwise."""

    def __call__(self, value):
        try:
            parse_printed_figure(value, allow_negative=True)
        except FigureError as error:
            raise ValidationError(error.message, code=error.code) from None

    def __eq__(self, other):
        return isinstance(other, PrintedFigureValidator)


class FigureField(forms.Field):
    """A figure as officers type it: "634", "21.5" or "102,904" (see figure_text).

    A minus is read, so that the figure rules can say "A count cannot be negative" as they
    do on every other path; how many decimal places are allowed is the measure's business.
    """

    widget = forms.TextInput(
        attrs={"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            if isinstance(value, str) or value is None:
                return parse_figure(value, allow_negative=True)
            # An initial value: the saved figure, or one from the row's signed record.
            return figure_from_number(value, allow_negative=True)
        except FigureError as error:
            raise ValidationError(error.message, code=error.code) from None

    def prepare_value(self, value):
        # The box shows 667, not the stored 667.00; what the officer typed stays as typed.
        return figure_as_typed(value) if isinstance(value, Decimal) else value


class FigureFieldsAdmin:
    """An admin (model admin or inline) whose decimal columns are figures, read by FigureField
    as on every other page, so "102,904" is taken here too and "1e5" refused with the same
    words. The column's own limits (digits, not negative) are still checked by the model."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DecimalField):
            return FigureField(
                label=capfirst(db_field.verbose_name),
                help_text=db_field.help_text,
                required=not db_field.blank,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)
