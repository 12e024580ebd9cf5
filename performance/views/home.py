"""The home page, fitted to the role: officers see the plans and what needs their attention,
partner users their organisation's actions, anyone else whom to ask for access."""

from dataclasses import dataclass

from django.views.generic import TemplateView

from actionplan.models import Action, Partnership, Plan
from actionplan.policy import Ability, access_for, partnership_scope

from ..completeness import CompletenessReport, plan_completeness
from ..models import Measure, MeasureUpdate

# Each completeness report costs a few queries; only the newest drafts are checked, so the
# page's cost does not grow with the number of old plans (approved plans are settled).
CHECKED_DRAFTS = 3


@dataclass(frozen=True)
class PlanRow:
    plan: Plan
    report: CompletenessReport | None

    @property
    def unchecked_draft(self) -> bool:
        return self.report is None and self.plan.status == Plan.Status.DRAFT


def officer_context(user) -> dict:
    plans = list(
        Plan.objects.visible_to(user)
        .select_related("approved_by", "published_by")
        .order_by("-start_year", "partnership__name")
    )
    drafts = [plan.pk for plan in plans if plan.status == Plan.Status.DRAFT]
    checked = set(drafts[:CHECKED_DRAFTS])
    rows = [
        PlanRow(plan, plan_completeness(plan) if plan.pk in checked else None) for plan in plans
    ]
    return {
        "role": "officer",
        "plan_rows": rows,
        "plans_with_gaps": [row for row in rows if row.report and not row.report.is_complete],
        "submitted_updates": partnership_scope(MeasureUpdate.objects.awaiting(), user).count(),
    }


def partner_context(user) -> dict:
    return {
        "role": "partner",
        "organisation": user.partner_profile.organisation,
        "actions": Action.objects.visible_to(user).order_by(
            "-priority__plan__start_year", "priority__order", "priority_id", "number"
        ),
        "measure_count": Measure.objects.visible_to(user).count(),
    }


class HomeView(TemplateView):
    template_name = "performance/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        access = access_for(user)
        if access.may(Ability.LIST_PLANS):
            role_context = officer_context(user)
        elif access.organisation_id is not None:
            role_context = partner_context(user)
        else:
            role_context = {"role": "none", "partnerships": Partnership.objects.all()}
        return super().get_context_data(**role_context, **kwargs)
