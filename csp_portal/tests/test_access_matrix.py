"""Who may do what, URL by URL: every URL the project defines, for every role, GET and POST.

The table ROUTES says, for each URL name, how to build it for an object of Kent Police
(partner A's organisation) or of Kenward Trust (partner B's), and what each role gets:

- anonymous visitors are sent to the sign-in page, except on the public pages;
- a partner gets their own organisation's actions and measures, and a 404 for another
  organisation's, whatever the method: never a 200, nor a 403 that confirms it exists;
- a plan is not a partner's to see: its pages (figures, overview, completeness, approval,
  PDF) are a 404 for partners, as for a plan that does not exist, and so are the officers'
  accept and return of a report; the plan list and the update queue are a 403;
- approving and publishing are for the plan's partnership's administrator (403 for its
  officers);
- the officer and the administrator of another partnership (Sevenoaks District CSP, with a
  plan of its own) find nothing of the seed plan: every page, object, PDF and admin row of it
  is a 404 (the admin's own "does not exist" redirect for its change form), and none of its
  links or rows appears on the pages they may open;
- partners who try the Django admin are sent to the admin's own sign-in.

After every refused request (sign-in redirect, 403, 404, 405) and every GET, the database is
exactly as before; after a successful POST only the tables that request is meant to write
have changed, and the change it is meant to make is checked. A URL the table does not know
fails test_every_project_url_is_in_the_matrix, so a new page cannot go untested.

The seed plan is loaded once for the module, inside a transaction rolled back at its end;
each test runs in a savepoint of it (pytest-django's `db`), so no test sees another's writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.html import escape

from actionplan.models import Action, ActionUpdate, Partnership, Plan
from actionplan.policy import partnership_lookup
from actionplan.resources import ActionResource
from actionplan.services import user_partnerships_set
from conftest import seed_loaded_once, sign_in_password_only
from csp_portal.tests.form_fields import FormFields
from partners import roles
from partners.models import Organisation
from partners.services import user_set_up
from performance.approval import plan_approve
from performance.models import Measure, MeasureUpdate
from performance.models.measures import STORED_STANDING_FIELDS
from performance.progress import measure_report_progress
from performance.resources import MeasureFiguresResource
from spreadsheets.exports import spreadsheet_export
from spreadsheets.imports import spreadsheet_import

PASSWORD = "matrix-pass-2012"
NEW_PASSWORD = "matrix-new-pass-2013"

ANONYMOUS, PARTNER_A, PARTNER_B, OFFICER, ADMINISTRATOR, OTHER_OFFICER, OTHER_ADMINISTRATOR = (
    ROLES
) = (
    "anonymous",
    "partner_a",
    "partner_b",
    "officer",
    "administrator",
    "other_partnership_officer",
    "other_partnership_administrator",
)
# The roles of the second partnership: nothing of the seed plan is theirs.
ELSEWHERE = (OTHER_OFFICER, OTHER_ADMINISTRATOR)
STAFF = (OFFICER, ADMINISTRATOR, *ELSEWHERE)
METHODS = ("GET", "POST")

# Objects belong to one of the two partners' organisations.
KENT_POLICE, KENWARD_TRUST = ORGANISATIONS = ("kent-police", "kenward-trust")
OWN_ORGANISATION = {PARTNER_A: KENT_POLICE, PARTNER_B: KENWARD_TRUST}

# What the snapshot covers: every table of the project's apps (their history tables
# included) and the users.
SNAPSHOT_APPS = ("actionplan", "performance", "partners")
SNAPSHOT_MODELS = ("auth.User",)


# --- The world the matrix runs in -----------------------------------------------------------


@dataclass
class World:
    plan_pk: int
    users: dict[str, object]
    action_pk: dict[str, int]
    measure_pk: dict[str, int]
    update_pk: dict[str, int]
    proposed: dict[str, Decimal]


def _world() -> World:
    call_command("loaddata", "demo_second_partnership", verbosity=0)
    police = Organisation.objects.get(name="Kent Police")
    kenward = Organisation.objects.get(name="Kenward Trust")
    seed = Partnership.objects.get(slug="tonbridge-and-malling-csp")
    second = Partnership.objects.get(slug="sevenoaks-district-csp")

    def staff(username, role, partnership):
        user = user_set_up(username=username, password=PASSWORD, role=role)
        user_partnerships_set(user=user, partnerships=[partnership])
        return user

    users = {
        PARTNER_A: user_set_up(
            username="matrix-police", password=PASSWORD, role=roles.PARTNER, organisation=police
        ),
        PARTNER_B: user_set_up(
            username="matrix-kenward", password=PASSWORD, role=roles.PARTNER, organisation=kenward
        ),
        OFFICER: staff("matrix-officer", roles.OFFICER, seed),
        ADMINISTRATOR: staff("matrix-admin", roles.ADMINISTRATOR, seed),
        OTHER_OFFICER: staff("matrix-other-officer", roles.OFFICER, second),
        OTHER_ADMINISTRATOR: staff("matrix-other-admin", roles.ADMINISTRATOR, second),
    }

    def only_visible_to(model, role):
        other = PARTNER_B if role == PARTNER_A else PARTNER_A
        theirs = model.objects.visible_to(users[other]).values("pk")
        return model.objects.visible_to(users[role]).exclude(pk__in=theirs).order_by("pk")

    plan = Plan.objects.get(partnership__slug="tonbridge-and-malling-csp", start_year=2012)
    # Recorded crime for Kent Police; the IFY Project's visits for Kenward Trust.
    measures = {KENT_POLICE: ("PT1", PARTNER_A), KENWARD_TRUST: ("SM2", PARTNER_B)}
    proposed = {KENT_POLICE: Decimal("100512"), KENWARD_TRUST: Decimal("4")}
    action_pk, measure_pk, update_pk = {}, {}, {}
    for organisation, (reference, role) in measures.items():
        action_pk[organisation] = only_visible_to(Action, role).first().pk
        measure = only_visible_to(Measure, role).get(plan=plan, reference=reference)
        measure_pk[organisation] = measure.pk
        update_pk[organisation] = measure_report_progress(
            measure=measure,
            acting_user=users[role],
            note="Figure for the matrix.",
            proposed_actual=proposed[organisation],
            proposed_period="2012/13",
        ).pk
    return World(plan.pk, users, action_pk, measure_pk, update_pk, proposed)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The seed plan, the second partnership's plan, six users and a proposed figure from each
    partner, once per module."""
    yield from seed_loaded_once(django_db_blocker, _world)


