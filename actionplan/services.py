"""Writes to plan content that touch several rows, and the one writer of actions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from . import lifecycle, policy
from .lifecycle import ACTION_FIELDS_OPEN_AFTER_APPROVAL as OPEN_AFTER_APPROVAL
from .models import Action, ActionUpdate, PartnershipMembership
from .policy import partner_organisation_id

# The history's reason for a save made in the Django admin, whichever model it saves.
ADMIN_REASON = "Changed in the administration"


def saver_name(user) -> str:
    """Who saved a row, as a message names them; "Someone else" when history does not say."""
    if user is None:
        return "Someone else"
    return user.get_full_name() or user.get_username()


def saved_when(at: datetime | None) -> str:
    """ " at 10:32 on 3 May 2012", or nothing when history does not say."""
    if at is None:
        return ""
    return " at " + date_format(timezone.localtime(at), r"H:i \o\n j F Y")


class StaleAction(Exception):
    """Someone saved the action after its writer read it; nothing was saved."""

    def __init__(self, current: Action):
        latest = current.history.select_related("history_user").order_by("-history_date").first()
        who = saver_name(latest.history_user if latest else None)
        when = saved_when(latest.history_date if latest else None)
        progress = f"“{current.progress_note}”" if current.progress_note else "none"
        super().__init__(
            f"{who} saved action {current.reference}{when}, after this page was opened. It is "
            f"now {current.get_status_display()}, with the progress {progress}. Nothing has "
            "been saved: check your changes against these and save again."
        )
        self.current = current


@transaction.atomic
def action_save(
    *,
    action: Action,
    seen_version: int | None,
    acting_user,
    reason: str | None = None,
    fields: Sequence[str] | None = None,
) -> Action:
    """Save an action (its `fields`, or all of them) with its history, moving its version on.

    Given `seen_version`, the save happens only while the action is still at that version:
    the check and the claim of the row are one conditional UPDATE, which holds the row
    until the transaction ends, so two saves at the same moment cannot both pass. Raises
    StaleAction when someone saved it in between, ValidationError when a rule is broken:
    on an approved or published plan that includes any change but to the status and the
    progress note (the supporting organisations, saved after this, are the caller's to keep).
    """
    action.full_clean()
    if not (action.pk and fields is not None and set(fields) <= set(OPEN_AFTER_APPROVAL)):
        errors = _locked_errors(action)
        if errors:
            raise ValidationError(errors)
    action._history_user = acting_user
    if reason:
        action._change_reason = reason
    if action.pk is None:
        action.save()
        return action
    claimed = Action.objects.filter(pk=action.pk)
    if seen_version is not None:
        claimed = claimed.filter(version=seen_version)
    if claimed.update(version=F("version") + 1) != 1:
        raise StaleAction(Action.objects.select_related("priority").get(pk=action.pk))
    action.version = (
        seen_version + 1
        if seen_version is not None
        else Action.objects.values_list("version", flat=True).get(pk=action.pk)
    )
    action.save(update_fields=None if fields is None else [*fields, "version"])
    return action


def _locked_errors(action: Action) -> dict[str, str]:
    """What the stage of the action's plan refuses of this save (lifecycle)."""
    stored = None
    if action.pk is not None:
        stored = Action.objects.select_related("priority__plan").get(pk=action.pk)
    if stored is None or stored.priority_id != action.priority_id:
        # A new action, or one moved: the plan it joins must be open to new content.
        errors = lifecycle.locked_errors(action.priority.plan, adding=True)
        if errors or stored is None:
            return errors
    changed = [
        field.name
        for field in Action._meta.concrete_fields
        if field.name not in ("id", "version")
        and getattr(action, field.attname) != getattr(stored, field.attname)
    ]
    return lifecycle.locked_errors(
        stored.priority.plan, changed=changed, open_fields=OPEN_AFTER_APPROVAL
    )


@transaction.atomic
def action_report_progress(*, action: Action, acting_user, status: str, note: str) -> ActionUpdate:
    """Record a progress report and make it the action's current status and progress.

    Only the status and the progress note change: whatever else a form posts, the action's
    wording, owner and priority are not touched here. The action's version moves on, so an
    officer's page drawn before the report cannot write over it.
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
    action_save(
        action=action,
        seen_version=None,
        acting_user=acting_user,
        fields=["status", "progress_note"],
    )
    return update


@transaction.atomic
def user_partnerships_set(*, user, partnerships) -> None:
    """Make the user a member of exactly these partnerships (an officer or administrator sees
    and changes only their partnerships' plans)."""
    wanted = {partnership.pk: partnership for partnership in partnerships}
    current = PartnershipMembership.objects.filter(user=user)
    for membership in current.exclude(partnership_id__in=wanted):
        membership.delete()
    have = set(current.values_list("partnership_id", flat=True))
    for partnership_id, partnership in wanted.items():
        if partnership_id not in have:
            membership = PartnershipMembership(user=user, partnership=partnership)
            membership.full_clean()
            membership.save()
    policy.forget(user)
