"""spreadsheets sits below every app: it loads with Django and its libraries alone."""

import subprocess
import sys
from pathlib import Path

APPS = ("partners", "actionplan", "performance", "csp_portal", "accounts", "datastore", "web")
MODULES = ("access", "admin", "columns", "exports", "files", "imports", "pending", "resources")


def test_spreadsheets_imports_no_app_of_the_project():
    # A fresh interpreter with a bare configuration: no project app is installed, so one
    # imported by any module here would be loaded by that import alone.
    script = (
        "import sys, django\n"
        "from django.conf import settings\n"
        "settings.configure(INSTALLED_APPS=['django.contrib.contenttypes',"
        " 'django.contrib.auth', 'django.contrib.admin', 'import_export'])\n"
        "django.setup()\n"
        f"for name in {MODULES!r}: __import__('spreadsheets.' + name)\n"
        f"print(sorted(n for n in sys.modules if n.split('.')[0] in {APPS!r}))"
    )
    root = Path(__file__).resolve().parents[2]
    loaded = subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True
    )

    assert loaded.stdout.strip() == "[]"
