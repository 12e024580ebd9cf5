"""The figures page by period's save: each measure's actual for one period, all or none.

A measure's version covers its series (see `figure_rows`), so each edit carries the version
the page showed and is refused, with every other edit of the page, when someone saved the
measure or any of its figures since. Each figure keeps the rules a headline actual keeps, and
the measure's headline follows the series as it does for every writer of figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from actionplan.models import Plan

from ..models import Measure, MeasureFigure
from ..models.series import figure_for
from .figure_rows import FigureRowsRefused, figure_rows_save, row_errors
from .measures import StaleMeasures, conflicts_now
from .series import apply_headline_edits

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PERIOD_REASON = "Figures entered for a period on the figures page"


@dataclass(frozen=True)
class PeriodFigureEdit:
    measure: Measure  # as the page read it
    seen_version: int
    figure: MeasureFigure  # the period's actual with the officer's values, new or saved
    remove: bool = False  # the officer emptied a saved figure: it is deleted


class PeriodFiguresRefused(Exception):
    """Nothing written: index of each refused edit -> field -> message."""

    def __init__(self, by_edit: dict[int, dict[str, str]]):
        super().__init__("The figures were refused.")
        self.by_edit = by_edit


def period_figures_save(
    *, plan: Plan, edits: Sequence[PeriodFigureEdit], acting_user: User, reason: str = PERIOD_REASON
) -> int:
    """Write every edit or none; the number written. Raises StaleMeasures (every measure saved
    by someone else since its page was drawn) or PeriodFiguresRefused."""
    if not edits:
        return 0
    try:
        with transaction.atomic():
            _write(plan, edits, acting_user=acting_user, reason=reason)
    except FigureRowsRefused as refused:
        at = {id(edit.figure): index for index, edit in enumerate(edits)}
        raise PeriodFiguresRefused(
            {at[id(row)]: errors for row, errors in refused.refused}
        ) from None
    return len(edits)


def _onto_held_rows(new_figures: list[MeasureFigure], locked: dict[int, Measure]) -> None:
    """A new figure for a period the series already holds under its label or its dates
    (the series may just have been started from the headline) is written onto that row,
    under the label it is stored by, never beside it. One query."""
    if not new_figures:
        return
    held = defaultdict(list)
    for row in MeasureFigure.objects.filter(
        measure__in=[figure.measure_id for figure in new_figures], what=MeasureFigure.What.ACTUAL
    ):
        held[row.measure_id].append(row)
    for figure in new_figures:
        figure.read_period(locked[figure.measure_id].plan.partnership.year_start_month)
        row = figure_for(held[figure.measure_id], figure.period_label, figure.period)
        if row is not None:
            figure.pk, figure.period_label = row.pk, row.period_label


def _write(plan, edits, *, acting_user, reason) -> None:
    # Locked in primary key order, so that two writers of the same measures queue.
    locked = {
        measure.pk: measure
        for measure in Measure.objects.select_for_update()
        .select_related("plan__partnership")
        .filter(pk__in=[edit.measure.pk for edit in edits], plan=plan)
        .order_by("pk")
    }
    stale = [
        edit.measure.pk for edit in edits if locked[edit.measure.pk].version != edit.seen_version
    ]
    if stale:
        raise StaleMeasures(conflicts_now(Measure, stale))
    refused = {
        index: errors
        for index, edit in enumerate(edits)
        if not edit.remove
        if (errors := row_errors(locked[edit.measure.pk], edit.figure))
    }
    if refused:
        raise PeriodFiguresRefused(refused)
    # A measure stored without its series (a bulk insert, an old backup) starts it from the
    # headline it has, as for every writer, so the headline read back from the series below
    # keeps its baseline and target.
    apply_headline_edits(
        [(locked[pk], locked[pk]) for pk in sorted({edit.measure.pk for edit in edits})],
        acting_user=acting_user,
        reason=reason,
    )
    _onto_held_rows([edit.figure for edit in edits if edit.figure.pk is None], locked)
    for edit in edits:
        measure = locked[edit.measure.pk]
        version = measure.version
        measure = figure_rows_save(
            measure=measure,
            rows=[] if edit.remove else [edit.figure],
            deleted=[edit.figure] if edit.remove else [],
            acting_user=acting_user,
            reason=reason,
            rules_checked=True,
        )
        if measure.version == version:
            # The version moves on with the series, once, whether or not the headline did.
            Measure.objects.write_if_current(pk=measure.pk, version=version, values={})
            measure.version += 1
