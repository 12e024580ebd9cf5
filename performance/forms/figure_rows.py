"""Forms of the officer's figures page: one small form per measure and per figure slot.

Each form carries, in one hidden input, the figures the officer started from and, for a
measure, its version. A row counts as changed only when the officer changed it, whatever
happened in the database meanwhile, and the save refuses a changed row that someone else
saved first.
"""

from copy import copy
from dataclasses import dataclass
from decimal import Decimal

from crispy_forms.bootstrap import AppendedText
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.core import signing
from django.core.exceptions import ValidationError

from actionplan.lifecycle import content_locked
from actionplan.models import FigureUnit, NarrativeFigure, Plan
from figure_text import (
    figure_as_typed,
)
from web.figure_field import FigureField

from ..figure_rules import (
    FIELDS_OPEN_AFTER_APPROVAL,
    MEASURE_FIGURE_FIELDS,
)
from ..models import Measure
from ..services import (
    MeasureEdit,
    NarrativeFigureEdit,
)

RELOAD = (
    "This row was sent without the figures you started from: reload the page and enter "
    "your changes again"
)

COLUMN_LABELS = {
    "baseline_value": "Baseline",
    "baseline_period": "Baseline period",
    "target_value": "Target",
    "target_period": "Target period",
    "actual_value": "Actual",
    "actual_period": "Actual period",
}
CELL_TEMPLATE = "performance/_figure_cell.html"
SEEN_SALT = "performance.forms.seen"


@dataclass(frozen=True)
class SeenRow:
    """A row as the page showed it to the officer."""

    version: int | None
    figures: dict[str, object]


def seen_token(row: Measure | NarrativeFigure, names: tuple[str, ...]) -> str:
    """Signed, so that a damaged record is noticed rather than trusted."""
    figures = {
        name: figure_as_typed(value) if isinstance(value, Decimal) else value
        for name in names
        for value in [getattr(row, name)]
    }
    payload = {"version": getattr(row, "version", None), "figures": figures}
    return signing.dumps(payload, salt=SEEN_SALT)


def _row_helper(*, percent: bool, fields: tuple[str, ...]) -> FormHelper:
    """Layout only: each field a table cell; the page's template supplies the form tag."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    # Row-level messages are shown by the page, under the row, not by crispy in the row.
    helper.form_show_errors = False
    helper.layout = Layout(
        *(
            AppendedText(name, "%", template=CELL_TEMPLATE)
            if percent and name.endswith("value")
            else Field(name, template=CELL_TEMPLATE)
            for name in fields
        )
    )
    return helper


# The layouts hold no state of a form, so every row shares one of these.
MEASURE_HELPERS = {
    percent: _row_helper(percent=percent, fields=MEASURE_FIGURE_FIELDS) for percent in (True, False)
}
FIGURE_HELPERS = {
    percent: _row_helper(percent=percent, fields=("value",)) for percent in (True, False)
}


# What an approved or published plan settles of a measure (actuals still arrive).
LOCKED_ON_THE_PAGE = tuple(
    name for name in MEASURE_FIGURE_FIELDS if name not in FIELDS_OPEN_AFTER_APPROVAL
)


def show_locked(form: forms.Form, plan: Plan, names: tuple[str, ...]) -> None:
    """The boxes of figures the plan's stage settles are read-only; a value sent for one
    anyway is refused by the writer with the reason."""
    if content_locked(plan):
        for name in names:
            form.fields[name].widget.attrs["readonly"] = True


class RowErrors:
    """The writer's refusals of a row put at its fields (those a field already shows kept)."""

    def apply_errors(self, errors: dict[str, str]) -> None:
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)


