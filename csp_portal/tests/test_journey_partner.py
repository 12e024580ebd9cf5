"""A partner's journey through the pages only, each page scanned for WCAG 2.2 AA in every
state it reaches: Kenward Trust reports progress on its action (an empty report first) and
proposes a figure for its measure (one that is not a number first), cannot open another
organisation's action, and an officer returns the figure with a reason (none first)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from actionplan.models import Action, Plan
from performance.models import Measure, MeasureUpdate

from .browser import check_page, flash, follow_error, menu, sign_in, sign_out

# The seed plan's partnership (the demo data holds a second one, with its own 2012 plan).
SEED = "tonbridge-and-malling-csp"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KENWARD_ACTION = "Task the Kenward IFY Team to visit areas where public consumption"
KENT_POLICE_ACTION = "Tackling perpetrators through the work of the ASB Task Group"
KENWARD_MEASURE = "SM2"
PROGRESS = "The IFY Team visited four parks in Tonbridge on Friday evenings in May."
NOT_A_NUMBER = "lots"
FIGURE = "4"
PERIOD = "2012/13"
RETURN_REASON = "Four visits is the count to June only; send the figure for the whole year."


def test_kenward_trust_reports_progress_proposes_a_figure_and_the_officer_returns_it(
    live_server, page: Page, demo_users, settings
):
    # The error pages as production shows them, not Django's debug pages.
    settings.DEBUG = False
    sign_in(page, live_server, "kenward", "kenward-demo-2012")
    expect(page.get_by_role("heading", level=1)).to_have_text("Actions for Kenward Trust")
    check_page(page, "partner's home page", screenshot="partner-home")

    # Only Kenward Trust's actions.
    menu(page, "My actions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Actions for Kenward Trust")
    main = page.get_by_role("main")
    expect(main).to_contain_text(KENWARD_ACTION)
    expect(main).not_to_contain_text(KENT_POLICE_ACTION)
    check_page(page, "partner's actions", screenshot="partner-actions")

    page.get_by_role("row").filter(has_text=KENWARD_ACTION).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action SUBSTANCE-MISUSE-6")
    check_page(page, "action page, empty form", screenshot="partner-action")

    # An empty report: nothing is saved, and the page says why.
    page.get_by_role("button", name="Send progress report").click()
    progress = page.get_by_label("Progress")
    follow_error(
        page,
        title="",
        link=re.compile(r"^Progress"),
        field=progress,
        message=re.compile(r"Say what progress has been made"),
    )
    check_page(page, "action page with an empty report", screenshot="partner-action-error")

    page.get_by_label("Status").select_option(label="In progress")
    progress.fill(PROGRESS)
    page.get_by_role("button", name="Send progress report").click()
    expect(page).not_to_have_title(re.compile(r"^Error:"))
    expect(flash(page)).to_contain_text("has been recorded")
    expect(main).to_contain_text(PROGRESS)
    check_page(page, "action page after success")

    # Only Kenward Trust's measures; a figure that is not a number is refused.
    menu(page, "My measures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Measures for Kenward Trust")
    check_page(page, "partner's measures", screenshot="partner-measures")
    page.get_by_role("link", name=KENWARD_MEASURE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Measure {KENWARD_MEASURE}")
    check_page(page, "measure page, empty form")

    figure = page.get_by_label("Proposed actual figure")
    figure.fill(NOT_A_NUMBER)
    page.get_by_label("Period of the figure").fill(PERIOD)
    page.get_by_role("button", name="Send progress report").click()
    follow_error(
        page,
        title=f"Measure {KENWARD_MEASURE}",
        link=re.compile(r"^Proposed actual figure"),
        field=figure,
        message=re.compile(r"Enter a number"),
    )
    assert not MeasureUpdate.objects.exists()
    check_page(page, "measure page with a refused figure")

    figure.fill(FIGURE)
    page.get_by_role("button", name="Send progress report").click()
    expect(page).not_to_have_title(re.compile(r"^Error:"))
    expect(flash(page)).to_contain_text("An officer will check the proposed figure.")
    expect(main).to_contain_text(f"Proposed {FIGURE} for {PERIOD}", use_inner_text=True)
    assert Measure.objects.get(reference=KENWARD_MEASURE).actual_value is None
    check_page(page, "measure page with a proposed figure")

    # Another organisation's action is not found, and says so accessibly.
    police_action = Action.objects.get(description=KENT_POLICE_ACTION)
    response = page.goto(
        live_server.url + reverse("actionplan:action-detail", args=[police_action.pk])
    )
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("main")).not_to_contain_text(KENT_POLICE_ACTION)
    check_page(page, "another organisation's action")

    # The officers' figures page of a plan is not a partner's: a 404, as for a plan that does
    # not exist, said accessibly.
    plan = Plan.objects.get(partnership__slug=SEED, start_year=2012)
    response = page.goto(live_server.url + reverse("performance:plan-figures", args=[plan.pk]))
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("main")).not_to_contain_text("Save figures")
    check_page(page, "a page a partner may not open")

    # The officer returns the figure: first with no reason, which is refused.
    sign_out(page)
    sign_in(page, live_server, "officer", "officer-demo-2012")
    menu(page, "Updates to review").click()
    pending = page.get_by_role("region", name=re.compile(r"^Awaiting an officer"))
    update = pending.get_by_role("article", name=re.compile(rf"^{KENWARD_MEASURE}:"))
    expect(update).to_contain_text(
        re.compile(rf"Period\s*{re.escape(PERIOD)}\s*Proposed figure\s*{re.escape(FIGURE)}")
    )
    expect(update).to_contain_text("Kenward Trust")
    check_page(page, "update queue with an update", screenshot="officer-update-queue")

    return_button = update.get_by_role(
        "button", name=f"Return the {KENWARD_MEASURE} figure to the partner"
    )
    return_button.click()
    reason = update.get_by_label("Or return it to the partner, saying why")
    follow_error(
        page,
        title="Proposed figures",
        link=re.compile(r"Say why the figure is being returned"),
        field=reason,
        message=re.compile(r"Say why the figure is being returned"),
    )
    assert MeasureUpdate.objects.get().state == MeasureUpdate.State.SUBMITTED
    check_page(page, "update queue after a return with no reason", screenshot="officer-queue-error")

    reason.fill(RETURN_REASON)
    return_button.click()
    expect(flash(page)).to_have_text(
        f"The figure for {KENWARD_MEASURE} has been returned to Kenward Trust."
    )
    expect(pending).to_contain_text("No proposed figures are waiting.")
    reviewed = page.get_by_role("region", name="Recently accepted or returned")
    expect(reviewed).to_contain_text(RETURN_REASON)
    returned = MeasureUpdate.objects.get()
    assert returned.state == MeasureUpdate.State.RETURNED
    assert returned.review_note == RETURN_REASON
    check_page(page, "update queue after returning a figure")
