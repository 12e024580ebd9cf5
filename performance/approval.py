"""Moving a plan from draft to approved to published, and back to draft with a reason."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actionplan.models import Plan

from .completeness import plan_completeness


def _check_length(field: str, reason: str) -> None:
    """A reason is refused, before anything changes, when it is longer than its field's limit."""
    Plan._meta.get_field(field).run_validators(reason)


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().select_related("partnership").get(pk=plan.pk)


@transaction.atomic
def plan_approve(*, plan: Plan, acting_user, reason: str = "") -> Plan:
    """Approve a draft. While the completeness report shows gaps, approval needs a reason."""
    reason = reason.strip()
    _check_length("approval_note", reason)
    plan = _locked(plan)
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError(f"Only a draft can be approved; this plan is {plan.status}.")
    report = plan_completeness(plan)
    if not report.is_complete and not reason:
        raise ValidationError(
            f"The plan still has {len(report.missing)} missing figures and "
            f"{len(report.flags)} inconsistencies. Fill them in, or record why the plan "
            "should be approved without them."
        )
    plan.status = Plan.Status.APPROVED
    plan.approved_by = acting_user
    plan.approved_at = timezone.now()
    plan.approval_note = reason
    plan._history_user = acting_user
    plan.save()
    return plan


@transaction.atomic
def plan_publish(*, plan: Plan, acting_user) -> Plan:
    plan = _locked(plan)
    if plan.status != Plan.Status.APPROVED:
        raise ValidationError("Only an approved plan can be published.")
    plan.status = Plan.Status.PUBLISHED
    plan.published_by = acting_user
    plan.published_at = timezone.now()
    plan._history_user = acting_user
    plan.save()
    return plan


RETURN_REASON_NEEDED = "Say why the plan goes back to draft: the reason is kept with the plan."


@transaction.atomic
def plan_return_to_draft(*, plan: Plan, acting_user, reason: str) -> Plan:
    """Reopen an approved or published plan for changes. Publication is withdrawn and the
    approval no longer stands, until the plan is approved again; who, when and why are kept
    on the plan, and the approval it replaces stays in the plan's history."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(RETURN_REASON_NEEDED)
    _check_length("return_to_draft_reason", reason)
    plan = _locked(plan)
    if plan.status == Plan.Status.DRAFT:
        raise ValidationError("This plan is already a draft; nothing has changed.")
    plan.status = Plan.Status.DRAFT
    plan.approved_by = plan.approved_at = plan.published_by = plan.published_at = None
    plan.approval_note = ""
    plan.returned_to_draft_by = acting_user
    plan.returned_to_draft_at = timezone.now()
    plan.return_to_draft_reason = reason
    plan._history_user = acting_user
    # The reason itself is in the history row's copy of the plan; this is its heading.
    plan._change_reason = "Sent back to draft"
    plan.save()
    return plan
