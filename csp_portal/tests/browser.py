"""What the browser journeys share: signing in through the login page (and the second step,
with the code the user's app would show), the main menu, the flash message, and checking each
page a journey reaches (axe-core at both widths, and a screenshot when asked for)."""

import os
import re
from pathlib import Path

from PIL import Image
from playwright.sync_api import Locator, Page, expect

from conftest import next_totp_code

from .axe import VIEWPORT_HEIGHT, WIDTHS, assert_accessible

# `SCREENSHOTS_DIR=docs/screenshots pytest -m browser` refreshes the
# README's screenshots from the journeys themselves.
SCREENSHOTS_DIR = os.environ.get("SCREENSHOTS_DIR")
# A screenshot shows the top of a long page, not all of it.
SCREENSHOT_MAX_HEIGHT = 2400


def sign_in(page: Page, live_server, username: str, password: str) -> None:
    page.goto(live_server.url)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    pass_second_step(page, username)
    expect(page.get_by_text(f"Signed in as {username}")).to_be_visible()


def pass_second_step(page: Page, username: str) -> None:
    """After a right password: if the portal asks for the code from the user's phone, type
    the one their app would show now (computed from the secret they share with the portal)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/accounts/two-step/verify/" not in page.url:
        return
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    page.get_by_label("Code").fill(next_totp_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/two-step/"))


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def menu(page: Page, name: str):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def flash(page: Page):
    return page.get_by_role("status")


def error_summary(page: Page) -> Locator:
    return page.get_by_role("alert").filter(has_text="There is a problem")


def follow_error(
    page: Page, *, title: str, link: str | re.Pattern, field: Locator, message: str | re.Pattern
) -> None:
    """A form sent back with errors, end to end: the title starts "Error:", the summary takes
    focus, its link for `field` moves focus there, and the field's accessible description
    carries `message`."""
    expect(page).to_have_title(re.compile(rf"^Error: {title}"))
    summary = error_summary(page)
    expect(summary, "the summary takes focus, so it is read first").to_be_focused()
    summary.get_by_role("link", name=link).click()
    expect(field).to_be_focused()
    expect(field).to_have_accessible_description(message)


def check_page(page: Page, state: str, screenshot: str | None = None) -> None:
    """Fail on any WCAG 2.2 AA violation of the page as it is now, at 320 px and 1280 px;
    with SCREENSHOTS_DIR set, also keep `<screenshot>-<width>.png` of it."""
    assert_accessible(page, state)
    if screenshot and SCREENSHOTS_DIR:
        take_screenshots(page, screenshot)


def take_screenshots(page: Page, name: str) -> None:
    folder = Path(SCREENSHOTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": VIEWPORT_HEIGHT})
            # From the top, as the page opens; Chromium also left rows of a page scrolled
            # to a focused field unpainted in a full-page capture.
            page.evaluate("window.scrollTo(0, 0)")
            height = min(
                page.evaluate("document.documentElement.scrollHeight"), SCREENSHOT_MAX_HEIGHT
            )
            path = folder / f"{name}-{width}.png"
            page.screenshot(
                path=path, full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height}
            )
            # 256 colours keep text sharp at a third of the size: the README carries dozens.
            Image.open(path).convert("RGB").quantize(256).save(path, optimize=True)
    finally:
        if original:
            page.set_viewport_size(original)
