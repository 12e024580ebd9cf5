"""Moving a plan from draft to approved to published."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actionplan.models import Plan

from .completeness import plan_completeness


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().select_related("partnership").get(pk=plan.pk)


@transaction.atomic
def plan_approve(*, plan: Plan, acting_user, reason: str = "") -> Plan:
    """Approve a draft. While the completeness report shows gaps, approval needs a reason."""
    plan = _locked(plan)
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError(f"Only a draft can be approved; this plan is {plan.status}.")
    report = plan_completeness(plan)
    if not report.is_complete and not reason.strip():
        raise ValidationError(
            f"The plan still has {len(report.missing)} missing figures and "
            f"{len(report.flags)} inconsistencies. Fill them in, or record why the plan "
            "should be approved without them."
        )
    plan.status = Plan.Status.APPROVED
    plan.approved_by = acting_user
    plan.approved_at = timezone.now()
    plan.approval_note = reason.strip()
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
