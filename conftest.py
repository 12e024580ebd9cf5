"""Fixtures shared by every app's tests: roles, seed data and the real browser."""

import io
import os
import shutil

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; Django's ORM would otherwise
# refuse to be called from it. Tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def seed_plan(db):
    call_command("loaddata", "seed_plan", verbosity=0)
    # loaddata saves raw rows, which django-simple-history does not record; give every
    # loaded row its first history entry, as `make run` does.
    call_command("record_missing_history", stdout=io.StringIO())


@pytest.fixture(scope="session")
def role_permissions(django_db_setup, django_db_blocker):
    """The groups the roles migrations made, with their permissions, as first migrated."""
    from django.contrib.auth.models import Group

    with django_db_blocker.unblock():
        return {
            group.name: list(group.permissions.values_list("content_type__app_label", "codename"))
            for group in Group.objects.prefetch_related("permissions")
        }


@pytest.fixture
def roles(db, role_permissions):
    """Transactional tests empty every table when they end, the migrated groups included:
    put the roles back for the tests that come after them."""
    from django.contrib.auth.models import Group, Permission

    for name, permissions in role_permissions.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            group.permissions.set(
                Permission.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in permissions
            )


@pytest.fixture
def demo_users(seed_plan, roles, settings):
    settings.DEBUG = True
    call_command("create_demo_users", stdout=io.StringIO())


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        reason = f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason + "; under CI they must run.")
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            # Chromium phones home at start-up; the machine allows loopback only.
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is slow by design; tests create many users.
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def officer(roles):
    from partners import roles
    from partners.services import user_set_up

    return user_set_up(username="test-officer", password="officer-pass-123", role=roles.OFFICER)  # noqa: S106


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def make_partner(username, organisation_name):
    from partners import roles
    from partners.models import Organisation
    from partners.services import user_set_up

    return user_set_up(
        username=username,
        password="partner-pass-1234",  # noqa: S106
        role=roles.PARTNER,
        organisation=Organisation.objects.get(name=organisation_name),
    )


@pytest.fixture
def police_partner(seed_plan, roles):
    """Partner A: a Kent Police user."""
    return make_partner("police-user", "Kent Police")


@pytest.fixture
def kenward_partner(seed_plan, roles):
    """Partner B: a Kenward Trust user."""
    return make_partner("kenward-user", "Kenward Trust")


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed_loaded_once(django_db_blocker, build):
    """For a module-scoped fixture (`yield from seed_loaded_once(django_db_blocker, build)`):
    the seed plan loaded and `build()` run once, inside a transaction rolled back when the
    module ends, so many tests share one load and leave nothing behind."""
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("loaddata", "seed_plan", verbosity=0)
            call_command("record_missing_history", stdout=io.StringIO())
            built = build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def stored_state(*models) -> dict:
    """Every stored row of these models and the length of their history, by model name:
    taken before and after a refused change, to prove that nothing was written."""
    return {
        model.__name__: (list(model.objects.order_by("pk").values()), model.history.count())
        for model in models
    }
