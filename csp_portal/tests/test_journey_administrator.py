"""The plan administrator's journey through the pages only, each page scanned for WCAG 2.2
AA in every state: approve the draft with its gaps (refused until a reason is given),
publish it, and download a PDF that no longer says DRAFT."""

import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from actionplan.models import Plan

from .browser import check_page, flash, follow_error, sign_in

# The seed plan's partnership (the demo data holds a second one, with its own 2012 plan).
SEED = "tonbridge-and-malling-csp"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = "Annual Action Plan 2012 - 2013"
REASON = "The partnership board agreed to approve now; partners send the 2012/13 figures in May."


def test_administrator_approves_with_a_reason_publishes_and_exports_without_draft(
    live_server, page: Page, demo_users
):
    sign_in(page, live_server, "admin", "admin-demo-2012")
    check_page(page, "administrator's home page", screenshot="administrator-home")

    page.get_by_role("link", name=re.compile(rf"^Approval of {PLAN}")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{PLAN}: approval")
    check_page(page, "approval page of a draft with gaps", screenshot="administrator-approval")

    # The seed plan has gaps: approving it without saying why is refused.
    page.get_by_role("button", name="Approve the plan").click()
    reason = page.get_by_label("Reason for approving with gaps")
    follow_error(
        page,
        title="Approval",
        link=re.compile(r"^Reason for approving with gaps"),
        field=reason,
        message=re.compile(r"The plan still has \d+ missing figures"),
    )
    assert Plan.objects.get(partnership__slug=SEED, start_year=2012).status == Plan.Status.DRAFT
    check_page(page, "approval refused for want of a reason", screenshot="administrator-error")

    reason.fill(REASON)
    page.get_by_role("button", name="Approve the plan").click()
    expect(flash(page)).to_have_text(f"The {PLAN} is approved.")
    expect(page.get_by_role("main")).to_contain_text(REASON)
    check_page(page, "approval page of an approved plan")

    page.get_by_role("button", name="Publish the plan").click()
    expect(flash(page)).to_have_text(f"The {PLAN} is published.")
    expect(page.get_by_role("main")).to_contain_text("The plan is published")
    check_page(page, "approval page of a published plan", screenshot="administrator-published")

    with page.expect_download() as download_info:
        page.get_by_role("navigation", name="This plan's pages").get_by_role(
            "link", name="PDF"
        ).click()
    with open(download_info.value.path(), "rb") as downloaded:
        document = PdfReader(io.BytesIO(downloaded.read()))
    text = "\n".join(pdf_page.extract_text() for pdf_page in document.pages)
    assert PLAN in text
    assert "DRAFT" not in text, "a published plan's PDF is not marked DRAFT anywhere"
