"""The officer's figures page: every measure and figure slot of one plan, saved together."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import TemplateView

from ..forms import PlanFiguresPage
from ..services import plan_figures_save
from .access import PlanPageMixin


def saved_message(count: int) -> str:
    if count == 0:
        return "No figures changed."
    return f"Saved {count} changed figure{'s' if count != 1 else ''}."


class PlanFiguresView(PlanPageMixin, TemplateView):
    permission_required = "performance.change_measure"
    template_name = "performance/plan_figures.html"

    def get_context_data(self, **kwargs):
        if "page" not in kwargs:
            kwargs["page"] = PlanFiguresPage(plan=self.get_plan())
        return super().get_context_data(error_summary=kwargs["page"].error_summary, **kwargs)

    def post(self, request, *args, **kwargs):
        plan = self.get_plan()
        page = PlanFiguresPage(plan=plan, data=request.POST)
        if page.is_valid():
            result = plan_figures_save(
                plan=plan,
                measure_edits=page.measure_edits(),
                figure_edits=page.figure_edits(),
                acting_user=request.user,
            )
            if result.ok:
                messages.success(request, saved_message(result.saved))
                return redirect("performance:plan-figures", plan_pk=plan.pk)
            page.show_conflicts(result.conflicts)
        page.show_saved_figures_where_unchanged()
        return self.render_to_response(self.get_context_data(page=page))
