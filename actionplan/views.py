from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe
from django.views.generic import FormView, ListView

from . import policy
from .forms import ActionProgressForm
from .models import Action, Partnership, Plan
from .policy import Ability, may
from .services import action_report_progress


class PlanListView(ListView):
    """The plans of the user's partnerships. Partner users have no list of plans: they see
    their organisation's actions and measures, and a draft plan is not theirs to read."""

    model = Plan
    context_object_name = "plans"

    def dispatch(self, request, *args, **kwargs):
        if not may(request.user, Ability.LIST_PLANS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Plan.objects.visible_to(self.request.user).order_by(
            "partnership__name", "-start_year"
        )


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


class PartnerListMixin:
    """A list of what the signed-in partner's organisation is responsible for, read through
    the model's visible_to; empty for anyone who is not a partner user."""

    def get_queryset(self):
        if policy.partner_organisation_id(self.request.user) is None:
            return self.model.objects.none()
        return self.scoped_queryset()

    def get_context_data(self, **kwargs):
        profile = getattr(self.request.user, "partner_profile", None)
        return super().get_context_data(
            organisation=profile.organisation if profile else None, **kwargs
        )


class MyActionsView(PartnerListMixin, ListView):
    """The actions a partner's organisation leads or supports, with when each was last
    reported on."""

    model = Action
    template_name = "actionplan/my_actions.html"
    context_object_name = "actions"

    def scoped_queryset(self):
        return (
            Action.objects.visible_to(self.request.user)
            .annotate(last_reported=Max("updates__created_at"))
            .order_by("-priority__plan__start_year", "priority__order", "theme__order", "number")
        )


@login_not_required
@require_safe
def accessibility_statement(request):
    """The public accessibility statement the accessibility regulations ask for.

    Lists each partnership that gives an e-mail address or a telephone number, in one query.
    """
    partnerships = (
        Partnership.objects.exclude(email="", phone="")
        .only("name", "short_name", "email", "phone")
        .order_by("name")
    )
    return render(
        request, "actionplan/accessibility_statement.html", {"partnerships": list(partnerships)}
    )
