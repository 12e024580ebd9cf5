"""The officer's figures page: every measure and figure slot of one plan, saved together."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import TemplateView

from actionplan.policy import Ability

from ..forms import PlanFiguresPage
from ..plan_periods import grouped, plan_periods
from .access import PlanPageMixin


def saved_message(count: int) -> str:
    if count == 0:
        return "No figures changed."
    return f"Saved {count} changed figure{'s' if count != 1 else ''}."


class PlanFiguresView(PlanPageMixin, TemplateView):
    ability = Ability.ENTER_FIGURES
    template_name = "performance/plan_figures.html"

    def get_context_data(self, **kwargs):
        if "page" not in kwargs:
            kwargs["page"] = PlanFiguresPage(plan=self.get_plan())
        return super().get_context_data(
            error_summary=kwargs["page"].error_summary,
            period_groups=grouped(plan_periods(self.get_plan())),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        page = PlanFiguresPage(plan=self.get_plan(), data=request.POST)
        result = page.save(acting_user=request.user)
        if result is None:
            return self.render_to_response(self.get_context_data(page=page))
        messages.success(request, saved_message(result.saved))
        return redirect("performance:plan-figures", plan_pk=self.get_plan().pk)
