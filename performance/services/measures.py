"""The one writer of measures.

Every path that changes a measure (the figures page, a spreadsheet import, an accepted
partner figure, the admin's change form and its inlines) goes through `measure_edits_save`
(or `plan_figures_save`, which adds the page's narrative figures to the same transaction).
The writer checks each measure's rules once, refuses what an approved plan no longer
allows, writes only rows still as their writer read them, moves their versions on and
records the history with who and why. All or nothing, whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone

from actionplan.lifecycle import content_locked, locked_message
from actionplan.models import NarrativeFigure
from actionplan.services import saved_when, saver_name

from ..figure_rules import (
    FIELDS_OPEN_AFTER_APPROVAL,
    FIGURE_PAIRS,
    MEASURE_FIGURE_FIELDS,
    measure_figure_errors,
)
from ..models import Measure
from .series import HEADLINE_FIELDS, apply_headline_edits

if TYPE_CHECKING:
    from django.contrib.auth.models import User


HEADLINE_FIELDS_SET = frozenset(HEADLINE_FIELDS)

# What a writer may set: the measure's own fields, never its id or its version.
WRITABLE_FIELDS = frozenset(
    field.name for field in Measure._meta.concrete_fields if field.name not in ("id", "version")
)


@dataclass(frozen=True)
class MeasureEdit:
    """New values for one measure, and what its writer had in front of them.

    `measure` is the measure as read (a new, unsaved one to add it); `seen_version` the
    version the writer's page or file showed; `seen`, if given, the figures it showed, so
    that a writer who did not move the version on (a bulk UPDATE, a restore) is noticed too.
    """

    measure: Measure
    seen_version: int | None
    values: Mapping[str, object]
    seen: Mapping[str, object] | None = None

    def __post_init__(self):
        if not set(self.values) <= WRITABLE_FIELDS:
            raise ValueError(f"values may hold only {', '.join(sorted(WRITABLE_FIELDS))}.")
        if self.seen is not None and not set(self.seen) <= set(MEASURE_FIGURE_FIELDS):
            raise ValueError(f"seen may hold only {', '.join(MEASURE_FIGURE_FIELDS)}.")


@dataclass(frozen=True)
class Conflict:
    """A row someone else saved after the writer read it, as it now stands."""

    current: Measure | NarrativeFigure
    saved_by: User | None
    saved_at: datetime | None

    @property
    def saver(self) -> str:
        return saver_name(self.saved_by)

    @property
    def when(self) -> str:
        return saved_when(self.saved_at)

    @property
    def message(self) -> str:
        """What the writer is told: who saved, when, and the measure's figures now."""
        measure = self.current
        return (
            f"{self.saver} saved {measure.reference}{self.when}, after this page was opened. "
            f"It now has {_figures_now(measure)}. Nothing has been saved: check your changes "
            "against these and save again."
        )


def _figures_now(measure: Measure) -> str:
    parts = []
    for value_field, period_field, name in FIGURE_PAIRS:
        value, period = getattr(measure, value_field), getattr(measure, period_field)
        shown = measure.formatted(value) if value is not None else "blank"
        parts.append(f"{name} {shown}" + (f" for {period}" if period else ""))
    if measure.target_text:
        parts.append(f"target as stated “{measure.target_text}”")
    return "; ".join(parts)


class MeasureRulesBroken(ValidationError):
    """Edits that break a rule: for each, by its index in the edits given, field -> message.

    A ValidationError whose messages name each measure ("KS5: A count cannot be negative"),
    so a caller with no form to show them in can show them as they are.
    """

    def __init__(self, by_edit: dict[int, dict[str, str]], edits: Sequence[MeasureEdit]):
        self.by_edit = by_edit
        super().__init__(
            [
                f"{edits[index].measure.reference}: {message}"
                for index, errors in sorted(by_edit.items())
                for message in errors.values()
            ]
        )


class StaleMeasures(Exception):
    """Someone saved these measures after their writer read them; nothing was saved."""

    def __init__(self, conflicts: tuple[Conflict, ...]):
        super().__init__(" ".join(conflict.message for conflict in conflicts))
        self.conflicts = conflicts


def measure_edits_save(
    *, edits: Sequence[MeasureEdit], acting_user: User, reason: str
) -> list[Measure]:
    """Save every edit, or none: the measures as saved, in the order of the edits.

    Raises MeasureRulesBroken (every broken rule of every edit, before anything is written)
    or StaleMeasures (every measure saved by someone else since it was read; nothing kept).
    """
    checked = check_measure_edits(edits)
    with transaction.atomic():
        stale = write_checked_measures(checked, acting_user=acting_user, reason=reason)
        if stale:
            raise StaleMeasures(conflicts_now(Measure, stale))
    saved = {id(edit): measure for edit, measure in checked}
    return [saved[id(edit)] for edit in edits]


