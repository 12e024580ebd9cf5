"""What a plan still lacks, and where its words and numbers disagree.

One report feeds the completeness page, the officer's home page and the approval check, so
they can never disagree about what is missing.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from actionplan.models import NarrativeFigure, Plan
from actionplan.narrative import figure_labels_in
from periods import parse_period

from .models import Measure, MeasureFigure
from .plan_periods import ended_periods, reported_for
from .selectors import MeasureSection, measure_sections


@dataclass(frozen=True)
class Gap:
    """One missing figure or one inconsistency, with the place it is fixed."""

    section: str
    item: str
    problem: str
    # The id of the row on the plan's figures page; None when the fix is in the plan's text,
    # which is edited in the admin.
    anchor: str | None
    # The period whose figures page holds the row (its slug), for a figure by period, and
    # the partner responsible for the figure.
    period: str | None = None
    partner: str = ""


@dataclass
class CompletenessReport:
    plan: Plan
    missing: list[Gap] = field(default_factory=list)
    flags: list[Gap] = field(default_factory=list)

    @property
    def is_complete(self) -> bool:
        return not self.missing and not self.flags

    @property
    def overdue_by_partner(self) -> list[tuple[str, int]]:
        """(partner, how many) of the figures by period missing for ended periods."""
        counts = Counter(gap.partner or "No partner named" for gap in self.missing if gap.period)
        return sorted(counts.items())


def _missing_measure_figures(section: MeasureSection, measure: Measure) -> list[str]:
    """The figures this measure must have, given the table it is in."""
    if measure.unit == Measure.Unit.MILESTONE:
        return []
    problems = []
    # Priority measures count activity ("run five operations"): they have no baseline.
    needs_baseline = measure.category != Measure.Category.PRIORITY
    if needs_baseline and measure.baseline_value is None:
        problems.append("No baseline figure" + _period(measure.baseline_period))
    if measure.target_value is None:
        problems.append("No target figure" + _period(measure.target_period))
    # Key successes report last year's results: their actuals are due now.
    if section.key == "key-successes":
        if measure.actual_value is None:
            problems.append("No actual figure" + _period(measure.target_period))
        elif not measure.actual_period:
            problems.append("The actual figure has no period")
    return problems


@dataclass
class _SeriesFacts:
    """What the report needs of the plan's figures by period, read in one query: the labels
    that could not be read as dates, and the periods of the periodic measures' actuals."""

    unreadable: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    held: set[tuple[int, date, date]] = field(default_factory=set)


def _series_facts(measures: list[Measure], periodic: list[Measure]) -> _SeriesFacts:
    facts = _SeriesFacts(unreadable=defaultdict(list))
    rows = (
        MeasureFigure.objects.filter(
            Q(measure__in=measures, period_start__isnull=True) & ~Q(period_label="")
            | Q(measure__in=periodic, what=MeasureFigure.What.ACTUAL, period_start__isnull=False)
        )
        .order_by("measure_id", "what", "period_label")
        .values_list("measure_id", "what", "period_label", "period_start", "period_end")
    )
    for measure_id, what, label, start, end in rows:
        if start is None:
            facts.unreadable[measure_id].append((what, label))
        else:
            facts.held.add((measure_id, start, end))
    return facts


def _periodic(plan: Plan, measures: list[Measure]) -> list[Measure]:
    """The plan's own measures reported every quarter or month. A yearly measure's figure is
    its headline actual, which the rules above ask of key successes only: a plan's own year
    is reported when it is over, in next year's plan."""
    periodic = (Measure.Frequency.QUARTERLY, Measure.Frequency.MONTHLY)
    return [measure for measure in measures if reported_for(measure, plan) in periodic]


def _partner(measure: Measure) -> str:
    return measure.responsible_organisation.name if measure.responsible_organisation else ""