class RowForm(RowErrors, forms.ModelForm):
    """A form for one row of the page, validated only when the officer changed the row.

    Its hidden `seen` input is a signed record of the row as the page showed it: the figures
    and the version. A bound form takes those as its initial values, so a row counts as
    changed only if the officer changed it, whatever anyone saved meanwhile.
    """

    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    figure_fields: tuple[str, ...] = ()

    def __init__(self, data=None, *, instance, prefix):
        shown = {name: getattr(instance, name) for name in self.figure_fields}
        # The form gets a copy: validation writes the entered figures into its instance, and
        # the page goes on showing the saved ones (and what they compute to) beside them.
        super().__init__(
            data,
            instance=copy(instance),
            initial={**shown, "seen": seen_token(instance, self.figure_fields)},
            prefix=prefix,
            empty_permitted=True,
            use_required_attribute=False,
        )
        for name in self.figure_fields:
            # The model's help text is written for the admin; the page explains itself.
            self.fields[name].help_text = ""
        self.started_from = self._posted_seen() if self.is_bound else None
        if self.started_from is not None:
            self.initial.update(self.started_from.figures)

    def _posted_seen(self) -> SeenRow | None:
        try:
            payload = signing.loads(self.data.get(self.add_prefix("seen"), ""), salt=SEEN_SALT)
            figures = {
                name: self.fields[name].to_python(payload["figures"][name])
                for name in self.figure_fields
            }
            return SeenRow(version=payload["version"], figures=figures)
        except (signing.BadSignature, KeyError, TypeError, ValidationError):
            return None

    @property
    def changed_data(self):
        # `seen` says where the officer started from; it is not an edit.
        return [name for name in super().changed_data if name != "seen"]

    def clean(self):
        cleaned_data = super().clean()
        if self.started_from is None:
            raise ValidationError(RELOAD, code="no_seen")
        return cleaned_data


class MeasureFiguresForm(RowForm):
    baseline_value = FigureField()
    target_value = FigureField()
    actual_value = FigureField()
    figure_fields = MEASURE_FIGURE_FIELDS

    class Meta:
        model = Measure
        fields = MEASURE_FIGURE_FIELDS

    def __init__(self, data=None, *, measure: Measure):
        super().__init__(data, instance=measure, prefix=f"m{measure.pk}")
        self.measure = measure
        percent = measure.unit == Measure.Unit.PERCENT
        for name in MEASURE_FIGURE_FIELDS:
            suffix = " (%)" if percent and name.endswith("value") else ""
            self.fields[name].label = f"{COLUMN_LABELS[name]} for {measure.reference}{suffix}"
        self.helper = MEASURE_HELPERS[percent]
        show_locked(self, measure.plan, LOCKED_ON_THE_PAGE)

    # The figure rules (periods, ranges, decimal places) are checked once a save, by the
    # writer (services.measures); the page puts its messages at the fields (show_refusal).

    def edit(self) -> MeasureEdit:
        return MeasureEdit(
            measure=self.measure,
            seen_version=self.started_from.version,
            seen=self.started_from.figures,
            values={name: self.cleaned_data[name] for name in MEASURE_FIGURE_FIELDS},
        )


class NarrativeFigureForm(RowForm):
    value = FigureField()
    figure_fields = ("value",)

    class Meta:
        model = NarrativeFigure
        fields = ["value"]

    def __init__(self, data=None, *, figure: NarrativeFigure):
        super().__init__(data, instance=figure, prefix=f"f{figure.pk}")
        self.figure = figure
        percent = figure.unit == FigureUnit.PERCENT
        self.fields["value"].label = (
            figure.label[:1].upper() + figure.label[1:] + (" (%)" if percent else "")
        )
        self.helper = FIGURE_HELPERS[percent]
        show_locked(self, figure.plan, ("value",))

    # The narrative rules are the model's own (NarrativeFigure.clean), run by ModelForm.

    def edit(self) -> NarrativeFigureEdit:
        return NarrativeFigureEdit(
            figure=self.figure,
            seen_value=self.started_from.figures["value"],
            value=self.cleaned_data["value"],
        )
