"""Two-step sign-in's codes: setting up an app from the secret the page shows, the codes it
then makes, wrong codes refused, counted, slowed down and logged, and backup codes that each
work once."""

import re
from base64 import b32decode
from datetime import timedelta

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import confirmed_totp_device, next_totp_code, sign_in_password_only

pytestmark = pytest.mark.django_db

SET_UP = reverse("two_step:set-up")
VERIFY = reverse("two_step:verify")


def secret_on_page(html: str) -> bytes:
    typed = re.search(r'id="secret"[^>]*>([A-Z2-7 ]+)<', html).group(1)
    return b32decode(typed.replace(" ", ""))


@pytest.fixture
def owed(client, officer):
    """An officer with an app, signed in with their password alone."""
    device = confirmed_totp_device(officer)
    sign_in_password_only(client, officer)
    return device


def test_set_up_with_the_code_computed_from_the_shown_secret_confirms_the_app(client, officer):
    sign_in_password_only(client, officer)
    page = client.get(SET_UP, {"next": "/plans/"}).content.decode()
    assert 'autocomplete="one-time-code"' in page
    key = secret_on_page(page)
    assert client.get(SET_UP).content.decode().count(page[page.index('id="secret"') :][:60]), (
        "a reload shows the same secret"
    )

    response = client.post(SET_UP, {"code": f"{totp(key):06d}", "next": "/plans/"})
    assert response.url == reverse("two_step:backup-codes") + "?next=%2Fplans%2F"
    device = TOTPDevice.objects.get(user=officer)
    assert device.confirmed and device.bin_key == key

    codes_page = client.get(response.url).content.decode()
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", codes_page)
    assert len(codes) == 10
    assert sorted(codes) == sorted(StaticToken.objects.values_list("token", flat=True))
    assert 'href="/plans/"' in codes_page
    assert client.get(reverse("two_step:backup-codes")).status_code == 302, "shown once only"
    assert client.get("/plans/").status_code == 200


def test_set_up_refuses_a_wrong_code_with_an_error_title_and_summary(client, officer, caplog):
    sign_in_password_only(client, officer)
    with caplog.at_level("WARNING", logger="csp_portal.security"):
        response = client.post(SET_UP, {"code": "000000"})
    html = response.content.decode()
    assert "<title>Error: Set up two-step sign-in" in html
    assert "There is a problem" in html and 'href="#id_code"' in html
    assert "The code is not right" in html
    assert not TOTPDevice.objects.get(user=officer).confirmed
    assert "Wrong two-step code for test-officer" in caplog.text
    assert "000000" not in caplog.text


def test_the_qr_code_is_an_svg_image_of_the_app_waiting_to_be_set_up(client, officer):
    sign_in_password_only(client, officer)
    assert client.get(reverse("two_step:qr-code")).status_code == 404
    client.get(SET_UP)
    response = client.get(reverse("two_step:qr-code"))
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content and b"<script" not in response.content
    # The page's policy allows images from the portal itself and no inline script.
    policy = client.get(SET_UP)["Content-Security-Policy"]
    # Read by directive: the header's order of them is not fixed.
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert "'self'" in directives["img-src"].split()
    assert directives["script-src"] == "'self'"


def test_a_right_code_completes_sign_in_and_goes_to_the_page_asked_for(client, owed):
    response = client.post(VERIFY, {"code": next_totp_code(owed), "next": "/plans/"})
    assert response.url == "/plans/"
    assert client.get("/plans/").status_code == 200


def test_a_code_from_another_site_is_not_followed(client, owed):
    response = client.post(VERIFY, {"code": next_totp_code(owed), "next": "https://evil.test/"})
    assert response.url == reverse("home")


def test_a_wrong_code_is_refused_in_plain_english_counted_and_logged(client, owed, caplog):
    with caplog.at_level("WARNING", logger="csp_portal.security"):
        response = client.post(VERIFY, {"code": "123456"})
    html = response.content.decode()
    assert "<title>Error: Enter your code" in html
    assert "The code is not right. Enter the code your app shows now" in html
    owed.refresh_from_db()
    assert owed.throttling_failure_count == 1
    assert "Wrong two-step code for test-officer from 127.0.0.1 (1 in a row)" in caplog.text
    assert "123456" not in caplog.text
    assert client.get("/plans/").status_code == 302


def a_moment_later(device, seconds: int) -> None:
    """As if `seconds` had passed since the last wrong code."""
    device.refresh_from_db()
    device.throttling_failure_timestamp -= timedelta(seconds=seconds)
    device.save(update_fields=["throttling_failure_timestamp"])


def test_after_wrong_codes_even_the_right_one_must_wait_longer_each_time(client, owed):
    client.post(VERIFY, {"code": "123456"})
    response = client.post(VERIFY, {"code": next_totp_code(owed)})
    assert "Too many wrong codes. Wait 1 second, then" in response.content.decode()
    assert client.get("/plans/").status_code == 302

    a_moment_later(owed, 1)
    client.post(VERIFY, {"code": "654321"})
    owed.refresh_from_db()
    assert owed.throttling_failure_count == 2
    response = client.post(VERIFY, {"code": next_totp_code(owed)})
    assert "Too many wrong codes. Wait 2 seconds, then" in response.content.decode()

    a_moment_later(owed, 2)
    assert client.post(VERIFY, {"code": next_totp_code(owed)}).status_code == 302
    owed.refresh_from_db()
    assert owed.throttling_failure_count == 0, "a right code starts the count again"


def test_throttling_is_on_for_apps_and_backup_codes(owed):
    assert owed.throttling_enabled
    assert StaticDevice(user=owed.user).throttling_enabled


def test_a_code_is_taken_once(client, owed, officer):
    code = next_totp_code(owed)
    client.post(VERIFY, {"code": code})
    client.post(reverse("logout"))
    sign_in_password_only(client, officer)
    response = client.post(VERIFY, {"code": code})
    assert "The code is not right" in response.content.decode()


def test_a_backup_code_signs_in_once_and_is_then_used_up(client, owed, officer):
    from accounts.two_step.services import backup_codes_new

    codes = backup_codes_new(user=officer)
    assert len(set(codes)) == 10
    response = client.post(VERIFY, {"code": codes[0].upper(), "next": "/plans/"})
    assert response.url == "/plans/"
    assert StaticToken.objects.filter(device__user=officer).count() == 9

    client.post(reverse("logout"))
    sign_in_password_only(client, officer)
    response = client.post(VERIFY, {"code": codes[0]})
    assert "The code is not right" in response.content.decode()
    a_moment_later(StaticDevice.objects.get(user=officer), 1)
    assert client.post(VERIFY, {"code": codes[1]}).status_code == 302


def test_new_backup_codes_replace_the_old_ones(client, officer):
    from accounts.two_step.services import backup_codes_new

    old = backup_codes_new(user=officer)
    client.force_login(officer)
    response = client.post(reverse("two_step:new-backup-codes"))
    new = re.findall(r"<li>([a-z2-7]{8})</li>", client.get(response.url).content.decode())
    assert len(new) == 10
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)


def test_the_account_page_counts_the_backup_codes_left(client, officer):
    from accounts.two_step.services import backup_codes_new

    backup_codes_new(user=officer)
    client.force_login(officer)
    html = client.get(reverse("two_step:account")).content.decode()
    assert "You have 10 unused backup codes." in html
    assert "Turn off" not in html, "staff cannot turn it off"
