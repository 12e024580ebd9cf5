"""The CSP officer's journey with a measure's figures by period: two quarters added in the
admin's inline of the measure's series, then the measure's page with the whole series as a
table, then the plan overview with the measure's standing under it (the latest quarter, its
direction of travel, the year so far and how it stands against the target pro rata). Each
page is scanned for WCAG 2.2 AA at 320 px and 1280 px, the table and the standing included."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from actionplan.models import Plan
from performance.models import Measure, MeasureFigure

from .browser import check_page, flash, follow_error, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = "tonbridge-and-malling-csp"
# The seed's PT1, recorded crime: a baseline of 102,904 for Jan to Dec 2011 and a target of
# 101,950 for 2012/13, with no actual yet. Two quarters of 2012/13 are added.
QUARTERS = [("Q1 2012/13", "25,310"), ("Q2 2012/13", "24,800")]


def test_officer_adds_quarters_and_reads_the_series_and_the_standing(
    live_server, page: Page, demo_users
):
    plan = Plan.objects.get(partnership__slug=SEED, start_year=2012)
    measure = Measure.objects.get(plan=plan, reference="PT1")
    held = measure.figures.count()
    sign_in(page, live_server, "officer", "officer-demo-2012")

    page.goto(live_server.url + reverse("admin:performance_measure_change", args=[measure.pk]))
    for number, (label, value) in enumerate(QUARTERS, start=held + 1):
        page.get_by_role("button", name="Add another figure by period").click()
        page.get_by_label(f"What, row {number}", exact=True).select_option("actual")
        page.get_by_label(f"Period, row {number}", exact=True).fill(label)
        page.get_by_label(f"Value, row {number}", exact=True).fill(value)
    check_page(
        page, "admin measure page with two quarters added", screenshot="officer-admin-figures"
    )
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.get_by_text(re.compile("was changed successfully"))).to_be_visible()
    assert list(
        MeasureFigure.objects.filter(measure=measure, what="actual")
        .order_by("period_end")
        .values_list("period_label", flat=True)
    ) == [label for label, _ in QUARTERS]

    page.goto(live_server.url + reverse("performance:measure-detail", args=[measure.pk]))
    table = page.get_by_role("table", name="Every figure of measure PT1, by period")
    expect(table).to_be_visible()
    # Oldest first: the baseline, then the quarters, then the year's target.
    expect(table.get_by_role("row").nth(1)).to_contain_text("Jan to Dec 2011")
    expect(table.get_by_role("row").nth(2)).to_contain_text("Q1 2012/13")
    expect(table).to_contain_text("n/a (periods differ)")
    check_page(page, "measure page with its series", screenshot="officer-measure-series")

    page.goto(live_server.url + reverse("performance:plan-overview", args=[plan.pk]))
    standing = page.locator(".measure-standing").filter(has_text="(Q2 2012/13)")
    expect(standing).to_contain_text("24,800 (Q2 2012/13)")
    expect(standing).to_contain_text("↓ down 510 on the previous quarter (better)")
    expect(standing).to_contain_text("50,110")  # the year so far, April to September
    check_page(
        page, "plan overview with a measure's standing", screenshot="officer-overview-standing"
    )


def test_officer_enters_a_quarters_figures_with_one_refused_then_saves_them_all(
    live_server, page: Page, demo_users
):
    """PT1 (a count) and PT5 (a percentage) are reported every quarter: the officer picks
    Q2 from the figures page, types a percentage over 100, is sent to it by the error
    summary with nothing saved, corrects it and saves both."""
    plan = Plan.objects.get(partnership__slug=SEED, start_year=2012)
    Measure.objects.filter(plan=plan, reference__in=["PT1", "PT5"]).update(frequency="quarterly")
    sign_in(page, live_server, "officer", "officer-demo-2012")
    page.goto(live_server.url + reverse("performance:plan-figures", args=[plan.pk]))
    periods = page.get_by_role("navigation", name="Enter figures for a period of the year")
    periods.get_by_role("link", name="Q2 2012/13").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Figures for Q2 2012/13")
    recorded_crime = page.get_by_role("row", name=re.compile(r"^PT1 "))
    # The year's 101,950 for the quarter: three of its twelve months.
    expect(recorded_crime).to_contain_text("25,487.5 (pro rata: 3 of 12 months)")
    satisfied = page.get_by_role("row", name=re.compile(r"^PT5 "))
    check_page(page, "figures page for a quarter", screenshot="officer-period-figures")

    recorded_crime.get_by_label("Value").fill("24,800")
    satisfied.get_by_label("Value").fill("105")
    page.get_by_role("button", name="Save the figures for Q2 2012/13").click()
    follow_error(
        page,
        title="Figures for Q2 2012/13",
        link=re.compile("PT5, value"),
        field=satisfied.get_by_label("Value"),
        message=re.compile("A percentage must be between 0 and 100"),
    )
    assert not MeasureFigure.objects.filter(period_label="Q2 2012/13").exists()
    check_page(page, "figures page for a quarter, one refused", screenshot="officer-period-refused")

    satisfied.get_by_label("Value").fill("79.5")
    page.get_by_role("button", name="Save the figures for Q2 2012/13").click()
    expect(flash(page)).to_contain_text("Saved 2 changed figures.")

    # On to the next quarter from the measure last worked in: the place is kept.
    page.get_by_role("row", name=re.compile(r"^PT5 ")).get_by_label("Note").focus()
    page.get_by_role("navigation", name="Choose the period").get_by_role(
        "link", name="Q3 2012/13"
    ).click()
    expect(page).to_have_url(re.compile(r"/figures/q3/#measure-\d+$"))
    assert page.url.endswith(f"#measure-{Measure.objects.get(plan=plan, reference='PT5').pk}")
    assert sorted(
        MeasureFigure.objects.filter(period_label="Q2 2012/13").values_list(
            "measure__reference", "value"
        )
    ) == [("PT1", Decimal("24800")), ("PT5", Decimal("79.5"))]
