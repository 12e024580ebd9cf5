"""Partners report on their measures; officers accept or return the figures they propose.

A proposed figure is a measure's actual for one period: a value, or why there is none (not
yet available, not applicable, lagged), with its note and the change as the source reported
it. Accepting it writes exactly that period's figure through the writer of figures by period
(`services.period_figures`), checked against the measure as the officer saw it.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actionplan.policy import partner_organisation_id
from periods import parse_period, same_period

from .models import Measure, MeasureFigure, MeasureUpdate
from .models.reports import PROPOSED_FIGURE_FIELDS
from .models.series import figure_for
from .services import StaleMeasures
from .services.period_figures import PeriodFigureEdit, PeriodFiguresRefused, period_figures_save
from .services.series import record_rating


@transaction.atomic
def measure_report_progress(
    *,
    measure: Measure,
    acting_user,
    note: str,
    proposed_actual: Decimal | None,
    proposed_period: str,
    proposed: Mapping[str, object] | None = None,
) -> MeasureUpdate:
    """Record a report. A proposed figure waits for an officer; the measure is unchanged.

    `proposed` holds the rest of the proposed figure beside its value (state, note, reported
    change: the other `PROPOSED_FIGURE_FIELDS`). A figure proposed for a period that already
    has one awaiting an officer replaces it (`_record`)."""
    proposed = dict(proposed or {})
    others = set(PROPOSED_FIGURE_FIELDS) - {"proposed_actual"}
    if not set(proposed) <= others:
        raise ValueError(f"proposed may hold only {', '.join(sorted(others))}.")
    update = MeasureUpdate(
        measure=measure,
        author=acting_user,
        organisation_id=partner_organisation_id(acting_user),
        note=note.strip(),
        proposed_actual=proposed_actual,
        proposed_period=proposed_period.strip(),
        **proposed,
    )
    update.full_clean()
    return _record([update])[0]


@transaction.atomic
def period_figures_report(
    *, proposals: Sequence[tuple[Measure, MeasureFigure]], period_label: str, acting_user
) -> list[MeasureUpdate]:
    """A partner's figures for one period, each proposed for an officer: all sent or none,
    in a fixed number of queries. Each figure holds what the partner entered, already
    checked by their form (the figure's own rules and the measure's)."""
    organisation_id = partner_organisation_id(acting_user)
    updates = [
        MeasureUpdate(
            measure=measure,
            author=acting_user,
            organisation_id=organisation_id,
            proposed_period=period_label,
            **{
                field: getattr(figure, figure_field)
                for field, figure_field in PROPOSED_FIGURE_FIELDS.items()
            },
        )
        for measure, figure in proposals
    ]
    for update in updates:
        # The text limits and choices, without a query per row for what the page has
        # already read (the measure, the user, the organisation) or checked (the figure).
        update.full_clean(
            exclude=["measure", "author", "organisation", "reviewed_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    return _record(updates)


def awaiting_proposals(measures: Sequence[Measure], period_label: str) -> dict[int, MeasureUpdate]:
    """By measure pk, the latest figure awaiting an officer for the period: one of the same
    label or of the same dates ("Q2 2012/13" is "July to September 2012"). One query; each
    measure is read with its plan's partnership (for its year start)."""
    by_pk = {measure.pk: measure for measure in measures}
    found = {}
    for update in MeasureUpdate.objects.awaiting().filter(measure__in=list(by_pk)).order_by("pk"):
        year_start = by_pk[update.measure_id].plan.partnership.year_start_month
        if same_period(update.proposed_period, period_label, year_start):
            found[update.measure_id] = update
    return found


def _record(updates: list[MeasureUpdate]) -> list[MeasureUpdate]:
    """Save the reports. A figure proposed for a period that already has one awaiting an
    officer replaces it: the officer decides on the partner's latest word. The measures are
    locked first, so that two reports for one period sent at once cannot both stay awaiting."""
    proposing = [update for update in updates if update.proposes_figure]
    if proposing:
        locked = sorted({update.measure_id for update in proposing})
        list(Measure.objects.select_for_update().filter(pk__in=locked).order_by("pk"))
        measures_of = defaultdict(list)  # one query for each period (a return has one)
        for update in proposing:
            measures_of[update.proposed_period].append(update.measure)
        replaced = [
            earlier.pk
            for label, measures in measures_of.items()
            for earlier in awaiting_proposals(measures, label).values()
        ]
        MeasureUpdate.objects.filter(pk__in=replaced).update(state=MeasureUpdate.State.REPLACED)
    return MeasureUpdate.objects.bulk_create(updates)


