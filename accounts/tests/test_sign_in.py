"""Signing in: plain-English failures, and repeated failures throttled on both sign-in pages."""

import re

import pytest
from django.contrib.auth.password_validation import ValidationError, validate_password
from django.core.cache import cache
from django.urls import reverse

from partners import roles
from partners.services import user_set_up

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # noqa: S105


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def officer_account(db):
    return user_set_up(username="sam", password=PASSWORD, role=roles.OFFICER)


def sign_in(client, password, url="login", address="192.0.2.10", username="sam"):
    return client.post(
        reverse(url), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_wrong_password_gets_a_plain_message_and_an_error_title(client, officer_account):
    response = sign_in(client, "wrong-password")
    html = response.content.decode()
    assert "The username or password is not right" in html
    assert "<title>Error: Sign in" in html
    assert "_auth_user_id" not in client.session


def test_right_password_signs_in(client, officer_account):
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer_account.pk)


def test_after_five_failures_even_the_right_password_is_refused_for_a_while(
    client, officer_account, settings
):
    settings.LOGIN_FAILURE_LIMIT = 5
    for _ in range(5):
        sign_in(client, "wrong-password")
    response = sign_in(client, PASSWORD)
    assert "Too many failed attempts to sign in. Wait 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_from_one_address_slow_guessing_across_usernames(client, officer_account):
    for number in range(10):
        sign_in(client, "wrong-password", username=f"guess{number}")
    response = sign_in(client, PASSWORD)
    assert "Wait 1 second, then try again" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_sign_in_page_is_throttled_too(client, officer_account):
    for _ in range(5):
        sign_in(client, "wrong-password", url="admin:login")
    response = sign_in(client, PASSWORD, url="admin:login", address="192.0.2.99")
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failed_sign_in_is_logged_without_the_password(client, officer_account, caplog):
    with caplog.at_level("WARNING", logger="csp_portal.security"):
        sign_in(client, "wrong-password-secret")
    assert "Failed sign-in for username 'sam' from 192.0.2.10" in caplog.text
    assert "wrong-password-secret" not in caplog.text


def test_short_passwords_are_refused(officer_account):
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("short-pw1")


def test_sign_out_is_post_only(client, officer_account):
    client.force_login(officer_account)
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_the_username_field_keeps_djangos_input_hints(client, db):
    # Phones must not capitalise a username, and the field says how long one may be.
    html = client.get("/accounts/login/").content.decode()
    username = re.search(r'<input [^>]*name="username"[^>]*>', html).group(0)
    assert 'autocapitalize="none"' in username
    assert 'autocomplete="username"' in username
    assert 'maxlength="150"' in username
