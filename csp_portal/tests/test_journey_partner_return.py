"""A partner's return for a quarter, and the officer accepting it. Kent Police's PT1
(recorded crime, a count) and PT5 (crime detected, a percentage) are reported every quarter:
the police user opens Q1 from My measures, gives PT1's figure and says PT5's is not yet
available, with a note, and sends both; the officer reads each in the queue against the
figure it would replace and the same period last year, and accepts both. Each page is
scanned for WCAG 2.2 AA at 320 px and 1280 px."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from actionplan.models import Plan
from performance.models import Measure, MeasureFigure, MeasureUpdate

from .browser import check_page, flash, follow_error, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = "tonbridge-and-malling-csp"


def test_partner_sends_a_quarter_with_one_figure_not_yet_available_and_the_officer_accepts(
    live_server, page: Page, demo_users
):
    plan = Plan.objects.get(partnership__slug=SEED, start_year=2012)
    Measure.objects.filter(plan=plan, reference__in=["PT1", "PT5"]).update(frequency="quarterly")
    sign_in(page, live_server, "police", "police-demo-2012")

    page.goto(live_server.url + reverse("performance:my-measures"))
    check_page(page, "my measures with their periods due", screenshot="partner-measures-due")
    periods = "Send the figures of a period, Tonbridge and Malling CSP 2012/13"
    page.get_by_role("navigation", name=periods).get_by_role("link", name="Q1 2012/13").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send figures for Q1 2012/13")
    recorded_crime = page.get_by_role("row", name=re.compile(r"^PT1 "))
    detected = page.get_by_role("row", name=re.compile(r"^PT5 "))
    expect(recorded_crime).to_contain_text("25,487.5 (pro rata: 3 of 12 months)")
    check_page(page, "a partner's return for a quarter", screenshot="partner-period-return")

    # A figure in the wrong unit first: nothing is sent, and the summary leads to it.
    recorded_crime.get_by_label("Value").fill("-25,100")
    detected.get_by_label("State").select_option(label="Not yet available")
    detected.get_by_label("Note").fill("The survey's results are published in August.")
    page.get_by_role("button", name="Send the figures for Q1 2012/13").click()
    follow_error(
        page,
        title="Send figures for Q1 2012/13",
        link=re.compile("PT1, value"),
        field=recorded_crime.get_by_label("Value"),
        message=re.compile("A count cannot be negative"),
    )
    assert not MeasureUpdate.objects.filter(proposed_period="Q1 2012/13").exists()
    check_page(page, "a partner's return, one figure refused", screenshot="partner-return-refused")

    recorded_crime.get_by_label("Value").fill("25,100")
    page.get_by_role("button", name="Send the figures for Q1 2012/13").click()
    expect(flash(page)).to_contain_text("2 figures for Q1 2012/13 sent. An officer will check")
    # In the row's last column, "Sent, awaiting an officer".
    expect(page.get_by_role("columnheader").last).to_have_text("Sent, awaiting an officer")
    expect(detected.get_by_role("cell").last).to_have_text(
        re.compile(r"^Not yet available \(The survey's results are published in August\.\)\s+on \d")
    )
    assert not MeasureFigure.objects.filter(period_label="Q1 2012/13").exists()

    page.context.clear_cookies()
    sign_in(page, live_server, "officer", "officer-demo-2012")
    page.goto(live_server.url + reverse("performance:update-queue"))
    pt1_card = page.get_by_role("article", name=re.compile(r"^PT1"))
    expect(pt1_card).to_contain_text("Q1 2012/13")
    expect(pt1_card).to_contain_text("Nothing yet for Q1 2012/13")
    pt5_card = page.get_by_role("article", name=re.compile(r"^PT5"))
    expect(pt5_card).to_contain_text("Not yet available (The survey's results are published")
    check_page(page, "the queue with a partner's quarter", screenshot="officer-queue-period")

    pt1_card.get_by_role("button", name=re.compile("^Accept 25,100")).click()
    expect(flash(page)).to_contain_text("25,100 for Q1 2012/13 is now the actual figure of PT1.")
    page.get_by_role("article", name=re.compile(r"^PT5")).get_by_role(
        "button", name=re.compile("^Accept")
    ).click()
    expect(flash(page)).to_contain_text("PT5 for Q1 2012/13 is now recorded as not yet available.")
    assert sorted(
        MeasureFigure.objects.filter(period_label="Q1 2012/13").values_list(
            "measure__reference", "value", "state"
        )
    ) == [("PT1", Decimal("25100"), "provided"), ("PT5", None, "not yet available")]
