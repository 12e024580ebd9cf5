"""The layout stays easy to read: small production modules."""

from pathlib import Path

from django.conf import settings

LONGEST_MODULE = 400


def production_modules():
    for path in sorted(Path(settings.BASE_DIR).glob("*/**/*.py")):
        parts = path.relative_to(settings.BASE_DIR).parts
        if parts[0].startswith(".") or parts[0] in {"node_modules", "bench", "staticfiles"}:
            continue
        if "tests" in parts or "migrations" in parts:
            continue
        yield path


def test_no_production_module_is_longer_than_the_limit():
    too_long = {
        str(path.relative_to(settings.BASE_DIR)): lines
        for path in production_modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST_MODULE
    }
    assert too_long == {}, f"split these modules by job (limit {LONGEST_MODULE} lines)"


def test_the_module_check_reads_every_app():
    read = {path.relative_to(settings.BASE_DIR).parts[0] for path in production_modules()}
    assert {"accounts", "actionplan", "datastore", "demo", "partners", "performance"} <= read
