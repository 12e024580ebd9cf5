"""Rows of a measure's series written one by one (the measure admin's inline of figures), and
the headline they leave.

The measure's version covers its series: every writer of figures moves the measure's version
on in the same transaction (the one writer of measures does; this writer writes only after
the admin's change form has saved the measure through it, checked against the version the
page showed). So a page drawn before anyone else saved the measure or any of its figures is
refused whole, and a row written here is never written over one its writer did not see.

Each row keeps the rules a headline figure keeps (`figure_rules`), by what it is: a baseline
row those of a baseline, and so on. On an approved or published plan only actual rows may
be written, as only the headline actual may (`FIELDS_OPEN_AFTER_APPROVAL`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone

from actionplan.lifecycle import content_locked, locked_message

from ..figure_rules import FIGURE_PAIRS, measure_figure_errors
from ..models import Measure, MeasureFigure
from .measures import StaleMeasures, conflicts_now
from .series import headline_of

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# What a row is -> (its headline value field, its headline period field).
_PAIR_OF = dict(
    zip(
        (MeasureFigure.What.BASELINE, MeasureFigure.What.TARGET, MeasureFigure.What.ACTUAL),
        ((value, period) for value, period, _ in FIGURE_PAIRS),
        strict=True,
    )
)


class FigureRowsRefused(Exception):
    """Nothing written: each refused row with its field -> message."""

    def __init__(self, refused: list[tuple[MeasureFigure, dict[str, str]]]):
        super().__init__("The figures were refused.")
        self.refused = refused


def row_errors(measure: Measure, row: MeasureFigure) -> dict[str, str]:
    """Field of the row -> message for every figure rule the row breaks."""
    value_field, period_field = _PAIR_OF[row.what]
    errors = measure_figure_errors(
        unit=measure.unit,
        decimal_places=measure.decimal_places,
        example_period=measure.target_period or measure.baseline_period,
        values={value_field: row.value, period_field: row.period_label},
    )
    at = {value_field: "value", period_field: "period_label"}
    return {at[name]: message for name, message in errors.items()}


def _refusals(
    measure, rows, deleted, *, rules_checked=False
) -> list[tuple[MeasureFigure, dict[str, str]]]:
    locked = content_locked(measure.plan)
    stored = {row.pk: row for row in measure.figures.all()}
    gone = {row.pk for row in deleted}
    holders = {(row.what, row.period_label): pk for pk, row in stored.items() if pk not in gone}
    refused = []
    for row in [*rows, *deleted]:
        was = stored[row.pk].what if row.pk in stored else row.what
        if locked and {row.what, was} != {MeasureFigure.What.ACTUAL}:
            refused.append((row, {NON_FIELD_ERRORS: locked_message(measure.plan)}))
            continue
        if row.pk in gone:
            continue
        errors = {} if rules_checked else row_errors(measure, row)
        holder = holders.get((row.what, row.period_label))
        if holder is not None and holder != row.pk:
            # Another row holds it: the headline fields above may have just added it.
            errors.setdefault(
                "period_label",
                f"This measure already has a {row.get_what_display().lower()} for "
                f"{row.period_label or 'no period'}: change that row instead.",
            )
        if errors:
            refused.append((row, errors))
    return refused


def figure_rows_save(
    *,
    measure: Measure,
    rows: Sequence[MeasureFigure],
    deleted: Sequence[MeasureFigure],
    acting_user: User,
    reason: str,
    rules_checked: bool = False,
) -> Measure:
    """Write the new and changed `rows` of the measure's series and delete `deleted`, all or
    none, then store the headline the series now gives. `measure` is as its writer has just
    saved it in this transaction (its version the one written). Raises FigureRowsRefused.

    `rules_checked` says the caller has just run the figure rules on every row (to refuse
    all of a page's rows at once): they are not run twice."""
    refused = _refusals(measure, rows, deleted, rules_checked=rules_checked)
    if refused:
        raise FigureRowsRefused(refused)
    if not rows and not deleted:
        return measure
    for row in deleted:
        row._history_user, row._change_reason = acting_user, reason
        row.delete()
    now = timezone.now()
    for row in rows:
        row.measure, row.entered_by, row.entered_at = measure, acting_user, now
        row._history_user, row._change_reason = acting_user, reason
        row.save()
    return refresh_headline(measure, acting_user=acting_user, reason=reason)


def refresh_headline(measure: Measure, *, acting_user: User, reason: str) -> Measure:
    """Store the headline the measure's series gives, if it moved, as a new version with its
    history (a stale version raises StaleMeasures)."""
    headline = headline_of(measure.figures.all())
    moved = {name: value for name, value in headline.items() if getattr(measure, name) != value}
    if not moved:
        return measure
    if not Measure.objects.write_if_current(pk=measure.pk, version=measure.version, values=moved):
        raise StaleMeasures(conflicts_now(Measure, [measure.pk]))
    for name, value in moved.items():
        setattr(measure, name, value)
    measure.version += 1
    Measure.history.bulk_history_create(
        [measure], update=True, default_user=acting_user, default_change_reason=reason
    )
    return measure
