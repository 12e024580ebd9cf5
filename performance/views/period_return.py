"""A partner's return for one period: every measure of theirs due for it, in one form."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from actionplan.models import Plan
from actionplan.policy import partner_organisation_id

from ..forms.period_return import PeriodReturnPage
from ..models import Measure
from ..plan_periods import grouped, plan_period, plan_periods


def sent_message(count: int, label: str) -> str:
    if not count:
        return "Nothing was sent: no figure was changed."
    figures = "1 figure" if count == 1 else f"{count} figures"
    return f"{figures} for {label} sent. An officer will check them."


class PeriodReturnView(TemplateView):
    """For a partner user, the plan's measures their organisation reports on. A plan with
    none of theirs, and a period the plan's year does not have, are a 404 (nothing of theirs
    is there), as for anyone who is not a partner user."""

    template_name = "performance/period_return.html"

    def dispatch(self, request, *args, **kwargs):
        if partner_organisation_id(request.user) is None:
            raise Http404("Only a partner organisation's users send returns.")
        mine = Measure.objects.visible_to(request.user).filter(plan_id=kwargs["plan_pk"])
        self.measure_pks = set(mine.values_list("pk", flat=True))
        if not self.measure_pks:
            raise Http404("None of the plan's measures is yours.")
        self.plan = get_object_or_404(
            Plan.objects.select_related("partnership"), pk=kwargs["plan_pk"]
        )
        self.plan_period = plan_period(self.plan, kwargs["period"])
        if self.plan_period is None:
            raise Http404("The plan's year has no such period.")
        return super().dispatch(request, *args, **kwargs)

    def page(self, data=None) -> PeriodReturnPage:
        return PeriodReturnPage(
            plan=self.plan, plan_period=self.plan_period, data=data, only=self.measure_pks
        )

    def get_context_data(self, **kwargs):
        page = kwargs.pop("page", None) or self.page()
        return super().get_context_data(
            page=page,
            error_summary=page.error_summary,
            plan=self.plan,
            plan_period=self.plan_period,
            period_groups=grouped(plan_periods(self.plan)),
            organisation=self.request.user.partner_profile.organisation,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        page = self.page(request.POST)
        sent = page.save(acting_user=request.user)
        if sent is None:
            return self.render_to_response(self.get_context_data(page=page))
        messages.success(request, sent_message(sent, self.plan_period.label))
        url = reverse("performance:period-return", args=[self.plan.pk, self.plan_period.slug])
        place = f"#{page.saved_rows[0].anchor}" if page.saved_rows else ""
        return redirect(url + place)
