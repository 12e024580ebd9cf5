"""Reading a plan's measures in the document's own grouping, in a fixed number of queries."""

from dataclasses import dataclass, field

from actionplan.models import Plan, Priority

from .models import Measure
from .outturns import attach_outturns
from .standings import attach_standings


@dataclass
class MeasureSection:
    """One table of the document: key successes, police targets, or one priority's measures."""

    key: str
    title: str
    measures: list[Measure] = field(default_factory=list)
    priority: Priority | None = None
    plan: Plan | None = None


def measure_sections(plan: Plan, *, with_standing: bool = False) -> list[MeasureSection]:
    """The plan's measures grouped as the document groups them.

    Key successes are last year's partnership targets (with this year's view of their
    actuals); then the police targets; then each priority's measures. Three queries; with
    `with_standing`, as the overview and the PDF read them, each measure gets its `standing`
    (None where it has no figures by period), stored (performance.standings), two more
    queries where any is not stored yet, and each key success its `outturn` for last year
    (performance.outturns), one more at most.
    """
    previous = plan.previous_plan()
    plan_ids = [plan.pk] + ([previous.pk] if previous else [])
    queryset = (
        Measure.objects.filter(plan_id__in=plan_ids)
        .select_related("plan__partnership", "priority", "responsible_organisation")
        .order_by("order", "reference")
    )
    measures = list(queryset)
    if with_standing:
        attach_standings(measures)
    priorities = list(plan.priorities.select_related("lead_organisation").order_by("order"))
    key_successes = [
        m
        for m in measures
        if previous and m.plan_id == previous.pk and m.category == Measure.Category.PARTNERSHIP
    ]
    if with_standing:
        attach_outturns(key_successes)

    sections = [
        MeasureSection(
            key="key-successes",
            title=f"Key successes {previous.short_period}" if previous else "Key successes",
            plan=previous,
            measures=key_successes,
        ),
        MeasureSection(
            key="police-targets",
            title=f"Targets for {plan.partnership.police_force or 'the police'}",
            plan=plan,
            measures=[
                m
                for m in measures
                if m.plan_id == plan.pk and m.category == Measure.Category.POLICE
            ],
        ),
    ]
    partnership_now = [
        m
        for m in measures
        if m.plan_id == plan.pk and m.category == Measure.Category.PARTNERSHIP and not m.priority_id
    ]
    if partnership_now:
        sections.append(
            MeasureSection(
                key="partnership-targets",
                title=f"Partnership targets {plan.short_period}",
                plan=plan,
                measures=partnership_now,
            )
        )
    for priority in priorities:
        sections.append(
            MeasureSection(
                key=f"priority-{priority.code}",
                title=priority.title,
                plan=plan,
                priority=priority,
                measures=[m for m in measures if m.priority_id == priority.pk],
            )
        )
    return sections
