from django.views.generic import TemplateView

from .access import PlanPageMixin


class PlanOverviewView(PlanPageMixin, TemplateView):
    template_name = "performance/plan_overview.html"


class PlanCompletenessView(PlanPageMixin, TemplateView):
    template_name = "performance/plan_completeness.html"
