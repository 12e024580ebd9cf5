"""Run axe-core (pinned in package.json, installed by `npm ci`) on the page a browser test is
looking at, at a phone's width and a desktop's, and fail on any WCAG 2.2 AA violation."""

from pathlib import Path

from django.conf import settings
from playwright.sync_api import Page

AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe-core files these under "best practice", not WCAG, though they are how WCAG 1.3.1 and
# 2.4.1 are met on a page like ours: a heading to start from, headings in order, content in
# landmarks, a skip link that works.
STRUCTURE_RULES = [
    "page-has-heading-one",
    "heading-order",
    "empty-heading",
    "landmark-one-main",
    "landmark-unique",
    "region",
    "skip-link",
    # Experimental in axe-core 4.14, so no tag runs it: every data cell has a header.
    "td-has-header",
]
# 320 px is WCAG's reflow width (1.4.10); 1280 px a common desktop.
WIDTHS = (320, 1280)
VIEWPORT_HEIGHT = 900


class AccessibilityViolations(AssertionError):
    pass


def violations_on(page: Page) -> list[dict]:
    """axe-core's violations for the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol rather than added as a <script> tag: the
        # portal's Content-Security-Policy refuses inline scripts, and the tests should see
        # the pages with the policy they are served with.
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(
        "([tags, rules]) => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " rules: Object.fromEntries(rules.map(rule => [rule, {enabled: true}])),"
        " resultTypes: ['violations']}).then(results => results.violations)",
        [WCAG_22_AA_TAGS, STRUCTURE_RULES],
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


def sideways_scroll(page: Page) -> int:
    """How far the whole page scrolls sideways. axe-core does not test reflow (WCAG 1.4.10):
    at 320 px nothing but a data table, in its own scrolling box, may be wider."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def assert_accessible(page: Page, state: str) -> None:
    """Scan the page at each width and fail with every rule, impact and element that breaks
    WCAG 2.2 AA. `state` names what the page shows (e.g. "figures page with errors")."""
    # A check straight after a click must see the new page whole, not the old one or half.
    page.wait_for_load_state("load")
    original = page.viewport_size
    failures = []
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": VIEWPORT_HEIGHT})
            found = violations_on(page)
            if found:
                failures.append(f"at {width} px:\n{describe(found)}")
            headings = page.locator("h1").count()
            if headings != 1:
                failures.append(f"at {width} px: the page has {headings} h1 headings, not one")
            overflow = sideways_scroll(page)
            if overflow > 0:
                failures.append(
                    f"at {width} px: reflow (WCAG 1.4.10): the page scrolls sideways by "
                    f"{overflow} px"
                )
    finally:
        if original:
            page.set_viewport_size(original)
    if failures:
        raise AccessibilityViolations(
            f"{page.url} ({state}) breaks WCAG 2.2 AA\n" + "\n".join(failures)
        )
