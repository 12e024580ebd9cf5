"""The form a partner (or an officer) uses to report progress on a measure."""

from crispy_forms.bootstrap import AppendedText
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils.html import format_html

from periods import parse_period
from web.figure_field import FigureField
from web.text_limits import PERIOD, PROGRESS_NOTE, LimitedFormText

from ..figure_rules import measure_figure_errors
from ..models import Measure, MeasureFigure, MeasureUpdate
from ..models.reports import PROPOSED_FIGURE_FIELDS
from ..period_rules import period_error

# measure_figure_errors judges a measure's own fields; a proposed figure is judged as the
# actual it would become, and its messages are shown at the proposal's fields.
AS_ACTUAL = {"proposed_actual": "actual_value", "proposed_period": "actual_period"}

NOTHING_TO_REPORT = "Say what progress has been made, or propose an actual figure."


def figure_missing_message(period: str) -> str:
    return f"Give the figure for {period}, or leave the period empty"


NO_PERIOD = "Say which period the figure is for"
# The proposal's fields beside its value.
PROPOSAL_EXTRA = tuple(name for name in PROPOSED_FIGURE_FIELDS if name != "proposed_actual")
AS_PROPOSAL = {figure: proposal for proposal, figure in PROPOSED_FIGURE_FIELDS.items()}


def proposal_figure_errors(values: dict[str, object]) -> dict[str, list[str]]:
    """Proposal field -> messages for each rule of a figure by period the proposal breaks
    (a value only when provided, a lagged figure's note, a change with what it is): the
    figure's own rules (MeasureFigure.clean), at the proposal's fields."""
    figure = MeasureFigure(
        **{PROPOSED_FIGURE_FIELDS[name]: value for name, value in values.items()}
    )
    try:
        figure.clean()
    except forms.ValidationError as error:
        return {AS_PROPOSAL[name]: messages for name, messages in error.message_dict.items()}
    return {}


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
    # The rest of a figure by period, from the report's own model fields.
    proposed_state = MeasureUpdate._meta.get_field("proposed_state").formfield(
        label="The figure is", initial=MeasureFigure.State.PROVIDED, required=False
    )
    proposed_note = MeasureUpdate._meta.get_field("proposed_note").formfield(
        label="Note on the figure",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why it is lagged or not available, or what a reader needs to know.",
    )
    proposed_change = MeasureUpdate._meta.get_field("proposed_change").formfield(
        label="Change as the source reported it",
        help_text="Optional, signed: -5.1 for '(5.1% reduction)'.",
    )
    proposed_change_kind = MeasureUpdate._meta.get_field("proposed_change_kind").formfield(
        label="The reported change is"
    )
    proposed_basis = MeasureUpdate._meta.get_field("proposed_basis").formfield(
        label="On what", help_text="In the source's words, e.g. 'on the same period last year'."
    )

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
                Column(Field("proposed_state"), css_class="col-md-6 col-lg-4"),
            ),
            Field("proposed_note"),
            Row(
                Column(Field("proposed_change"), css_class="col-md-4"),
                Column(Field("proposed_change_kind"), css_class="col-md-4"),
                Column(Field("proposed_basis"), css_class="col-md-4"),
            ),
        )

    def clean(self):
        cleaned_data = super().clean()
        figure = cleaned_data.get("proposed_actual")
        period = (cleaned_data.get("proposed_period") or "").strip()
        state = cleaned_data.get("proposed_state") or MeasureFigure.State.PROVIDED
        cleaned_data["proposed_state"] = state
        says_why_none = state != MeasureFigure.State.PROVIDED
        if "proposed_actual" not in self.errors:
            if figure is None and period and not says_why_none:
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
        extra = {name: cleaned_data.get(name) or "" for name in PROPOSAL_EXTRA}
        for name, messages in proposal_figure_errors({"proposed_actual": figure, **extra}).items():
            if name not in self.errors:
                self.add_error(name, messages)
        if says_why_none and not period and "proposed_period" not in self.errors:
            self.add_error("proposed_period", NO_PERIOD)
        if period and "proposed_period" not in self.errors:
            # It is to become the measure's actual for that period, held to a figure by
            # period's rules: a period the portal reads, within the plan's year.
            year_start = self.measure.plan.partnership.year_start_month
            problem = period_error(
                self.measure, MeasureFigure.What.ACTUAL, period, parse_period(period, year_start)
            )
            if problem:
                self.add_error("proposed_period", problem)
        if (
            not self.errors
            and figure is None
            and not says_why_none
            and not cleaned_data.get("note", "").strip()
        ):
            self.add_error("note", NOTHING_TO_REPORT)
        return cleaned_data

    @property
    def proposed(self) -> dict[str, object]:
        """The rest of the proposed figure, as `measure_report_progress` takes it."""
        return {name: self.cleaned_data[name] or "" for name in PROPOSAL_EXTRA}