# What a read may fill in: a measure's stored standing is derived from its figures and kept
# by the first page that shows it (performance.standings); it is never anyone's data.
FILLED_IN_BY_READS = {"performance.Measure": STORED_STANDING_FIELDS}


def table_state(model) -> list[dict]:
    skipped = FILLED_IN_BY_READS.get(model._meta.label, ())
    fields = [field.attname for field in model._meta.concrete_fields if field.name not in skipped]
    return list(model._base_manager.order_by("pk").values(*fields))


def database_state() -> dict[str, list[dict]]:
    models = [
        model for label in SNAPSHOT_APPS for model in apps.get_app_config(label).get_models()
    ] + [apps.get_model(label) for label in SNAPSHOT_MODELS]
    return {model._meta.label: table_state(model) for model in models}


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])


# --- Outcomes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    name: str
    status: int
    refused: bool

    def __repr__(self):
        return self.name


OK = Outcome("200", 200, refused=False)
PDF = Outcome("200 PDF", 200, refused=False)
NO_CONTENT = Outcome("204", 204, refused=False)
FOUND = Outcome("302 after a valid POST", 302, refused=False)
ONWARD = Outcome("302 on to the next page, nothing owed", 302, refused=False)
LOGIN = Outcome("redirect to sign in", 302, refused=True)
ADMIN_LOGIN = Outcome("redirect to the admin sign-in", 302, refused=True)
FORBIDDEN = Outcome("403", 403, refused=True)
NOT_FOUND = Outcome("404", 404, refused=True)
NOT_ALLOWED = Outcome("405", 405, refused=True)
ADMIN_NOT_FOUND = Outcome("the admin's redirect for an object that does not exist", 302, True)


@dataclass(frozen=True)
class Own:
    """The outcome for a partner on their own organisation's object; another's is a 404."""

    outcome: Outcome


def by_role(anonymous, partner, officer, administrator, elsewhere=None) -> dict[str, Outcome | Own]:
    """One row of the matrix: partners A and B share the partner column; the other
    partnership's officer and administrator share `elsewhere` (by default they get what the
    seed partnership's officer and administrator get: a page not about the seed plan)."""
    return {
        ANONYMOUS: anonymous,
        PARTNER_A: partner,
        PARTNER_B: partner,
        OFFICER: officer,
        ADMINISTRATOR: administrator,
        OTHER_OFFICER: officer if elsewhere is None else elsewhere,
        OTHER_ADMINISTRATOR: administrator if elsewhere is None else elsewhere,
    }


# --- Requests and their effects --------------------------------------------------------------


@dataclass
class Context:
    world: World
    role: str
    target: str | None
    client: object

    @property
    def user(self):
        return self.world.users.get(self.role)

    @property
    def plan(self) -> Plan:
        return Plan.objects.get(pk=self.world.plan_pk)

    @property
    def action_pk(self) -> int:
        return self.world.action_pk[self.target]

    @property
    def measure_pk(self) -> int:
        return self.world.measure_pk[self.target]

    @property
    def update_pk(self) -> int:
        return self.world.update_pk[self.target]


def plan_kwargs(ctx):
    return {"plan_pk": ctx.world.plan_pk}


def redirected_to(response, url: str) -> None:
    assert response["Location"] == url


def sign_in_data(ctx):
    who = ctx.world.users[OFFICER] if ctx.role == ANONYMOUS else ctx.user
    return {"username": who.get_username(), "password": PASSWORD}


def signed_in(ctx, response):
    redirected_to(response, reverse(settings.LOGIN_REDIRECT_URL))
    who = ctx.world.users[OFFICER] if ctx.role == ANONYMOUS else ctx.user
    assert ctx.client.session["_auth_user_id"] == str(who.pk)


def signed_out(ctx, response):
    redirected_to(response, reverse(settings.LOGOUT_REDIRECT_URL))
    assert "_auth_user_id" not in ctx.client.session


def password_change_data(ctx):
    return {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}


def password_changed(ctx, response):
    redirected_to(response, reverse("password_change_done"))
    assert get_user_model().objects.get(pk=ctx.user.pk).check_password(NEW_PASSWORD)


def reset_link_sent(ctx, response):
    redirected_to(response, reverse("password_reset_done"))
    assert [message.to for message in mail.outbox] == [["matrix-reset@example.org"]]


def give_a_partner_an_email(ctx):
    # A reset is only sent to a known address; the matrix's partner A has this one.
    get_user_model().objects.filter(pk=ctx.world.users[PARTNER_A].pk).update(
        email="matrix-reset@example.org"
    )


def progress_data(ctx):
    return {"status": "delayed", "note": f"Reported by {ctx.role} for the matrix."}


def progress_recorded(ctx, response):
    redirected_to(response, reverse("actionplan:action-detail", args=[ctx.action_pk]))
    action = Action.objects.get(pk=ctx.action_pk)
    assert (action.status, action.progress_note) == ("delayed", progress_data(ctx)["note"])
    assert action.updates.latest().author_id == ctx.user.pk


def measure_report_data(ctx):
    return {"note": f"Reported by {ctx.role} for the matrix.", "proposed_actual": ""}


def accept_data(ctx):
    """What the queue page posts: the measure's version it showed."""
    return {"seen_version": Measure.objects.get(pk=ctx.measure_pk).version}


