"""A plan administrator manages the users and memberships of their own partnerships only, and
can give nobody (themselves included) another partnership, superuser status, a permission or
a group with more power than theirs."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from actionplan.models import PartnershipMembership
from conftest import make_staff
from partners import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def other_administrator(other_partnership):
    return make_staff("other-admin", roles.ADMINISTRATOR, other_partnership)


def user_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def user_form(client, user) -> dict:
    """The user's change form as the page shows it, ready to post back."""
    form = client.get(user_url(user)).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and name not in ("password", "last_login", "date_joined")
    }
    data["groups"] = [group.pk for group in form.initial.get("groups", [])]
    data.update(
        {
            "partnership_memberships-TOTAL_FORMS": "0",
            "partnership_memberships-INITIAL_FORMS": "0",
            "partnership_memberships-MIN_NUM_FORMS": "0",
            "partnership_memberships-MAX_NUM_FORMS": "1000",
            "_save": "Save",
        }
    )
    return {key: value for key, value in data.items() if value is not None}


def test_administrator_lists_their_partnerships_users_and_not_anothers(
    admin_client, officer, other_partnership_officer, other_administrator
):
    listed = admin_client.get(reverse("admin:auth_user_changelist")).context["cl"].result_list
    usernames = set(listed.values_list("username", flat=True))
    assert {"test-officer", "test-administrator"} <= usernames
    assert not usernames & {"other-officer", "other-admin"}
    response = admin_client.get(user_url(other_partnership_officer))
    assert (response.status_code, response["Location"]) == (302, reverse("admin:index"))


def test_administrator_never_reaches_a_superuser(admin_client):
    it_team = get_user_model().objects.create_user("it-team", is_superuser=True, is_staff=True)
    assert admin_client.get(user_url(it_team)).status_code == 302


def test_administrator_cannot_make_themselves_a_superuser_or_grant_permissions(
    admin_client, administrator
):
    data = user_form(admin_client, administrator)
    data.update({"is_superuser": "on", "user_permissions": ["1", "2"]})
    response = admin_client.post(user_url(administrator), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    administrator.refresh_from_db()
    assert not administrator.is_superuser
    assert not administrator.user_permissions.exists()


def test_administrator_is_offered_no_group_with_more_power(admin_client, officer):
    powerful = Group.objects.create(name="Everything")
    powerful.permissions.set(Permission.objects.all())
    form = admin_client.get(user_url(officer)).context["adminform"].form
    offered = set(form.fields["groups"].queryset.values_list("name", flat=True))
    assert offered == {roles.OFFICER, roles.ADMINISTRATOR, roles.PARTNER}


def test_administrator_cannot_give_anyone_a_partnership_they_do_not_manage(
    admin_client, administrator, other_partnership, seed_partnership
):
    form = admin_client.get(user_url(administrator)).context["inline_admin_formsets"]
    (memberships,) = [f for f in form if f.formset.prefix == "partnership_memberships"]
    offered = set(memberships.formset.empty_form.fields["partnership"].queryset)
    assert offered == {seed_partnership}

    data = user_form(admin_client, administrator)
    data.update(
        {
            "partnership_memberships-TOTAL_FORMS": "1",
            "partnership_memberships-0-partnership": str(other_partnership.pk),
        }
    )
    response = admin_client.post(user_url(administrator), data)
    assert response.status_code == 200, "the page comes back with the choice refused"
    assert "Select a valid choice" in response.content.decode()
    assert not PartnershipMembership.objects.filter(
        user=administrator, partnership=other_partnership
    ).exists()


def test_administrator_sees_no_membership_of_another_partnership(
    admin_client, officer, other_partnership_officer
):
    listed = admin_client.get(reverse("admin:actionplan_partnershipmembership_changelist"))
    users = set(listed.context["cl"].result_list.values_list("user__username", flat=True))
    assert users >= {"test-officer"} and "other-officer" not in users


def test_officer_may_not_manage_users(client, officer):
    client.force_login(officer)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
