"""Fixtures shared by every app's tests: roles, seed data and the real browser."""

import io
import os
import shutil
import time
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test.client import ClientMixin

# Playwright's sync API runs an event loop in the test thread; Django's ORM would otherwise
# refuse to be called from it. Tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The seed plan's partnership, and a second one, as the demo data has them: the role
# fixtures' officers and administrators belong to one of them.
SEED_PARTNERSHIP = {
    "slug": "tonbridge-and-malling-csp",
    "name": "Tonbridge and Malling Community Safety Partnership",
    "short_name": "Tonbridge and Malling CSP",
}
OTHER_PARTNERSHIP = {
    "slug": "sevenoaks-district-csp",
    "name": "Sevenoaks District Community Safety Partnership",
    "short_name": "Sevenoaks District CSP",
}


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


DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def roles_in_every_database_test(request):
    """Every test with a database finds the roles' groups, whatever test ran before it in its
    process: a transactional test empties them, and with the suite spread over processes
    (pytest-xdist) which tests come before which changes from run to run."""
    uses_database = request.node.get_closest_marker("django_db") or (
        DATABASE_FIXTURES & set(request.fixturenames)
    )
    if uses_database:
        request.getfixturevalue("roles")


@pytest.fixture
def demo_users(seed_plan, roles, settings):
    """The demo accounts, with the second partnership's small plan they need. Those who must
    use two-step sign-in have an authenticator app already set up (`confirmed_totp_device`):
    the journeys' sign-in computes its codes (`next_totp_code`)."""
    from django.contrib.auth import get_user_model

    from accounts.two_step import rules

    settings.DEBUG = True
    call_command("loaddata", "demo_second_partnership", verbosity=0)
    call_command("record_missing_history", stdout=io.StringIO())
    call_command("create_demo_users", stdout=io.StringIO())
    for user in get_user_model().objects.all():
        if rules.required(user):
            confirmed_totp_device(user)


# --- Two-step sign-in in tests -----------------------------------------------------------------
# Tests never get the development bypass (TWO_STEP_DEMO_BYPASS, for `make run`): the tests of
# the bypass turn it on themselves. A test client's force_login is a sign-in with both steps,
# as every signed-in officer has; `sign_in_password_only` is the state between the two.

_force_login_password_only = ClientMixin.force_login


def sign_in_password_only(client, user):
    """The test client signed in with the password step alone: the second step still owed."""
    _force_login_password_only(client, user)


def confirmed_totp_device(user):
    """The user's authenticator app, set up and confirmed (made if they have none)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test phone", confirmed=True)


def next_totp_code(device) -> str:
    """The code the user's app would show, computed from the shared secret as the app does
    (RFC 6238): the current time step's, or the first after the last one used (a code is
    taken once), waiting for it if the device would not yet accept it."""
    from django_otp.oath import hotp

    device.refresh_from_db()
    now = (int(time.time()) - device.t0) // device.step + device.drift
    step = max(now, device.last_t + 1)
    if step > now + device.tolerance:
        time.sleep((step - device.tolerance) * device.step + device.t0 - time.time() + 0.1)
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def _force_login_with_second_step(client, user, backend=None):
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.two_step import rules
    from actionplan import policy

    _force_login_password_only(client, user, backend)
    if rules.required(user) or rules.confirmed_device(user) is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = confirmed_totp_device(user).persistent_id
        session.save()
    policy.forget(user)


@pytest.fixture(autouse=True)
def two_step_in_tests(settings, monkeypatch):
    settings.TWO_STEP_DEMO_BYPASS = False
    monkeypatch.setattr(ClientMixin, "force_login", _force_login_with_second_step)


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


def partnership_of(fields: dict):
    """The partnership with this slug, made if it is not there yet (loading the seed plan
    afterwards fills in the rest of its row: rows are matched by natural key)."""
    from actionplan.models import Partnership

    partnership, _ = Partnership.objects.get_or_create(
        slug=fields["slug"], defaults={"name": fields["name"], "short_name": fields["short_name"]}
    )
    return partnership


def join(user, *partnerships):
    """Make an officer or administrator a member of these partnerships too."""
    from actionplan import policy
    from actionplan.models import PartnershipMembership

    for partnership in partnerships:
        PartnershipMembership.objects.get_or_create(user=user, partnership=partnership)
    policy.forget(user)
    return user


def make_staff(username: str, role_name: str, *partnerships):
    from partners.services import user_set_up

    user = user_set_up(username=username, password="staff-pass-1234", role=role_name)  # noqa: S106
    return join(user, *partnerships)


@pytest.fixture
def seed_partnership(db):
    return partnership_of(SEED_PARTNERSHIP)


@pytest.fixture
def other_partnership(db):
    return partnership_of(OTHER_PARTNERSHIP)


@pytest.fixture
def officer(roles, seed_partnership):
    """A CSP officer of the seed plan's partnership."""
    from partners.roles import OFFICER

    return make_staff("test-officer", OFFICER, seed_partnership)


@pytest.fixture
def administrator(roles, seed_partnership):
    """A plan administrator of the seed plan's partnership (not a superuser)."""
    from partners.roles import ADMINISTRATOR

    return make_staff("test-administrator", ADMINISTRATOR, seed_partnership)


@pytest.fixture
def other_partnership_officer(roles, other_partnership):
    """A CSP officer of another partnership: nothing of the seed plan is theirs."""
    from partners.roles import OFFICER

    return make_staff("other-officer", OFFICER, other_partnership)


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


@pytest.fixture
def partner_user(police_partner):
    """A partner user (Kent Police): sees what their organisation leads, supports or reports."""
    return police_partner


