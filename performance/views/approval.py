"""Approving and publishing a plan: one page to read where a plan stands, two POST actions.

The rules (what may be approved, when a reason is needed) live in performance.approval; these
views only show the plan's state, pass the administrator's reason on and report the outcome.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from actionplan.models import Plan
from actionplan.policy import Ability, may
from web.text_limits import REASON, LimitedFormText

from ..approval import (
    RETURN_REASON_NEEDED,
    plan_approve,
    plan_publish,
    plan_return_to_draft,
)
from ..completeness import plan_completeness
from .access import PlanPageMixin, plan_for

TEMPLATE = "performance/plan_approval.html"


def reason_field(*, label: str, help_text: str, required: bool) -> forms.CharField:
    return LimitedFormText(
        label=label,
        required=required,
        strip=True,
        limit=REASON,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=help_text,
        error_messages={"required": RETURN_REASON_NEEDED},
    )


class PlanApprovalForm(forms.Form):
    """Why a plan is approved while its completeness report still shows gaps."""

    reason = reason_field(
        label="Reason for approving with gaps",
        help_text="Required while the completeness report shows missing figures or "
        "inconsistencies. It is kept with the plan's approval.",
        required=False,
    )


class PlanReturnToDraftForm(forms.Form):
    """Why an approved or published plan is reopened for changes."""

    return_reason = reason_field(
        label="Reason for sending the plan back to draft",
        help_text="Say what must change. The reason is kept with the plan; the plan must "
        "be approved again before it is published.",
        required=True,
    )


def approval_context(
    request,
    plan: Plan,
    form: PlanApprovalForm | None = None,
    return_form: PlanReturnToDraftForm | None = None,
) -> dict:
    return {
        "plan": plan,
        "report": plan_completeness(plan),
        "form": form or PlanApprovalForm(),
        "return_form": return_form or PlanReturnToDraftForm(),
        "can_approve": may(request.user, Ability.APPROVE, plan),
        "can_return_to_draft": may(request.user, Ability.SEND_BACK_TO_DRAFT, plan),
    }


class PlanApprovalView(PlanPageMixin, TemplateView):
    """Where the plan stands: status, who approved and published it, and what it lacks."""

    template_name = TEMPLATE

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **approval_context(self.request, self.get_plan()),
        }


@require_POST
def plan_approve_view(request, plan_pk: int):
    plan = plan_for(request, plan_pk, Ability.APPROVE)
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
def plan_publish_view(request, plan_pk: int):
    plan = plan_for(request, plan_pk, Ability.PUBLISH)
    try:
        plan_publish(plan=plan, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages) + " Nothing has changed.")
    else:
        messages.success(request, f"The {plan.title} is published.")
    return redirect("performance:plan-approval", plan_pk=plan.pk)


@require_POST
def plan_return_to_draft_view(request, plan_pk: int):
    plan = plan_for(request, plan_pk)
    # A draft is not refused here: the service says it is a draft already.
    if plan.status != Plan.Status.DRAFT and not may(request.user, Ability.SEND_BACK_TO_DRAFT, plan):
        raise PermissionDenied
    form = PlanReturnToDraftForm(request.POST)
    if form.is_valid():
        try:
            plan_return_to_draft(
                plan=plan, acting_user=request.user, reason=form.cleaned_data["return_reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"The {plan.title} is a draft again: it can be changed, and must be approved "
                "again before it is published.",
            )
            return redirect("performance:plan-approval", plan_pk=plan.pk)
    return render(request, TEMPLATE, approval_context(request, plan, return_form=form))
