"""The figures page by period: one form per measure due, for its actual of that period.

Each row's hidden record holds the figure as the page showed it and the measure's version
(which covers its series), so a row counts as changed only when the officer changed it, and
the save refuses every row when someone saved one of the changed measures first.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from actionplan.models import Plan
from web.figure_field import FigureField

from ..models import Measure, MeasureFigure
from ..period_rows import PeriodRow, period_sections
from ..plan_periods import PlanPeriod
from ..services import StaleMeasures
from ..services.period_figures import PeriodFigureEdit, PeriodFiguresRefused, period_figures_save
from .figure_rows import RowForm, seen_token
from .figures_page import SummaryError

State = MeasureFigure.State
FIELDS = ("value", "state", "note", "reported_change", "reported_change_kind", "reported_basis")
NO_VALUE = (
    "Enter the figure, or choose why there is none (not yet available, not applicable or lagged)."
)


class PeriodFigureForm(RowForm):
    value = FigureField(label="Value")
    figure_fields = FIELDS

    class Meta:
        model = MeasureFigure
        fields = FIELDS
        widgets = {"note": forms.Textarea(attrs={"rows": 1})}

    def __init__(self, data=None, *, measure: Measure, figure: MeasureFigure):
        # The record keeps the measure's version, which covers its series.
        figure.version = measure.version
        self.measure = measure
        super().__init__(data, instance=figure, prefix=f"measure-{measure.pk}")

    @property
    def emptied(self) -> bool:
        """The officer cleared every box of a saved figure: it is to be removed."""
        data = self.cleaned_data
        return bool(self.instance.pk) and not any(
            [data.get("value") is not None, data.get("state") != State.PROVIDED]
            + [data.get(name) for name in ("note", "reported_change", "reported_basis")]
        )

    def clean(self):
        cleaned = super().clean()
        provided = cleaned.get("state") == State.PROVIDED
        no_value = cleaned.get("value") is None and "value" not in self.errors
        if provided and no_value and not self.emptied:
            self.add_error("value", NO_VALUE)
        return cleaned

    def edit(self) -> PeriodFigureEdit:
        return PeriodFigureEdit(
            measure=self.measure,
            seen_version=self.started_from.version,
            figure=self.instance,
            remove=self.emptied,
        )


def _new_actual(measure: Measure, plan_period: PlanPeriod) -> MeasureFigure:
    return MeasureFigure(
        measure=measure, what=MeasureFigure.What.ACTUAL, period_label=plan_period.label
    )


class PeriodFiguresPage:
    """Every form of one period's page, unbound or bound to one POST."""

    def __init__(self, *, plan: Plan, plan_period: PlanPeriod, data=None, only=None):
        self.plan, self.plan_period = plan, plan_period
        self.only = only  # the pks of the measures the page is for; None for every one
        # A mutable copy: a row someone else saved is re-offered from what they saved.
        self.data = data.copy() if data is not None else None
        self.conflicts = 0
        self.saved_rows: list[PeriodRow] = []  # once saved, the rows written
        self._build()

    def _build(self) -> None:
        self.sections = period_sections(self.plan, self.plan_period, only=self.only)
        for row in self.rows:
            figure = row.figure or _new_actual(row.measure, self.plan_period)
            row.form = PeriodFigureForm(self.data, measure=row.measure, figure=figure)

    @property
    def rows(self) -> list[PeriodRow]:
        return [row for section in self.sections for row in section.rows]

    def _changed(self) -> list[PeriodRow]:
        return [row for row in self.rows if row.form.has_changed()]

    def save(self, *, acting_user) -> int | None:
        """Check and save the page, all or nothing: the number of figures saved; None when
        the page is to be shown again with every refusal and conflict at its row."""
        if all([row.form.is_valid() for row in self.rows]):
            changed = self._changed()
            self.saved_rows = changed
            try:
                return period_figures_save(
                    plan=self.plan,
                    edits=[row.form.edit() for row in changed],
                    acting_user=acting_user,
                )
            except PeriodFiguresRefused as refused:
                for index, errors in refused.by_edit.items():
                    changed[index].form.apply_errors(errors)
            except StaleMeasures as stale:
                self._show_conflicts(stale)
        return None

    def _show_conflicts(self, stale: StaleMeasures) -> None:
        """Re-read the page; each stale row keeps the officer's figures, now against what is
        saved, so that saving it again is a deliberate overwrite by someone who has seen it."""
        by_pk = {conflict.current.pk: conflict for conflict in stale.conflicts}
        self._build()
        for row in self.rows:
            conflict = by_pk.get(row.measure.pk)
            if conflict is None:
                continue
            saved = row.figure or _new_actual(row.measure, self.plan_period)
            saved.version = row.measure.version
            self.data[row.form.add_prefix("seen")] = seen_token(saved, FIELDS)
            row.form = PeriodFigureForm(self.data, measure=row.measure, figure=saved)
            row.form.is_valid()
            now = row.shown(row.figure) if row.figure else "not entered"
            row.form.add_error(
                None,
                ValidationError(
                    f"{conflict.saver} saved this measure{conflict.when}, after you opened this "
                    f"page: its figure for {self.plan_period.label} is now {now}. Nothing has "
                    "been saved. Your figures are below: check them and save again."
                ),
            )
            self.conflicts += 1

    @property
    def summary_note(self) -> str:
        if not self.conflicts:
            return ""
        return (
            "Someone else saved some of the measures you changed after you opened this page: "
            "what they saved is shown with each row."
        )

    @property
    def error_summary(self) -> list[SummaryError]:
        summary = []
        for row in self.rows:
            form = row.form
            if not form.is_bound:
                continue
            name = row.measure.reference or row.measure.label[:40]
            summary += [
                SummaryError(f"{name}: {text}", row.anchor) for text in form.non_field_errors()
            ]
            for bound in form.visible_fields():
                summary += [
                    SummaryError(f"{name}, {bound.label.lower()}: {e}", bound.auto_id)
                    for e in bound.errors
                ]
        return summary
