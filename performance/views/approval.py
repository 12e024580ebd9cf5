"""Approving and publishing a plan: one page to read where a plan stands, two POST actions.

The rules (what may be approved, when a reason is needed) live in performance.approval; these
views only show the plan's state, pass the administrator's reason on and report the outcome.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from actionplan.models import Plan

from ..approval import plan_approve, plan_publish
from ..completeness import plan_completeness
from .access import PlanPageMixin

TEMPLATE = "performance/plan_approval.html"
APPROVE_PERMISSION = "actionplan.approve_plan"
REASON_MAX_LENGTH = 2000


class PlanApprovalForm(forms.Form):
    """Why a plan is approved while its completeness report still shows gaps."""

    reason = forms.CharField(
        label="Reason for approving with gaps",
        required=False,
        strip=True,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required while the completeness report shows missing figures or "
        "inconsistencies. It is kept with the plan's approval.",
        error_messages={
            "max_length": f"Keep the reason to {REASON_MAX_LENGTH:,} characters or fewer "
            "(it has %(show_value)d)."
        },
    )


def approval_context(request, plan: Plan, form: PlanApprovalForm | None = None) -> dict:
    return {
        "plan": plan,
        "report": plan_completeness(plan),
        "form": form or PlanApprovalForm(),
        "can_approve": request.user.has_perm(APPROVE_PERMISSION),
    }


def _plan(plan_pk: int) -> Plan:
    return get_object_or_404(Plan.objects.select_related("partnership"), pk=plan_pk)


class PlanApprovalView(PlanPageMixin, TemplateView):
    """Where the plan stands: status, who approved and published it, and what it lacks."""

    template_name = TEMPLATE

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **approval_context(self.request, self.get_plan()),
        }


@require_POST
@permission_required(APPROVE_PERMISSION, raise_exception=True)
def plan_approve_view(request, plan_pk: int):
    plan = _plan(plan_pk)
    form = PlanApprovalForm(request.POST)
    if form.is_valid():
        try:
            plan_approve(plan=plan, acting_user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            # A draft is only refused for its gaps: point the error at the reason field.
            form.add_error("reason" if plan.status == Plan.Status.DRAFT else None, error)
        else:
            messages.success(request, f"The {plan.title} is approved.")
            return redirect("performance:plan-approval", plan_pk=plan.pk)
    # Shown again with what was typed, so a reason is not lost to a refusal.
    return render(request, TEMPLATE, approval_context(request, plan, form))


@require_POST
@permission_required(APPROVE_PERMISSION, raise_exception=True)
def plan_publish_view(request, plan_pk: int):
    plan = _plan(plan_pk)
    try:
        plan_publish(plan=plan, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages) + " Nothing has changed.")
    else:
        messages.success(request, f"The {plan.title} is published.")
    return redirect("performance:plan-approval", plan_pk=plan.pk)
