"""Guessing the current password on either password-change page is limited like sign-in,
and logged."""

import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse

WRONG = {
    "old_password": "not-my-password",
    "new_password1": "a-long-new-password-2026",
    "new_password2": "a-long-new-password-2026",
}


@pytest.fixture
def password_checks(monkeypatch):
    checked = []
    real = AbstractBaseUser.check_password

    def counting(user, raw_password):
        checked.append(raw_password)
        return real(user, raw_password)

    monkeypatch.setattr(AbstractBaseUser, "check_password", counting)
    return checked


@pytest.mark.parametrize("url", ["password_change", "admin:password_change"])
def test_wrong_current_passwords_are_limited_and_logged(
    officer_client, officer, password_checks, caplog, url
):
    with caplog.at_level(logging.WARNING, logger="csp_portal.security"):
        for _ in range(8):
            response = officer_client.post(reverse(url), WRONG, REMOTE_ADDR="192.0.2.30")
        assert len(password_checks) <= 5
        html = response.content.decode()
        assert "Too many wrong passwords. Wait 15 minutes, then try again." in html
        assert f"Wrong current password for {officer.username} from 192.0.2.30" in caplog.text
        assert "not-my-password" not in caplog.text
        assert not any("not-my-password" in row.post_data for row in AccessAttempt.objects.all())
        right = {**WRONG, "old_password": "staff-pass-1234"}
        response = officer_client.post(reverse(url), right, REMOTE_ADDR="192.0.2.30")
    assert response.status_code == 200, "the right password must wait too"
    officer.refresh_from_db()
    assert officer.check_password("staff-pass-1234")


def test_guesses_at_the_current_password_count_towards_the_sign_in_lock(
    officer_client, officer, client
):
    for _ in range(5):
        officer_client.post(reverse("password_change"), WRONG, REMOTE_ADDR="192.0.2.30")
    response = client.post(
        reverse("login"),
        {"username": officer.username, "password": "staff-pass-1234"},
        REMOTE_ADDR="192.0.2.31",
    )
    assert "Too many failed attempts" in response.content.decode()
