"""create_demo_users gives each demo login its role, and never runs in production."""

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from conftest import OTHER_PARTNERSHIP, SEED_PARTNERSHIP, partnership_of
from partners import roles
from partners.models import Organisation


def run_command():
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    return out.getvalue()


@pytest.fixture
def partner_organisations(db):
    Organisation.objects.create(name="Kent Police")
    Organisation.objects.create(name="Kenward Trust")
    partnership_of(SEED_PARTNERSHIP)
    partnership_of(OTHER_PARTNERSHIP)


def partnerships_of(user) -> list[str]:
    return list(user.partnership_memberships.values_list("partnership__slug", flat=True))


def test_demo_users_get_their_roles_and_organisations(partner_organisations, settings):
    settings.DEBUG = True
    output = run_command()

    officer = authenticate(username="officer", password="officer-demo-2012")
    admin = authenticate(username="admin", password="admin-demo-2012")
    police = authenticate(username="police", password="police-demo-2012")
    kenward = authenticate(username="kenward", password="kenward-demo-2012")

    assert [g.name for g in officer.groups.all()] == [roles.OFFICER]
    assert officer.is_staff and not officer.is_superuser
    assert [g.name for g in admin.groups.all()] == [roles.ADMINISTRATOR]
    # A plan administrator is an ordinary user in their group: superuser is for the IT team.
    assert admin.is_staff and not admin.is_superuser
    assert partnerships_of(officer) == partnerships_of(admin) == [SEED_PARTNERSHIP["slug"]]
    for username in ("sevenoaks-officer", "sevenoaks-admin"):
        user = get_user_model().objects.get(username=username)
        assert user.is_staff and not user.is_superuser
        assert partnerships_of(user) == [OTHER_PARTNERSHIP["slug"]]
    assert partnerships_of(police) == partnerships_of(kenward) == []
    assert police.partner_profile.organisation.name == "Kent Police"
    assert kenward.partner_profile.organisation.name == "Kenward Trust"
    assert not police.is_staff and not kenward.is_staff
    for login in ["officer / officer-demo-2012", "police / police-demo-2012 / Partner"]:
        assert login in output


def test_running_it_twice_resets_rather_than_duplicates(partner_organisations, settings):
    settings.DEBUG = True
    run_command()
    run_command()

    assert get_user_model().objects.count() == 6
    assert get_user_model().objects.get(username="officer").partnership_memberships.count() == 1


def test_refuses_to_run_with_debug_off(partner_organisations, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        run_command()

    assert not get_user_model().objects.exists()


def test_explains_that_the_seed_plan_must_be_loaded_first(db, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="Load the seed plan first"):
        run_command()