@pytest.fixture
def other_partner_user(kenward_partner):
    """A partner user of another organisation (Kenward Trust)."""
    return kenward_partner


@dataclass(frozen=True)
class SmallPlan:
    previous: object  # the 2011 plan, published: its key successes KS2, KS5, KS6
    plan: (
        object  # the 2012 plan, a draft: police targets PT1, PT2; priorities asb, substance-misuse
    )
    police: object  # Kent Police: PT1, PT2, ASB1 and the asb priority and its action are theirs
    kenward: object  # Kenward Trust: SM2 and the substance-misuse priority and its action


@pytest.fixture
def small_plan(seed_partnership):
    """The seed partnership's plans built small with factories, for tests that need some plan
    with measures, actions and narrative figures but are not about the seed's own contents.

    Its rows take the seed's shapes (a published year of key successes before a draft year of
    police targets and priorities) and, where a test reads them, the seed's figures, written
    out here: KS5 is burglaries, 667 to a target of 634; PT1 recorded crime, 102904 to 101950.
    """
    from actionplan.models import NarrativeFigure, Plan
    from performance.models import Measure
    from performance.tests.factories import (
        ActionFactory,
        MeasureFactory,
        OrganisationFactory,
        PlanFactory,
        PriorityFactory,
    )

    seed_partnership.police_force = "West Kent Police"
    seed_partnership.save()
    police = OrganisationFactory(name="Kent Police")
    kenward = OrganisationFactory(name="Kenward Trust")
    previous = PlanFactory(
        partnership=seed_partnership, start_year=2011, status=Plan.Status.PUBLISHED
    )
    plan = PlanFactory(partnership=seed_partnership, start_year=2012)

    key_success = {
        "plan": previous,
        "category": Measure.Category.PARTNERSHIP,
        "baseline_period": "2010/11",
        "target_period": "2011/12",
    }
    MeasureFactory(
        **key_success,
        reference="KS2",
        label="Reduce the number of youth on youth crime by 2%",
        baseline_value=Decimal("659"),
        target_value=Decimal("646"),
        target_text="2% reduction",
        order=2,
    )
    MeasureFactory(
        **key_success,
        reference="KS5",
        label="Reduction in the number of burglaries",
        baseline_value=Decimal("667"),
        target_value=Decimal("634"),
        order=5,
    )
    MeasureFactory(
        **key_success,
        reference="KS6",
        label="Reduce the percentage of repeat victims of domestic abuse to 20%",
        unit=Measure.Unit.PERCENT,
        decimal_places=1,
        baseline_value=Decimal("24.3"),
        target_value=Decimal("20"),
        target_text="to 20%",
        order=6,
    )

    police_target = {
        "plan": plan,
        "category": Measure.Category.POLICE,
        "responsible_organisation": police,
        "baseline_period": "Jan to Dec 2011",
        "target_period": "2012/13",
    }
    MeasureFactory(
        **police_target,
        reference="PT1",
        label="Level of recorded crime",
        source="Genesis",
        baseline_value=Decimal("102904"),
        target_value=Decimal("101950"),
        target_text="1% reduction",
        order=1,
    )
    MeasureFactory(
        **police_target,
        reference="PT2",
        label="Percentage of people who report ASB who are satisfied with the overall service",
        unit=Measure.Unit.PERCENT,
        direction=Measure.Direction.MAINTAIN,
        decimal_places=1,
        source="User Satisfaction survey",
        baseline_value=Decimal("76.2"),
        target_value=Decimal("79.3"),
        target_text="maintain this level",
        order=2,
    )

    priority_measure = {
        "plan": plan,
        "category": Measure.Category.PRIORITY,
        "direction": Measure.Direction.INCREASE,
        "baseline_value": None,
        "baseline_period": "",
        "target_period": "2012/13",
        "order": 1,
    }
    asb = PriorityFactory(
        plan=plan,
        code="asb",
        title="Anti-Social Behaviour (including Environmental crime)",
        lead_organisation=police,
        order=1,
    )
    ActionFactory(priority=asb, number=1, description="Continue the work of the ASB Task Group")
    MeasureFactory(
        **priority_measure,
        priority=asb,
        reference="ASB1",
        label="Achieve an improvement in behaviour in 80% of ASB Task Group cases",
        unit=Measure.Unit.PERCENT,
        target_value=Decimal("80"),
        target_text="80% of cases",
        responsible_organisation=police,
    )
    substance_misuse = PriorityFactory(
        plan=plan,
        code="substance-misuse",
        title="Substance Misuse",
        lead_organisation=kenward,
        order=2,
    )
    ActionFactory(
        priority=substance_misuse,
        number=1,
        description="Task the IFY Project to places where young people drink underage",
    )
    MeasureFactory(
        **priority_measure,
        priority=substance_misuse,
        reference="SM2",
        label="The IFY Project to be tasked to at least six public locations",
        target_value=Decimal("6"),
        responsible_organisation=kenward,
    )

    for order, label in enumerate(
        ["young people dealt with by the ASB Task Group", "fly tipping incidents reported"]
    ):
        NarrativeFigure.objects.create(plan=plan, label=label, section="Review", order=order)
    return SmallPlan(previous=previous, plan=plan, police=police, kenward=kenward)


@pytest.fixture
def small_plan_partner(small_plan, roles):
    """A Kent Police partner user on the small plan (what police_partner is on the seed)."""
    return make_partner("police-user", "Kent Police")


@pytest.fixture
def small_plan_other_partner(small_plan, roles):
    """A Kenward Trust partner user on the small plan (what kenward_partner is on the seed)."""
    return make_partner("kenward-user", "Kenward Trust")


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
