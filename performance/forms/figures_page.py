"""The figures page as a whole: its tables of rows, its save, and what it says when the
save is refused or someone else saved first."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import slugify

from actionplan.lifecycle import content_locked, locked_message
from actionplan.models import NarrativeFigure, Plan
from figure_text import (
    format_figure,
    places_needed,
)

from ..completeness import figure_anchor, measure_anchor
from ..figure_rules import (
    FIGURE_PAIRS,
)
from ..models import Measure
from ..selectors import MeasureSection, measure_sections
from ..services import (
    Conflict,
    FiguresRefused,
    MeasureEdit,
    NarrativeFigureEdit,
    SaveResult,
    plan_figures_save,
)
from .figure_rows import MeasureFiguresForm, NarrativeFigureForm, seen_token


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
        self.locked = content_locked(plan)
        self.locked_message = locked_message(plan) if self.locked else ""
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

    def save(self, *, acting_user) -> SaveResult | None:
        """Check and save the page, all or nothing: the result once saved; None when the page
        is to be shown again, with every refusal and conflict at its row."""
        if self.is_valid():
            try:
                result = plan_figures_save(
                    plan=self.plan,
                    measure_edits=self.measure_edits(),
                    figure_edits=self.figure_edits(),
                    acting_user=acting_user,
                )
            except FiguresRefused as refused:
                self.show_refusal(refused)
            else:
                if result.ok:
                    return result
                self.show_conflicts(result.conflicts)
        self.show_saved_figures_where_unchanged()
        return None

    def is_valid(self) -> bool:
        # Every form is validated, so that every mistake is reported at once.
        return all([row.form.is_valid() for row in self.rows])

    def _changed(self, rows):
        return [row for row in rows if row.form.has_changed()]

    def measure_edits(self) -> list[MeasureEdit]:
        return [row.form.edit() for row in self._changed(self.measure_rows)]

    def figure_edits(self) -> list[NarrativeFigureEdit]:
        return [row.form.edit() for row in self._changed(self.figure_rows)]

    def show_refusal(self, refused: FiguresRefused) -> None:
        """Each broken rule at its field, in the rows of the edits the save was given."""
        for rows, by_edit in (
            (self._changed(self.measure_rows), refused.by_measure_edit),
            (self._changed(self.figure_rows), refused.by_figure_edit),
        ):
            for index, errors in by_edit.items():
                rows[index].form.apply_errors(errors)

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


def _shown(value: object, unit: str) -> str:
    if value is None or value == "":
        return "blank"
    if isinstance(value, Decimal):
        return format_figure(value, unit=unit, places=places_needed(value))
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
        f"{conflict.saver} saved this{conflict.when}, after you opened this page: {saved}. "
        "Nothing has been saved. Your figures are below: check them and save again."
    )
