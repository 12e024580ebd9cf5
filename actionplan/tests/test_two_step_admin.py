"""The administration's side of two-step sign-in: a plan administrator resets a user's second
step when they lose their phone (their own partnerships' users only, logged with who reset
whom), requires it for an organisation's partner users, and never sees anyone's secret."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_step.services import backup_codes_new
from conftest import confirmed_totp_device, make_staff, sign_in_password_only
from partners import roles
from partners.models import Organisation

pytestmark = pytest.mark.django_db

USERS = reverse("admin:auth_user_changelist")


def reset(client, *users):
    return client.post(
        USERS,
        {"action": "reset_two_step", "_selected_action": [user.pk for user in users]},
        follow=True,
    )


def test_administrator_resets_a_lost_phone_logged_and_the_user_sets_up_again(
    client, administrator, officer, caplog
):
    confirmed_totp_device(officer)
    backup_codes_new(user=officer)
    client.force_login(administrator)
    with caplog.at_level("WARNING", logger="csp_portal.security"):
        response = reset(client, officer)
    assert "Two-step sign-in reset for test-officer" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    assert "Two-step sign-in reset for test-officer by test-administrator from" in caplog.text

    sign_in_password_only(client, officer)
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/two-step/set-up/")


def test_a_reset_ends_the_second_step_of_a_session_already_signed_in(
    client, administrator, officer
):
    client.force_login(officer)
    assert client.get("/").status_code == 200
    from accounts.two_step.services import two_step_reset

    two_step_reset(user=officer, acting_user=administrator)
    assert client.get("/").url.startswith("/accounts/two-step/set-up/")


def test_administrator_cannot_reset_a_user_of_another_partnership(
    client, administrator, other_partnership
):
    stranger = make_staff("stranger", roles.OFFICER, other_partnership)
    confirmed_totp_device(stranger)
    client.force_login(administrator)
    reset(client, stranger)
    assert TOTPDevice.objects.filter(user=stranger, confirmed=True).exists()


def test_an_officer_is_offered_no_reset(client, officer, administrator):
    confirmed_totp_device(administrator)
    client.force_login(officer)
    reset(client, administrator)
    assert TOTPDevice.objects.filter(user=administrator, confirmed=True).exists()
    model_admin = admin.site._registry[type(officer)]
    request = type("Request", (), {"user": officer, "GET": {}})()
    assert "reset_two_step" not in model_admin.get_actions(request)


def test_only_those_who_manage_users_may_require_two_step_for_an_organisation(
    client, officer, administrator
):
    organisation = Organisation.objects.create(name="Kent Fire and Rescue Service")
    url = reverse("admin:partners_organisation_change", args=[organisation.pk])
    client.force_login(officer)
    form = client.get(url).context["adminform"].form
    assert "requires_two_step" not in form.fields, "read-only for an officer"

    client.force_login(administrator)
    form = client.get(url).context["adminform"].form
    assert "requires_two_step" in form.fields


def test_no_one_reads_a_users_secret_in_the_administration():
    assert not admin.site.is_registered(TOTPDevice)
    assert not admin.site.is_registered(StaticDevice)
