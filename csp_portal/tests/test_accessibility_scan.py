"""The accessibility scan itself: it must fail on the faults it exists to catch, naming the
rule, its impact and the element, or a green journey proves nothing."""

import pytest
from playwright.sync_api import Page

from .axe import AccessibilityViolations, assert_accessible

pytestmark = pytest.mark.browser

SOUND_PAGE = """<!doctype html><html lang="en-GB"><head><title>Sound</title></head><body>
<main><h1>A sound page</h1>{body}</main></body></html>"""


def test_a_sound_page_passes(page: Page):
    page.set_content(SOUND_PAGE.format(body='<label for="a">Name</label><input id="a">'))
    assert_accessible(page, "a sound page")


def test_a_field_without_a_label_fails_naming_rule_impact_and_element(page: Page):
    page.set_content(SOUND_PAGE.format(body='<input id="unlabelled">'))
    with pytest.raises(AccessibilityViolations) as failure:
        assert_accessible(page, "a field without its label")
    report = str(failure.value)
    assert "a field without its label" in report
    assert "label (critical)" in report
    assert "#unlabelled" in report
    assert "at 320 px" in report
    assert "at 1280 px" in report


def test_a_page_without_a_level_one_heading_fails(page: Page):
    page.set_content(
        "<!doctype html><html lang='en-GB'><head><title>No heading</title></head>"
        "<body><main><p>Text with no heading.</p></main></body></html>"
    )
    with pytest.raises(AccessibilityViolations, match=r"page-has-heading-one"):
        assert_accessible(page, "a page without a heading")


def test_a_page_that_scrolls_sideways_on_a_phone_fails_reflow(page: Page):
    page.set_content(SOUND_PAGE.format(body='<div style="width: 600px">Too wide</div>'))
    with pytest.raises(AccessibilityViolations, match=r"at 320 px: reflow"):
        assert_accessible(page, "a page wider than a phone")


def test_the_scan_leaves_the_viewport_as_it_found_it(page: Page):
    page.set_viewport_size({"width": 777, "height": 555})
    page.set_content(SOUND_PAGE.format(body=""))
    assert_accessible(page, "a sound page")
    assert page.viewport_size == {"width": 777, "height": 555}


def test_a_page_with_two_level_one_headings_fails(page: Page):
    page.set_content(SOUND_PAGE.format(body="<h1>A second title</h1>"))
    with pytest.raises(AccessibilityViolations, match=r"the page has 2 h1 headings, not one"):
        assert_accessible(page, "a page with two titles")


def test_a_data_table_without_header_cells_fails(page: Page):
    rows = "".join(f"<tr><td>Measure {n}</td><td>{n}</td><td>{n * 2}</td></tr>" for n in range(4))
    page.set_content(SOUND_PAGE.format(body=f"<table>{rows}</table>"))
    with pytest.raises(AccessibilityViolations, match=r"td-has-header \(critical\)"):
        assert_accessible(page, "a table without headers")
