"""Each app registers its own admins, and the admin is the same whatever the app order."""

import json
import subprocess
import sys
from pathlib import Path

from django.contrib import admin
from django.contrib.auth import get_user_model

from actionplan.models import Action, Plan, Priority
from partners.models import Contact, Organisation
from performance.models import Measure
from spreadsheets.admin import SpreadsheetAdminMixin

PROJECT_APPS = ["partners", "actionplan", "performance"]

# Run in a fresh interpreter, with the project's apps listed in the order given.
REGISTRY_SCRIPT = """
import json, sys
from django.conf import settings
from csp_portal import settings as project
apps = [app for app in project.INSTALLED_APPS if app not in {apps!r}] + {apps!r}
names = [name for name in dir(project) if name.isupper() and name != "INSTALLED_APPS"]
settings.configure(**{{name: getattr(project, name) for name in names}}, INSTALLED_APPS=apps)
import django
django.setup()
from django.contrib import admin
print(json.dumps({{
    model._meta.label: [
        f"{{type(model_admin).__module__}}.{{type(model_admin).__name__}}",
        [inline.__name__ for inline in model_admin.get_inlines(None, None)],
    ]
    for model, model_admin in admin.site._registry.items()
}}, sort_keys=True))
"""


def registry_with_apps_in(order: list[str]) -> dict:
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-c", REGISTRY_SCRIPT.format(apps=order)],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_the_admin_is_the_same_whatever_the_order_of_the_apps():
    usual = registry_with_apps_in(PROJECT_APPS)
    reversed_order = registry_with_apps_in(list(reversed(PROJECT_APPS)))

    assert usual == reversed_order
    assert "PlanMeasureInline" in usual["actionplan.Plan"][1]
    assert "PriorityMeasureInline" in usual["actionplan.Priority"][1]


def test_every_model_is_registered_by_its_own_apps_admin():
    for model, model_admin in admin.site._registry.items():
        registered_by = type(model_admin).__module__.split(".")[0]
        if model is get_user_model():
            # Django's own user admin is replaced by the app of partnership memberships.
            assert registered_by == "actionplan"
        elif model._meta.app_label in PROJECT_APPS:
            assert registered_by == model._meta.app_label, model._meta.label


def test_the_spreadsheet_lists_carry_the_import_and_export_buttons():
    for model in (Organisation, Contact, Action, Measure):
        model_admin = admin.site._registry[model]
        assert isinstance(model_admin, SpreadsheetAdminMixin)
        assert model_admin.spreadsheet_resource._meta.model is model
    for model in (Plan, Priority):
        assert not isinstance(admin.site._registry[model], SpreadsheetAdminMixin)
