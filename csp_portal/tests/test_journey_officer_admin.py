"""The CSP officer's journey through the Django admin, where the plan is edited, each page
scanned for WCAG 2.2 AA in every state it reaches: the admin's home, the plan's page with
its tabular inlines, the plan saved, the plan refused with a field left empty, the measures
filtered, the organisations and the measures' spreadsheet import. The tabular inlines'
cells are found by their labels ("Value, row 13"), as a screen reader user would find them.

The admin is reached through links only, as an officer would: the main menu, the admin's
lists, its breadcrumbs and filters."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from actionplan.models import NarrativeFigure, Plan, Priority
from performance.models import Measure

from .browser import check_page, menu, sign_in

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
    plan = Plan.objects.get(start_year=2012)
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
    police_targets = Measure.objects.filter(category="police").count()
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
