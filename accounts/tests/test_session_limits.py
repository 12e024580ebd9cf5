"""A session ends 12 hours after sign-in however busy it is, and after 30 minutes idle."""

import re

import pytest
from django.urls import reverse

from accounts.sessions import in_words
from conftest import confirmed_totp_device, next_totp_code
from partners import roles
from partners.services import user_set_up

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # noqa: S105
HOURS_12 = 12 * 60 * 60


@pytest.fixture
def signed_in_client(client, db, settings):
    return signed_in(client, settings)


def signed_in(client, settings):
    settings.SESSION_COOKIE_AGE = HOURS_12
    settings.SESSION_IDLE_SECONDS = 30 * 60
    officer = user_set_up(username="sam", password=PASSWORD, role=roles.OFFICER)
    device = confirmed_totp_device(officer)
    response = client.post(reverse("login"), {"username": "sam", "password": PASSWORD})
    assert response.status_code == 302
    # Both steps, as an officer signs in: the 12 hours run from the password step.
    response = client.post(reverse("two_step:verify"), {"code": next_totp_code(device)})
    assert response.status_code == 302
    return client


def test_a_session_in_constant_use_ends_twelve_hours_after_sign_in(signed_in_client, clock):
    page = reverse("actionplan:plan-list")
    for _ in range(11 * 3 + 2):  # a request every 20 minutes, to 11 h 40 min
        clock.move(minutes=20)
        assert signed_in_client.get(page).status_code == 200
    clock.move(minutes=21)  # 12 h 1 min after signing in
    response = signed_in_client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in signed_in_client.session


def test_refreshing_the_idle_clock_never_moves_the_cookie_past_the_absolute_end(
    signed_in_client, clock
):
    for step in range(1, 19):  # a request every 20 minutes, to 6 hours
        clock.move(minutes=20)
        response = signed_in_client.get(reverse("actionplan:plan-list"))
        left = HOURS_12 - step * 20 * 60
        cookie = response.cookies.get("sessionid")
        assert cookie is not None, "the idle clock was not saved"
        assert int(cookie["max-age"]) <= left + 5
        assert signed_in_client.session.get_expiry_age() <= left + 5


def test_staying_signed_in_from_the_idle_warning_does_not_pass_the_absolute_end(
    signed_in_client, clock
):
    for _ in range(12 * 4 - 1):  # "Stay signed in" every 15 minutes, to 11 h 45 min
        clock.move(minutes=15)
        assert signed_in_client.post(reverse("keep-alive")).status_code == 204
    clock.move(minutes=16)
    assert signed_in_client.post(reverse("keep-alive")).status_code != 204
    assert "_auth_user_id" not in signed_in_client.session


def test_idle_for_thirty_minutes_still_signs_out(signed_in_client, clock):
    clock.move(minutes=31)
    response = signed_in_client.get(reverse("actionplan:plan-list"), follow=True)
    assert "signed out after 30 minutes without activity" in response.content.decode()
    assert "_auth_user_id" not in signed_in_client.session


def seconds_left_on(page_html: str) -> int:
    return int(re.search(r'data-session-seconds-left="(\d+)"', page_html).group(1))


def test_every_page_tells_its_script_when_the_twelve_hours_end(client, db, settings, clock):
    clock.stop()
    signed_in_client = signed_in(client, settings)
    page = reverse("actionplan:plan-list")
    assert seconds_left_on(signed_in_client.get(page).content.decode()) == HOURS_12
    for _ in range(11 * 3 + 2):  # busy, as a session is: a request every 20 minutes
        clock.move(minutes=20)
        signed_in_client.get(page)
    clock.move(minutes=19)  # 11 h 59 min after signing in
    assert seconds_left_on(signed_in_client.get(page).content.decode()) == 60


def test_the_sign_in_page_says_why_when_the_twelve_hours_ended(client, db, settings):
    # What the page's script opens when the session it showed reaches its end: by then the
    # session is gone, so only the address can say why the user must sign in again.
    settings.SESSION_COOKIE_AGE = HOURS_12
    html = client.get(reverse("login") + "?ended=absolute&next=/plans/").content.decode()
    assert "You were signed out 12 hours after signing in. Sign in again to carry on." in html
    assert "You were signed out" not in client.get(reverse("login")).content.decode()


def test_the_end_is_told_in_the_limits_own_units():
    assert [in_words(s) for s in (43200, 3600, 1800, 60, 90, 1)] == [
        "12 hours",
        "1 hour",
        "30 minutes",
        "1 minute",
        "90 seconds",
        "1 second",
    ]
