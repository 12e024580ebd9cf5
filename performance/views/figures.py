from django.views.generic import TemplateView

from .access import PlanPageMixin


class PlanFiguresView(PlanPageMixin, TemplateView):
    permission_required = "performance.change_measure"
    template_name = "performance/plan_figures.html"
