"""The plan overview and completeness pages: read-only views of a plan's figures."""

from django.views.generic import TemplateView

from ..completeness import Gap, plan_completeness
from ..selectors import measure_sections
from .access import PlanPageMixin


def shared_period(periods) -> str:
    """The one period every row gives, to head a column; '' when the rows differ."""
    distinct = set(periods) - {""}
    return distinct.pop() if len(distinct) == 1 else ""


def by_section(gaps: list[Gap]) -> list[tuple[str, list[Gap]]]:
    """Gaps grouped under their section, sections in order of first appearance."""
    groups: dict[str, list[Gap]] = {}
    for gap in gaps:
        groups.setdefault(gap.section, []).append(gap)
    return list(groups.items())


class PlanOverviewView(PlanPageMixin, TemplateView):
    template_name = "performance/plan_overview.html"

    def get_context_data(self, **kwargs):
        key_successes, police_targets, *other_sections = measure_sections(
            self.get_plan(), with_standing=True
        )
        return super().get_context_data(
            key_successes=key_successes,
            key_successes_baseline_period=shared_period(
                m.baseline_period for m in key_successes.measures
            ),
            police_targets=police_targets,
            other_sections=other_sections,
            **kwargs,
        )


class PlanCompletenessView(PlanPageMixin, TemplateView):
    template_name = "performance/plan_completeness.html"

    def get_context_data(self, **kwargs):
        report = plan_completeness(self.get_plan())
        return super().get_context_data(
            report=report,
            missing_by_section=by_section(report.missing),
            flags_by_section=by_section(report.flags),
            **kwargs,
        )
