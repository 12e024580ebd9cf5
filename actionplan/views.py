from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView, ListView

from .forms import ActionProgressForm
from .models import Action, Plan
from .services import action_report_progress


class PlanListView(ListView):
    model = Plan
    queryset = Plan.objects.select_related("partnership").order_by(
        "partnership__name", "-start_year"
    )
    context_object_name = "plans"


class ActionDetailView(FormView):
    """An action, its progress reports, and a form to report progress on it.

    The action is fetched through Action.objects.visible_to: an action the user may not
    see is a 404, never a page that confirms it exists.
    """

    template_name = "actionplan/action_detail.html"
    form_class = ActionProgressForm

    def dispatch(self, request, *args, **kwargs):
        self.action = get_object_or_404(Action.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"status": self.action.status}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action=self.action,
            updates=self.action.updates.select_related("author", "organisation")[:20],
            supporting=self.action.supporting_organisations.all(),
            **kwargs,
        )

    def form_valid(self, form):
        action_report_progress(
            action=self.action,
            acting_user=self.request.user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
        messages.success(self.request, f"Progress on {self.action.reference} has been recorded.")
        return redirect("actionplan:action-detail", pk=self.action.pk)
