"""The officer's figures page by period: each measure due for one period of the plan's year,
with its figure for the period and the figures to read it against, saved together."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from actionplan.policy import Ability

from ..forms.period_figures import PeriodFiguresPage
from ..plan_periods import grouped, plan_period, plan_periods
from .access import PlanPageMixin
from .figures import saved_message


class PeriodFiguresView(PlanPageMixin, TemplateView):
    ability = Ability.ENTER_FIGURES
    template_name = "performance/period_figures.html"

    def get_plan_period(self):
        if not hasattr(self, "_plan_period"):
            found = plan_period(self.get_plan(), self.kwargs["period"])
            if found is None:
                raise Http404("The plan's year has no such period.")
            self._plan_period = found
        return self._plan_period

    def page(self, data=None) -> PeriodFiguresPage:
        # ?reported=1 adds the change as the source reported it (the address a save keeps).
        return PeriodFiguresPage(
            plan=self.get_plan(),
            plan_period=self.get_plan_period(),
            data=data,
            reported=self.request.GET.get("reported") == "1",
        )

    def get_context_data(self, **kwargs):
        if "page" not in kwargs:
            kwargs["page"] = self.page()
        return super().get_context_data(
            error_summary=kwargs["page"].error_summary,
            plan_period=self.get_plan_period(),
            period_groups=grouped(plan_periods(self.get_plan())),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        chosen = self.get_plan_period()
        page = self.page(request.POST)
        saved = page.save(acting_user=request.user)
        if saved is None:
            return self.render_to_response(self.get_context_data(page=page))
        messages.success(request, saved_message(saved))
        url = reverse("performance:period-figures", args=[self.get_plan().pk, chosen.slug])
        # Back where the officer was working: the first measure saved.
        place = f"#{page.saved_rows[0].anchor}" if page.saved_rows else ""
        return redirect(url + page.query + place)
