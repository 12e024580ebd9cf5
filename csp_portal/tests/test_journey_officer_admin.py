"""The CSP officer's journey through the Django admin, where the plan is edited, each page
scanned for WCAG 2.2 AA in every state it reaches: the admin's home, the plan's page with
its tabular inlines, the plan saved, the plan refused with a field left empty, the measures
filtered, the organisations and the measures' spreadsheet import. The tabular inlines'
cells are found by their labels ("Value, row 13"), as a screen reader user would find them.

A second journey imports a plan's figures: exported from the measures list, a file with
errors refused with each problem named, a corrected one previewed, then confirmed.

The admin is reached through links only, as an officer would: the main menu, the admin's
lists, its breadcrumbs and filters."""

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from actionplan.models import NarrativeFigure, Plan, Priority
from conftest import stored_state
from performance.models import Measure
from spreadsheets import pending

from .browser import check_page, menu, sign_in

# The seed plan's partnership (the demo data holds a second one, with its own 2012 plan).
SEED = "tonbridge-and-malling-csp"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = "Annual Action Plan 2012 - 2013"
INTRODUCTION = "The partnership's plan for 2012 - 2013, as agreed by its members."
# Row 13 of the plan's narrative figures, which the seed leaves without a value or an owner.
FIGURE_ROW = 13
FIGURE_LABEL = "women supported by the Women's Support Service"
FIGURE_VALUE = "48"
FIGURE_OWNER = "DAVSS"


def home(page: Page):
    return page.get_by_role("navigation", name="Breadcrumbs").get_by_role("link", name="Home")


