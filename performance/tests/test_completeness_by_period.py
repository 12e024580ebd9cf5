"""Completeness by period: each measure reported quarterly or monthly is asked for a figure
for every period of its frequency that has ended, with the partner responsible and a link to
its row on that period's figures page; a figure marked not yet available says why, so it is
not missing."""

from datetime import date

import pytest
from django.urls import reverse

from performance.completeness import plan_completeness
from performance.models import Measure, MeasureFigure
from performance.tests.test_measure_standing import add_actual


@pytest.fixture
def quarterly(plan):
    Measure.objects.filter(plan=plan, reference="PT1").update(frequency="quarterly")
    return Measure.objects.select_related("responsible_organisation").get(
        plan=plan, reference="PT1"
    )


def period_gaps(plan, today):
    return [
        (gap.period, gap.problem)
        for gap in plan_completeness(plan, today=today).missing
        if gap.period
    ]


def test_every_ended_quarter_without_a_figure_is_missing_with_its_partner(plan, quarterly):
    add_actual("PT1", 2012, "Q1 2012/13", "25000")
    MeasureFigure.objects.create(
        measure=quarterly, what="actual", period_label="Q2 2012/13", state="not yet available"
    )
    partner = quarterly.responsible_organisation
    from_whom = f" from {partner.name}" if partner else ""
    assert period_gaps(plan, date(2013, 6, 1)) == [
        ("q3", f"No figure for Q3 2012/13{from_whom}"),
        ("q4", f"No figure for Q4 2012/13{from_whom}"),
    ]


def test_a_quarter_not_yet_ended_is_not_asked_for(plan, quarterly):
    add_actual("PT1", 2012, "Q1 2012/13", "25000")
    assert period_gaps(plan, date(2012, 9, 30)) == []  # Q2 ends that day
    assert [slug for slug, _ in period_gaps(plan, date(2012, 10, 1))] == ["q2"]


def test_yearly_measures_are_not_asked_for_figures_by_period(plan):
    assert period_gaps(plan, date(2026, 1, 1)) == []


def test_the_report_links_each_missing_quarter_to_its_row_on_that_quarters_page(
    officer_client, plan, quarterly
):
    html = officer_client.get(reverse("performance:plan-completeness", args=[plan.pk])).content
    row = reverse("performance:period-figures", args=[plan.pk, "q3"]) + f"#measure-{quarterly.pk}"
    assert f'<a href="{row}">'.encode() in html
    assert b"No figure for Q3 2012/13" in html


def test_the_officers_home_counts_the_overdue_figures_by_period_per_partner(
    officer_client, plan, quarterly
):
    add_actual("PT1", 2012, "Q1 2012/13", "25000")
    partner = quarterly.responsible_organisation
    name = partner.name if partner else "No partner named"
    html = officer_client.get(reverse("home")).content.decode()
    assert f"Figures by period overdue: {name} 3</span>" in html  # Q2 to Q4 of 2012/13
