"""Passwords through the pages only, each page scanned for WCAG 2.2 AA in every state it
reaches: an officer who has forgotten their password resets it by email (a wrong address
and two different passwords first) and signs in with the new one; a signed-in officer
changes theirs (an empty form first); a made-up reset link says what to do instead."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Page, expect

from accounts.after_response import wait_for_jobs

from .browser import check_page, follow_error, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFICER_EMAIL = "officer@csp.example.org"
OLD_PASSWORD = "officer-demo-2012"
NEW_PASSWORD = "lantern-harbour-2013"
RESET_LINK = re.compile(r"https?://\S+/accounts/reset/\S+/\S+/")
EXPIRED = "Your password reset link has expired or is invalid"


@pytest.fixture
def demo_officer(demo_users, settings):
    # The pages as production shows them, not Django's debug pages.
    settings.DEBUG = False
    demo_officer = get_user_model().objects.get(username="officer")
    if not demo_officer.email:
        demo_officer.email = OFFICER_EMAIL
        demo_officer.save(update_fields=["email"])
    return demo_officer


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def test_officer_who_forgot_their_password_resets_it_by_email_and_signs_in_with_it(
    live_server, page: Page, demo_officer
):
    page.goto(live_server.url)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(heading(page)).to_have_text("Reset your password")
    expect(page.get_by_label("Email address")).to_have_attribute("autocomplete", "email")
    check_page(page, "reset password page, empty", screenshot="password-reset")

    # Not an email address: nothing is sent, and the summary leads to the field.
    page.get_by_label("Email address").fill("not-an-email")
    page.get_by_role("button", name="Send the reset link").click()
    follow_error(
        page,
        title="Reset your password",
        link=re.compile(r"^Email"),
        field=page.get_by_label("Email address"),
        message=re.compile(r"Enter an email address in the right form, like name@example.org"),
    )
    assert mail.outbox == []
    check_page(page, "reset password page with an address that is not one")

    page.get_by_label("Email address").fill(demo_officer.email)
    page.get_by_role("button", name="Send the reset link").click()
    expect(heading(page)).to_have_text("Check your email")
    check_page(page, "reset link sent", screenshot="password-reset-sent")

    # The live server runs in this process: its email is in the test outbox, once sent
    # (just after the page was answered).
    wait_for_jobs()
    assert [message.to for message in mail.outbox] == [[demo_officer.email]]
    assert mail.outbox[0].subject == "Reset your CSP Portal password"
    assert '"officer"' in mail.outbox[0].body, "the email names the account"
    link = RESET_LINK.search(mail.outbox[0].body).group(0)
    page.goto(link)
    expect(heading(page)).to_have_text("Choose a new password")
    new_password = page.get_by_label("New password", exact=True)
    expect(new_password).to_have_attribute("autocomplete", "new-password")
    expect(new_password).to_have_accessible_description(re.compile(r"at least 12 characters"))
    check_page(page, "choose a new password, empty", screenshot="password-reset-choose")

    # Two different passwords: nothing changes, and the page says why.
    new_password.fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD + "x")
    page.get_by_role("button", name="Change password").click()
    confirmation = page.get_by_label("Confirm new password")
    follow_error(
        page,
        title="Choose a new password",
        link=re.compile(r"^Confirm new password"),
        field=confirmation,
        message=re.compile(r"The two new passwords are not the same"),
    )
    demo_officer.refresh_from_db()
    assert demo_officer.check_password(OLD_PASSWORD)
    check_page(page, "choose a new password with two different passwords")

    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    confirmation.fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(heading(page)).to_have_text("Your password has been changed")
    check_page(page, "password reset complete", screenshot="password-reset-complete")

    # The link works once only.
    page.goto(link)
    expect(heading(page)).to_have_text(EXPIRED)

    sign_in(page, live_server, "officer", NEW_PASSWORD)
    expect(heading(page)).to_have_text("Plans and what needs attention")


def test_signed_in_officer_changes_their_password_after_an_empty_attempt(
    live_server, page: Page, demo_officer
):
    sign_in(page, live_server, "officer", OLD_PASSWORD)
    page.get_by_role("banner").get_by_role("link", name="Change password").click()
    expect(heading(page)).to_have_text("Change your password")
    expect(page.get_by_label("Current password")).to_have_attribute(
        "autocomplete", "current-password"
    )
    check_page(page, "change password page, empty", screenshot="password-change")

    page.get_by_role("button", name="Change password").click()
    follow_error(
        page,
        title="Change your password",
        link=re.compile(r"^Current password"),
        field=page.get_by_label("Current password"),
        message=re.compile(r"Enter your current password"),
    )
    # The new password's description keeps the rules as well as the error.
    expect(page.get_by_label("New password", exact=True)).to_have_accessible_description(
        re.compile(r"at least 12 characters.*Enter a new password")
    )
    check_page(page, "change password page with empty fields", screenshot="password-change-error")

    page.get_by_label("Current password").fill(OLD_PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(heading(page)).to_have_text("Your password has been changed")
    expect(page.get_by_text("Signed in as officer")).to_be_visible()
    demo_officer.refresh_from_db()
    assert demo_officer.check_password(NEW_PASSWORD)
    check_page(page, "password changed", screenshot="password-change-done")


def test_a_made_up_reset_link_says_it_has_expired_and_offers_a_new_one(
    live_server, page: Page, demo_officer
):
    uid = urlsafe_base64_encode(force_bytes(demo_officer.pk))
    token = "no-such-token"
    page.goto(live_server.url + reverse("password_reset_confirm", args=[uid, token]))
    expect(heading(page)).to_have_text(EXPIRED)
    expect(page.get_by_label("New password", exact=True)).to_have_count(0)
    check_page(page, "reset link expired or invalid", screenshot="password-reset-invalid")

    page.get_by_role("link", name="Ask for a new reset link").click()
    expect(heading(page)).to_have_text("Reset your password")