def _missing_for_periods(measure, facts, ended) -> list[tuple[str, str]]:
    """(period slug, problem) for each ended period of the measure's frequency that has no
    figure; one marked not yet available, or lagged, is a figure that says why."""
    partner = _partner(measure)
    from_whom = f" from {partner}" if partner else ""
    return [
        (each.slug, f"No figure for {each.label}{from_whom}")
        for each in ended
        if each.due_from == measure.frequency
        if (measure.pk, each.period.start, each.period.end) not in facts.held
    ]


def _unreadable_periods(measure: Measure, series_labels: list[tuple[str, str]]) -> list[str]:
    """Period labels the portal cannot read as dates, of the measure's headline and of its
    figures by period: they are kept as typed, but no figure of theirs can be compared like
    for like until they are written in a form it reads."""
    year_start = measure.plan.partnership.year_start_month  # it decides what "Q2" means
    headline = [
        (what, label)
        for what, label in [
            ("baseline", measure.baseline_period),
            ("target", measure.target_period),
            ("actual", measure.actual_period),
        ]
        if label.strip() and parse_period(label, year_start) is None
    ]
    # The headline's own figure is one of the series too: each label is named once.
    unreadable = list(dict.fromkeys([*headline, *series_labels]))
    return [
        f'The {what} period "{label}" is not one the portal can read, so its figure cannot '
        "be compared: write it like 2010/11, Q2 2015/16 or Jan to Dec 2011."
        for what, label in unreadable
    ]


def _period(period: str) -> str:
    return f" for {period}" if period else ""


def measure_anchor(measure: Measure) -> str:
    return f"measure-{measure.pk}"


def figure_anchor(figure: NarrativeFigure) -> str:
    return f"figure-{figure.pk}"


def narrative_texts(plan: Plan, priorities=None) -> list[tuple[str, str]]:
    """(where, text) for every piece of the plan's narrative that may hold figure slots.

    `priorities`, the plan's in order, where the caller has read them already."""
    texts = [
        (str(Plan._meta.get_field(name).verbose_name).capitalize(), getattr(plan, name))
        for name in Plan.NARRATIVE_FIELDS
    ]
    texts += [(section.title, section.body) for section in plan.review_sections.all()]
    for priority in plan.priorities.all() if priorities is None else priorities:
        texts.append((f"{priority.title}: overview", priority.overview))
        texts.append((f"{priority.title}: activities", priority.activities_intro))
    return texts


def plan_completeness(plan: Plan, *, today: date | None = None) -> CompletenessReport:
    """The plan's gaps; figures by period are asked for the periods ended by `today`."""
    today = today or timezone.localdate()
    report = CompletenessReport(plan=plan)
    sections = measure_sections(plan)
    measures = [m for s in sections for m in s.measures]
    periodic = _periodic(plan, measures)
    periodic_pks = {measure.pk for measure in periodic}
    facts = _series_facts(measures, periodic)
    ended = ended_periods(plan, today)
    for section in sections:
        for measure in section.measures:
            anchor = measure_anchor(measure)
            for problem in _missing_measure_figures(section, measure):
                report.missing.append(Gap(section.title, measure.label, problem, anchor))
            if measure.pk in periodic_pks:
                for slug, problem in _missing_for_periods(measure, facts, ended):
                    gap = Gap(
                        section.title, measure.label, problem, anchor, slug, _partner(measure)
                    )
                    report.missing.append(gap)
            unreadable = _unreadable_periods(measure, facts.unreadable[measure.pk])
            for message in [*measure.flags, *unreadable]:
                report.flags.append(Gap(section.title, measure.label, message, anchor))

    figures = {figure.label: figure for figure in plan.narrative_figures.order_by("order")}
    for figure in figures.values():
        if figure.value is None:
            report.missing.append(
                Gap(figure.section, figure.label, "No figure in the text", figure_anchor(figure))
            )
    priorities = [section.priority for section in sections if section.priority]
    for where, text in narrative_texts(plan, priorities):
        for label in figure_labels_in(text):
            if label not in figures:
                report.flags.append(
                    Gap(
                        where,
                        label,
                        f"The text refers to [[{label}]], which is not one of the plan's "
                        "narrative figures.",
                        None,
                    )
                )
    return report
