"""Two-step sign-in: who must take the second step, and that every page but a few sends a
signed-in user who owes it to set it up or to give a code."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import confirmed_totp_device, next_totp_code, sign_in_password_only

pytestmark = pytest.mark.django_db

SET_UP = "/accounts/two-step/set-up/"
VERIFY = "/accounts/two-step/verify/"


def sent_to(response, step: str, back: str) -> bool:
    return response.status_code == 302 and response.url == f"{step}?next={quote(back, safe='')}"


@pytest.mark.parametrize(
    "url",
    ["/", "/plans/", "/accounts/password_change/", "/admin/", "/admin/auth/user/"],
    ids=["home", "plans", "password-change", "admin-home", "admin-users"],
)
def test_staff_signed_in_with_a_password_alone_is_sent_to_set_up_from_every_page(
    client, officer, administrator, url
):
    for user in (officer, administrator):
        sign_in_password_only(client, user)
        response = client.get(url)
        assert sent_to(response, SET_UP, url), (user, response)


def test_staff_with_an_app_set_up_is_asked_for_a_code_not_to_set_up_again(client, officer):
    confirmed_totp_device(officer)
    sign_in_password_only(client, officer)
    assert sent_to(client.get("/plans/"), VERIFY, "/plans/")
    # The set-up page never lets a password alone replace the app.
    assert client.get(SET_UP).url == reverse("two_step:verify")


def test_the_admin_refuses_staff_who_have_not_given_the_second_step(client, officer):
    confirmed_totp_device(officer)
    sign_in_password_only(client, officer)
    for url in ("/admin/", "/admin/login/", "/admin/actionplan/plan/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(VERIFY), url
    client.force_login(officer)
    assert client.get("/admin/").status_code == 200


def test_a_post_while_the_step_is_owed_changes_nothing_and_is_sent_to_the_step(client, officer):
    sign_in_password_only(client, officer)
    response = client.post("/accounts/password_change/", {"old_password": "staff-pass-1234"})
    assert response.status_code == 302 and response.url.startswith(SET_UP)


def test_sign_out_health_static_and_the_steps_own_pages_open_while_the_step_is_owed(
    client, officer
):
    sign_in_password_only(client, officer)
    assert client.get(SET_UP).status_code == 200
    assert client.get(reverse("two_step:qr-code")).status_code == 200
    assert client.get("/health/").status_code == 200
    assert client.get("/accessibility/").status_code == 200
    assert client.post(reverse("keep-alive")).status_code == 204
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_partner_signs_in_with_a_password_alone_unless_their_organisation_requires_it(
    client, partner_user
):
    sign_in_password_only(client, partner_user)
    assert client.get("/").status_code == 200

    organisation = partner_user.partner_profile.organisation
    organisation.requires_two_step = True
    organisation.save()
    assert sent_to(client.get("/"), SET_UP, "/")


def test_partner_who_turned_it_on_gives_a_code_and_may_turn_it_off(client, partner_user):
    confirmed_totp_device(partner_user)
    sign_in_password_only(client, partner_user)
    assert sent_to(client.get("/"), VERIFY, "/")

    client.force_login(partner_user)
    client.post(reverse("two_step:turn-off"))
    assert not TOTPDevice.objects.filter(user=partner_user).exists()
    sign_in_password_only(client, partner_user)
    assert client.get("/").status_code == 200


def test_staff_cannot_turn_two_step_off(client, officer):
    client.force_login(officer)
    client.post(reverse("two_step:turn-off"))
    assert TOTPDevice.objects.filter(user=officer, confirmed=True).exists()
    assert client.get("/").status_code == 200


def test_partner_may_turn_it_on_from_their_account(client, partner_user):
    client.force_login(partner_user)
    account = client.get(reverse("two_step:account")).content.decode()
    assert "Two-step sign-in is <strong>off</strong>" in account
    assert reverse("two_step:set-up") in account
    assert client.get(SET_UP).status_code == 200


def test_the_second_step_lasts_the_session_and_ends_with_it(client, officer):
    device = confirmed_totp_device(officer)
    sign_in_password_only(client, officer)
    client.post(VERIFY, {"code": next_totp_code(device), "next": "/plans/"})
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/plans/").status_code == 200

    client.post(reverse("logout"))
    sign_in_password_only(client, officer)
    assert sent_to(client.get("/plans/"), VERIFY, "/plans/")