def measure_report_recorded(ctx, response):
    redirected_to(response, reverse("performance:measure-detail", args=[ctx.measure_pk]))
    latest = MeasureUpdate.objects.filter(measure_id=ctx.measure_pk).latest("pk")
    assert (latest.author_id, latest.note) == (ctx.user.pk, measure_report_data(ctx)["note"])


def unchanged_figures_page(ctx):
    """The figures page posted back exactly as shown (for those who may open it)."""
    if ctx.role not in (OFFICER, ADMINISTRATOR):
        return {}  # the others may not open it
    url = reverse("performance:plan-figures", kwargs=plan_kwargs(ctx))
    return FormFields(ctx.client.get(url).content.decode()).data


def no_figures_changed(ctx, response):
    redirected_to(response, reverse("performance:plan-figures", kwargs=plan_kwargs(ctx)))


def period_kwargs(ctx):
    return {**plan_kwargs(ctx), "period": "year"}  # the seed's measures are reported yearly


def unchanged_period_page(ctx):
    """The figures page for a period posted back exactly as shown (for those who may open it)."""
    if ctx.role not in (OFFICER, ADMINISTRATOR):
        return {}
    url = reverse("performance:period-figures", kwargs=period_kwargs(ctx))
    return FormFields(ctx.client.get(url).content.decode()).data


def no_period_figures_changed(ctx, response):
    redirected_to(response, reverse("performance:period-figures", kwargs=period_kwargs(ctx)))


def period_return_data(ctx):
    """A partner's return for the year with one figure changed: the first row's."""
    if ctx.role not in (PARTNER_A, PARTNER_B):
        return {}
    url = reverse("performance:period-return", kwargs=period_kwargs(ctx))
    data = FormFields(ctx.client.get(url).content.decode()).data
    first_value = next(name for name in data if name.endswith("-value"))
    data[first_value] = ["1"]
    return data


def period_return_sent(ctx, response):
    """One proposal, for a measure of the partner's own organisation; no figure written."""
    assert response["Location"].startswith(
        reverse("performance:period-return", kwargs=period_kwargs(ctx))
    )
    sent = MeasureUpdate.objects.filter(author=ctx.user).latest("pk")
    assert sent.proposed_period == ctx.plan.short_period  # the year's return
    assert sent.measure.responsible_organisation_id == ctx.user.partner_profile.organisation_id
    assert sent.awaiting


def approve_data(ctx):
    return {"reason": "The matrix approves the seed plan with its gaps."}


def return_to_draft_data(ctx):
    return {"return_reason": "The matrix reopens the approved plan."}


def plan_is(status):
    def check(ctx, response):
        redirected_to(response, reverse("performance:plan-approval", kwargs=plan_kwargs(ctx)))
        assert ctx.plan.status == status

    return check


def approve_the_plan(ctx):
    plan_approve(
        plan=ctx.plan, acting_user=ctx.world.users[ADMINISTRATOR], reason="Ready to publish."
    )


def figure_accepted(ctx, response):
    redirected_to(response, reverse("performance:update-queue"))
    measure = Measure.objects.get(pk=ctx.measure_pk)
    assert measure.actual_value == ctx.world.proposed[ctx.target]
    assert MeasureUpdate.objects.get(pk=ctx.update_pk).state == MeasureUpdate.State.ACCEPTED


def figure_returned(ctx, response):
    redirected_to(response, reverse("performance:update-queue"))
    update = MeasureUpdate.objects.get(pk=ctx.update_pk)
    assert (update.state, update.review_note) == (MeasureUpdate.State.RETURNED, "Check it.")
    assert Measure.objects.get(pk=ctx.measure_pk).actual_value is None


# --- The matrix ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    get: dict
    post: dict
    kwargs: Callable | None = None
    per_organisation: bool = False
    data: Callable | None = None
    prepare: Callable | None = None
    # A successful POST may write these tables only, and must have this effect.
    writes: frozenset = frozenset()
    effect: Callable | None = None
    # A successful GET shows this text.
    shows: Callable | None = None


ACTION_REPORT = frozenset(
    {"actionplan.Action", "actionplan.ActionUpdate", "actionplan.HistoricalAction"}
)
PLAN_APPROVAL = frozenset({"actionplan.Plan", "actionplan.HistoricalPlan"})
# An accepted figure is the measure's headline actual and a row of its series, with history.
ACCEPT = frozenset(
    {
        "performance.Measure",
        "performance.HistoricalMeasure",
        "performance.MeasureFigure",
        "performance.HistoricalMeasureFigure",
        "performance.MeasureUpdate",
    }
)

