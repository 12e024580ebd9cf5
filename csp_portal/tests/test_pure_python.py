"""The pure packages sit below every app: each can be read, used and tested without Django
(import-linter checks the imports written; this checks what importing one really loads)."""

import subprocess
import sys
from pathlib import Path

import pytest

ABOVE = ("django", "actionplan", "partners", "performance", "csp_portal")
PURE = [
    "figure_text",
    "periods",
    "performance.calculations",
    "performance.exact_arithmetic",
    "performance.series_calculations",
]


@pytest.mark.parametrize("module", PURE)
def test_a_pure_module_loads_nothing_of_django_or_the_project(module):
    # A fresh interpreter: this one has Django loaded already, by pytest-django.
    # Allowed: the pure modules themselves, and the packages that hold them (performance's
    # __init__ is empty, so importing it loads nothing).
    script = (
        f"import sys, {module}\n"
        f"pure = {PURE!r}\n"
        "allowed = lambda name: any(p == name or p.startswith(name + '.') "
        "or name.startswith(p + '.') for p in pure)\n"
        f"print(sorted(n for n in sys.modules if n.split('.')[0] in {ABOVE!r} and not allowed(n)))"
    )
    root = Path(__file__).resolve().parents[2]
    loaded = subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True
    )

    assert loaded.stdout.strip() == "[]"
