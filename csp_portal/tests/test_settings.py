"""Settings come from the environment and refuse unsafe production values."""

import json
import os
import secrets
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
    assert "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "changeme",
        "x" * 60,  # long, but one character
        "abcd" * 15,  # long, but four different characters
        "django-insecure-" + secrets.token_urlsafe(50),  # Django's sample key, never set
    ],
    ids=["changeme", "one-character", "four-characters", "django-insecure"],
)
def test_production_refuses_to_start_with_a_guessable_secret_key(key):
    result = load_settings(DEBUG="false", SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY is too easy to guess" in result.stderr
    # The message says how to make a good one.
    assert "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'" in result.stderr


def test_a_secret_key_made_as_the_message_says_starts_production():
    made = subprocess.run(  # noqa: S603 - our own interpreter and the message's own command
        [sys.executable, "-c", "import secrets; print(secrets.token_urlsafe(50))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    result = load_settings(DEBUG="false", SECRET_KEY=made)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["SECRET_KEY"] == made


def test_production_uses_the_given_secret_key_and_hosts():
    key = secrets.token_urlsafe(50)
    result = load_settings(
        DEBUG="false", SECRET_KEY=key, ALLOWED_HOSTS="csp.example.org, www.example.org"
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SECRET_KEY"] == key
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


def test_production_refuses_to_start_with_the_two_step_bypass():
    key = secrets.token_urlsafe(50)
    result = load_settings(DEBUG="false", SECRET_KEY=key, TWO_STEP_DEMO_BYPASS="true")
    assert result.returncode != 0
    assert "TWO_STEP_DEMO_BYPASS lets staff in without their second step" in result.stderr
    assert load_settings(DEBUG="false", SECRET_KEY=key).returncode == 0


def test_development_signs_demo_users_in_without_a_phone_by_default():
    script = "from csp_portal import settings as s; print(s.TWO_STEP_DEMO_BYPASS)"
    done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script],
        cwd=PROJECT,
        env={k: v for k, v in os.environ.items() if k not in ("DEBUG", "TWO_STEP_DEMO_BYPASS")},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "True"
