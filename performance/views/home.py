"""The home page, fitted to the role: officers see the plans and what needs their attention,
partner users their organisation's actions, anyone else whom to ask for access."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.views.generic import TemplateView

from actionplan.models import Action, Partnership, Plan
from actionplan.policy import Ability, access_for, partnership_scope
from periods.plan_year import plan_year

from ..completeness import CompletenessReport, plan_completeness
from ..models import Measure, MeasureUpdate

# Each completeness report costs a few queries, so the page checks a bounded number of
# plans, whatever the number of old ones: those still in their year first (an approved plan
# is worked all year, its figures by period coming in), then the newest drafts.
CHECKED_DRAFTS = 3
CHECKED_PLANS = 6
# The last quarter's figures come in after the year ends: a plan is in its year until then.
FIGURES_COME_IN_MONTHS = 3


def in_its_year(plan: Plan, today: date) -> bool:
    """Whether the plan's year, or the months after it while its last figures come in,
    includes today."""
    year = plan_year(plan.start_year, plan.partnership.year_start_month)
    months_after = (today.year - year.end.year) * 12 + today.month - year.end.month
    return year.start <= today and months_after <= FIGURES_COME_IN_MONTHS


def checked_plans(plans: list[Plan], today: date) -> set[int]:
    """The pks of the plans whose completeness the page counts."""
    current = [plan.pk for plan in plans if in_its_year(plan, today)]
    drafts = [plan.pk for plan in plans if plan.status == Plan.Status.DRAFT][:CHECKED_DRAFTS]
    return set(list(dict.fromkeys(current + drafts))[:CHECKED_PLANS])


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
        .select_related("partnership", "approved_by", "published_by")
        .order_by("-start_year", "partnership__name")
    )
    checked = checked_plans(plans, timezone.localdate())
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
