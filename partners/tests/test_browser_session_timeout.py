"""The idle-timeout warning, in a real browser: it appears, and staying signed in works."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_warning_before_the_idle_timeout_lets_the_user_stay_signed_in(
    live_server, page, demo_users, settings
):
    # The warning shows two minutes before the limit, and never sooner than 10 seconds.
    settings.SESSION_IDLE_SECONDS = 130
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("officer-demo-2012")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/$"))

    warning = page.get_by_role("alertdialog", name="You will be signed out soon")
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=20_000)
    with page.expect_response(re.compile(r"/accounts/keep-alive/$")) as answer:
        warning.get_by_role("button", name="Stay signed in").click()
    assert answer.value.status == 204
    expect(warning).to_be_hidden()
