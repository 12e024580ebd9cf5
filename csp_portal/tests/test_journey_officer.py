"""The CSP officer's journey through the pages only, each page scanned for WCAG 2.2 AA in
every state it reaches: sign in (with a wrong password first), enter figures (with one
refused entry), read the completeness report and take the draft PDF away."""

import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from performance.models import Measure

from .browser import check_page, error_summary, follow_error, menu, pass_second_step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = "Annual Action Plan 2012 - 2013"
# KS5's baseline is 667; 634 is a fall of 33, and 33 / 667 = 4.9% to one place.
KS5_ACTUAL = "634"
KS5_CHANGE = "4.9% reduction"
NOT_A_NUMBER = "about forty"


def test_officer_enters_figures_reads_the_gaps_and_downloads_the_draft_pdf(
    live_server, page: Page, demo_users
):
    page.goto(live_server.url)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    check_page(page, "sign-in page, empty", screenshot="sign-in")

    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    expect(page.get_by_role("alert")).to_contain_text("The username or password is not right")
    check_page(page, "sign-in page with a wrong password", screenshot="sign-in-error")

    page.get_by_label("Password").fill("officer-demo-2012")
    page.get_by_role("button", name="Sign in").click()
    pass_second_step(page, "officer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plans and what needs attention")
    check_page(page, "officer's home page", screenshot="officer-home")

    menu(page, "Plans").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual action plans")
    check_page(page, "plan list")

    # The figures page, as the seed leaves it: most actual figures still blank.
    menu(page, "CSP Portal").click()
    page.get_by_role("link", name=re.compile(rf"^Enter figures for {PLAN}")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Figures – {PLAN}")
    check_page(page, "figures page with figures missing", screenshot="officer-figures")

    # One good figure and one that is not a number: nothing is saved, and the page says why.
    page.get_by_label("Actual for KS5", exact=True).fill(KS5_ACTUAL)
    page.get_by_label("Actual period for KS5", exact=True).fill("2011/12")
    page.get_by_label("Actual for KS7", exact=True).fill(NOT_A_NUMBER)
    page.get_by_role("button", name="Save figures").click()
    expect(error_summary(page)).to_contain_text("Nothing has been saved.")
    follow_error(
        page,
        title="Figures",
        link=re.compile(r"Actual for KS7"),
        field=page.get_by_label("Actual for KS7", exact=True),
        message=re.compile(r"Enter a number"),
    )
    assert Measure.objects.get(reference="KS5").actual_value is None
    check_page(page, "figures page with a refused entry", screenshot="officer-figures-error")

    page.get_by_label("Actual for KS7", exact=True).fill("")
    page.get_by_role("button", name="Save figures").click()
    expect(page).not_to_have_title(re.compile(r"^Error:"))
    expect(page.get_by_role("status")).to_have_text("Saved 1 changed figure.")
    ks5 = page.locator("tr").filter(has=page.get_by_role("rowheader", name=re.compile(r"^KS5 ")))
    expect(ks5).to_contain_text(KS5_CHANGE)
    check_page(page, "figures page after saving")

    page.get_by_role("link", name="See what the plan still lacks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{PLAN}: completeness")
    missing = page.get_by_role("region", name="Missing figures")
    expect(missing).to_be_visible()
    expect(missing.get_by_role("link", name=re.compile(r"^KS5\b"))).to_have_count(0)
    check_page(page, "completeness report with gaps", screenshot="officer-completeness")

    page.get_by_role("link", name="Overview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{PLAN}: overview")
    check_page(page, "plan overview", screenshot="officer-overview")

    menu(page, "Updates to review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposed figures")
    check_page(page, "update queue, empty")

    page.goto(live_server.url)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(rf"^PDF of {PLAN}")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as downloaded:
        document = PdfReader(io.BytesIO(downloaded.read()))
    text = "\n".join(pdf_page.extract_text() for pdf_page in document.pages)
    assert len(document.pages) > 10
    assert PLAN in text
    assert KS5_CHANGE in text, "the PDF shows the change the officer's figure made"
    assert all("DRAFT" in pdf_page.extract_text() for pdf_page in document.pages)
