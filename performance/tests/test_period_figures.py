"""The figures page by period: the officer picks a period of the plan's year and enters each
due measure's figure for it, read against its previous figure, the same period last year,
the baseline and the target for the period; one save, all or nothing, refused whole when
someone saved one of the changed measures since the page was drawn."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from actionplan.models import Partnership, Plan
from csp_portal.tests.form_fields import FormFields
from performance.models import Measure, MeasureFigure
from performance.plan_periods import (
    plan_period,
    plan_periods,
    reported_for,
    same_period_last_year,
)
from performance.services.period_figures import PeriodFigureEdit, period_figures_save
from performance.tests.test_measure_standing import add_actual, queries

# ------------------------------------------------------------------ the periods


def test_a_plan_year_has_the_year_four_quarters_and_twelve_months_from_its_start():
    plan = Plan(partnership=Partnership(year_start_month=4), start_year=2012)
    periods = plan_periods(plan)
    assert [each.slug for each in periods[:6]] == ["year", "q1", "q2", "q3", "q4", "april"]
    assert [each.label for each in periods[:3]] == ["2012/13", "Q1 2012/13", "Q2 2012/13"]
    assert periods[-1].slug == "march" and periods[-1].period.end == date(2013, 3, 31)
    assert len(periods) == 17
    q2 = plan_period(plan, "q2").period
    assert (q2.start, q2.end) == (date(2012, 7, 1), date(2012, 9, 30))
    last_year = same_period_last_year(plan, "q2")
    assert (last_year.start, last_year.end) == (date(2011, 7, 1), date(2011, 9, 30))
    assert plan_period(plan, "q5") is None


def test_a_january_year_puts_january_in_the_first_quarter():
    plan = Plan(partnership=Partnership(year_start_month=1), start_year=2012)
    q1 = plan_period(plan, "q1").period
    assert (q1.start, q1.end) == (date(2012, 1, 1), date(2012, 3, 31))
    assert plan_periods(plan)[5].slug == "january"


# ------------------------------------------------------------------ the page


@pytest.fixture
def quarterly(plan):
    """PT1 (recorded crime, a count) and PT5 (a percentage) reported every quarter; the rest
    yearly."""
    Measure.objects.filter(plan=plan, reference__in=["PT1", "PT5"]).update(frequency="quarterly")
    return plan


def url(plan, slug="q2"):
    return reverse("performance:period-figures", args=[plan.pk, slug])


def measure(plan, reference):
    return Measure.objects.get(plan=plan, reference=reference)


def post(client, plan, changes, *, slug="q2", page=None):
    """Open the page (unless given it opened), change some fields, save."""
    data = FormFields((page or client.get(url(plan, slug))).content.decode()).data
    for name, value in changes.items():
        assert name in data, f"no field {name} on the page"
        data[name] = [value]
    return client.post(url(plan, slug), data)


def field(plan, reference, name):
    return f"measure-{measure(plan, reference).pk}-{name}"


def actuals(plan, reference):
    return list(
        MeasureFigure.objects.filter(measure=measure(plan, reference), what="actual")
        .order_by("period_end")
        .values_list("period_label", "value", "state", "note")
    )


def test_the_page_lists_only_the_measures_due_for_the_period(officer_client, quarterly):
    html = officer_client.get(url(quarterly)).content.decode()
    assert '<h1 class="h2">Figures for Q2 2012/13</h1>' in html
    assert html.count('<fieldset class="period-figure') == 2
    assert "Level of recorded crime" in html
    yearly = officer_client.get(url(quarterly, "year")).content.decode()
    assert "Level of recorded crime" not in yearly
    assert 'aria-current="page" class="fw-bold">2012/13</a>' in yearly


def test_each_row_reads_against_last_figure_last_year_baseline_and_target_pro_rata(
    officer_client, quarterly
):
    add_actual("PT1", 2012, "Q1 2012/13", "25000")
    add_actual("PT1", 2012, "Q2 2011/12", "26100")
    html = officer_client.get(url(quarterly)).content.decode()
    row = html[html.index(f'id="measure-{measure(quarterly, "PT1").pk}"') :]
    row = row[: row.index("</fieldset>")]
    assert "<dt>Previous figure</dt><dd>25,000 (Q1 2012/13)</dd>" in row
    assert "<dt>Same period last year</dt><dd>26,100 (Q2 2011/12)</dd>" in row
    assert "<dt>Baseline</dt><dd>102,904 (Jan to Dec 2011)</dd>" in row
    # 101,950 for the year: three of its twelve months.
    assert "<dt>Target for Q2 2012/13</dt><dd>25,487.5 (pro rata: 3 of 12 months)</dd>" in row


def test_saving_a_quarter_writes_its_actual_with_history_and_moves_the_version_on(
    officer_client, officer, quarterly
):
    before = measure(quarterly, "PT1").version
    response = post(officer_client, quarterly, {field(quarterly, "PT1", "value"): "24,800"})
    # Back at the measure saved.
    assert response.status_code == 302
    assert response.url == url(quarterly) + f"#measure-{measure(quarterly, 'PT1').pk}"
    assert actuals(quarterly, "PT1") == [("Q2 2012/13", Decimal("24800"), "provided", "")]
    saved = MeasureFigure.objects.get(measure=measure(quarterly, "PT1"), what="actual")
    assert saved.entered_by == officer
    assert saved.history.latest().history_user == officer
    assert measure(quarterly, "PT1").version > before
    assert measure(quarterly, "PT1").actual_value == Decimal("24800")  # the headline follows


def test_a_figure_not_yet_available_is_saved_with_its_state_and_no_value(officer_client, quarterly):
    post(
        officer_client,
        quarterly,
        {
            field(quarterly, "PT5", "state"): "not yet available",
            field(quarterly, "PT5", "note"): "The survey reports in November.",
        },
    )
    assert actuals(quarterly, "PT5") == [
        ("Q2 2012/13", None, "not yet available", "The survey reports in November.")
    ]


def test_an_unchanged_page_saves_nothing(officer_client, quarterly):
    before = list(Measure.objects.order_by("pk").values_list("version", flat=True))
    response = post(officer_client, quarterly, {})
    assert response.status_code == 302
    assert list(Measure.objects.order_by("pk").values_list("version", flat=True)) == before
    assert not MeasureFigure.objects.filter(what="actual", period_label="Q2 2012/13").exists()


def stored():
    return [
        *MeasureFigure.objects.order_by("pk").values(),
        *Measure.objects.order_by("pk").values("pk", "version", "actual_value"),
        {"history": MeasureFigure.history.count()},
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value": "lots"}, "Enter a number"),
        ({"value": "105"}, "A percentage must be between 0 and 100"),
        ({"state": "not yet available", "value": "12"}, "Leave the value empty"),
        ({"state": "lagged"}, "Say in the note how late the figure is."),
        ({"note": "Figures from the new system."}, "Enter the figure, or choose why"),
        ({"value": "12", "reported_change": "-5.1"}, "Give both the reported change"),
    ],
    ids=[
        "text",
        "percentage over 100",
        "value not provided",
        "lagged no note",
        "note only",
        "half",
    ],
)
def test_a_bad_row_is_refused_with_its_message_and_nothing_of_the_page_is_saved(
    officer_client, quarterly, changes, message
):
    before = stored()
    response = post(
        officer_client,
        quarterly,
        {
            field(quarterly, "PT1", "value"): "24,800",  # a good row beside it
            **{field(quarterly, "PT5", name): value for name, value in changes.items()},
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "Nothing has been saved." in html
    assert escape(message) in html or message in html
    assert stored() == before


def test_a_stale_page_is_refused_whole_and_shows_what_was_saved_since(
    officer_client, officer, quarterly
):
    page = officer_client.get(url(quarterly))
    pt1 = measure(quarterly, "PT1")
    # Someone else enters PT1's quarter after the page was drawn.
    period_figures_save(
        plan=quarterly,
        edits=[
            PeriodFigureEdit(
                measure=pt1,
                seen_version=pt1.version,
                figure=MeasureFigure(
                    measure=pt1, what="actual", period_label="Q2 2012/13", value=Decimal("24900")
                ),
            )
        ],
        acting_user=officer,
    )
    before = stored()
    response = post(
        officer_client,
        quarterly,
        {field(quarterly, "PT1", "value"): "24,800", field(quarterly, "PT5", "value"): "80"},
        page=page,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "its figure for Q2 2012/13 is now 24,900 (Q2 2012/13)" in html
    assert stored() == before
    # Saving the re-offered page is a deliberate overwrite by someone who has seen it.
    again = officer_client.post(url(quarterly), FormFields(html).data)
    assert again.status_code == 302
    assert actuals(quarterly, "PT1") == [("Q2 2012/13", Decimal("24800"), "provided", "")]


def test_emptying_a_saved_figure_removes_it(officer_client, quarterly):
    add_actual("PT1", 2012, "Q2 2012/13", "24800")
    post(officer_client, quarterly, {field(quarterly, "PT1", "value"): ""})
    assert actuals(quarterly, "PT1") == []


def test_an_approved_plan_still_takes_actuals_by_period(officer_client, quarterly):
    Plan.objects.filter(pk=quarterly.pk).update(status=Plan.Status.APPROVED)
    response = post(officer_client, quarterly, {field(quarterly, "PT1", "value"): "24,800"})
    assert response.status_code == 302
    assert actuals(quarterly, "PT1") == [("Q2 2012/13", Decimal("24800"), "provided", "")]


def test_a_period_the_year_does_not_have_is_not_found(officer_client, quarterly):
    assert officer_client.get(url(quarterly, "q5")).status_code == 404


def test_the_page_costs_the_same_queries_whatever_the_length_of_the_series(
    officer_client, quarterly
):
    few = queries(lambda: officer_client.get(url(quarterly)))
    for year in range(2006, 2012):
        for quarter in range(1, 5):
            add_actual("PT1", 2012, f"Q{quarter} {year}/{(year + 1) % 100:02d}", "25000")
    assert queries(lambda: officer_client.get(url(quarterly))) == few


def test_only_the_plans_own_measures_but_milestones_take_figures_by_period(quarterly):
    previous = quarterly.previous_plan()
    key_success = Measure.objects.filter(plan=previous).first()
    assert reported_for(key_success, quarterly) is None
    assert reported_for(measure(quarterly, "PT1"), quarterly) == "quarterly"
    assert reported_for(Measure(plan=quarterly, unit="milestone"), quarterly) is None
