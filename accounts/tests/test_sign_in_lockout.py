"""The sign-in lock: one per account whatever its spelling, 15 minutes exactly, never a
switch that locks out everyone behind one address."""

import logging

import pytest
from django.core.management import call_command
from django.urls import reverse

from partners import roles
from partners.services import user_set_up

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # noqa: S105
PROXY = "10.0.0.1"
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/140.0"


@pytest.fixture
def police(db):
    return user_set_up(username="police", password=PASSWORD, role=roles.OFFICER)


def sign_in(client, username, password, address="192.0.2.10", **headers):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def lock(client, username="police", **where):
    for _ in range(5):
        sign_in(client, username, "wrong-password", **where)


def test_a_locked_username_stays_locked_in_any_unicode_spelling(client, police):
    lock(client)
    for spelling in ["ｐｏｌｉｃｅ", "police ", "ⓟolice"]:
        response = sign_in(client, spelling, PASSWORD, address="192.0.2.99")
        assert "Too many failed attempts to sign in" in response.content.decode(), spelling
        assert not signed_in(client)


def test_failures_in_other_spellings_count_towards_the_same_lock(client, police):
    for spelling in ["ｐｏｌｉｃｅ", "POLICE", "Police", "ｐｏｌｉｃｅ", "police"]:
        sign_in(client, spelling, "wrong-password", address="192.0.2.11")
    response = sign_in(client, "police", PASSWORD, address="192.0.2.12")
    assert "Too many failed attempts" in response.content.decode()
    assert not signed_in(client)


def test_one_client_behind_the_proxy_cannot_lock_out_everyone_else(client, police, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    for number in range(5):
        sign_in(client, f"made-up-{number}", "wrong", PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    response = sign_in(client, "police", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert response.status_code == 302
    assert signed_in(client)


def test_one_client_at_an_address_cannot_lock_out_another_browser_there(client, police):
    for number in range(5):
        sign_in(client, f"made-up-{number}", "wrong", HTTP_USER_AGENT="guessing-script/1.0")
    response = sign_in(client, "police", PASSWORD, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302


def test_a_client_guessing_many_usernames_is_slowed_whatever_address_it_claims(client, police):
    # No trusted proxy is configured: X-Forwarded-For is the visitor's own claim, ignored.
    for number in range(10):
        forged = f"198.51.100.{number}"
        sign_in(client, f"made-up-{number}", "wrong", HTTP_X_FORWARDED_FOR=forged)
    response = sign_in(client, "police", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.77")
    assert "many failed attempts to sign in from your network" in response.content.decode()
    assert not signed_in(client)


def test_the_log_names_the_client_behind_a_trusted_proxy_not_the_proxy(
    client, police, settings, caplog
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    with caplog.at_level(logging.WARNING, logger="csp_portal.security"):
        sign_in(client, "police", "wrong", PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5, 10.0.0.2")
    assert "Failed sign-in for username 'police' from 203.0.113.5" in caplog.text


@pytest.mark.parametrize("cache", ["memory", "database"])
def test_the_lock_lasts_fifteen_minutes_exactly(client, police, clock, settings, cache):
    if cache == "database":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "csp_test_cache",
            }
        }
        call_command("createcachetable", verbosity=0)
    lock(client)
    clock.move(minutes=14, seconds=50)
    response = sign_in(client, "police", PASSWORD)
    assert "Wait 15 minutes" in response.content.decode()
    clock.move(seconds=11)
    response = sign_in(client, "police", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_a_success_clears_the_accounts_failures(client, police):
    for _ in range(4):
        sign_in(client, "police", "wrong-password")
    assert sign_in(client, "police", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        sign_in(client, "police", "wrong-password")
    assert sign_in(client, "police", PASSWORD).status_code == 302
