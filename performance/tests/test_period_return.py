"""A partner's return for a period: every measure of their organisation due for the period in
one form, each changed row proposed for an officer (never written as a figure), all sent or
none; the officer's queue shows what each would replace and change, and accepting writes
exactly that period's figure; My measures lists each measure's periods due and accepted."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_partner
from csp_portal.tests.form_fields import FormFields
from partners.models import Organisation
from performance.models import Measure, MeasureFigure, MeasureUpdate
from performance.progress import measure_report_progress, measure_update_accept
from performance.tests.test_measure_standing import add_actual, queries
from performance.views.progress import queue_context

State = MeasureFigure.State


@pytest.fixture
def quarterly(plan):
    """PT1 (recorded crime, a count) and PT5 (a percentage), Kent Police's, every quarter."""
    Measure.objects.filter(plan=plan, reference__in=["PT1", "PT5"]).update(frequency="quarterly")
    return plan


@pytest.fixture
def police(police_partner):
    client = Client()
    client.force_login(police_partner)
    return client


def url(plan, slug="q1"):
    return reverse("performance:period-return", args=[plan.pk, slug])


def measure(plan, reference):
    return Measure.objects.get(plan=plan, reference=reference)


def field(plan, reference, name):
    return f"m{measure(plan, reference).pk}-{name}"


def send(client, plan, changes, *, slug="q1"):
    data = FormFields(client.get(url(plan, slug)).content.decode()).data
    for (reference, name), value in changes.items():
        key = field(plan, reference, name)
        assert key in data, f"no field {key} on the page"
        data[key] = [value]
    return client.post(url(plan, slug), data)


def written(plan):
    """What a return must never write itself: the plan's figures and measures' versions."""
    return (
        sorted(
            MeasureFigure.objects.filter(measure__plan=plan).values_list(
                "measure_id", "what", "period_label", "value", "state"
            )
        ),
        sorted(Measure.objects.filter(plan=plan).values_list("pk", "version")),
    )


def test_the_return_lists_only_the_partners_measures_due_for_the_period(police, quarterly):
    Measure.objects.filter(plan=quarterly, reference="ASB2").update(frequency="quarterly")
    pt3 = measure(quarterly, "ASB2")
    assert pt3.responsible_organisation.name != "Kent Police"
    html = police.get(url(quarterly)).content.decode()
    assert "Send figures for Q1 2012/13" in html
    assert f'id="measure-{measure(quarterly, "PT1").pk}"' in html
    assert f'id="measure-{measure(quarterly, "PT5").pk}"' in html
    assert f'id="measure-{pt3.pk}"' not in html  # another organisation's
    # A yearly measure of Kent Police's is on the year's return, not the quarter's.
    yearly = Measure.objects.filter(
        plan=quarterly, responsible_organisation__name="Kent Police", frequency="annual"
    ).exclude(unit="milestone")
    assert yearly.exists()
    anchor = f'id="measure-{yearly.first().pk}"'
    assert anchor not in html
    assert anchor in police.get(url(quarterly, "year")).content.decode()


