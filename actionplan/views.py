from django.shortcuts import redirect
from django.views.generic import ListView

from .models import Plan


def home(request):
    # Until the role-aware home page exists, everyone starts from the list of plans.
    return redirect("actionplan:plan-list")


class PlanListView(ListView):
    model = Plan
    queryset = Plan.objects.select_related("partnership").order_by(
        "partnership__name", "-start_year"
    )
    context_object_name = "plans"
