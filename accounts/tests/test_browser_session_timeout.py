"""The idle-timeout warning, in a real browser: it appears, and staying signed in works."""

import re

import pytest
from playwright.sync_api import expect

from csp_portal.tests.browser import pass_second_step

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def sign_in_on_this_page(page):
    """The demo officer, with both steps, on the sign-in page the browser has open."""
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("officer-demo-2012")
    page.get_by_role("button", name="Sign in").click()
    pass_second_step(page, "officer")


def test_warning_before_the_idle_timeout_lets_the_user_stay_signed_in(
    live_server, page, demo_users, settings
):
    # The warning shows two minutes before the limit, and never sooner than 10 seconds.
    settings.SESSION_IDLE_SECONDS = 130
    page.goto(f"{live_server.url}/accounts/login/")
    sign_in_on_this_page(page)
    expect(page).to_have_url(re.compile(r"/$"))

    warning = page.get_by_role("alertdialog", name="You will be signed out soon")
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=20_000)
    with page.expect_response(re.compile(r"/accounts/keep-alive/$")) as answer:
        warning.get_by_role("button", name="Stay signed in").click()
    assert answer.value.status == 204
    expect(warning).to_be_hidden()


def test_the_page_goes_to_sign_in_and_says_why_when_the_twelve_hours_end(
    live_server, page, demo_users, settings
):
    # A day shrunk to 25 seconds: the session's absolute end comes while the page is open.
    settings.SESSION_COOKIE_AGE = 25
    page.goto(f"{live_server.url}/accounts/login/")
    sign_in_on_this_page(page)
    page.goto(f"{live_server.url}/plans/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?ended=absolute"), timeout=40_000)
    expect(page.get_by_text("You were signed out 25 seconds after signing in.")).to_be_visible()
    # Signing in again comes back to the page that was open.
    sign_in_on_this_page(page)
    expect(page).to_have_url(re.compile(r"/plans/$"))
