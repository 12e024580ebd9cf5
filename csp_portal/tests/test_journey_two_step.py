"""Two-step sign-in through the pages only, each page scanned for WCAG 2.2 AA in every state
it reaches: a new officer signs in with their password and is taken to set up an
authenticator app; gives a wrong code first; then types the code computed from the secret
the page shows (as the app computes it, RFC 6238); keeps their backup codes; signs out; signs
in again with their password and a fresh code; and reaches the administration."""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import hotp
from playwright.sync_api import Page, expect

from .browser import check_page, follow_error, menu, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "staff-pass-1234"  # the role fixtures' password  # noqa: S105
STEP = 30  # seconds: each code lasts this long


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def sign_in_with_password(page: Page, live_server, username: str) -> None:
    page.goto(live_server.url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_new_officer_sets_up_two_step_sign_in_and_signs_in_again_with_a_fresh_code(
    live_server, page: Page, seed_plan, officer
):
    sign_in_with_password(page, live_server, officer.username)
    expect(page).to_have_url(re.compile(r"/accounts/two-step/set-up/\?next=%2F$"))
    expect(heading(page)).to_have_text("Set up two-step sign-in")
    qr_code = page.get_by_role("img", name=re.compile(r"^QR code that adds CSP Portal"))
    expect(qr_code).to_be_visible()
    # decode() waits for the image to load (visible comes first), and fails if it cannot.
    loaded_width = qr_code.evaluate(
        "image => image.decode().then(() => image.naturalWidth, () => 0)"
    )
    assert loaded_width > 0, "the policy let the QR code load"
    check_page(page, "two-step set-up", screenshot="two-step-set-up")

    # Nothing but the step's pages opens until it is done.
    menu(page, "Plans").click()
    expect(page).to_have_url(re.compile(r"/accounts/two-step/set-up/\?next=%2Fplans%2F$"))

    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Set up two-step sign-in").click()
    follow_error(
        page,
        title="Set up two-step sign-in",
        link=re.compile(r"^Code"),
        field=page.get_by_label("Code"),
        message=re.compile(r"The code is not right"),
    )
    check_page(page, "two-step set-up with a wrong code", screenshot="two-step-set-up-error")

    # The key as a person would type it into their app, and the code the app would show.
    key = b32decode(page.locator("#secret").inner_text().replace(" ", ""))
    time.sleep(1.1)  # a wrong code makes the next try wait a second
    used_step = int(time.time()) // STEP
    page.get_by_label("Code").fill(f"{hotp(key, used_step):06d}")
    page.get_by_role("button", name="Set up two-step sign-in").click()

    expect(heading(page)).to_have_text("Your backup codes")
    codes = page.get_by_role("list", name="Backup codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    check_page(page, "backup codes, shown once", screenshot="two-step-backup-codes")
    # On to the page they last asked for.
    page.get_by_role("link", name=re.compile(r"^I have kept my backup codes")).click()
    expect(heading(page)).to_have_text("Annual action plans")

    sign_out(page)
    sign_in_with_password(page, live_server, officer.username)
    expect(heading(page)).to_have_text("Enter the code from your phone")
    check_page(page, "two-step code at sign-in", screenshot="two-step-verify")
    # A code is taken once: the next one the app shows.
    page.get_by_label("Code").fill(f"{hotp(key, used_step + 1):06d}")
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("Plans and what needs attention")

    menu(page, "Administration").click()
    expect(heading(page)).to_have_text("Plans, partners and figures")

    page.goto(live_server.url + "/accounts/two-step/")
    expect(heading(page)).to_have_text("Two-step sign-in")
    expect(page.get_by_role("main")).to_contain_text("You have 10 unused backup codes.")
    check_page(page, "two-step sign-in account page", screenshot="two-step-account")
