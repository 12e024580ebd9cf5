"""A visitor who has not signed in: every portal page sends them to sign in and back, and
what they can read (sign-in, accessibility statement, page not found) passes WCAG 2.2 AA."""

import re

import pytest
from playwright.sync_api import Page, expect

from actionplan.models import Plan

from .browser import check_page, follow_error, pass_second_step, sign_in

# The seed plan's partnership (the demo data holds a second one, with its own 2012 plan).
SEED = "tonbridge-and-malling-csp"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_is_sent_to_sign_in_and_back_to_the_page_they_asked_for(
    live_server, page: Page, demo_users
):
    plan = Plan.objects.get(partnership__slug=SEED, start_year=2012)
    figures = f"/performance/plans/{plan.pk}/figures/"
    page.goto(live_server.url + figures)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=" + re.escape(figures)))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to CSP Portal")

    # An empty form: each field says what is missing, and the summary links to it.
    page.get_by_role("button", name="Sign in").click()
    follow_error(
        page,
        title="Sign in",
        link=re.compile(r"^Password"),
        field=page.get_by_label("Password"),
        message=re.compile(r"Enter your password"),
    )
    check_page(page, "sign-in page with empty fields")

    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("officer-demo-2012")
    page.get_by_role("button", name="Sign in").click()
    pass_second_step(page, "officer")
    # (Chromium keeps the #id_password the summary link added across the redirect.)
    expect(page).to_have_url(re.compile(re.escape(live_server.url + figures) + r"(#.*)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Figures – "))


def test_visitor_reads_the_accessibility_statement_from_the_footer(live_server, page: Page, db):
    page.goto(live_server.url)
    page.get_by_role("navigation", name="Footer").get_by_role(
        "link", name="Accessibility statement"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Accessibility"))
    expect(page.get_by_role("main")).to_contain_text("partially compliant with WCAG 2.2 AA")
    check_page(page, "accessibility statement", screenshot="accessibility-statement")


def test_visitor_gets_a_page_not_found_that_passes_the_scan(live_server, page: Page, db):
    response = page.goto(live_server.url + "/accessibility/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page, "page not found")


def test_keyboard_users_can_skip_to_the_content_and_always_see_the_focus(
    live_server, page: Page, db
):
    page.goto(live_server.url + "/accessibility/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    assert skip_link.bounding_box()["width"] > 50, "the skip link shows when it has focus"

    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()

    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_count(1)
    assert focused.evaluate("element => element.closest('main') !== null")
    outline = focused.evaluate(
        "element => { const style = getComputedStyle(element);"
        " return [style.outlineStyle, parseFloat(style.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] >= 2, f"focus outline is {outline}"


def test_a_user_without_a_role_is_told_whom_to_ask(live_server, page: Page, seed_plan):
    from django.contrib.auth.models import User

    User.objects.create_user("newcomer", password="newcomer-pass-2012")  # noqa: S106
    sign_in(page, live_server, "newcomer", "newcomer-pass-2012")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to the CSP Portal")
    expect(page.get_by_role("main")).to_contain_text("your account has no role yet")
    expect(page.get_by_role("navigation", name="Main")).not_to_contain_text("Administration")
    check_page(page, "home page of an account with no role")
