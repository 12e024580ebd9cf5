"""What a stranger's failures can do to others: lock an account for new browsers only, and
slow an address down, never lock it. A browser its owner has signed in with keeps working."""

import logging
import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts import known_browsers
from accounts.address_pace import wait_delay
from partners import roles
from partners.services import user_set_up

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # noqa: S105
OFFICE = "192.0.2.10"  # one council network: the owner and the stranger share it
ELSEWHERE = "198.51.100.7"


@pytest.fixture
def police(db):
    return user_set_up(username="police", password=PASSWORD, role=roles.OFFICER)


def sign_in(client, username, password, address=OFFICE):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def assert_locked_out(response, client) -> None:
    assert "Too many failed attempts" in response.content.decode()
    assert not signed_in(client)


def sign_out(client) -> None:
    client.post(reverse("logout"))


@pytest.fixture
def owners_browser(police):
    """The officer's own browser, signed in with once and signed out again."""
    browser = Client()
    assert sign_in(browser, "police", PASSWORD).status_code == 302
    sign_out(browser)
    assert known_browsers.COOKIE in browser.cookies
    return browser


def test_a_stranger_locking_the_account_does_not_lock_out_its_owners_browser(owners_browser):
    stranger = Client()
    for _ in range(5):
        sign_in(stranger, "police", "wrong", address=ELSEWHERE)
    assert_locked_out(sign_in(stranger, "police", PASSWORD), stranger)

    assert sign_in(owners_browser, "police", PASSWORD).status_code == 302
    assert signed_in(owners_browser)


def test_a_known_browser_is_known_for_its_own_account_only(owners_browser):
    user_set_up(username="fire", password=PASSWORD, role=roles.OFFICER)
    for _ in range(5):
        sign_in(Client(), "fire", "wrong", address=ELSEWHERE)
    assert_locked_out(sign_in(owners_browser, "fire", PASSWORD), owners_browser)


def test_a_known_browser_has_no_more_guesses_than_anyone_else_first(owners_browser):
    for _ in range(5):
        sign_in(owners_browser, "police", "wrong")
    # Its own five failures use up the cookie's trust; from then on it is a stranger, and
    # the account's lock counts it like one.
    for _ in range(5):
        sign_in(owners_browser, "police", "wrong")
    assert_locked_out(sign_in(owners_browser, "police", PASSWORD), owners_browser)


def test_a_known_browsers_guesses_do_not_lock_the_account_for_others(owners_browser):
    for _ in range(4):
        sign_in(owners_browser, "police", "wrong")
    other = Client()
    assert sign_in(other, "police", PASSWORD, address=ELSEWHERE).status_code == 302


def test_a_forged_or_altered_cookie_is_trusted_for_nothing(owners_browser):
    value = owners_browser.cookies[known_browsers.COOKIE].value
    forger = Client()
    forger.cookies[known_browsers.COOKIE] = value[:-2] + ("A" if value[-2] != "A" else "B") + "x"
    for _ in range(5):
        sign_in(Client(), "police", "wrong", address=ELSEWHERE)
    assert_locked_out(sign_in(forger, "police", PASSWORD), forger)


def test_the_cookie_is_http_only_and_long_lived(owners_browser):
    cookie = owners_browser.cookies[known_browsers.COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == known_browsers.KEEP_DAYS * 24 * 3600


def test_the_address_is_slowed_after_ten_failures_and_never_locked(police, clock):
    fail_at_many_accounts(10, clock)
    assert wait_for_a_colleague() == 1
    clock.move(seconds=1)
    # The eleventh failure is checked, and makes the next attempt wait 2 seconds.
    assert "not right" in sign_in(Client(), "made-up-10", "wrong").content.decode()
    colleague = Client()
    response = sign_in(colleague, "police", PASSWORD)
    assert "Wait 2 seconds, then try again" in response.content.decode()
    assert not signed_in(colleague)
    clock.move(seconds=2)
    assert sign_in(colleague, "police", PASSWORD).status_code == 302


def wait_shown(response) -> int:
    found = re.search(r"Wait (\d+) seconds?, then try again", response.content.decode())
    return int(found.group(1)) if found else 0


def fail_at_many_accounts(count, clock, client=None, first=0):
    """A script at the office guessing at made-up accounts, waiting whenever it is told to."""
    client = client or Client()
    for number in range(first, first + count):
        response = sign_in(client, f"made-up-{number}", "wrong")
        if wait := wait_shown(response):
            clock.move(seconds=wait)
            response = sign_in(client, f"made-up-{number}", "wrong")
        assert "not right" in response.content.decode()


def wait_for_a_colleague() -> int:
    """The wait a colleague at the office is told of, signing in with a right password."""
    return wait_shown(sign_in(Client(), "police", PASSWORD))


def test_attempts_refused_while_waiting_are_neither_checked_nor_counted(police, clock):
    stranger = Client()
    fail_at_many_accounts(12, clock, stranger)
    for _ in range(20):  # a script hammering during its wait, at the real account
        assert wait_shown(sign_in(stranger, "police", "wrong")) > 0
    # None of those twenty reached the account: its owner's password works after the wait.
    clock.move(seconds=4)
    assert sign_in(Client(), "police", PASSWORD).status_code == 302


def test_the_wait_doubles_up_to_a_minute_and_ends_with_the_window(police, clock):
    waits = []
    for number in range(20):
        fail_at_many_accounts(1, clock, first=number)
        waits.append(wait_for_a_colleague())
    assert waits == [0] * 9 + [1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60]
    clock.move(minutes=15)
    assert sign_in(Client(), "police", PASSWORD).status_code == 302


def test_wait_delay_doubles_from_one_second_and_stops_at_the_most(settings):
    settings.LOGIN_ADDRESS_FREE_FAILURES = 10
    settings.LOGIN_ADDRESS_MOST_WAIT_SECONDS = 60
    assert [wait_delay(n) for n in range(9, 18)] == [0, 1, 2, 4, 8, 16, 32, 60, 60]
    assert wait_delay(10**6) == 60


def test_a_known_browser_at_a_slowed_address_does_not_wait(owners_browser):
    stranger = Client()
    for number in range(12):
        sign_in(stranger, f"made-up-{number}", "wrong")
    assert "Wait" in sign_in(Client(), "police", PASSWORD).content.decode()
    assert sign_in(owners_browser, "police", PASSWORD).status_code == 302


def test_other_addresses_are_not_slowed(police):
    for number in range(12):
        sign_in(Client(), f"made-up-{number}", "wrong")
    assert sign_in(Client(), "police", PASSWORD, address=ELSEWHERE).status_code == 302


def test_a_slowed_attempt_is_logged_with_its_address(police, caplog):
    for number in range(10):
        sign_in(Client(), f"made-up-{number}", "wrong")
    with caplog.at_level(logging.WARNING, logger="csp_portal.security"):
        response = sign_in(Client(), "police", PASSWORD)
    assert "Wait 1 second, then try again" in response.content.decode()
    assert f"Sign-in slowed for {OFFICE}: 1 s to wait" in caplog.text
