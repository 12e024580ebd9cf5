"""Forms of the officer's figures page: one small form per measure and per figure slot.

Each form carries, in one hidden input, the figures the officer started from and, for a
measure, its version. A row counts as changed only when the officer changed it, whatever
happened in the database meanwhile, and the save refuses a changed row that someone else
saved first.
"""

import re
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal

from crispy_forms.bootstrap import AppendedText
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from actionplan.models import FigureUnit, NarrativeFigure, Plan

from .completeness import figure_anchor, measure_anchor
from .figure_rules import (
    FIGURE_PAIRS,
    MEASURE_FIGURE_FIELDS,
    narrative_figure_errors,
)
from .models import Measure
from .selectors import MeasureSection, measure_sections
from .services import Conflict, MeasureEdit, NarrativeFigureEdit

ENTER_A_NUMBER = "Enter a number, like 634 or 21.5"
# Stored figures have 14 digits, two of them after the point.
LARGEST_FIGURE = Decimal(10) ** 12
TOO_LARGE = "Enter a number smaller than 1,000,000,000,000"
RELOAD = (
    "This row was sent without the figures you started from: reload the page and enter "
    "your changes again"
)
_THOUSANDS = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d*)?")

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
        name: as_typed(value) if isinstance(value, Decimal) else value
        for name in names
        for value in [getattr(row, name)]
    }
    payload = {"version": getattr(row, "version", None), "figures": figures}
    return signing.dumps(payload, salt=SEEN_SALT)


def _shown_value(value: object) -> object:
    # Decimal("667"), not the stored Decimal("667.00"), so the box shows what one would type.
    return Decimal(as_typed(value)) if isinstance(value, Decimal) else value