def test_officer_edits_the_plan_in_the_admin_and_every_admin_page_is_accessible(
    live_server, page: Page, demo_users
):
    plan = Plan.objects.get(partnership__slug=SEED, start_year=2012)
    first_priority_title = Priority.objects.get(plan=plan, order=1).title
    sign_in(page, live_server, "officer", "officer-demo-2012")

    menu(page, "Administration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plans, partners and figures")
    check_page(page, "admin home")

    page.get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("link", name=re.compile(PLAN)).click()
    expect(page).to_have_url(re.compile(rf"/admin/actionplan/plan/{plan.pk}/change/"))
    # Every cell of the tabular inlines is labelled by its column and its row, and the
    # organisation pickers by their label, not only by the organisation they show.
    figure_value = page.get_by_label(f"Value, row {FIGURE_ROW}", exact=True)
    expect(figure_value).to_have_value("")
    expect(page.get_by_label(f"Label, row {FIGURE_ROW}", exact=True)).to_have_value(FIGURE_LABEL)
    owner = page.get_by_role(
        "combobox", name=f"Responsible organisation, row {FIGURE_ROW}", exact=True
    )
    expect(owner).to_be_visible()
    check_page(page, "admin plan page", screenshot="officer-admin-plan")

    # "Add another" clones the empty row, whose labels say "new row": the added row's are
    # numbered after the others, and so is its organisation picker. Removed again unused.
    added = NarrativeFigure.objects.filter(plan=plan).count() + 1
    page.get_by_role("button", name="Add another Narrative figure").click()
    added_label = page.get_by_label(f"Label, row {added}", exact=True)
    expect(added_label).to_be_editable()
    expect(
        page.get_by_role("combobox", name=f"Responsible organisation, row {added}", exact=True)
    ).to_be_visible()
    check_page(page, "admin plan page with a narrative figure row added")
    page.get_by_role("row").filter(has=added_label).get_by_role("button", name="Remove").click()
    expect(added_label).to_have_count(0)

    # One narrative text and one row of the narrative figures, its owner chosen through the
    # autocomplete.
    page.get_by_label("Introduction:", exact=True).fill(INTRODUCTION)
    figure_value.fill(FIGURE_VALUE)
    owner.click()
    page.keyboard.type(FIGURE_OWNER)
    page.get_by_role("option", name=FIGURE_OWNER, exact=True).click()
    expect(
        page.get_by_role(
            "combobox",
            name=f"Responsible organisation, row {FIGURE_ROW} {FIGURE_OWNER}",
            exact=True,
        )
    ).to_be_visible()
    page.get_by_role("button", name="Save", exact=True).click()
    saved = re.compile(rf"The plan “.*{PLAN}.*” was changed successfully")
    expect(page.get_by_text(saved)).to_be_visible()
    plan.refresh_from_db()
    assert plan.introduction == INTRODUCTION
    figure = NarrativeFigure.objects.get(plan=plan, label=FIGURE_LABEL)
    assert figure.value == Decimal(FIGURE_VALUE)
    assert figure.responsible_organisation.name == FIGURE_OWNER
    check_page(page, "admin plans list after saving the plan")

    # A priority's title left empty: nothing is saved and the admin says which field.
    page.locator("#result_list").get_by_role("link", name=re.compile(PLAN)).click()
    page.get_by_label("Title, row 1", exact=True).fill("")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".errornote")).to_contain_text("Please correct the error below.")
    emptied = page.get_by_label("Title, row 1", exact=True)
    expect(emptied).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#priorities-group td.field-title .errorlist")).to_have_text(
        "This field is required."
    )
    assert Priority.objects.get(plan=plan, order=1).title == first_priority_title
    check_page(page, "admin plan page with a required field left empty")

    home(page).click()
    page.get_by_role("link", name="Measures", exact=True).click()
    page.get_by_role("link", name="Police target", exact=True).click()
    expect(page).to_have_url(re.compile(r"category__exact=police"))
    # The officer's partnership's police targets: the other partnership's are not listed.
    police_targets = Measure.objects.filter(category="police", plan__partnership__slug=SEED).count()
    assert police_targets > 0
    expect(page.locator("#result_list tbody tr")).to_have_count(police_targets)
    check_page(page, "admin measures list filtered to police targets")

    home(page).click()
    page.get_by_role("link", name="Organisations", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Select organisation to change")
    expect(page.get_by_role("link", name="Kent Police", exact=True)).to_be_visible()
    check_page(page, "admin organisations list")

    home(page).click()
    page.get_by_role("link", name="Measures", exact=True).click()
    page.get_by_role("link", name="Import", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import measures")
    expect(page.get_by_label("Spreadsheet")).to_be_visible()
    check_page(page, "admin measure import page")


# The measures' figures for the 2011 plan, exported, edited and imported again as an officer
# would: one bad file first, then a good one, previewed before it is confirmed.
FIGURES_PLAN_YEAR = 2011
FIGURES_REFERENCE = "KS5"
FIGURES_ACTUAL = ("634", "2011/12")


def figure_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def write_figures(path: Path, rows: list[dict], actuals: dict) -> Path:
    for row in rows:
        if row["Reference"] in actuals:
            row["Actual"], row["Actual period"] = actuals[row["Reference"]]
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_officer_imports_figures_through_a_preview_and_every_state_is_accessible(
    live_server, page: Page, demo_users, tmp_path, monkeypatch
):
    # Previewed files wait for their confirmation in the test's own folder.
    monkeypatch.setattr(pending, "PENDING_FOLDER", tmp_path / "pending")
    plan = Plan.objects.get(partnership__slug=SEED, start_year=FIGURES_PLAN_YEAR)
    measure = Measure.objects.get(plan=plan, reference=FIGURES_REFERENCE)
    assert (measure.actual_value, measure.actual_period) == (None, "")
    sign_in(page, live_server, "officer", "officer-demo-2012")

    # The starting point: the plan's figures as they are, exported from the measures list
    # filtered to that plan.
    menu(page, "Administration").click()
    page.get_by_role("link", name="Measures", exact=True).click()
    page.get_by_role("navigation", name="Filter").get_by_role(
        "link", name=re.compile(rf"{FIGURES_PLAN_YEAR} - ")
    ).click()
    expect(page.locator("#result_list tbody tr")).to_have_count(
        Measure.objects.filter(plan=plan).count()
    )
    page.get_by_role("link", name="Export", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Export")
    page.get_by_label("Format").select_option(label="csv")
    check_page(page, "admin measure export page")
    # "Select all" works under the Content-Security-Policy: off, then on again.
    fields = page.locator(".selectable-field-export-row input[type=checkbox]:not(.select-toggle)")
    select_all = page.get_by_label("Select all")
    select_all.uncheck()
    expect(fields.first).not_to_be_checked()
    select_all.check()
    expect(fields.last).to_be_checked()
    with page.expect_download() as download:
        page.get_by_role("button", name="Submit").click()
    exported = tmp_path / "exported.csv"
    download.value.save_as(exported)
    rows = figure_rows(exported)
    assert len(rows) == Measure.objects.filter(plan=plan).count()
    before = stored_state(Measure)

    # A file with a figure that is not a number and a figure without its period: refused
    # whole, each problem named by row and column, and nothing written.
    home(page).click()
    page.get_by_role("link", name="Measures", exact=True).click()
    page.get_by_role("link", name="Import", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import measures")
    bad = write_figures(
        tmp_path / "figures-with-errors.csv",
        figure_rows(exported),
        {FIGURES_REFERENCE: ("lots", "2011/12"), "KS9": ("1150", "")},
    )
    page.get_by_label("Spreadsheet").set_input_files(bad)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "figures-with-errors.csv was not imported, and nothing has been changed."
    )
    expect(page.locator(".spreadsheet-problems li")).to_have_text(
        [
            'Row 6, column "Actual": Enter a number, like 634 or 21.5.',
            'Row 10, column "Actual period": Say which period the actual figure is for, '
            "e.g. 2011/12.",
        ]
    )
    expect(page.get_by_role("button", name="Confirm import")).to_have_count(0)
    assert stored_state(Measure) == before
    check_page(page, "admin measure import page listing the file's problems")

    # The corrected file: a preview of the one change, still nothing written.
    good = write_figures(
        tmp_path / "figures.csv", figure_rows(exported), {FIGURES_REFERENCE: FIGURES_ACTUAL}
    )
    page.get_by_label("Spreadsheet").set_input_files(good)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=2, name="Preview of figures.csv")).to_be_visible()
    preview = page.get_by_role("main").get_by_role("table")
    expect(preview.get_by_role("row")).to_have_count(2)
    change = preview.get_by_role("row").nth(1)
    expect(change.get_by_role("cell")).to_have_text(
        [
            "6",
            "Update",
            f"{FIGURES_REFERENCE} of the {FIGURES_PLAN_YEAR} plan",
            re.compile(
                rf"Actual: \(empty\) → {FIGURES_ACTUAL[0]}\s+"
                rf"Actual period: \(empty\) → {re.escape(FIGURES_ACTUAL[1])}"
            ),
        ]
    )
    assert stored_state(Measure) == before
    check_page(page, "admin measure import preview", screenshot="officer-import-preview")

    # Confirmed: exactly the previewed change, in the history under the officer.
    page.get_by_role("button", name="Confirm import").click()
    expect(page).to_have_url(re.compile(r"/admin/performance/measure/$"))
    expect(page.locator(".messagelist")).to_have_text(
        "Imported figures.csv: 0 added, 1 updated, 9 left alone"
    )
    measure.refresh_from_db()
    assert (measure.actual_value, measure.actual_period) == (
        Decimal(FIGURES_ACTUAL[0]),
        FIGURES_ACTUAL[1],
    )
    assert measure.history.latest().history_user.username == "officer"
    assert Measure.history.count() == before["Measure"][1] + 1
    check_page(page, "admin measures list after the import")
