"""The development bypass: on `make run` (DEBUG on) demo staff without a phone sign in with
their password alone; with DEBUG off the setting does nothing, and production refuses it."""

import pytest

from conftest import confirmed_totp_device, sign_in_password_only

pytestmark = pytest.mark.django_db


def test_the_bypass_lets_staff_without_an_app_in_only_with_debug_on(client, officer, settings):
    settings.TWO_STEP_DEMO_BYPASS = True
    sign_in_password_only(client, officer)

    settings.DEBUG = False
    response = client.get("/plans/")
    assert response.status_code == 302 and response.url.startswith("/accounts/two-step/set-up/")

    settings.DEBUG = True
    assert client.get("/plans/").status_code == 200


def test_the_bypass_still_asks_a_user_with_an_app_for_their_code(client, officer, settings):
    settings.DEBUG = True
    settings.TWO_STEP_DEMO_BYPASS = True
    confirmed_totp_device(officer)
    sign_in_password_only(client, officer)
    assert client.get("/plans/").url.startswith("/accounts/two-step/verify/")


def test_tests_run_without_the_bypass(settings):
    assert settings.TWO_STEP_DEMO_BYPASS is False