ROUTES = [
    # Public pages and the account pages.
    Route("home", get=by_role(LOGIN, OK, OK, OK), post=by_role(LOGIN, *[NOT_ALLOWED] * 3)),
    Route(
        "login",
        get=by_role(OK, OK, OK, OK),
        post=by_role(FOUND, FOUND, FOUND, FOUND),
        data=sign_in_data,
        writes=frozenset({"auth.User"}),  # last_login
        effect=signed_in,
    ),
    Route(
        "keep-alive",
        get=by_role(LOGIN, *[NOT_ALLOWED] * 3),
        post=by_role(LOGIN, NO_CONTENT, NO_CONTENT, NO_CONTENT),
    ),
    # The health check only reads, and answers any method.
    Route("health", get=by_role(OK, OK, OK, OK), post=by_role(OK, OK, OK, OK)),
    # The accessibility statement is public and only read.
    Route(
        "accessibility-statement",
        get=by_role(OK, OK, OK, OK),
        post=by_role(*[NOT_ALLOWED] * 4),
        shows=lambda ctx: "partially compliant with WCAG 2.2 AA",
    ),
    Route(
        "logout",
        get=by_role(LOGIN, *[NOT_ALLOWED] * 3),
        post=by_role(LOGIN, FOUND, FOUND, FOUND),
        effect=signed_out,
    ),
    # Two-step sign-in, for users who have given it (staff) or owe none (these partners):
    # the step's pages send them on; staff cannot turn it off, partners have nothing to turn
    # off; the set-up page is the partner's to turn it on, and a staff user's app is set up.
    Route(
        "two_step:account",
        get=by_role(LOGIN, OK, OK, OK),
        post=by_role(LOGIN, *[NOT_ALLOWED] * 3),
        shows=lambda ctx: "Two-step sign-in is <strong>o",
    ),
    Route(
        "two_step:verify",
        get=by_role(LOGIN, ONWARD, ONWARD, ONWARD),
        post=by_role(LOGIN, ONWARD, ONWARD, ONWARD),
    ),
    Route(
        "two_step:set-up",
        get=by_role(LOGIN, OK, ONWARD, ONWARD),
        # An empty form: refused with its error, nothing set up.
        post=by_role(LOGIN, OK, ONWARD, ONWARD),
        shows=lambda ctx: "Set up two-step sign-in",
    ),
    Route(
        "two_step:qr-code",
        get=by_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        post=by_role(LOGIN, *[NOT_ALLOWED] * 3),
    ),
    Route(
        "two_step:backup-codes",
        get=by_role(LOGIN, ONWARD, ONWARD, ONWARD),
        post=by_role(LOGIN, *[NOT_ALLOWED] * 3),
    ),
    Route(
        "two_step:new-backup-codes",
        get=by_role(LOGIN, *[NOT_ALLOWED] * 3),
        post=by_role(LOGIN, FOUND, FOUND, FOUND),
    ),
    Route(
        "two_step:turn-off",
        get=by_role(LOGIN, *[NOT_ALLOWED] * 3),
        post=by_role(LOGIN, FOUND, FOUND, FOUND),
    ),
    Route(
        "password_change",
        get=by_role(LOGIN, OK, OK, OK),
        post=by_role(LOGIN, FOUND, FOUND, FOUND),
        data=password_change_data,
        writes=frozenset({"auth.User"}),
        effect=password_changed,
    ),
    Route(
        "password_change_done",
        get=by_role(LOGIN, OK, OK, OK),
        post=by_role(LOGIN, *[NOT_ALLOWED] * 3),
    ),
    Route(
        "password_reset",
        get=by_role(OK, OK, OK, OK),
        post=by_role(FOUND, FOUND, FOUND, FOUND),
        prepare=give_a_partner_an_email,
        data=lambda ctx: {"email": "matrix-reset@example.org"},
        effect=reset_link_sent,
    ),
    Route(
        "password_reset_done",
        get=by_role(OK, OK, OK, OK),
        post=by_role(*[NOT_ALLOWED] * 4),
    ),
    # A made-up link: the page says it is invalid and sets no password.
    Route(
        "password_reset_confirm",
        kwargs=lambda ctx: {"uidb64": "MQ", "token": "no-such-token"},
        get=by_role(OK, OK, OK, OK),
        post=by_role(OK, OK, OK, OK),
        data=lambda ctx: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        shows=lambda ctx: "password reset link has expired or is invalid",
    ),
    Route(
        "password_reset_complete",
        get=by_role(OK, OK, OK, OK),
        post=by_role(*[NOT_ALLOWED] * 4),
    ),
    # Plans and actions.
    Route(
        "actionplan:plan-list",
        # Partner users have no list of plans: a draft plan is not theirs to read.
        get=by_role(LOGIN, FORBIDDEN, OK, OK),
        post=by_role(LOGIN, FORBIDDEN, NOT_ALLOWED, NOT_ALLOWED),
        shows=lambda ctx: "Annual action plans",
    ),
    Route(
        "actionplan:action-detail",
        per_organisation=True,
        kwargs=lambda ctx: {"pk": ctx.action_pk},
        get=by_role(LOGIN, Own(OK), OK, OK, elsewhere=NOT_FOUND),
        post=by_role(LOGIN, Own(FOUND), FOUND, FOUND, elsewhere=NOT_FOUND),
        data=progress_data,
        writes=ACTION_REPORT,
        effect=progress_recorded,
        shows=lambda ctx: escape(Action.objects.get(pk=ctx.action_pk).description),
    ),
    # The partner pages.
    Route(
        "actionplan:my-actions",
        get=by_role(LOGIN, OK, OK, OK),
        post=by_role(LOGIN, *[NOT_ALLOWED] * 3),
    ),
    Route(
        "performance:my-measures",
        get=by_role(LOGIN, OK, OK, OK),
        post=by_role(LOGIN, *[NOT_ALLOWED] * 3),
    ),
    # A partner's return: their own measures of the plan, or a 404 (nothing there is theirs).
    Route(
        "performance:period-return",
        kwargs=period_kwargs,
        get=by_role(LOGIN, OK, NOT_FOUND, NOT_FOUND, elsewhere=NOT_FOUND),
        post=by_role(LOGIN, FOUND, NOT_FOUND, NOT_FOUND, elsewhere=NOT_FOUND),
        data=period_return_data,
        writes=frozenset({"performance.MeasureUpdate"}),
        effect=period_return_sent,
    ),
    # Officer pages about a plan.
    Route(
        "performance:plan-figures",
        kwargs=plan_kwargs,
        get=by_role(LOGIN, NOT_FOUND, OK, OK, elsewhere=NOT_FOUND),
        post=by_role(LOGIN, NOT_FOUND, FOUND, FOUND, elsewhere=NOT_FOUND),
        data=unchanged_figures_page,
        effect=no_figures_changed,
    ),
    Route(
        "performance:period-figures",
        kwargs=period_kwargs,
        get=by_role(LOGIN, NOT_FOUND, OK, OK, elsewhere=NOT_FOUND),
        post=by_role(LOGIN, NOT_FOUND, FOUND, FOUND, elsewhere=NOT_FOUND),
        data=unchanged_period_page,
        effect=no_period_figures_changed,
    ),
    Route(
        "performance:plan-overview",
        kwargs=plan_kwargs,
        get=by_role(LOGIN, NOT_FOUND, OK, OK, elsewhere=NOT_FOUND),
        post=by_role(LOGIN, NOT_FOUND, NOT_ALLOWED, NOT_ALLOWED, elsewhere=NOT_FOUND),
    ),
    Route(
        "performance:plan-pdf",
        kwargs=plan_kwargs,
        get=by_role(LOGIN, NOT_FOUND, PDF, PDF, elsewhere=NOT_FOUND),
        post=by_role(LOGIN, NOT_FOUND, NOT_ALLOWED, NOT_ALLOWED, elsewhere=NOT_FOUND),
    ),
    Route(
        "performance:plan-completeness",
        kwargs=plan_kwargs,
        get=by_role(LOGIN, NOT_FOUND, OK, OK, elsewhere=NOT_FOUND),
        post=by_role(LOGIN, NOT_FOUND, NOT_ALLOWED, NOT_ALLOWED, elsewhere=NOT_FOUND),
    ),
    Route(
        "performance:plan-approval",
        kwargs=plan_kwargs,
        get=by_role(LOGIN, NOT_FOUND, OK, OK, elsewhere=NOT_FOUND),
        post=by_role(LOGIN, NOT_FOUND, NOT_ALLOWED, NOT_ALLOWED, elsewhere=NOT_FOUND),
    ),
    Route(
        "performance:plan-approve",
        kwargs=plan_kwargs,
        get=by_role(LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=by_role(LOGIN, NOT_FOUND, FORBIDDEN, FOUND, elsewhere=NOT_FOUND),
        data=approve_data,
        writes=PLAN_APPROVAL,
        effect=plan_is(Plan.Status.APPROVED),
    ),
    Route(
        "performance:plan-publish",
        kwargs=plan_kwargs,
        # Every role tries an approved plan, which the administrator may publish.
        prepare=approve_the_plan,
        get=by_role(LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=by_role(LOGIN, NOT_FOUND, FORBIDDEN, FOUND, elsewhere=NOT_FOUND),
        writes=PLAN_APPROVAL,
        effect=plan_is(Plan.Status.PUBLISHED),
    ),
    Route(
        "performance:plan-return-to-draft",
        kwargs=plan_kwargs,
        # Every role tries an approved plan, which its officers and administrators may reopen.
        prepare=approve_the_plan,
        get=by_role(LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=by_role(LOGIN, NOT_FOUND, FOUND, FOUND, elsewhere=NOT_FOUND),
        data=return_to_draft_data,
        writes=PLAN_APPROVAL,
        effect=plan_is(Plan.Status.DRAFT),
    ),
    # Measures and the officers' review of proposed figures.
    Route(
        "performance:measure-detail",
        per_organisation=True,
        kwargs=lambda ctx: {"pk": ctx.measure_pk},
        get=by_role(LOGIN, Own(OK), OK, OK, elsewhere=NOT_FOUND),
        post=by_role(LOGIN, Own(FOUND), FOUND, FOUND, elsewhere=NOT_FOUND),
        data=measure_report_data,
        writes=frozenset({"performance.MeasureUpdate"}),
        effect=measure_report_recorded,
        shows=lambda ctx: escape(Measure.objects.get(pk=ctx.measure_pk).label),
    ),
    Route(
        "performance:update-queue",
        get=by_role(LOGIN, FORBIDDEN, OK, OK),
        post=by_role(LOGIN, FORBIDDEN, NOT_ALLOWED, NOT_ALLOWED),
        shows=lambda ctx: "Updates to review",
    ),
    Route(
        "performance:update-accept",
        per_organisation=True,
        kwargs=lambda ctx: {"pk": ctx.update_pk},
        get=by_role(LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=by_role(LOGIN, NOT_FOUND, FOUND, FOUND, elsewhere=NOT_FOUND),
        data=accept_data,
        writes=ACCEPT,
        effect=figure_accepted,
    ),
    Route(
        "performance:update-return",
        per_organisation=True,
        kwargs=lambda ctx: {"pk": ctx.update_pk},
        get=by_role(LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        post=by_role(LOGIN, NOT_FOUND, FOUND, FOUND, elsewhere=NOT_FOUND),
        data=lambda ctx: {"reason": "Check it."},
        writes=frozenset({"performance.MeasureUpdate"}),
        effect=figure_returned,
    ),
    # The Django admin: a few representative pages (its own URLs are Django's).
    Route(
        "admin:index",
        # Django marks the admin's site-wide views with the admin's own sign-in page, so
        # LoginRequiredMiddleware sends even anonymous visitors there.
        get=by_role(ADMIN_LOGIN, ADMIN_LOGIN, OK, OK),
        post=by_role(ADMIN_LOGIN, ADMIN_LOGIN, OK, OK),
    ),
    Route(
        "admin:actionplan_plan_changelist",
        get=by_role(LOGIN, ADMIN_LOGIN, OK, OK),
        post=by_role(LOGIN, ADMIN_LOGIN, OK, OK),
    ),
    Route(
        "admin:actionplan_plan_change",
        kwargs=lambda ctx: {"object_id": ctx.world.plan_pk},
        get=by_role(LOGIN, ADMIN_LOGIN, OK, OK, elsewhere=ADMIN_NOT_FOUND),
        # An empty form is refused with its errors and saves nothing.
        post=by_role(LOGIN, ADMIN_LOGIN, OK, OK, elsewhere=ADMIN_NOT_FOUND),
        shows=lambda ctx: "Annual Action Plan 2012 - 2013",
    ),
]
ROUTES_BY_NAME = {route.name: route for route in ROUTES}
ADMIN_NAMESPACE = "admin"


def expected_outcome(route: Route, method: str, role: str, target: str | None) -> Outcome:
    outcome = (route.get if method == "GET" else route.post)[role]
    if isinstance(outcome, Own):
        return outcome.outcome if OWN_ORGANISATION[role] == target else NOT_FOUND
    return outcome


def matrix_cases():
    for route in ROUTES:
        for target in ORGANISATIONS if route.per_organisation else (None,):
            for role in ROLES:
                for method in METHODS:
                    of = f" of {target}" if target else ""
                    yield pytest.param(
                        route, target, role, method, id=f"{method} {route.name}{of} as {role}"
                    )


MATRIX = list(matrix_cases())


# --- The tests -------------------------------------------------------------------------------


def project_url_names() -> set[str]:
    """Every named URL pattern the project defines, except the Django admin's own."""
    names = set()

    def walk(resolver, namespace, route):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if pattern.namespace and namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                walk(pattern, inner, route + str(pattern.pattern))
                continue
            assert isinstance(pattern, URLPattern)
            full_route = route + str(pattern.pattern)
            if namespace == ADMIN_NAMESPACE or full_route.startswith(
                settings.STATIC_URL.lstrip("/")
            ):
                continue
            assert pattern.name, f"the URL {full_route!r} has no name, so no test can reverse it"
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver(), None, "")
    return names


def test_every_project_url_is_in_the_matrix():
    defined = project_url_names()
    known = {name for name in ROUTES_BY_NAME if not name.startswith(f"{ADMIN_NAMESPACE}:")}
    assert defined - known == set(), "URLs with no row in the access matrix"
    assert known - defined == set(), "matrix rows for URLs that no longer exist"


def test_the_matrix_gives_every_role_an_answer_for_both_methods_of_every_url():
    for route in ROUTES:
        assert set(route.get) == set(route.post) == set(ROLES), route.name
    # The object pages are tried with each organisation's object, the rest once.
    per_organisation = sum(route.per_organisation for route in ROUTES)
    assert len(MATRIX) == (len(ROUTES) + per_organisation) * len(ROLES) * len(METHODS)


def assert_outcome(response, expected: Outcome, url: str) -> None:
    where = f"{response.status_code} {response.get('Location', '')}".strip()
    assert response.status_code == expected.status, f"expected {expected!r}, got {where}"
    if expected is LOGIN:
        sent_to = urlsplit(response["Location"])
        assert sent_to.path == reverse(settings.LOGIN_URL)
        assert parse_qs(sent_to.query) == {"next": [url]}
    elif expected is ADMIN_LOGIN:
        sent_to = urlsplit(response["Location"])
        assert sent_to.path == reverse("admin:login")
        assert parse_qs(sent_to.query) == {"next": [url]}
    elif expected is FOUND:
        # Not a refusal in disguise; each route's effect checks where it leads.
        assert "next" not in parse_qs(urlsplit(response["Location"]).query), where
    elif expected is ONWARD:
        assert not response["Location"].startswith(reverse(settings.LOGIN_URL)), where
    elif expected is ADMIN_NOT_FOUND:
        assert response["Location"] == reverse("admin:index"), where
    elif expected is PDF:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
    elif expected is OK:
        assert response["Content-Type"].startswith("text/")


@pytest.mark.parametrize(("route", "target", "role", "method"), MATRIX)
def test_access(world, db, client, route, target, role, method):
    ctx = Context(world, role, target, client)
    if route.prepare:
        route.prepare(ctx)
    if role != ANONYMOUS:
        client.force_login(ctx.user)
    url = reverse(route.name, kwargs=route.kwargs(ctx) if route.kwargs else None)
    data = route.data(ctx) if method == "POST" and route.data else {}
    expected = expected_outcome(route, method, role, target)
    mail.outbox = []

    before = database_state()
    response = client.get(url) if method == "GET" else client.post(url, data)
    after = database_state()

    assert_outcome(response, expected, url)
    if expected.refused or method == "GET":
        assert changed_tables(before, after) == [], "a refused request or a GET wrote"
    else:
        assert set(changed_tables(before, after)) <= route.writes, "wrote more than it should"
        if route.effect:
            route.effect(ctx, response)
    if method == "GET" and expected is OK and route.shows:
        assert route.shows(ctx) in response.content.decode()
    if role in ELSEWHERE and expected is OK:
        assert_nothing_of_the_seed_plan(ctx, response.content.decode())


# Open to a user who has given their password but not yet their second step: pages any
# visitor may open, signing out and the keep-alive, and the step's own pages.
OPEN_WHILE_THE_SECOND_STEP_IS_OWED = {
    "login",
    "keep-alive",
    "health",
    "accessibility-statement",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
# The status each of the step's own pages answers (GET, POST) while the step is owed.
THE_STEPS_OWN_PAGES = {
    "two_step:set-up": (200, 200),  # a POST without a code is refused with its error
    "two_step:verify": (302, 302),  # on to set it up: these users have no app yet
    "two_step:qr-code": (404, 405),  # until the set-up page has made the app's secret
}


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
@pytest.mark.parametrize("role", [OFFICER, ADMINISTRATOR])
def test_staff_who_owe_the_second_step_are_sent_to_it_from_every_other_url(
    world, db, client, role, route, method
):
    ctx = Context(world, role, KENT_POLICE if route.per_organisation else None, client)
    sign_in_password_only(client, ctx.user)
    url = reverse(route.name, kwargs=route.kwargs(ctx) if route.kwargs else None)
    before = database_state()
    data = route.data(ctx) if method == "POST" and route.data else {}
    response = client.get(url) if method == "GET" else client.post(url, data)
    set_up = reverse("two_step:set-up")
    if route.name in OPEN_WHILE_THE_SECOND_STEP_IS_OWED:
        expected = expected_outcome(route, method, role, ctx.target)
        assert response.status_code == expected.status
        assert not response.get("Location", "").startswith(set_up)
    elif route.name in THE_STEPS_OWN_PAGES:
        assert response.status_code == THE_STEPS_OWN_PAGES[route.name][METHODS.index(method)]
    else:
        back = url if method == "GET" else reverse(settings.LOGIN_REDIRECT_URL)
        assert response.status_code == 302
        assert response["Location"] == f"{set_up}?next={quote(back, safe='')}"
        assert changed_tables(before, database_state()) == [], "an owed step wrote"


def seed_plan_addresses(world: World) -> list[str]:
    """Where a page would link to the seed plan, its objects or its admin rows."""
    plan = {"plan_pk": world.plan_pk}
    return [
        *(reverse(name, kwargs=plan) for name in SEED_PLAN_PAGES),
        reverse("admin:actionplan_plan_change", args=[world.plan_pk]),
        reverse("performance:period-figures", kwargs={**plan, "period": "q1"}),
        *(reverse("actionplan:action-detail", args=[pk]) for pk in world.action_pk.values()),
        *(reverse("performance:measure-detail", args=[pk]) for pk in world.measure_pk.values()),
        *(reverse("performance:update-accept", args=[pk]) for pk in world.update_pk.values()),
    ]


SEED_PLAN_PAGES = (
    "performance:plan-figures",
    "performance:plan-overview",
    "performance:plan-completeness",
    "performance:plan-approval",
    "performance:plan-pdf",
)


def assert_nothing_of_the_seed_plan(ctx, html: str) -> None:
    for address in seed_plan_addresses(ctx.world):
        assert f'"{address}' not in html, f"{ctx.role} was shown {address}"


CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
SECONDS_LEFT = re.compile(r'data-session-seconds-left="\d+"')
PARTNER_OBJECT_ROUTES = [route for route in ROUTES if route.per_organisation]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("route", PARTNER_OBJECT_ROUTES, ids=lambda route: route.name)
@pytest.mark.parametrize("role", [PARTNER_A, PARTNER_B])
def test_a_refusal_does_not_say_whether_another_organisations_object_exists(
    world, db, client, role, route, method
):
    """Another organisation's object and one that does not exist get the same answer."""
    client.force_login(world.users[role])
    other = KENWARD_TRUST if role == PARTNER_A else KENT_POLICE
    ctx = Context(world, role, other, client)
    real = reverse(route.name, kwargs=route.kwargs(ctx))
    missing = reverse(route.name, kwargs={"pk": 999_999})
    send = client.get if method == "GET" else client.post
    refused, not_there = send(real), send(missing)
    assert refused.status_code in (403, 404, 405)
    assert (refused.status_code, page_text(refused)) == (
        not_there.status_code,
        page_text(not_there),
    )


def page_text(response) -> str:
    # The sign-out form's CSRF token is masked afresh on every page, and the seconds left of
    # the session count down between two requests: neither says anything of the plan.
    return SECONDS_LEFT.sub("", CSRF_TOKEN.sub("", response.content.decode()))


EXTRA_FIELDS = {
    "target_value": "1",
    "target_period": "2099/00",
    "baseline_value": "2",
    "baseline_period": "1999",
    "actual_value": "3",
    "actual_period": "1999",
    "label": "Rewritten by a partner",
    "description": "Rewritten by a partner",
    "reference": "ZZ9",
    "category": "partnership",
    "direction": "increase",
    "unit": "percent",
    "priority": "1",
    "plan": "1",
    "version": "999",
}


def organisation_pk(name: str) -> str:
    return str(Organisation.objects.get(name=name).pk)


def test_partner_posting_extra_fields_to_their_measure_changes_none_of_them(world, db, client):
    client.force_login(world.users[PARTNER_A])
    measure = Measure.objects.get(pk=world.measure_pk[KENT_POLICE])
    before = Measure.objects.filter(pk=measure.pk).values().get()
    history = measure.history.count()

    response = client.post(
        reverse("performance:measure-detail", args=[measure.pk]),
        {
            "note": "Recorded crime for the calendar year.",
            "proposed_actual": "100,512",
            "proposed_period": "Jan to Dec 2012",
            **EXTRA_FIELDS,
            "responsible_organisation": organisation_pk("Kenward Trust"),
            "lead_organisation": organisation_pk("Kenward Trust"),
        },
    )

    assert response.status_code == 302
    assert Measure.objects.filter(pk=measure.pk).values().get() == before
    assert measure.history.count() == history
    update = MeasureUpdate.objects.filter(measure=measure).latest("pk")
    assert (update.proposed_actual, update.proposed_period, update.author_id) == (
        Decimal("100512"),
        "Jan to Dec 2012",
        world.users[PARTNER_A].pk,
    )
    assert update.state == MeasureUpdate.State.SUBMITTED


def test_partner_posting_extra_fields_to_their_action_changes_only_its_status_and_note(
    world, db, client
):
    client.force_login(world.users[PARTNER_A])
    action = Action.objects.get(pk=world.action_pk[KENT_POLICE])
    before = Action.objects.filter(pk=action.pk).values().get()
    supporting = set(action.supporting_organisations.values_list("pk", flat=True))

    response = client.post(
        reverse("actionplan:action-detail", args=[action.pk]),
        {
            "status": "in_progress",
            "note": "Twelve cases reviewed.",
            **EXTRA_FIELDS,
            "number": "99",
            "theme": "1",
            "responsible_organisation": organisation_pk("Kenward Trust"),
            "lead_organisation": organisation_pk("Kenward Trust"),
            "supporting_organisations": organisation_pk("Kenward Trust"),
        },
    )

    assert response.status_code == 302
    after = Action.objects.filter(pk=action.pk).values().get()
    assert (after["status"], after["progress_note"]) == ("in_progress", "Twelve cases reviewed.")
    # The report moves the version on, so an officer's page drawn before it is refused.
    assert after["version"] == before["version"] + 1
    unchanged = {key for key in before if key not in ("status", "progress_note", "version")}
    assert {key: after[key] for key in unchanged} == {key: before[key] for key in unchanged}
    assert set(action.supporting_organisations.values_list("pk", flat=True)) == supporting
    assert ActionUpdate.objects.filter(action=action).latest("pk").status == "in_progress"


@pytest.mark.parametrize("status", [Plan.Status.APPROVED, Plan.Status.PUBLISHED])
def test_officer_cannot_approve_or_publish_a_plan_through_the_admin(world, db, client, status):
    """Approval and publication need actionplan.approve_plan, in the admin as on the plan's
    approval page (where officers get a 403)."""
    client.force_login(world.users[OFFICER])
    url = reverse("admin:actionplan_plan_change", args=[world.plan_pk])
    form = FormFields(client.get(url).content.decode()).data

    response = client.post(url, {**form, "status": status, "_save": "Save"})

    plan = Plan.objects.get(pk=world.plan_pk)
    assert (plan.status, plan.approved_by, plan.published_by) == (Plan.Status.DRAFT, None, None), (
        f"an officer set the plan to {plan.status} in the admin (HTTP {response.status_code})"
    )


def test_the_snapshot_notices_a_single_changed_figure(world, db):
    before = database_state()
    Measure.objects.filter(pk=world.measure_pk[KENT_POLICE]).update(target_value=1)
    assert changed_tables(before, database_state()) == ["performance.Measure"]


# --- Another partnership: nothing of the seed plan in the admin, exports and imports ----------

PLAN_CONTENT_ADMINS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in ("actionplan", "performance")
    and model._meta.model_name != "partnershipmembership"
]


def seed_rows(model):
    return model._default_manager.filter(
        **{partnership_path(model): "tonbridge-and-malling-csp"}
    ).order_by("pk")


@pytest.mark.parametrize("model", PLAN_CONTENT_ADMINS, ids=lambda model: model.__name__)
@pytest.mark.parametrize("role", ELSEWHERE)
def test_another_partnership_sees_and_changes_no_admin_row_of_the_seed_plan(
    world, db, client, role, model
):
    client.force_login(world.users[role])
    meta = model._meta
    listed = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    assert listed.status_code == 200
    shown = set(listed.context["cl"].result_list.values_list("pk", flat=True))
    row = seed_rows(model).first()
    assert row is not None
    assert shown.isdisjoint(seed_rows(model).values_list("pk", flat=True))
    # Nor do its list filters offer the seed plan (or its partnership, priorities, themes);
    # organisations, such as Tonbridge and Malling Borough Council, are shared by all.
    html = listed.content.decode()
    assert "Tonbridge and Malling CSP" not in html
    assert "Tonbridge and Malling Community Safety Partnership" not in html
    before = database_state()
    for view in ("change", "delete"):
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[row.pk])
        for response in (client.get(url), client.post(url, {"post": "yes"})):
            assert (response.status_code, response["Location"]) == (302, reverse("admin:index"))
    history = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[row.pk])
    assert client.get(history).status_code == 404
    version = row.history.order_by("history_id").first()
    earlier = reverse(
        f"admin:{meta.app_label}_{meta.model_name}_simple_history",
        args=[row.pk, version.history_id],
    )
    assert client.get(earlier).status_code == 404
    assert changed_tables(before, database_state()) == []


@pytest.mark.parametrize("role", ELSEWHERE)
def test_another_partnership_is_offered_none_of_the_seed_plans_rows_to_choose(
    world, db, client, role
):
    """The add forms offer their own partnership, plans and priorities only."""
    client.force_login(world.users[role])
    for name, field in [
        ("admin:actionplan_plan_add", "partnership"),
        ("admin:actionplan_priority_add", "plan"),
        ("admin:actionplan_action_add", "priority"),
        ("admin:performance_measure_add", "plan"),
    ]:
        form = client.get(reverse(name)).context["adminform"].form
        choices = form.fields[field].queryset
        assert choices.exists(), name
        partnerships = set(choices.values_list(partnership_path(choices.model), flat=True))
        assert partnerships == {"sevenoaks-district-csp"}, name


def partnership_path(model) -> str:
    """The lookup from a row of the model to its partnership's slug."""
    found = partnership_lookup(model)
    return "slug" if found == "pk" else f"{found}__slug"


@pytest.mark.parametrize("role", ELSEWHERE)
def test_another_partnership_exports_no_row_of_the_seed_plan(world, db, role):
    for resource_class, model in [(MeasureFiguresResource, Measure), (ActionResource, Action)]:
        content = spreadsheet_export(
            resource_class=resource_class,
            queryset=model.objects.all(),
            file_format="csv",
            acting_user=world.users[role],
        ).decode("utf-8-sig")
        assert "tonbridge-and-malling-csp" not in content
        assert "sevenoaks-district-csp" in content


@pytest.mark.parametrize("role", ELSEWHERE)
def test_another_partnership_imports_nothing_into_the_seed_plan(world, db, role):
    own = ActionResource
    seed_action = Action.objects.get(pk=world.action_pk[KENT_POLICE])
    header = [field.column_name for field in own().ordered_fields()]
    row = [
        "tonbridge-and-malling-csp",
        "2012",
        seed_action.priority.code,
        str(seed_action.number),
        "",
        "Rewritten by another partnership",
        "Kent Police",
        "",
        "Completed",
        "Done.",
    ]
    data = (",".join(header) + "\r\n" + ",".join(row) + "\r\n").encode()
    before = database_state()
    report = spreadsheet_import(
        resource_class=own,
        file_bytes=data,
        filename="actions.csv",
        acting_user=world.users[role],
        dry_run=False,
    )
    assert not report.committed and report.problems
    assert changed_tables(before, database_state()) == []


@pytest.mark.parametrize("name", [*SEED_PLAN_PAGES, "performance:plan-approve"])
@pytest.mark.parametrize("role", ELSEWHERE)
def test_another_partnerships_refusal_does_not_say_whether_the_plan_exists(
    world, db, client, role, name
):
    client.force_login(world.users[role])
    real = reverse(name, kwargs={"plan_pk": world.plan_pk})
    missing = reverse(name, kwargs={"plan_pk": 999_999})
    send = client.post if name.endswith("approve") else client.get
    refused, not_there = send(real), send(missing)
    assert refused.status_code == 404
    assert (refused.status_code, page_text(refused)) == (
        not_there.status_code,
        page_text(not_there),
    )
