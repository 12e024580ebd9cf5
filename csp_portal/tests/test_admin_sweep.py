"""Every page of the administration meets WCAG 2.2 AA, not only the ones the officer's
journey passes through: for each registered model its list, its add form (also sent back
empty), an object's change form, history, one historical version and delete confirmation,
and its spreadsheet import and export where it has them; then the user pages (change
password included) and each app's index. The IT team's account, a superuser, sees them all
(a plan administrator is an ordinary user who sees their own partnerships' rows).

The pages are visited by address, not by links: the journeys prove the links, this proves
the pages. Every failing page is reported in one run, not just the first."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Page

from conftest import confirmed_totp_device

from .axe import AccessibilityViolations
from .browser import check_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIST_AND_ADD = ("changelist", "add", "import", "export")
# Add forms sent empty, to be scanned with their errors showing. (An import form's file box
# is required, so the browser itself stops it being sent empty; the officer's admin journey
# scans the errors of a wrong file.)
SENT_EMPTY = ": add"
ONE_OBJECT = ("change", "history", "delete")


def admin_url(model, view: str, *args) -> str | None:
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)
    except NoReverseMatch:  # the model's admin has no such page (no import, say)
        return None


def historical_version_url(model, obj) -> str | None:
    """simple-history's page for one earlier version of `obj`, if the model keeps history."""
    history = getattr(obj, "history", None)
    version = history.order_by("history_id").first() if history is not None else None
    if version is None:
        return None
    return admin_url(model, "simple_history", obj.pk, version.history_id)


def pages_of(model) -> list[tuple[str, str]]:
    """(what the page is, its address) for every admin page of `model`."""
    name = model._meta.verbose_name
    pages = [(f"{name}: {view}", admin_url(model, view)) for view in LIST_AND_ADD]
    obj = model._default_manager.order_by("pk").first()
    if obj is not None:
        pages += [(f"{name}: {view}", admin_url(model, view, obj.pk)) for view in ONE_OBJECT]
        pages.append((f"{name}: an earlier version", historical_version_url(model, obj)))
    return [(state, url) for state, url in pages if url]


def every_admin_page() -> list[tuple[str, str]]:
    pages = [
        ("admin home", reverse("admin:index")),
        ("change your password", reverse("admin:password_change")),
        ("password changed", reverse("admin:password_change_done")),
    ]
    app_labels = sorted({model._meta.app_label for model in admin.site._registry})
    pages += [
        (f"{label} app index", reverse("admin:app_list", args=[label])) for label in app_labels
    ]
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label):
        pages += pages_of(model)
    user = get_user_model().objects.get(username="police")
    pages.append(
        ("user: change password", reverse("admin:auth_user_password_change", args=[user.pk]))
    )
    return pages


def scan(page: Page, state: str) -> list[str]:
    try:
        check_page(page, state)
    except AccessibilityViolations as violations:
        return [str(violations)]
    return []


def test_every_admin_page_meets_wcag_22_aa(live_server, page: Page, demo_users):
    it_team = get_user_model().objects.create_superuser("it-team", password="it-team-sweep-2012")
    confirmed_totp_device(it_team)  # the IT team signs in with two steps too
    sign_in(page, live_server, "it-team", "it-team-sweep-2012")
    pages = every_admin_page()
    # The sweep reaches each kind of page, so a renamed URL cannot shrink it unnoticed.
    addresses = {url for _, url in pages}
    assert {
        reverse("admin:performance_measure_import"),
        reverse("admin:performance_measure_export"),
        reverse("admin:actionplan_plan_add"),
        reverse("admin:auth_user_changelist"),
    } <= addresses
    assert sum("an earlier version" in state for state, _ in pages) >= 8
    failures = []
    for state, url in pages:
        response = page.goto(live_server.url + url)
        if response is None or response.status != 200:
            failures.append(f"{url} ({state}) answered {response and response.status}")
            continue
        failures += scan(page, f"admin {state}")
        if state.endswith(SENT_EMPTY):
            # Wait for the answer to load: a click does not, and the title read at once can
            # still be the add page's own (CI saw this once).
            with page.expect_navigation():
                page.get_by_role("button", name="Save", exact=True).click()
            if not page.title().startswith("Error: "):
                failures.append(f"{url} ({state}) took an empty form without an error")
            failures += scan(page, f"admin {state}, sent empty")
    assert not failures, f"{len(failures)} of {len(pages)} admin pages fail:\n\n" + "\n\n".join(
        failures
    )