def test_sending_a_quarter_proposes_each_changed_figure_and_writes_none(
    police, police_partner, quarterly
):
    before = written(quarterly)
    response = send(
        police,
        quarterly,
        {
            ("PT1", "value"): "25,100",
            ("PT1", "reported_change"): "-2.5",
            ("PT1", "reported_change_kind"): MeasureFigure.ChangeKind.PERCENT,
            ("PT1", "reported_basis"): "on the same period last year",
            ("PT5", "state"): State.NOT_YET_AVAILABLE,
            ("PT5", "note"): "Survey results due in August",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url(quarterly) + f"#measure-{measure(quarterly, 'PT1').pk}"
    assert written(quarterly) == before
    sent = {u.measure.reference: u for u in MeasureUpdate.objects.filter(author=police_partner)}
    assert set(sent) == {"PT1", "PT5"}
    pt1, pt5 = sent["PT1"], sent["PT5"]
    assert (pt1.proposed_actual, pt1.proposed_period, pt1.proposed_state) == (
        Decimal("25100"),
        "Q1 2012/13",
        State.PROVIDED,
    )
    assert (pt1.proposed_change, pt1.proposed_change_kind, pt1.proposed_basis) == (
        "-2.5",
        MeasureFigure.ChangeKind.PERCENT,
        "on the same period last year",
    )
    assert (pt5.proposed_actual, pt5.proposed_state, pt5.proposed_note) == (
        None,
        State.NOT_YET_AVAILABLE,
        "Survey results due in August",
    )
    assert all(update.awaiting for update in sent.values())
    page = police.get(response["Location"]).content.decode()
    assert "2 figures for Q1 2012/13 sent. An officer will check them." in page
    assert "Sent, awaiting an officer" in page


def test_an_unchanged_return_sends_nothing(police, police_partner, quarterly):
    response = send(police, quarterly, {})
    assert response.status_code == 302
    assert not MeasureUpdate.objects.filter(author=police_partner).exists()
    assert "Nothing was sent" in police.get(response["Location"]).content.decode()


BAD_RETURNS = [
    pytest.param(
        {("PT1", "value"): "-5"}, "PT1, value: A count cannot be negative", id="negative count"
    ),
    pytest.param(
        {("PT1", "value"): "many"},
        "PT1, value: Enter a number",
        id="not a number",
    ),
    pytest.param(
        {("PT5", "value"): "140"},
        "PT5, value: A percentage must be between 0 and 100",
        id="percentage over 100",
    ),
    pytest.param(
        {("PT1", "value"): "100", ("PT1", "state"): State.NOT_APPLICABLE},
        "PT1, value: Leave the value empty when the figure is not provided.",
        id="value with no figure",
    ),
    pytest.param(
        {("PT1", "state"): State.LAGGED},
        "PT1, note: Say in the note how late the figure is.",
        id="lagged without a note",
    ),
    pytest.param(
        {("PT1", "value"): "100", ("PT1", "reported_change"): "-2"},
        "Give both the reported change and what it is, or neither.",
        id="change without its kind",
    ),
    pytest.param(
        {("PT1", "note"): "figures to follow"},
        "PT1, value: Enter the figure, or choose why there is none",
        id="a note and no figure",
    ),
]


@pytest.mark.parametrize("changes, message", BAD_RETURNS)
def test_a_bad_figure_refuses_the_whole_return_with_its_message(
    police, police_partner, quarterly, changes, message
):
    before = written(quarterly)
    # A good row beside the bad one is not sent either.
    good = {("PT5", "value"): "76.5"} if ("PT5", "value") not in changes else {}
    response = send(police, quarterly, {**good, **changes})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Send figures for Q1 2012/13" in html
    assert message in html
    assert not MeasureUpdate.objects.filter(author=police_partner).exists()
    assert written(quarterly) == before


def test_an_accepted_figure_cannot_be_emptied_by_the_partner(police, police_partner, quarterly):
    add_actual("PT1", 2012, "Q1 2012/13", "25000")
    response = send(police, quarterly, {("PT1", "value"): ""})
    assert response.status_code == 200
    assert "An accepted figure cannot be emptied here." in response.content.decode()
    assert not MeasureUpdate.objects.filter(author=police_partner).exists()


def test_a_second_figure_for_the_period_replaces_the_one_awaiting(
    police, police_partner, officer, quarterly
):
    send(police, quarterly, {("PT1", "value"): "25100"})
    send(police, quarterly, {("PT1", "value"): "25200"})
    updates = MeasureUpdate.objects.filter(author=police_partner).order_by("pk")
    assert [(u.proposed_actual, u.state) for u in updates] == [
        (Decimal("25100"), MeasureUpdate.State.REPLACED),
        (Decimal("25200"), MeasureUpdate.State.SUBMITTED),
    ]
    # The officers' queue offers the latest only.
    assert [proposal.update for proposal in queue_context(officer)["pending"]] == [updates[1]]


def test_the_queue_shows_what_a_proposal_would_replace_and_change(
    officer_client, police_partner, quarterly
):
    add_actual("PT1", 2012, "Q1 2012/13", "25000")
    pt1 = measure(quarterly, "PT1")
    MeasureFigure.objects.create(
        measure=pt1, what="actual", period_label="Q1 2011/12", value=Decimal("26000")
    )
    measure_report_progress(
        measure=pt1,
        acting_user=police_partner,
        note="",
        proposed_actual=Decimal("24700"),
        proposed_period="Q1 2012/13",
    )
    html = officer_client.get(reverse("performance:update-queue")).content.decode()
    card = html[html.index("PT1</a>: ") :]
    assert 'It would replace</dt><dd class="col-sm-9">25,000 (Q1 2012/13)' in card
    assert 'Same period last year</dt><dd class="col-sm-9">26,000 (Q1 2011/12)' in card
    # 26,000 -> 24,700 is a 5.0% reduction; the baseline is a calendar year, so the quarter
    # is read on a full-year pace, labelled as such.
    assert "On the same period last year: 5.0% reduction<br>" in card
    assert "On the baseline: n/a (periods differ); on a full-year pace: 98,800" in card


def test_accepting_a_not_yet_available_figure_writes_that_periods_figure(
    officer, police_partner, quarterly
):
    pt5 = measure(quarterly, "PT5")
    update = measure_report_progress(
        measure=pt5,
        acting_user=police_partner,
        note="",
        proposed_actual=None,
        proposed_period="Q1 2012/13",
        proposed={"proposed_state": State.NOT_YET_AVAILABLE, "proposed_note": "Due in August"},
    )
    measure_update_accept(update=update, acting_user=officer, seen_version=pt5.version)
    figure = pt5.figures.get(what="actual", period_label="Q1 2012/13")
    assert (figure.value, figure.state, figure.note, figure.entered_by) == (
        None,
        State.NOT_YET_AVAILABLE,
        "Due in August",
        officer,
    )
    update.refresh_from_db()
    assert update.state == MeasureUpdate.State.ACCEPTED


def test_the_return_is_not_for_anyone_elses_plan_or_period(police, officer_client, quarterly):
    assert police.get(url(quarterly, "q5")).status_code == 404
    assert officer_client.get(url(quarterly)).status_code == 404  # officers use their own page
    # A partner none of whose measures is in the plan finds nothing of it.
    Organisation.objects.create(name="Kent Fire and Rescue Service")
    fire = Client()
    fire.force_login(make_partner("fire-user", "Kent Fire and Rescue Service"))
    assert fire.get(url(quarterly)).status_code == 404
    signed_out = Client().get(url(quarterly))
    assert signed_out.status_code == 302 and signed_out["Location"].startswith(reverse("login"))


def test_my_measures_lists_the_periods_due_and_the_figures_accepted(police, quarterly, settings):
    add_actual("PT1", 2012, "Q1 2012/13", "25000")
    pt1 = measure(quarterly, "PT1")
    html = police.get(reverse("performance:my-measures")).content.decode()
    assert "<li>Q1 2012/13: 25,000</li>" in html
    # The seed's year is long over: each quarter without a figure is due, linked to its return.
    due = reverse("performance:period-return", args=[quarterly.pk, "q2"])
    assert f'Q2 2012/13: <a href="{due}#measure-{pt1.pk}">due' in html
    assert "Send the figures of a period" in html


def test_the_return_costs_the_same_queries_for_many_measures(police, quarterly):
    few = queries(lambda: police.get(url(quarterly, "year")))
    Measure.objects.filter(plan=quarterly).exclude(unit="milestone").update(
        frequency="annual",
        responsible_organisation=measure(quarterly, "PT1").responsible_organisation,
    )
    many = queries(lambda: police.get(url(quarterly, "year")))
    assert many == few


def test_the_seed_year_has_ended(quarterly):
    # The tests above read every quarter of 2012/13 as over.
    assert quarterly.start_year == 2012 and date.today() > date(2013, 3, 31)


# The measure's own page: one figure for a period, with its state, note and reported change.


def report(client, target, **fields):
    data = {"note": "", "proposed_actual": "", "proposed_period": "", **fields}
    return client.post(reverse("performance:measure-detail", args=[target.pk]), data)


def test_the_measure_page_proposes_a_figure_not_yet_available_for_a_period(
    police, police_partner, quarterly
):
    pt5 = measure(quarterly, "PT5")
    response = report(
        police,
        pt5,
        proposed_period="Q2 2012/13",
        proposed_state=State.NOT_YET_AVAILABLE,
        proposed_note="Published in November",
    )
    assert response.status_code == 302
    update = MeasureUpdate.objects.get(author=police_partner)
    assert (update.proposed_actual, update.proposed_period, update.proposed_state) == (
        None,
        "Q2 2012/13",
        State.NOT_YET_AVAILABLE,
    )
    assert update.awaiting
    page = police.get(response["Location"]).content.decode()
    assert "An officer will check the proposed figure." in page
    assert "Not yet available</strong> (Published in November)" in page


MEASURE_PAGE_REFUSALS = [
    pytest.param(
        {"proposed_actual": "76", "proposed_period": "Q2 2012/13", "proposed_state": "lagged"},
        "Leave the value empty when the figure is not provided.",
        id="value with a lagged figure",
    ),
    pytest.param(
        {"proposed_period": "Q2 2012/13", "proposed_state": State.LAGGED},
        "Say in the note how late the figure is.",
        id="lagged without a note",
    ),
    pytest.param(
        {"proposed_state": State.NOT_APPLICABLE},
        "Say which period the figure is for",
        id="no figure and no period",
    ),
    pytest.param(
        {"proposed_actual": "76", "proposed_period": "Q2 2012/13", "proposed_change": "-2"},
        "Give both the reported change and what it is, or neither.",
        id="change without its kind",
    ),
    pytest.param(
        {
            "proposed_actual": "76",
            "proposed_period": "Q2 2012/13",
            "proposed_change": "a lot",
            "proposed_change_kind": MeasureFigure.ChangeKind.POINTS,
        },
        "Enter a number",
        id="change not a number",
    ),
]


@pytest.mark.parametrize("fields, message", MEASURE_PAGE_REFUSALS)
def test_the_measure_page_refuses_a_bad_figure_by_period_and_sends_nothing(
    police, police_partner, quarterly, fields, message
):
    response = report(police, measure(quarterly, "PT5"), **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MeasureUpdate.objects.filter(author=police_partner).exists()
