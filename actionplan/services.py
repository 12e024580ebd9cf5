"""Writes to plan content that touch several rows."""

from django.db import transaction

from .models import Action, ActionUpdate, partner_organisation_id


@transaction.atomic
def action_report_progress(*, action: Action, acting_user, status: str, note: str) -> ActionUpdate:
    """Record a progress report and make it the action's current status and progress.

    Only the status and the progress note change: whatever else a form posts, the action's
    wording, owner and priority are not touched here.
    """
    update = ActionUpdate(
        action=action,
        author=acting_user,
        organisation_id=partner_organisation_id(acting_user),
        status=status,
        note=note.strip(),
    )
    update.full_clean()
    update.save()
    action.status = status
    action.progress_note = update.note
    action._history_user = acting_user
    action.full_clean()
    action.save(update_fields=["status", "progress_note"])
    return update
