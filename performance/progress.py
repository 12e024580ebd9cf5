"""Partners report on their measures; officers accept or return the figures they propose."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actionplan.policy import partner_organisation_id

from .models import Measure, MeasureUpdate
from .services import StaleMeasures, measure_save
from .services.series import record_rating


@transaction.atomic
def measure_report_progress(
    *,
    measure: Measure,
    acting_user,
    note: str,
    proposed_actual: Decimal | None,
    proposed_period: str,
) -> MeasureUpdate:
    """Record a report. A proposed figure waits for an officer; the measure is unchanged."""
    update = MeasureUpdate(
        measure=measure,
        author=acting_user,
        organisation_id=partner_organisation_id(acting_user),
        note=note.strip(),
        proposed_actual=proposed_actual,
        proposed_period=proposed_period.strip(),
    )
    update.full_clean()
    update.save()
    return update


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
    if locked.proposed_actual is None:
        raise ValidationError("This report proposes no figure to accept.")
    return locked


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
    """The proposed figure becomes the measure's actual, with history naming both people.
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
    try:
        measure = measure_save(
            measure=update.measure,
            seen_version=seen_version,
            values={
                "actual_value": update.proposed_actual,
                "actual_period": update.proposed_period,
            },
            acting_user=acting_user,
            reason=reason,
        )
    except StaleMeasures as stale:
        raise ValidationError(_stale_message(stale.conflicts[0].current)) from None
    record_rating(
        measure=measure, period_label=update.proposed_period, acting_user=acting_user, reason=reason
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