def measure_save(
    *,
    measure: Measure,
    seen_version: int | None,
    values: Mapping[str, object],
    acting_user: User,
    reason: str,
) -> Measure:
    """One measure through the writer. Raises ValidationError (field -> message) when a
    rule is broken, StaleMeasures when someone saved it after `seen_version`."""
    edit = MeasureEdit(measure=measure, seen_version=seen_version, values=values)
    try:
        return measure_edits_save(edits=[edit], acting_user=acting_user, reason=reason)[0]
    except MeasureRulesBroken as broken:
        raise ValidationError(broken.by_edit[0]) from None


def check_measure_edits(edits: Sequence[MeasureEdit]) -> list[tuple[MeasureEdit, Measure]]:
    """Each edit with a copy of its measure holding the new values, in primary key order
    (so two writers touching the same rows queue instead of deadlocking).

    The only place a measure's figure rules run: once for every measure saved.
    """
    by_edit, checked = {}, []
    for index, edit in enumerate(edits):
        measure = copy(edit.measure)
        for name, value in edit.values.items():
            setattr(measure, name, value)
        errors = measure_figure_errors(
            unit=measure.unit,
            decimal_places=measure.decimal_places,
            example_period=measure.target_period or measure.baseline_period,
            values={name: getattr(measure, name) for name in MEASURE_FIGURE_FIELDS},
        )
        try:
            # A stored measure re-checks what changes (its plan, priority and reference were
            # checked when it was added, and re-checking them would cost queries per row).
            exclude = None if measure.pk is None else fields_except(Measure, edit.values)
            measure.full_clean(exclude=exclude)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, " ".join(messages))
        for name, message in _locked_errors(edit, measure).items():
            errors.setdefault(name, message)
        if errors:
            by_edit[index] = errors
        if edit.seen_version is not None:
            measure.version = edit.seen_version + 1
        checked.append((edit, measure))
    if by_edit:
        raise MeasureRulesBroken(by_edit, edits)
    return sorted(checked, key=lambda pair: (pair[1].pk is None, pair[1].pk or 0))


def _locked_errors(edit: MeasureEdit, measure: Measure) -> dict[str, str]:
    """On an approved or published plan only the actual figure and its period may change."""
    plan = measure.plan
    if not content_locked(plan):
        return {}
    if measure.pk is None:
        return {NON_FIELD_ERRORS: locked_message(plan)}
    # A change is judged against what the writer started from: a row someone else saved
    # meanwhile is the stale check's business, not a change of this writer's.
    before = {name: getattr(edit.measure, name) for name in edit.values} | dict(edit.seen or {})
    return {
        name: locked_message(plan)
        for name, value in edit.values.items()
        if name not in FIELDS_OPEN_AFTER_APPROVAL and value != before[name]
    }


def write_checked_measures(
    checked: list[tuple[MeasureEdit, Measure]], *, acting_user: User, reason: str
) -> list[int]:
    """Write the checked measures; the pks of those someone else saved first.

    Check and write are one conditional UPDATE, so two saves at the same moment cannot both
    pass: PostgreSQL re-reads a row another transaction has just committed before applying
    the WHERE, and SQLite lets one writer in at a time. .update() bypasses
    django-simple-history, so the history rows are written here, in one INSERT.
    """
    stale, updated, added = [], [], []
    for edit, measure in checked:
        if measure.pk is None:
            measure._history_user, measure._change_reason = acting_user, reason
            measure.save()
            added.append((edit.measure, measure))
        elif edit.seen_version is not None and Measure.objects.write_if_current(
            pk=measure.pk,
            version=edit.seen_version,
            seen=edit.seen,
            values={name: getattr(measure, name) for name in edit.values},
        ):
            updated.append(measure)
        else:
            stale.append(measure.pk)
    if stale:
        return stale
    edited = {measure.pk for measure in updated}
    _keep_series_in_line(
        added
        + [
            (edit.measure, measure)
            for edit, measure in checked
            if measure.pk in edited and not HEADLINE_FIELDS_SET.isdisjoint(edit.values)
        ],
        acting_user=acting_user,
        reason=reason,
    )
    if updated:
        Measure.history.bulk_history_create(
            updated,
            update=True,
            default_user=acting_user,
            default_date=timezone.now(),
            default_change_reason=reason,
        )
    return stale


def _keep_series_in_line(edited, *, acting_user, reason) -> None:
    """Write the series rows the new headlines make (performance.services.series), and store
    the headline the series then gives where it differs from what was written (an actual
    given for an earlier period than one already held leaves the later one the headline)."""
    if not edited:
        return
    headlines = apply_headline_edits(edited, acting_user=acting_user, reason=reason)
    for _, measure in edited:
        headline = headlines[measure.pk]
        moved = {name: value for name, value in headline.items() if getattr(measure, name) != value}
        if moved:
            for name, value in moved.items():
                setattr(measure, name, value)
            Measure.objects.filter(pk=measure.pk).update(**moved)


def fields_except(model: type[models.Model], names) -> list[str]:
    return [field.name for field in model._meta.fields if field.name not in names]


def conflicts_now(model: type[models.Model], pks: list[int]) -> tuple[Conflict, ...]:
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
