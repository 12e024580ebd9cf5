"""The periods of a plan's year that figures are entered for: the year, its four quarters and
its twelve months, each named in addresses by a short word ("year", "q2", "june") and due
from the measures of the matching frequency (annual, quarterly, monthly)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from actionplan.models import Plan
from periods import Period, months_of
from periods.plan_year import plan_year, quarter

from .models import Measure

Frequency = Measure.Frequency

# How often a measure of each frequency is reported, in a page's words.
REPORTED = {
    Frequency.ANNUAL: "once a year",
    Frequency.QUARTERLY: "every quarter",
    Frequency.MONTHLY: "every month",
}
GROUP_NAMES = {
    Frequency.ANNUAL: "Year",
    Frequency.QUARTERLY: "Quarters",
    Frequency.MONTHLY: "Months",
}


@dataclass(frozen=True)
class PlanPeriod:
    slug: str
    period: Period
    due_from: str  # the frequency of the measures whose figure it is

    @property
    def label(self) -> str:
        return self.period.label

    @property
    def reported(self) -> str:
        """How often the measures due for it are reported: "every quarter"."""
        return REPORTED[self.due_from]


def _year_periods(first_year: int, year_start_month: int) -> list[PlanPeriod]:
    year = plan_year(first_year, year_start_month)
    return [
        PlanPeriod("year", year, Frequency.ANNUAL),
        *(
            PlanPeriod(
                f"q{number}", quarter(number, first_year, year_start_month), Frequency.QUARTERLY
            )
            for number in range(1, 5)
        ),
        *(
            PlanPeriod(calendar.month_name[month.start.month].lower(), month, Frequency.MONTHLY)
            for month in months_of(year)
        ),
    ]


def reported_for(measure: Measure, plan: Plan) -> str | None:
    """The frequency at which the measure takes figures on the plan's pages by period, or
    None: a previous plan's measure (a key success) and a milestone take none there."""
    if measure.plan_id != plan.pk or measure.unit == Measure.Unit.MILESTONE:
        return None
    return measure.frequency


def plan_periods(plan: Plan) -> list[PlanPeriod]:
    """The year, then its quarters, then its months, of the plan's year."""
    return _year_periods(plan.start_year, plan.partnership.year_start_month)


def ended_periods(plan: Plan, today: date) -> list[PlanPeriod]:
    """The periods of the plan's year that are over by `today`: their figures are due."""
    return [each for each in plan_periods(plan) if each.period.end < today]


def plan_period(plan: Plan, slug: str) -> PlanPeriod | None:
    """The period named `slug` in the plan's year; None for a word that names none."""
    return next((each for each in plan_periods(plan) if each.slug == slug), None)


def same_period_last_year(plan: Plan, slug: str) -> Period:
    """The period of the same name in the year before the plan's."""
    earlier = _year_periods(plan.start_year - 1, plan.partnership.year_start_month)
    return next(each.period for each in earlier if each.slug == slug)


def grouped(periods: list[PlanPeriod]) -> list[tuple[str, list[PlanPeriod]]]:
    """The periods as a picker lists them: the year, the quarters, the months."""
    return [
        (name, [each for each in periods if each.due_from == frequency])
        for frequency, name in GROUP_NAMES.items()
    ]
