"""Each measure's standing, stored: worked out from the measure's whole series once, and read
back by the overview and the PDF without reading the series again.

A standing reads every figure of its measure, and a plan of 500 measures with five years of
monthly figures has 30,000 of them: too many to read on every page (bench/series.py). So it is
kept on the measure (`Measure.standing_lines`) and emptied by every write that can change it:
the one writer's measure writes (`write_if_current`), any save or delete of a figure and any
save of a measure or a partnership (performance.signals). A page that finds standings missing
works them out in one query for all of them and stores them in one more, each only while the
measure's `standing_stamp` is as the page read it, so that a standing worked out from figures
that changed meanwhile is never kept.

Whoever changes what a standing says (its wording, its arithmetic) empties the stored ones
with a migration (`Measure.objects.standings_outdated()`), as 0013 does for the first.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Case, JSONField, Value, When

from .measure_standing import Standing, measure_standing
from .models import Measure, MeasureFigure

# Measures stored per UPDATE: five parameters each, well inside SQLite's and PostgreSQL's
# limits, and enough for a plan of 500 measures and its previous one in one query.
_STORE_BATCH = 1000


def _as_lines(standing: Standing | None) -> list[list[str]]:
    return [list(line) for line in standing.lines] if standing else []


def _from_lines(lines: list) -> Standing | None:
    return Standing(tuple((label, text) for label, text in lines)) if lines else None


def _work_out(measures: list[Measure]) -> dict[int, list[list[str]]]:
    rows = defaultdict(list)
    for row in MeasureFigure.objects.filter(measure__in=measures):
        rows[row.measure_id].append(row)
    by_pk = {measure.pk: measure for measure in measures}
    worked_out = {}
    for pk, measure in by_pk.items():
        for row in rows[pk]:
            row.measure = measure  # for its period's year start and its precision
        worked_out[pk] = _as_lines(measure_standing(measure, rows[pk]))
    return worked_out


def _json(value) -> Value:
    return Value(value, output_field=JSONField())


def _store(measures: list[Measure], lines: dict[int, list[list[str]]]) -> None:
    """Store each measure's lines only while its stamp is as read: the stamp is matched
    against a CASE on the primary key (not an OR of conditions, which SQLite nests one
    level deeper for each measure)."""
    for start in range(0, len(measures), _STORE_BATCH):
        batch = measures[start : start + _STORE_BATCH]
        stamp_as_read = Case(*(When(pk=m.pk, then=Value(m.standing_stamp)) for m in batch))
        Measure.objects.filter(pk__in=[m.pk for m in batch], standing_stamp=stamp_as_read).update(
            standing_lines=Case(
                *(When(pk=m.pk, then=_json(lines[m.pk])) for m in batch),
                output_field=JSONField(),
            )
        )


def attach_standings(measures: list[Measure]) -> None:
    """Give each measure its `standing` (a Standing, or None where it has none): the stored
    one, or, for those with none stored, worked out from their figures and stored.

    The measures must carry `plan__partnership` (as `measure_sections` selects them). Two
    queries when any standing is missing, none when all are stored.
    """
    missing = [measure for measure in measures if measure.standing_lines is None]
    if missing:
        worked_out = _work_out(missing)
        _store(missing, worked_out)
        for measure in missing:
            measure.standing_lines = worked_out[measure.pk]
    for measure in measures:
        measure.standing = _from_lines(measure.standing_lines)
