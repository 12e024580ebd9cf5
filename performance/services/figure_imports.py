"""Figures by period from a spreadsheet: many rows of many measures' series, all or none.

The bulk variant of `figure_rows_save`, for a file of thousands of rows (a partnership's
months for several years): the same rules in the same words (`figure_rows._refusals`: the
figure rules by what a row is, an approved plan's baselines and targets closed, one row per
measure, what and period), the version of every measure checked against the one the import
read and moved on, each measure's headline refreshed from its series, history rows written
and standings emptied, as `series._write_rows` does for every bulk write. A few queries per
measure at most, never one per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connections, router, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from ..models import Measure, MeasureFigure
from .figure_rows import _refusals, refresh_headline
from .measures import StaleMeasures, conflicts_now
from .series import UPDATED_FIELDS, _write_rows, apply_headline_edits

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# What a row of the file changes: the fields every bulk writer of rows updates, and the words
# beside the value.
IMPORTED_FIELDS = [
    *UPDATED_FIELDS,
    "note",
    "reported_change",
    "reported_change_kind",
    "reported_basis",
]


@dataclass(frozen=True)
class FigureRowEdit:
    measure: Measure  # as the import read it
    seen_version: int
    figure: MeasureFigure  # new, or stored with the file's values


class FigureImportRefused(Exception):
    """Nothing written: index of each refused edit -> field -> message."""

    def __init__(self, by_edit: dict[int, dict[str, str]]):
        super().__init__("The figures were refused.")
        self.by_edit = by_edit


def figure_rows_import(
    *, edits: Sequence[FigureRowEdit], acting_user: User, reason: str, lock: bool = True
) -> int:
    """Write every edit or none; the number written. Raises StaleMeasures (each measure saved
    by someone else since the import read it) or FigureImportRefused.

    `lock` is False for a preview, which is rolled back: it reads the measures without
    locking them, so that a long preview does not hold up every other writer of them."""
    if not edits:
        return 0
    with transaction.atomic():
        _write(edits, acting_user=acting_user, reason=reason, lock=lock)
    return len(edits)


def _write(edits, *, acting_user, reason, lock) -> None:
    seen = {edit.measure.pk: edit.seen_version for edit in edits}
    # Locked in primary key order, so that two writers of the same measures queue.
    measures_read = Measure.objects.select_for_update() if lock else Measure.objects.all()
    locked = {
        measure.pk: measure
        for measure in measures_read.select_related("plan__partnership")
        .filter(pk__in=list(seen))
        .order_by("pk")
    }
    stale = [pk for pk, version in seen.items() if locked[pk].version != version]
    if stale:
        raise StaleMeasures(conflicts_now(Measure, stale))
    measures = list(locked.values())
    # A measure stored without its series starts it from its headline, as for every writer.
    apply_headline_edits([(m, m) for m in measures], acting_user=acting_user, reason=reason)
    prefetch_related_objects(measures, "figures")
    _onto_rows_now_held(edits, locked)
    rows_of: dict[int, list[MeasureFigure]] = {}
    for edit in edits:
        edit.figure.measure = locked[edit.measure.pk]
        rows_of.setdefault(edit.measure.pk, []).append(edit.figure)
    at = {id(edit.figure): index for index, edit in enumerate(edits)}
    refused = {
        at[id(row)]: errors
        for pk, rows in rows_of.items()
        for row, errors in _refusals(locked[pk], rows, [])
    }
    if refused:
        raise FigureImportRefused(refused)
    now = timezone.now()
    for edit in edits:
        row = edit.figure
        row.entered_by, row.entered_at = acting_user, now
        row.read_period(row.measure.plan.partnership.year_start_month)
    changed = [edit.figure for edit in edits if edit.figure.pk is not None]
    created = [edit.figure for edit in edits if edit.figure.pk is None]
    _write_rows(created, [], [], acting_user=acting_user, reason=reason)
    if changed:
        _update_rows(changed, IMPORTED_FIELDS)
        MeasureFigure.history.bulk_history_create(
            changed, update=True, default_user=acting_user, default_change_reason=reason
        )
    # Moving each measure's version on also empties its standing (`write_if_current`).
    for measure in measures:
        # The measure's version moves on with its series, whether or not its headline does.
        if not Measure.objects.write_if_current(pk=measure.pk, version=measure.version, values={}):
            raise StaleMeasures(conflicts_now(Measure, [measure.pk]))
        measure.version += 1
        measure._prefetched_objects_cache.pop("figures", None)
    prefetch_related_objects(measures, "figures")
    for measure in measures:
        refresh_headline(measure, acting_user=acting_user, reason=reason)


def _onto_rows_now_held(edits, locked) -> None:
    """A new figure for a period its measure's series has just been started with (from the
    headline) is written onto that row, not beside it."""
    held: dict[int, dict[tuple[str, str], int]] = {}
    for edit in edits:
        if edit.figure.pk is not None:
            continue
        pk = edit.measure.pk
        if pk not in held:
            held[pk] = {(row.what, row.period_label): row.pk for row in locked[pk].figures.all()}
        edit.figure.pk = held[pk].get((edit.figure.what, edit.figure.period_label))


def _update_rows(rows: list[MeasureFigure], fields: list[str]) -> None:
    """One parameterised UPDATE run for every row. Django's `bulk_update` writes a CASE per
    field and row: 53 of the 70 seconds of a 12,000-row import under the profiler."""
    connection = connections[router.db_for_write(MeasureFigure)]
    quote = connection.ops.quote_name
    columns = [MeasureFigure._meta.get_field(name) for name in fields]
    pk = MeasureFigure._meta.pk
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
    # Only the model's own names, quoted, are written into the statement; values are bound.
    sql = (
        f"UPDATE {quote(MeasureFigure._meta.db_table)} SET {assignments} "  # noqa: S608  # nosec B608: only quoted model names
        f"WHERE {quote(pk.column)} = %s"
    )
    values = [
        [field.get_db_prep_save(getattr(row, field.attname), connection) for field in columns]
        + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)
