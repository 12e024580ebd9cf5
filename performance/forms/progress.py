"""The form a partner (or an officer) uses to report progress on a measure."""

from crispy_forms.bootstrap import AppendedText
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils.html import format_html

from web.figure_field import FigureField
from web.text_limits import PERIOD, PROGRESS_NOTE, LimitedFormText

from ..figure_rules import measure_figure_errors
from ..models import Measure

# measure_figure_errors judges a measure's own fields; a proposed figure is judged as the
# actual it would become, and its messages are shown at the proposal's fields.
AS_ACTUAL = {"proposed_actual": "actual_value", "proposed_period": "actual_period"}

NOTHING_TO_REPORT = "Say what progress has been made, or propose an actual figure."


def figure_missing_message(period: str) -> str:
    return f"Give the figure for {period}, or leave the period empty"


class MeasureProgressForm(forms.Form):
    """A report: a note and a proposed actual figure with its period, whatever else is posted.

    Nothing here is saved on the measure: a proposed figure waits for an officer.
    """

    note = LimitedFormText(
        label="Progress",
        widget=forms.Textarea(attrs={"rows": 5}),
        limit=PROGRESS_NOTE,
        required=False,
        help_text="What has been done since the last report, in plain words.",
    )
    proposed_actual = FigureField(label="Proposed actual figure")
    proposed_period = LimitedFormText(label="Period of the figure", limit=PERIOD, required=False)

    def __init__(self, *args, measure: Measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.example_period = measure.target_period or measure.baseline_period
        percent = measure.unit == Measure.Unit.PERCENT
        fields = self.fields
        # crispy-forms prints help text as safe HTML: anything from the database is escaped
        # here, by format_html.
        fields["proposed_actual"].help_text = format_html(
            "Optional. The {} figure as you would print it{}; an officer checks it before it "
            "becomes the measure's actual.",
            measure.reference,
            ", in per cent" if percent else "",
        )
        example = self.example_period or "2012/13"
        fields["proposed_period"].help_text = format_html(
            "Which period the figure covers, e.g. {}.", example
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("note"),
            Row(
                Column(
                    AppendedText("proposed_actual", "%") if percent else Field("proposed_actual"),
                    css_class="col-md-6 col-lg-4",
                ),
                Column(Field("proposed_period"), css_class="col-md-6 col-lg-4"),
            ),
        )

    def clean(self):
        cleaned_data = super().clean()
        figure = cleaned_data.get("proposed_actual")
        period = (cleaned_data.get("proposed_period") or "").strip()
        if "proposed_actual" not in self.errors:
            if figure is None and period:
                self.add_error("proposed_actual", figure_missing_message(period))
            errors = measure_figure_errors(
                unit=self.measure.unit,
                decimal_places=self.measure.decimal_places,
                example_period=self.example_period,
                values={"actual_value": figure, "actual_period": period},
            )
            for name, as_actual in AS_ACTUAL.items():
                if as_actual in errors and name not in self.errors:
                    self.add_error(name, errors[as_actual])
        if not self.errors and figure is None and not cleaned_data.get("note", "").strip():
            self.add_error("note", NOTHING_TO_REPORT)
        return cleaned_data
