"""A measure's series and its headline, kept as one by the one writer of measures.

The series (`MeasureFigure` rows) is the record. The three figure pairs on `Measure`
(baseline, target and actual, each a value and a period) are its headline: the figures the
plan prints and most pages, spreadsheets and the PDF read, stored so that a list of measures
needs no second query. `headline_of` is the one rule that picks them, and the writer stores
what it picks in the same transaction as the rows, so the two never disagree.

A writer that edits the headline (the figures page, a spreadsheet, an accepted partner figure)
edits the series as `apply_headline_edits` says:

- an actual for a period the series does not hold is a new row, and the earlier actuals stay
  (partners report period after period);
- a baseline or target given for another period moves the headline row to that period (a
  plan has one baseline and one year's target; targets by period are added as rows);
- a value for a period already held changes that row;
- a pair emptied of both value and period removes the headline row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone

from .. import series_calculations as series
from ..models import Measure, MeasureFigure

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# (what, value field, period field) of each headline pair.
HEADLINE_PAIRS = (
    (MeasureFigure.What.BASELINE, "baseline_value", "baseline_period"),
    (MeasureFigure.What.TARGET, "target_value", "target_period"),
    (MeasureFigure.What.ACTUAL, "actual_value", "actual_period"),
)
HEADLINE_FIELDS = tuple(name for _, *fields in HEADLINE_PAIRS for name in fields)


def _latest_first(row: MeasureFigure):
    """The latest period first; of two ending on the same day the longer (the year's target
    before its last quarter's); a label that cannot be read after every dated one."""
    end = row.period_end or date.min
    start = row.period_start or date.max
    return (row.period_end is not None, end, -start.toordinal(), row.pk or 0)


def headline_row(rows: Iterable[MeasureFigure], what: str) -> MeasureFigure | None:
    """The row a headline pair shows: the latest of its kind that was provided, or the latest
    of its kind when none was. A quarter whose figure is not yet available, or lags, leaves
    the last figure the partnership has as the headline (with its own period), rather than a
    blank that reads as if nothing were known."""
    of_kind = [row for row in rows if row.what == what]
    provided = [row for row in of_kind if row.state == MeasureFigure.State.PROVIDED]
    return max(provided or of_kind, key=_latest_first, default=None)


def headline_of(rows: Iterable[MeasureFigure]) -> dict[str, object]:
    """The headline field values a measure's series gives."""
    rows = list(rows)
    values: dict[str, object] = {}
    for what, value_field, period_field in HEADLINE_PAIRS:
        row = headline_row(rows, what)
        values[value_field] = row.value if row else None
        values[period_field] = row.period_label if row else ""
    return values


def apply_headline_edits(
    edited: Sequence[tuple[Measure, Measure]], *, acting_user: User | None, reason: str
) -> dict[int, dict[str, object]]:
    """Bring each stored measure's series in line with its new headline (see the module's
    rules) and give, by measure pk, the headline its series now yields.

    `edited` holds (the measure as its writer read it, unsaved for a new one; the measure as
    saved). A few queries whatever the number of measures: the rows are read at once and
    written in bulk, with their history.
    """
    held = MeasureFigure.objects.filter(measure__in=[after for _, after in edited])
    rows_of: dict[int, dict[tuple[str, str], MeasureFigure]] = {}
    for row in held:
        rows_of.setdefault(row.measure_id, {})[(row.what, row.period_label)] = row
    year_start = _year_starts({after.plan_id for _, after in edited})
    now, created, changed, removed = timezone.now(), [], [], []
    for before, after in edited:
        rows = rows_of.setdefault(after.pk, {})
        for what, value_field, period_field in HEADLINE_PAIRS:
            old = (getattr(before, value_field), getattr(before, period_field))
            if before.pk is not None and headline_row(rows.values(), what) is None and any(old):
                # A measure stored without its series (a bulk insert, an old backup): the
                # series starts from the headline it had.
                row = MeasureFigure(
                    measure=after,
                    what=what,
                    period_label=old[1],
                    value=old[0],
                    source=after.source,
                )
                row.read_period(year_start[after.plan_id])
                created.append(row)
                rows[(what, old[1])] = row
            value, label = getattr(after, value_field), getattr(after, period_field)
            if before.pk is not None and old == (value, label):
                continue
            current = headline_row(rows.values(), what)
            if value is None and not label:
                if current is not None:
                    removed.append(rows.pop((what, current.period_label)))
                continue
            row = rows.get((what, label))
            if row is None and what != MeasureFigure.What.ACTUAL and current is not None:
                row = rows.pop((what, current.period_label))  # now for another period
            if row is None:
                row = MeasureFigure(measure=after, what=what, source=after.source)
                created.append(row)
            elif row not in changed:
                changed.append(row)
            row.period_label, row.value, row.state = label, value, MeasureFigure.State.PROVIDED
            row.entered_by, row.entered_at = acting_user, now
            row.read_period(year_start[after.plan_id])
            rows[(what, label)] = row
    _write_rows(created, changed, removed, acting_user=acting_user, reason=reason)
    return {pk: headline_of(rows.values()) for pk, rows in rows_of.items()}


def _year_starts(plan_ids) -> dict[int, int]:
    from actionplan.models import Plan

    return dict(
        Plan.objects.filter(pk__in=plan_ids).values_list("pk", "partnership__year_start_month")
    )


def _write_rows(created, changed, removed, *, acting_user, reason) -> None:
    """One statement per kind of write. Bulk writes bypass django-simple-history, so the
    history rows are written here too. A removed row is deleted one by one (rare), which
    records its own history."""
    for row in removed:
        if row.pk is not None:
            row._history_user, row._change_reason = acting_user, reason
            row.delete()
    changed = [row for row in changed if row.pk is not None and row not in removed]
    if changed:
        MeasureFigure.objects.bulk_update(changed, UPDATED_FIELDS)
    if created:
        MeasureFigure.objects.bulk_create(created)
    for rows, update in ((created, False), (changed, True)):
        if rows:
            MeasureFigure.history.bulk_history_create(
                rows, update=update, default_user=acting_user, default_change_reason=reason
            )
    # Bulk writes send no signals: the standings of the measures written are emptied here.
    written = {row.measure_id for row in (*created, *changed, *removed)}
    if written:
        Measure.objects.filter(pk__in=written).standings_outdated()


UPDATED_FIELDS = [
    "period_label",
    "period_start",
    "period_end",
    "period_kind",
    "value",
    "state",
    "entered_by",
    "entered_at",
]


def record_rating(*, measure: Measure, period_label: str, acting_user, reason: str) -> None:
    """Record, on the actual accepted for `period_label`, the rating today's rules give it
    against the measure's baseline and target. It is shown as recorded from then on, even if
    the target or a rule changes later (`series_calculations.rating_as_recorded`)."""
    row = measure.figures.filter(what=MeasureFigure.What.ACTUAL, period_label=period_label).first()
    if row is None:
        return
    rating = series.rate(
        direction=measure.direction_judged,
        baseline=measure.baseline,
        target=measure.target,
        actual=measure.comparable_actual(measure.printed(row.value), row.period_label),
    )
    row.recorded_status, row.recorded_rag = rating.status, rating.rag or ""
    row._history_user, row._change_reason = acting_user, reason
    row.save(update_fields=["recorded_status", "recorded_rag"])