def as_typed(value: Decimal | None) -> str:
    """A stored figure as an officer would type it: 667 rather than 667.00."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class FigureField(forms.DecimalField):
    """A figure as officers type it: "634", "21.5" or "102,904".

    How many decimal places are allowed is the measure's business, checked by the form.
    """

    widget = forms.TextInput(
        attrs={"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}
    )
    default_error_messages = {"invalid": ENTER_A_NUMBER}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            if _THOUSANDS.fullmatch(value):
                value = value.replace(",", "")
        number = super().to_python(value)
        if number is None:
            return None
        if not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if abs(number) >= LARGEST_FIGURE:
            raise ValidationError(TOO_LARGE, code="too_large")
        # "-0" is 0, not a negative count.
        return abs(number) if number.is_zero() else number


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


class _RowForm(forms.ModelForm):
    """A form for one row of the page, validated only when the officer changed the row.

    Its hidden `seen` input is a signed record of the row as the page showed it: the figures
    and the version. A bound form takes those as its initial values, so a row counts as
    changed only if the officer changed it, whatever anyone saved meanwhile.
    """

    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    figure_fields: tuple[str, ...] = ()

    def __init__(self, data=None, *, instance, prefix):
        shown = {name: _shown_value(getattr(instance, name)) for name in self.figure_fields}
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

    def apply_errors(self, errors: dict[str, str]) -> None:
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)


class MeasureFiguresForm(_RowForm):
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

    # The figure rules (periods, ranges, decimal places) are checked once, by Measure.clean(),
    # which ModelForm validation calls: checking them here as well printed each message twice.

    def edit(self) -> MeasureEdit:
        return MeasureEdit(
            measure=self.measure,
            seen_version=self.started_from.version,
            seen=self.started_from.figures,
            values={name: self.cleaned_data[name] for name in MEASURE_FIGURE_FIELDS},
        )


class NarrativeFigureForm(_RowForm):
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

    def clean(self):
        cleaned_data = super().clean()
        self.apply_errors(
            narrative_figure_errors(unit=self.figure.unit, value=cleaned_data.get("value"))
        )
        return cleaned_data

    def edit(self) -> NarrativeFigureEdit:
        return NarrativeFigureEdit(
            figure=self.figure,
            seen_value=self.started_from.figures["value"],
            value=self.cleaned_data["value"],
        )


@dataclass
class MeasureRow:
    measure: Measure
    form: MeasureFiguresForm

    @property
    def anchor(self) -> str:
        return measure_anchor(self.measure)

    def rebuild(self, data=None) -> None:
        self.form = MeasureFiguresForm(data, measure=self.measure)


@dataclass
class FigureRow:
    figure: NarrativeFigure
    form: NarrativeFigureForm

    @property
    def anchor(self) -> str:
        return figure_anchor(self.figure)

    def rebuild(self, data=None) -> None:
        self.form = NarrativeFigureForm(data, figure=self.figure)


@dataclass
class MeasureTable:
    section: MeasureSection
    rows: list[MeasureRow] = field(default_factory=list)


@dataclass
class FigureTable:
    title: str
    key: str
    rows: list[FigureRow] = field(default_factory=list)


@dataclass(frozen=True)
class SummaryError:
    text: str
    target: str


class PlanFiguresPage:
    """Every form of one plan's figures page, unbound or bound to one POST.

    Measures are read through `measure_sections`, so the page edits exactly the measures it
    shows, grouped as the document groups them; figure slots are grouped by where the text
    uses them. A fixed number of queries, whatever the size of the plan.
    """

    def __init__(self, *, plan: Plan, data=None):
        self.plan = plan
        # A mutable copy: a row someone else saved is re-offered from what they saved.
        self.data = data.copy() if data is not None else None
        self.conflicts = 0
        self.measure_tables = []
        placed = set()
        for section in measure_sections(plan):
            table = MeasureTable(section)
            for measure in section.measures:
                # A measure filed under two sections is edited once, in the first.
                if measure.pk not in placed:
                    placed.add(measure.pk)
                    table.rows.append(
                        MeasureRow(measure, MeasureFiguresForm(data, measure=measure))
                    )
            self.measure_tables.append(table)

        groups: dict[str, FigureTable] = {}
        for figure in plan.narrative_figures.select_related("responsible_organisation").order_by(
            "order", "label"
        ):
            title = figure.section or "Elsewhere in the text"
            table = groups.setdefault(
                title, FigureTable(title, f"figures-{len(groups) + 1}-{slugify(title)[:40]}")
            )
            table.rows.append(FigureRow(figure, NarrativeFigureForm(data, figure=figure)))
        self.figure_tables = list(groups.values())

    @property
    def measure_rows(self) -> list[MeasureRow]:
        return [row for table in self.measure_tables for row in table.rows]

    @property
    def figure_rows(self) -> list[FigureRow]:
        return [row for table in self.figure_tables for row in table.rows]

    @property
    def rows(self) -> list[MeasureRow | FigureRow]:
        return self.measure_rows + self.figure_rows

    def is_valid(self) -> bool:
        # Every form is validated, so that every mistake is reported at once.
        return all([row.form.is_valid() for row in self.rows])

    def measure_edits(self) -> list[MeasureEdit]:
        return [row.form.edit() for row in self.measure_rows if row.form.has_changed()]

    def figure_edits(self) -> list[NarrativeFigureEdit]:
        return [row.form.edit() for row in self.figure_rows if row.form.has_changed()]

    def show_conflicts(self, conflicts: tuple[Conflict, ...]) -> None:
        """Re-offer each stale row from what is now saved, with the officer's figures in it.

        The row's hidden record now holds the newer figures and version, so saving it again
        is a deliberate overwrite by someone who has seen them.
        """
        rows = {(type(row.form), row.form.instance.pk): row for row in self.rows}
        for conflict in conflicts:
            current = conflict.current
            if isinstance(current, Measure):
                row = rows[(MeasureFiguresForm, current.pk)]
                row.measure = current
            else:
                row = rows[(NarrativeFigureForm, current.pk)]
                row.figure = current
            seen = row.form.started_from.figures
            self.data[row.form.add_prefix("seen")] = seen_token(current, row.form.figure_fields)
            row.rebuild(self.data)
            row.form.is_valid()
            row.form.add_error(None, _conflict_message(conflict, seen))
            self.conflicts += 1

    def show_saved_figures_where_unchanged(self) -> None:
        """Rows the officer did not touch show what is saved now, not what they first saw."""
        for row in self.rows:
            if row.form.is_bound and not row.form.has_changed():
                row.rebuild()

    @property
    def summary_note(self) -> str:
        """Said in the error summary after "Nothing has been saved.", when it applies."""
        if not self.conflicts:
            return ""
        return (
            "Someone else saved some of the rows you changed after you opened this page: "
            "their figures are shown with each row."
        )

    @property
    def error_summary(self) -> list[SummaryError]:
        summary = []
        for row in self.rows:
            if not row.form.is_bound:
                continue
            name = row.measure.reference if isinstance(row, MeasureRow) else row.figure.label
            summary += [
                SummaryError(f"{name}: {text}", row.anchor) for text in row.form.non_field_errors()
            ]
            for bound in row.form.visible_fields():
                summary += [
                    SummaryError(f"{bound.label}: {e}", bound.auto_id) for e in bound.errors
                ]
        return summary


def _who(conflict: Conflict) -> str:
    user = conflict.saved_by
    if user is None:
        return "Someone else"
    return user.get_full_name() or user.get_username()


def _when(conflict: Conflict) -> str:
    if conflict.saved_at is None:
        return ""
    return " at " + date_format(timezone.localtime(conflict.saved_at), r"H:i \o\n j F Y")


def _shown(value: object, unit: str) -> str:
    if value is None or value == "":
        return "blank"
    if isinstance(value, Decimal):
        return as_typed(value) + ("%" if unit == Measure.Unit.PERCENT else "")
    return str(value)


def _conflict_message(conflict: Conflict, seen: dict[str, object]) -> str:
    current = conflict.current
    if isinstance(current, NarrativeFigure):
        saved = _shown(current.value, current.unit)
    else:
        parts = []
        for value_field, period_field, name in FIGURE_PAIRS:
            value, period = getattr(current, value_field), getattr(current, period_field)
            if (value, period) != (seen[value_field], seen[period_field]):
                parts.append(
                    f"{name} {_shown(value, current.unit)}" + (f" for {period}" if period else "")
                )
        saved = "; ".join(parts) or "the same figures you started from"
    return (
        f"{_who(conflict)} saved this{_when(conflict)}, after you opened this page: {saved}. "
        "Nothing has been saved. Your figures are below: check them and save again."
    )
