"""The figures page's save: a plan's measures and narrative figures, all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actionplan.lifecycle import content_locked, locked_message
from actionplan.models import NarrativeFigure, Plan

from ..models import Measure, same_values
from .measures import (
    Conflict,
    MeasureEdit,
    MeasureRulesBroken,
    check_measure_edits,
    conflicts_now,
    fields_except,
    write_checked_measures,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

HISTORY_REASON = "Entered on the figures page"


@dataclass(frozen=True)
class NarrativeFigureEdit:
    figure: NarrativeFigure
    seen_value: Decimal | None
    value: Decimal | None


@dataclass(frozen=True)
class SaveResult:
    saved: int = 0
    conflicts: tuple[Conflict, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.conflicts


class FiguresRefused(ValidationError):
    """The figures page's edits that break a rule: the measures' (by index, as
    MeasureRulesBroken) and the narrative figures' (by index, field -> message)."""

    def __init__(
        self,
        measures: MeasureRulesBroken | None,
        figures: dict[int, dict[str, str]],
        edits: Sequence[NarrativeFigureEdit],
    ):
        self.by_measure_edit = measures.by_edit if measures else {}
        self.by_figure_edit = figures
        super().__init__([*(measures.messages if measures else ()), *_named(figures, edits)])


def _named(figures: dict[int, dict[str, str]], edits: Sequence[NarrativeFigureEdit]):
    for index, errors in sorted(figures.items()):
        yield from (f"{edits[index].figure.label}: {message}" for message in errors.values())


class _StaleRows(Exception):
    """Raised inside the transaction so that nothing of the save is kept."""

    def __init__(self, measure_pks: list[int], figure_pks: list[int]):
        super().__init__("Rows changed since they were read.")
        self.measure_pks = measure_pks
        self.figure_pks = figure_pks


def plan_figures_save(
    *,
    plan: Plan,
    measure_edits: Sequence[MeasureEdit],
    figure_edits: Sequence[NarrativeFigureEdit],
    acting_user: User,
) -> SaveResult:
    """Save every edit of the plan's figures page, or none of them.

    The measures go through the writer above, in the same transaction as the narrative
    figures, whose rows are likewise written only while they still hold the value seen.
    Raises FiguresRefused if an edit breaks a rule; returns the stale rows, as they now
    stand, if any.
    """
    _check_on_the_page(plan, measure_edits, figure_edits)
    try:
        measures = check_measure_edits(measure_edits) if measure_edits else []
        broken = None
    except MeasureRulesBroken as error:
        measures, broken = [], error
    figures, figure_errors = _checked_figures(plan, figure_edits)
    if broken or figure_errors:
        raise FiguresRefused(broken, figure_errors, figure_edits)
    if not measures and not figures:
        return SaveResult()
    try:
        with transaction.atomic():
            stale_measures = write_checked_measures(
                measures, acting_user=acting_user, reason=HISTORY_REASON
            )
            stale_figures = [f.pk for edit, f in figures if not _write_figure(edit, f)]
            if stale_measures or stale_figures:
                raise _StaleRows(stale_measures, stale_figures)
            if figures:
                NarrativeFigure.history.bulk_history_create(
                    [figure for _, figure in figures],
                    update=True,
                    default_user=acting_user,
                    default_date=timezone.now(),
                    default_change_reason=HISTORY_REASON,
                )
    except _StaleRows as stale:
        return SaveResult(
            conflicts=conflicts_now(Measure, stale.measure_pks)
            + conflicts_now(NarrativeFigure, stale.figure_pks)
        )
    return SaveResult(saved=len(measures) + len(figures))


def _check_on_the_page(plan, measure_edits, figure_edits) -> None:
    if measure_edits:
        # The page shows last year's partnership targets as this year's key successes.
        previous = plan.previous_plan()
        page_plan_ids = {plan.pk, previous.pk if previous else None}
        for edit in measure_edits:
            if edit.measure.plan_id not in page_plan_ids:
                raise ValueError(f"Measure {edit.measure.pk} is not on the figures page of {plan}.")
    for edit in figure_edits:
        if edit.figure.plan_id != plan.pk:
            raise ValueError(f"Figure {edit.figure.pk} is not one of the figures of {plan}.")


def _checked_figures(
    plan: Plan, edits: Sequence[NarrativeFigureEdit]
) -> tuple[list[tuple[NarrativeFigureEdit, NarrativeFigure]], dict[int, dict[str, str]]]:
    """The model's own checks (its precision, actionplan.narrative_rules through its
    clean()) run again here, to stop any caller that skipped the form. A figure in the
    text is the plan's content: an approved or published plan's are settled, like its
    targets."""
    checked, by_edit = [], {}
    for index, edit in enumerate(edits):
        if content_locked(plan):
            by_edit[index] = {"value": locked_message(plan)}
            continue
        figure = copy(edit.figure)
        figure.value = edit.value
        try:
            figure.full_clean(exclude=fields_except(NarrativeFigure, ("value",)))
        except ValidationError as error:
            by_edit[index] = {name: " ".join(m) for name, m in error.message_dict.items()}
            continue
        checked.append((edit, figure))
    return sorted(checked, key=lambda pair: pair[1].pk), by_edit


def _write_figure(edit: NarrativeFigureEdit, figure: NarrativeFigure) -> bool:
    still_as_seen = NarrativeFigure.objects.filter(
        pk=figure.pk, **same_values({"value": edit.seen_value})
    )
    return still_as_seen.update(value=figure.value) == 1