def _pending(update: MeasureUpdate) -> MeasureUpdate:
    # Lock the row so two officers cannot both accept (or one accept, one return) it.
    locked = (
        MeasureUpdate.objects.select_for_update(of=("self",))
        .select_related("measure__plan")
        .get(pk=update.pk)
    )
    if locked.state != MeasureUpdate.State.SUBMITTED:
        raise ValidationError(
            f"This report was already {locked.get_state_display().lower()}; nothing was changed."
        )
    if not locked.proposes_figure:
        raise ValidationError("This report proposes no figure to accept.")
    return locked


def period_figure(update: MeasureUpdate) -> MeasureFigure | None:
    """The measure's actual for the report's period, as stored: the one of the same label,
    else the one of the same dates; None if the series has none."""
    period = parse_period(update.proposed_period, update.measure.plan.partnership.year_start_month)
    actuals = update.measure.figures.filter(what=MeasureFigure.What.ACTUAL)
    return figure_for(actuals, update.proposed_period, period)


# What a proposal leaves empty of these, the period's stored figure keeps: a partner's
# figure from the measure's page does not wipe the change as reported, nor the note of a
# figure whose state it keeps (a lagged figure's note is about its lag, not the new one's).
REPORTED_CHANGE = ("reported_change", "reported_change_kind", "reported_basis")


def _accepted_figure(update: MeasureUpdate) -> MeasureFigure:
    """The period's figure holding the proposal, checked as a figure by period is."""
    figure = period_figure(update) or MeasureFigure(
        measure=update.measure,
        what=MeasureFigure.What.ACTUAL,
        period_label=update.proposed_period,
        source=update.measure.source,
    )
    values = update.proposed_figure_values()
    kept = [*REPORTED_CHANGE] if not any(values[name] for name in REPORTED_CHANGE) else []
    if not values["note"] and values["state"] == figure.state:
        kept.append("note")
    for name in kept:
        del values[name]
    for name, value in values.items():
        setattr(figure, name, value)
    figure.full_clean(exclude=["measure"], validate_unique=False, validate_constraints=False)
    return figure


def _stale_message(measure: Measure) -> str:
    now = measure.actual_display or "not reported"
    if measure.actual_value is not None and measure.actual_period:
        now = f"{now} for {measure.actual_period}"
    return (
        f"The measure was changed after this page was opened; its current actual is {now}. "
        "Check the proposed figure against it, then accept again."
    )


@transaction.atomic
def measure_update_accept(
    *, update: MeasureUpdate, acting_user, seen_version: int | None
) -> Measure:
    """The proposed figure becomes the measure's actual for its period, with history naming
    both people.
    `seen_version` is the measure's version on the officer's page: if someone has saved the
    measure since, the writer refuses and nothing is accepted, since the proposal was
    weighed against a measure that is no longer as shown."""
    update = _pending(update)
    if seen_version is None:
        raise ValidationError(
            "This page was out of date. Check the figures below, then accept again."
        )
    reason = (
        f"Accepted the figure proposed by {update.author.get_username()} "
        f"({update.organisation or 'no organisation'}) on {update.created_at:%d %B %Y}"
    )[:100]
    measure = update.measure
    try:
        figure = _accepted_figure(update)
        edit = PeriodFigureEdit(measure=measure, seen_version=seen_version, figure=figure)
        period_figures_save(plan=measure.plan, edits=[edit], acting_user=acting_user, reason=reason)
    except StaleMeasures as stale:
        raise ValidationError(_stale_message(stale.conflicts[0].current)) from None
    except PeriodFiguresRefused as refused:
        raise ValidationError(list(refused.by_edit[0].values())) from None
    except ValidationError as error:
        raise ValidationError(error.messages) from None
    record_rating(
        measure=measure, period_label=figure.period_label, acting_user=acting_user, reason=reason
    )
    update.state = MeasureUpdate.State.ACCEPTED
    update.reviewed_by = acting_user
    update.reviewed_at = timezone.now()
    update.save(update_fields=["state", "reviewed_by", "reviewed_at"])
    return measure


@transaction.atomic
def measure_update_return(*, update: MeasureUpdate, acting_user, reason: str) -> MeasureUpdate:
    """Send a proposed figure back to the partner with the officer's reason."""
    if not reason.strip():
        raise ValidationError("Say why the figure is being returned, so the partner can fix it.")
    reason = reason.strip()
    # The officer's reason is refused in the field's own words when it is too long.
    MeasureUpdate._meta.get_field("review_note").run_validators(reason)
    update = _pending(update)
    update.state = MeasureUpdate.State.RETURNED
    update.reviewed_by = acting_user
    update.reviewed_at = timezone.now()
    update.review_note = reason
    update.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note"])
    return update
