"""The officer's first journey, in a real browser: sign in, open the plan in the admin."""

import re

import pytest
from playwright.sync_api import expect

from actionplan.models import Plan
from csp_portal.tests.browser import pass_second_step

# The seed plan's partnership (the demo data holds a second one, with its own 2012 plan).
SEED = "tonbridge-and-malling-csp"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_officer_signs_in_and_finds_the_plans_three_priorities(live_server, page, demo_users):
    plan = Plan.objects.get(partnership__slug=SEED, start_year=2012)

    page.goto(live_server.url)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("officer-demo-2012")
    page.get_by_role("button", name="Sign in").click()
    pass_second_step(page, "officer")

    page.get_by_role("link", name="Administration").click()
    page.get_by_role("link", name="Plans").first.click()
    page.get_by_role("link", name=re.compile(r"Annual Action Plan 2012 - 2013")).click()
    expect(page).to_have_url(re.compile(rf"/admin/actionplan/plan/{plan.pk}/change/"))

    titles = page.locator("#priorities-group input[name$='-title']:not([name*='__prefix__'])")
    expect(titles).to_have_count(3)
    assert titles.evaluate_all("inputs => inputs.map(input => input.value)") == [
        "Anti-Social Behaviour (including Environmental crime)",
        "Domestic abuse",
        "Substance Misuse",
    ]
