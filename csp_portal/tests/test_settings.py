"""Settings come from the environment and refuse unsafe production values."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SETTINGS_KEYS = ["DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"]


def load_settings(**env):
    """Import the settings in a fresh interpreter with exactly this environment."""
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_KEYS}
    script = (
        "import json; from csp_portal import settings as s; "
        "print(json.dumps({'DEBUG': s.DEBUG, 'SECRET_KEY': s.SECRET_KEY, "
        "'ALLOWED_HOSTS': s.ALLOWED_HOSTS, 'ENGINE': s.DATABASES['default']['ENGINE'], "
        "'NAME': str(s.DATABASES['default']['NAME'])}))"
    )
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script],
        cwd=PROJECT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_development_defaults_need_no_environment():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is True
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"] == str(PROJECT / "db.sqlite3")
    assert values["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_uses_the_given_secret_key_and_hosts():
    result = load_settings(
        DEBUG="false", SECRET_KEY="x" * 60, ALLOWED_HOSTS="csp.example.org, www.example.org"
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SECRET_KEY"] == "x" * 60
    assert values["ALLOWED_HOSTS"] == ["csp.example.org", "www.example.org"]


@pytest.mark.parametrize("typo", ["ture", "yes please", "2"])
def test_a_misspelt_debug_flag_stops_start_up_rather_than_guessing(typo):
    result = load_settings(DEBUG=typo)
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_database_url_selects_postgresql():
    result = load_settings(DATABASE_URL="postgres://user:pw@127.0.0.1:5432/csp")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["NAME"] == "csp"
