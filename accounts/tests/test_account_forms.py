"""The account pages speak plain English: each empty or wrong field says what to do."""

import pytest
from django.urls import reverse

DJANGO_DEFAULT = "This field is required."


@pytest.mark.django_db
def test_an_empty_sign_in_says_what_to_enter_in_each_field(client):
    html = client.post(reverse("login"), {}).content.decode()
    assert "Username: Enter your username" in html
    assert "Password: Enter your password" in html
    assert DJANGO_DEFAULT not in html


def test_a_wrong_current_password_is_named_as_such(officer_client):
    response = officer_client.post(
        reverse("password_change"),
        {
            "old_password": "not-my-password",
            "new_password1": "a-long-new-password-2026",
            "new_password2": "a-long-new-password-2026",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Current password: Your current password is not right. Enter it again." in html
    assert "Confirm new password" in html


def test_two_different_new_passwords_are_refused_in_plain_words(officer_client):
    html = officer_client.post(
        reverse("password_change"),
        {
            "old_password": "officer-pass-123",
            "new_password1": "a-long-new-password-2026",
            "new_password2": "a-long-new-password-2027",
        },
    ).content.decode()
    assert "The two new passwords are not the same. Enter the same password twice." in html


@pytest.mark.django_db
def test_a_reset_request_for_something_that_is_not_an_email_address_says_so(client):
    html = client.post(reverse("password_reset"), {"email": "not-an-email"}).content.decode()
    assert "Email address: Enter an email address in the right form, like name@example.org" in html
    assert DJANGO_DEFAULT not in html
