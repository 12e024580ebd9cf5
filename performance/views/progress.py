"""Partners' reports on measures, and the officers' queue of proposed figures."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView, TemplateView

from actionplan.policy import Ability, may, partnership_scope
from actionplan.views import PartnerListMixin
from performance.series_table import series_rows

from ..forms import MeasureProgressForm, SummaryError
from ..models import Measure, MeasureUpdate
from ..partner_periods import period_cells
from ..plan_periods import grouped, plan_periods, reported_for
from ..progress import measure_report_progress, measure_update_accept, measure_update_return
from ..proposals import proposals

# How many reports a page lists: the latest on a measure, the latest decisions in the queue.
LATEST = 20
UPDATE_RELATED = ("measure__plan__partnership", "measure__priority", "author", "organisation")


def sent_message(measure: Measure, update: MeasureUpdate) -> str:
    if not update.proposes_figure:
        return f"Your report on {measure.reference} has been sent."
    return (
        f"Your report on {measure.reference} has been sent. "
        "An officer will check the proposed figure."
    )


class MeasureDetailView(FormView):
    """A measure, its reports, and a form to report progress on it.

    The measure is fetched through Measure.objects.visible_to: a measure the user may not
    see is a 404, never a page that confirms it exists.
    """

    template_name = "performance/measure_detail.html"
    form_class = MeasureProgressForm

    def dispatch(self, request, *args, **kwargs):
        self.measure = get_object_or_404(Measure.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "measure": self.measure}

    def get_context_data(self, **kwargs):
        updates = list(
            self.measure.updates.select_related("author", "organisation", "reviewed_by")[:LATEST]
        )
        awaiting = [update for update in updates if update.awaiting]
        # One query for the whole series; each row's measure is this page's measure.
        figures = list(self.measure.figures.select_related("entered_by"))
        for figure in figures:
            figure.measure = self.measure
        return super().get_context_data(
            measure=self.measure,
            updates=updates,
            awaiting=awaiting,
            series_rows=series_rows(self.measure, figures),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            update = measure_report_progress(
                measure=self.measure,
                acting_user=self.request.user,
                note=form.cleaned_data["note"],
                proposed_actual=form.cleaned_data["proposed_actual"],
                proposed_period=form.cleaned_data["proposed_period"],
                proposed=form.proposed,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(self.request, sent_message(self.measure, update))
        return redirect("performance:measure-detail", pk=self.measure.pk)


def reviewable_updates(user):
    """Reports on the measures of the user's partnerships, with what the queue shows of each:
    a partner's own report is not theirs to review (a 404, as one that does not exist)."""
    return partnership_scope(MeasureUpdate.objects.select_related(*UPDATE_RELATED), user)


QUEUE_TEMPLATE = "performance/update_queue.html"


def accepted_message(update: MeasureUpdate) -> str:
    reference, period = update.measure.reference, update.proposed_period
    if update.proposed_actual is None:
        return f"{reference} for {period} is now recorded as {update.proposed_display.lower()}."
    return f"{update.proposed_display} for {period} is now the actual figure of {reference}."


def queue_context(user) -> dict:
    updates = reviewable_updates(user)
    pending = updates.awaiting().order_by("created_at", "pk")
    reviewed = (
        updates.filter(state__in=[MeasureUpdate.State.ACCEPTED, MeasureUpdate.State.RETURNED])
        .select_related("reviewed_by")
        .order_by("-reviewed_at", "-pk")[:LATEST]
    )
    return {"pending": proposals(list(pending)), "reviewed": reviewed}


@dataclass(frozen=True)
class Refusal:
    """Why an officer's decision on a figure still awaiting one was refused, shown at it."""

    update_pk: int
    decision: str  # "accept" or "reason" (return): the id prefix of its button or field
    message: str
    reason: str  # what the officer typed, so a refusal does not lose it

    # The report whose Accept button, or whose reason field, shows the refusal.
    @property
    def accept_pk(self) -> int | None:
        return self.update_pk if self.decision == "accept" else None

    @property
    def reason_pk(self) -> int | None:
        return self.update_pk if self.decision == "reason" else None

    @property
    def errors(self) -> list[SummaryError]:
        return [SummaryError(self.message, f"{self.decision}-{self.update_pk}")]


class UpdateQueueView(TemplateView):
    """Every proposed figure awaiting an officer, oldest first, and the latest decisions."""

    template_name = QUEUE_TEMPLATE

    def dispatch(self, request, *args, **kwargs):
        if not may(request.user, Ability.REVIEW_UPDATES):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**queue_context(self.request.user), **kwargs)


def _review(request, pk: int, decide, *, decision: str):
    """Apply one officer decision. On success, or when the figure no longer awaits a
    decision, go back to the queue with a message; a refused decision on a figure still
    awaiting one is shown at that figure's button or field, linked from the summary."""
    update = get_object_or_404(reviewable_updates(request.user), pk=pk)
    try:
        text = decide(update)
    except ValidationError as error:
        message = f"{update.measure.reference}: {' '.join(error.messages)}"
        still_waiting = MeasureUpdate.objects.filter(
            pk=update.pk, state=MeasureUpdate.State.SUBMITTED
        ).exists()
        if not still_waiting:
            messages.error(request, message)
            return redirect("performance:update-queue")
        refusal = Refusal(
            update_pk=update.pk,
            decision=decision,
            message=message,
            reason=request.POST.get("reason", ""),
        )
        return render(request, QUEUE_TEMPLATE, {**queue_context(request.user), "refusal": refusal})
    messages.success(request, text)
    return redirect("performance:update-queue")


def posted_version(request) -> int | None:
    """The measure's version the queue page was drawn with; None if the post lacks it."""
    try:
        return int(request.POST["seen_version"])
    except (KeyError, ValueError):
        return None


@require_POST
def update_accept(request, pk):
    def accept(update):
        measure_update_accept(
            update=update, acting_user=request.user, seen_version=posted_version(request)
        )
        return accepted_message(update)

    return _review(request, pk, accept, decision="accept")


@require_POST
def update_return(request, pk):
    def send_back(update):
        measure_update_return(
            update=update, acting_user=request.user, reason=request.POST.get("reason", "")
        )
        who = update.organisation or update.author.get_username()
        return f"The figure for {update.measure.reference} has been returned to {who}."

    return _review(request, pk, send_back, decision="reason")


class MyMeasuresView(PartnerListMixin, ListView):
    """The measures a partner's organisation reports on."""

    model = Measure
    template_name = "performance/my_measures.html"
    context_object_name = "measures"

    def scoped_queryset(self):
        # Each plan's measures together: the page lists them grouped by plan.
        return Measure.objects.visible_to(self.request.user).order_by(
            "-plan__start_year",
            "plan__partnership__name",
            "plan_id",
            "category",
            "priority__order",
            "order",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        measures = context["measures"]
        cells = period_cells(measures, today=timezone.localdate())
        frequencies = defaultdict(set)  # by plan: how often the partner's measures report
        for measure in measures:
            measure.period_cells = cells.get(measure.pk)
            frequencies[measure.plan_id].add(reported_for(measure, measure.plan))
        groups = {}
        for measure in measures:
            if measure.plan_id not in groups:
                groups[measure.plan_id] = [
                    (name, periods)
                    for name, periods in grouped(plan_periods(measure.plan))
                    if periods[0].due_from in frequencies[measure.plan_id]
                ]
            # Each measure reads its own copy of its plan; the list is grouped by plan.
            measure.plan.period_groups = groups[measure.plan_id]
        return context
