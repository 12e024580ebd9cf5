"""A partner's figure, from their report to the plan overview, in a real browser.

Kent Police signs in, sees only Kent Police's actions, reports progress on one and proposes
the year's recorded crime figure; an officer, having typed another figure for it in a second
tab meanwhile, is refused the stale accept, then accepts it; the plan overview shows the figure
and the change from the baseline. Everything after the demo users are created goes through
the pages, as the people would.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from csp_portal.tests.browser import check_page, flash, follow_error, menu, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SCREENSHOT = "/tmp/partner_journey_overview.png"  # noqa: S108 - a file to look at, not a secret

KENT_POLICE_ACTION = "Tackling perpetrators through the work of the ASB Task Group"
KENWARD_ACTION = "Task the Kenward IFY Team to visit areas where public consum"
RECORDED_CRIME = "Level of recorded crime"
PROPOSED_FIGURE = "100,512"
PROPOSED_PERIOD = "Jan to Dec 2012"
# What the officer types on the figures page while the proposal waits.
TYPED_FIGURE = "100,600"
# Baseline 102,904 (Jan to Dec 2011) to actual 100,512: a fall of 2,392, and
# 2,392 / 102,904 = 0.023245..., so a 2.3% reduction to one decimal place.
COMPUTED_CHANGE = "2.3% reduction"


def test_police_propose_a_figure_an_officer_accepts_and_the_overview_shows_its_change(
    live_server, page: Page, demo_users
):
    sign_in(page, live_server, "police", "police-demo-2012")

    # Only Kent Police's actions.
    menu(page, "My actions").click()
    expect(page.get_by_role("heading", name="Actions for Kent Police")).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text(KENT_POLICE_ACTION)
    expect(main).not_to_contain_text(KENWARD_ACTION)

    # Progress on one of them.
    page.get_by_role("row").filter(has_text=KENT_POLICE_ACTION).get_by_role("link").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Action ASB-\d+$"))).to_be_visible()
    page.get_by_label("Status").select_option(label="In progress")
    page.get_by_label("Progress").fill("Twelve perpetrators reviewed at the May Task Group.")
    page.get_by_role("button", name="Send progress report").click()
    expect(flash(page)).to_contain_text("has been recorded")
    expect(main).to_contain_text("Twelve perpetrators reviewed at the May Task Group.")

    # A proposed figure for recorded crime.
    menu(page, "My measures").click()
    page.get_by_role("row").filter(has_text=RECORDED_CRIME).get_by_role(
        "link", name="PT1", exact=True
    ).click()
    expect(page.get_by_role("heading", name="Measure PT1")).to_be_visible()
    page.get_by_label("Progress").fill("Recorded crime for the calendar year, from Genesis.")
    page.get_by_label("Proposed actual figure").fill(PROPOSED_FIGURE)
    page.get_by_label("Period of the figure").fill(PROPOSED_PERIOD)
    page.get_by_role("button", name="Send progress report").click()
    expect(flash(page)).to_contain_text("An officer will check the proposed figure.")
    expect(main).to_contain_text(
        f"Proposed {PROPOSED_FIGURE} for {PROPOSED_PERIOD}", use_inner_text=True
    )

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    # The officer opens the queue, then in another tab types a figure for PT1 on the
    # figures page: the proposal on the queue was weighed against a figure no longer there,
    # so accepting it is refused at its button, naming the new figure.
    sign_in(page, live_server, "officer", "officer-demo-2012")
    menu(page, "Updates to review").click()
    accept = page.get_by_role("button", name=f"Accept {PROPOSED_FIGURE} for PT1")
    expect(accept).to_be_visible()
    other_tab = page.context.new_page()
    other_tab.goto(live_server.url)
    menu(other_tab, "CSP Portal").click()
    other_tab.get_by_role(
        "link", name=re.compile(r"^Enter figures for Annual Action Plan 2012")
    ).click()
    other_tab.get_by_label("Actual for PT1", exact=True).fill(TYPED_FIGURE)
    other_tab.get_by_label("Actual period for PT1", exact=True).fill(PROPOSED_PERIOD)
    other_tab.get_by_role("button", name="Save figures").click()
    expect(flash(other_tab)).to_have_text("Saved 1 changed figure.")
    other_tab.close()

    accept.click()
    follow_error(
        page,
        title="Proposed figures",
        link=re.compile(r"^PT1: The measure was changed after this page was opened"),
        field=accept,
        message=re.compile(rf"its current actual is {TYPED_FIGURE} for {PROPOSED_PERIOD}"),
    )
    expect(page.get_by_role("article", name=re.compile(r"^PT1:"))).to_contain_text(
        f"Latest actual {TYPED_FIGURE} ({PROPOSED_PERIOD})", use_inner_text=True
    )
    check_page(page, "update queue after a stale accept", screenshot="officer-queue-stale")

    # Having seen the new figure, the officer accepts the proposal after all.
    accept.click()
    expect(flash(page)).to_contain_text(
        f"{PROPOSED_FIGURE} for {PROPOSED_PERIOD} is now the actual figure of PT1."
    )

    # The overview of the 2012 plan shows the figure and its change.
    menu(page, "Plans").click()
    page.get_by_role(
        "link", name=re.compile(r"^Overview of Annual Action Plan 2012 - 2013")
    ).click()
    police_targets = page.get_by_role("table", name=re.compile(r"^Targets for"))
    recorded_crime = police_targets.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=RECORDED_CRIME, exact=True)
    )
    expect(recorded_crime).to_have_count(1)
    recorded_crime.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOT, full_page=True)
    expect(recorded_crime).to_contain_text("102,904")
    expect(recorded_crime).to_contain_text(f"{PROPOSED_FIGURE} ({PROPOSED_PERIOD})")
    expect(
        recorded_crime,
        "the police targets row shows the accepted figure's change from its baseline",
    ).to_contain_text(COMPUTED_CHANGE)
