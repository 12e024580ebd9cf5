"""A proposed figure's period is a period, not a label: one awaiting an officer for the same
dates under another label is replaced, accepting writes onto the figure the series holds for
those dates (even one it has only as the headline), and accepting keeps what the proposal
does not say (the change as reported). A partner's return costs the same queries whatever
the number of figures sent."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from performance.models import Measure, MeasureFigure, MeasureUpdate
from performance.progress import (
    measure_report_progress,
    measure_update_accept,
    period_figures_report,
)
from performance.tests.test_measure_standing import queries

State = MeasureFigure.State


@pytest.fixture
def pt1(plan):
    return Measure.objects.get(plan=plan, reference="PT1")


def propose(partner, measure, value, label, **proposed):
    return measure_report_progress(
        measure=measure,
        acting_user=partner,
        note="",
        proposed_actual=None if value is None else Decimal(value),
        proposed_period=label,
        proposed=proposed,
    )


def test_a_figure_for_the_same_dates_under_another_label_replaces_the_one_awaiting(
    police_partner, pt1
):
    first = propose(police_partner, pt1, "24000", "July to September 2012")
    second = propose(police_partner, pt1, "24100", "Q2 2012/13")
    first.refresh_from_db()
    assert first.state == MeasureUpdate.State.REPLACED
    assert list(MeasureUpdate.objects.awaiting()) == [second]


def test_a_figure_for_another_period_leaves_the_one_awaiting(police_partner, pt1):
    first = propose(police_partner, pt1, "24000", "Q1 2012/13")
    propose(police_partner, pt1, "24100", "Q2 2012/13")
    first.refresh_from_db()
    assert first.state == MeasureUpdate.State.SUBMITTED


def test_accepting_onto_a_headline_stored_without_its_series_keeps_one_figure_per_period(
    officer, police_partner, pt1
):
    """PT1 stored with a headline actual for "July to September 2012" and no series (a bulk
    insert, an old backup): the partner's Q2 2012/13 is that period, so it replaces it."""
    pt1.figures.all().delete()
    Measure.objects.filter(pk=pt1.pk).update(
        actual_value=Decimal("24000"), actual_period="July to September 2012"
    )
    pt1.refresh_from_db()
    update = propose(police_partner, pt1, "25100", "Q2 2012/13")
    measure_update_accept(update=update, acting_user=officer, seen_version=pt1.version)
    actuals = list(pt1.figures.filter(what="actual").values_list("period_label", "value"))
    assert actuals == [("July to September 2012", Decimal("25100"))]
    baseline = pt1.figures.get(what="baseline")  # the series started from the headline
    assert baseline.value == Decimal("102904")


def test_accepting_a_figure_keeps_the_change_as_reported_it_does_not_give(
    officer, police_partner, pt1
):
    MeasureFigure.objects.create(
        measure=pt1,
        what="actual",
        period_label="Q2 2012/13",
        value=Decimal("24000"),
        reported_change="-2.5",
        reported_change_kind=MeasureFigure.ChangeKind.PERCENT,
        reported_basis="on the same period last year",
    )
    pt1.refresh_from_db()
    update = propose(police_partner, pt1, "24100", "Q2 2012/13")
    measure_update_accept(update=update, acting_user=officer, seen_version=pt1.version)
    figure = pt1.figures.get(what="actual", period_label="Q2 2012/13")
    assert (figure.value, figure.reported_change, figure.reported_basis) == (
        Decimal("24100"),
        "-2.5",
        "on the same period last year",
    )


def test_a_lagged_figures_note_goes_when_the_figure_comes_in(officer, police_partner, pt1):
    MeasureFigure.objects.create(
        measure=pt1, what="actual", period_label="Q2 2012/13", state=State.LAGGED, note="Late"
    )
    pt1.refresh_from_db()
    update = propose(police_partner, pt1, "24100", "Q2 2012/13")
    measure_update_accept(update=update, acting_user=officer, seen_version=pt1.version)
    figure = pt1.figures.get(what="actual", period_label="Q2 2012/13")
    assert (figure.value, figure.state, figure.note) == (Decimal("24100"), State.PROVIDED, "")


def test_a_return_costs_the_same_queries_for_one_figure_or_many(police_partner, plan):
    # As the return page reads them: with their plan's partnership.
    measures = list(
        Measure.objects.filter(plan=plan)
        .exclude(unit="milestone")
        .select_related("plan__partnership")[:12]
    )

    def send(count, label):
        figures = [
            MeasureFigure(measure=measure, what="actual", value=Decimal("10"))
            for measure in measures[:count]
        ]
        return queries(
            lambda: period_figures_report(
                proposals=list(zip(measures[:count], figures, strict=True)),
                period_label=label,
                acting_user=police_partner,
            )
        )

    send(1, "Q3 2012/13")  # what is read once per request (the user's organisation)
    assert send(1, "Q1 2012/13") == send(12, "Q2 2012/13")
    assert MeasureUpdate.objects.awaiting().count() == 14


@pytest.mark.parametrize(
    "label, message",
    [
        ("Q2 2015/16", "Q2 2015/16 is outside the 2012/13 plan year (April 2012 to March 2013)"),
        ("April to September 2012", "April to September 2012 is a year to date, and PT5 is a rate"),
        ("Q5 2012/13", '"Q5 2012/13" is not a period the portal can read'),
    ],
)
def test_the_measure_page_holds_a_proposed_period_to_the_rules_of_a_figure_by_period(
    police_partner, plan, label, message
):
    client = Client()
    client.force_login(police_partner)
    pt5 = Measure.objects.get(plan=plan, reference="PT5")
    response = client.post(
        reverse("performance:measure-detail", args=[pt5.pk]),
        {"note": "", "proposed_actual": "36.1", "proposed_period": label},
    )
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert not MeasureUpdate.objects.exists()


def test_my_measures_shows_a_figure_sent_for_a_period_rather_than_due(police_partner, plan):
    Measure.objects.filter(plan=plan, reference="PT1").update(frequency="quarterly")
    pt1 = Measure.objects.get(plan=plan, reference="PT1")
    propose(police_partner, pt1, "24100", "July to September 2012")
    client = Client()
    client.force_login(police_partner)
    html = client.get(reverse("performance:my-measures")).content.decode()
    assert "<li>Q2 2012/13: sent 24,100, awaiting an officer</li>" in html
    q1 = reverse("performance:period-return", args=[plan.pk, "q1"])
    assert f'Q1 2012/13: <a href="{q1}#measure-{pt1.pk}">due' in html
