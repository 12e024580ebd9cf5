"""Writes of a plan's figures: all or nothing, and never over someone else's newer save."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from actionplan.models import NarrativeFigure, Plan

from .figure_rules import MEASURE_FIGURE_FIELDS, measure_figure_errors, narrative_figure_errors
from .models import Measure, same_values

if TYPE_CHECKING:
    from django.contrib.auth.models import User

HISTORY_REASON = "Entered on the figures page"


@dataclass(frozen=True)
class MeasureEdit:
    """New figures for one measure, and the figures the officer had in front of them.

    `seen` and `values` each hold every field of MEASURE_FIGURE_FIELDS.
    """

    measure: Measure
    seen_version: int
    seen: Mapping[str, object]
    values: Mapping[str, object]

    def __post_init__(self):
        for name, given in (("seen", self.seen), ("values", self.values)):
            if set(given) != set(MEASURE_FIGURE_FIELDS):
                raise ValueError(f"{name} must hold exactly {', '.join(MEASURE_FIGURE_FIELDS)}.")


@dataclass(frozen=True)
class NarrativeFigureEdit:
    figure: NarrativeFigure
    seen_value: Decimal | None
    value: Decimal | None


@dataclass(frozen=True)
class Conflict:
    """A row someone else saved after the officer opened the page, as it now stands."""

    current: Measure | NarrativeFigure
    saved_by: User | None
    saved_at: datetime | None


@dataclass(frozen=True)
class SaveResult:
    saved: int = 0
    conflicts: tuple[Conflict, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.conflicts


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

    A row is written only while it still holds what the officer saw: the same version and
    the same figures. The version catches every save of a measure (this page, the admin, a
    spreadsheet import, an accepted partner figure); the figures catch a writer that does
    not bump it (a bulk UPDATE, a restore). Check and write are one
    conditional UPDATE, so two saves at the same moment cannot both pass: PostgreSQL
    re-reads a row another transaction has just committed before applying the WHERE, and
    SQLite lets one writer in at a time. Rows are written in primary key order, so two saves
    touching the same rows queue behind each other instead of deadlocking.

    Raises ValidationError if an edit breaks a rule (callers are expected to have checked
    with the page's forms first); returns the stale rows, as they now stand, if any.
    """
    measures = _checked_measures(plan, measure_edits)
    figures = _checked_figures(plan, figure_edits)
    if not measures and not figures:
        return SaveResult()
    now = timezone.now()
    try:
        with transaction.atomic():
            stale_measures = [m.pk for edit, m in measures if not _write_measure(edit, m)]
            stale_figures = [f.pk for edit, f in figures if not _write_figure(edit, f)]
            if stale_measures or stale_figures:
                raise _StaleRows(stale_measures, stale_figures)
            # .update() bypasses django-simple-history, so the history rows are written here,
            # one INSERT for all measures and one for all figures.
            for model, rows in ((Measure, measures), (NarrativeFigure, figures)):
                if rows:
                    model.history.bulk_history_create(
                        [row for _, row in rows],
                        update=True,
                        default_user=acting_user,
                        default_date=now,
                        default_change_reason=HISTORY_REASON,
                    )
    except _StaleRows as stale:
        return SaveResult(
            conflicts=_conflicts(Measure, stale.measure_pks)
            + _conflicts(NarrativeFigure, stale.figure_pks)
        )
    return SaveResult(saved=len(measures) + len(figures))


def _checked_measures(
    plan: Plan, edits: Sequence[MeasureEdit]
) -> list[tuple[MeasureEdit, Measure]]:
    """Each edit with a copy of its measure holding the new figures, validated."""
    if not edits:
        return []
    # The page shows last year's partnership targets as this year's key successes.
    previous = plan.previous_plan()
    page_plan_ids = {plan.pk, previous.pk if previous else None}
    checked = []
    for edit in sorted(edits, key=lambda e: e.measure.pk):
        if edit.measure.plan_id not in page_plan_ids:
            raise ValueError(f"Measure {edit.measure.pk} is not on the figures page of {plan}.")
        measure = copy(edit.measure)
        for name in MEASURE_FIGURE_FIELDS:
            setattr(measure, name, edit.values[name])
        measure.version = edit.seen_version + 1
        errors = measure_figure_errors(
            unit=measure.unit,
            decimal_places=measure.decimal_places,
            example_period=measure.target_period,
            values=edit.values,
        )
        if errors:
            raise ValidationError(
                {name: f"{measure.reference}: {message}" for name, message in errors.items()}
            )
        # Only the figures change: their plan, priority and reference were checked when the
        # measure was created, and re-checking them would cost queries for every row.
        measure.full_clean(exclude=_fields_except(Measure, MEASURE_FIGURE_FIELDS))
        checked.append((edit, measure))
    return checked


def _checked_figures(
    plan: Plan, edits: Sequence[NarrativeFigureEdit]
) -> list[tuple[NarrativeFigureEdit, NarrativeFigure]]:
    checked = []
    for edit in sorted(edits, key=lambda e: e.figure.pk):
        if edit.figure.plan_id != plan.pk:
            raise ValueError(f"Figure {edit.figure.pk} is not one of the figures of {plan}.")
        figure = copy(edit.figure)
        figure.value = edit.value
        errors = narrative_figure_errors(unit=figure.unit, value=figure.value)
        if errors:
            raise ValidationError({"value": f"{figure.label}: {errors['value']}"})
        figure.full_clean(exclude=_fields_except(NarrativeFigure, ("value",)))
        checked.append((edit, figure))
    return checked


def _fields_except(model: type[models.Model], names: Sequence[str]) -> list[str]:
    return [field.name for field in model._meta.fields if field.name not in names]


def _write_measure(edit: MeasureEdit, measure: Measure) -> bool:
    return Measure.objects.write_figures_if_current(
        pk=measure.pk,
        version=edit.seen_version,
        seen=edit.seen,
        values={name: getattr(measure, name) for name in MEASURE_FIGURE_FIELDS},
    )


def _write_figure(edit: NarrativeFigureEdit, figure: NarrativeFigure) -> bool:
    still_as_seen = NarrativeFigure.objects.filter(
        pk=figure.pk, **same_values({"value": edit.seen_value})
    )
    return still_as_seen.update(value=figure.value) == 1


def _conflicts(model: type[models.Model], pks: list[int]) -> tuple[Conflict, ...]:
    """The rows as they now stand, each with the latest recorded saver. Two queries."""
    if not pks:
        return ()
    current = model.objects.filter(pk__in=pks)
    if model is Measure:
        current = current.select_related("plan", "priority")
    latest = {}
    for record in (
        model.history.filter(id__in=pks)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    ):
        latest.setdefault(record.id, record)
    return tuple(
        Conflict(
            current=row,
            saved_by=latest[row.pk].history_user if row.pk in latest else None,
            saved_at=latest[row.pk].history_date if row.pk in latest else None,
        )
        for row in sorted(current, key=lambda row: row.pk)
    )
