"""The home page fits the role: officers see plans and what needs attention, partner users
their own organisation's actions, everyone else whom to ask."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.models import Action, Partnership, Plan
from conftest import join
from partners import roles
from partners.models import Organisation
from partners.services import user_set_up
from performance.approval import plan_approve
from performance.completeness import plan_completeness
from performance.models import Measure, MeasureUpdate
from performance.tests.factories import PlanFactory, build_scaled_plan
from performance.views.home import CHECKED_DRAFTS, CHECKED_PLANS, checked_plans, in_its_year

pytestmark = pytest.mark.django_db

HOME = "/"
# One bound for the seed and for a plan ten times its size: about ten for the page and six
# for each of the (at most CHECKED_DRAFTS) draft plans whose completeness is counted.
MAX_HOME_QUERIES = 30


@pytest.fixture
def plan(seed_plan):
    return Plan.objects.get(partnership__slug="tonbridge-and-malling-csp", start_year=2012)


def partner_client_for(organisation_name):
    partner = user_set_up(
        username=f"partner-{organisation_name.lower().replace(' ', '-')}",
        password="partner-pass-123",
        role=roles.PARTNER,
        organisation=Organisation.objects.get(name=organisation_name),
    )
    client = Client()
    client.force_login(partner)
    return client


@pytest.fixture
def police_client(seed_plan):
    return partner_client_for("Kent Police")


def home(client):
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def row_of(html, text):
    """The table row holding text."""
    start = html.index(text, html.index("<tbody"))
    return html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]


def submit_update(measure, author, state=MeasureUpdate.State.SUBMITTED):
    return MeasureUpdate.objects.create(
        measure=measure,
        author=author,
        organisation=measure.responsible_organisation,
        proposed_actual=Decimal("600"),
        proposed_period="2012/13",
        state=state,
    )


# ------------------------------------------------------------------ officers


def test_officer_home_lists_plans_latest_first_with_their_status(officer_client, plan):
    html = home(officer_client)
    previous = plan.previous_plan()
    assert html.count("<h1") == 1
    assert html.index(plan.title) < html.index(previous.title)
    assert "<td>Draft</td>" in row_of(html, plan.title)
    assert "Published" in row_of(html, previous.title)


def test_officer_home_counts_the_draft_plans_missing_figures_and_inconsistencies(
    officer_client, plan
):
    report = plan_completeness(plan)
    missing, flags = len(report.missing), len(report.flags)
    assert missing and flags
    html = home(officer_client)
    row = row_of(html, plan.title)
    assert f"<td>{missing}</td>\n        <td>{flags}</td>" in row
    assert f"{missing} missing figures and {flags} inconsistencies" in html


def test_officer_home_does_not_count_settled_plans(officer_client, plan):
    row = row_of(home(officer_client), plan.previous_plan().title)
    assert 'Not counted<span class="visually-hidden">: the plan is published' in row


def test_officer_home_counts_only_the_newest_drafts(officer_client, seed_plan):
    partnership = Plan.objects.first().partnership
    for year in range(2020, 2020 + CHECKED_DRAFTS):
        PlanFactory(partnership=partnership, start_year=year)
    html = home(officer_client)
    plan_2012 = Plan.objects.get(partnership=partnership, start_year=2012)
    assert "See the completeness report" in row_of(html, plan_2012.title)


def test_officer_home_counts_figure_updates_awaiting_review(officer_client, officer, plan):
    measures = list(plan.measures.all()[:3])
    submit_update(measures[0], officer)
    submit_update(measures[1], officer)
    submit_update(measures[2], officer, state=MeasureUpdate.State.ACCEPTED)
    html = home(officer_client)
    queue = reverse("performance:update-queue")
    assert f'<a href="{queue}">2 figure updates from partners awaiting review</a>' in html


def test_officer_home_says_when_no_updates_await_review(officer_client, plan):
    assert "No figure updates from partners are awaiting review" in home(officer_client)


def test_officer_home_links_to_every_page_of_each_plan(officer_client, plan):
    row = row_of(home(officer_client), plan.title)
    for name in [
        "performance:plan-overview",
        "performance:plan-figures",
        "performance:plan-completeness",
        "performance:plan-approval",
        "performance:plan-pdf",
        "admin:actionplan_plan_change",
    ]:
        assert f'href="{reverse(name, args=[plan.pk])}"' in row, name


def test_officer_home_shows_who_approved_a_plan(officer_client, plan):
    approver = user_set_up(username="approver", password="pass-123-abc", role=roles.ADMINISTRATOR)
    join(approver, plan.partnership)
    client = Client()
    client.force_login(approver)
    client.post(reverse("performance:plan-approve", args=[plan.pk]), {"reason": "Due in July"})
    row = row_of(home(officer_client), plan.title)
    assert "Approved" in row
    assert "approver" in row


# ------------------------------------------------------------------ partners


def test_partner_home_shows_only_their_own_organisations_actions(police_client, plan):
    police = Organisation.objects.get(name="Kent Police")
    kenward = Organisation.objects.get(name="Kenward Trust")
    own = Action.objects.filter(lead_organisation=police)
    kenward_only = Action.objects.filter(lead_organisation=kenward).exclude(
        supporting_organisations=police
    )
    assert own and kenward_only

    html = home(police_client)

    assert '<h1 class="h2">Actions for Kent Police</h1>' in html
    for action in own:
        assert f'href="{reverse("actionplan:action-detail", args=[action.pk])}"' in html
    for action in kenward_only:
        assert reverse("actionplan:action-detail", args=[action.pk]) not in html
        assert action.reference not in html


def test_partner_home_groups_actions_by_priority_with_their_status(police_client, plan):
    action = Action.objects.filter(lead_organisation__name="Kent Police").first()
    action.status = Action.Status.DELAYED
    action.save()
    html = home(police_client)
    assert f">{action.priority.title} <span" in html
    row = row_of(html, action.reference)
    assert "<td>Lead</td>" in row
    assert ">Delayed</td>" in row
    assert '<th scope="col" class="text-nowrap">Status</th>' in html
    assert "<caption" in html


def test_partner_home_links_to_my_actions_and_my_measures(police_client, plan):
    html = home(police_client)
    count = Measure.objects.filter(responsible_organisation__name="Kent Police").count()
    assert f'href="{reverse("actionplan:my-actions")}"' in html
    assert f'href="{reverse("performance:my-measures")}">My measures ({count})</a>' in html


def test_partner_home_shows_no_plan_report_links(police_client, plan):
    html = home(police_client)
    assert reverse("performance:plan-completeness", args=[plan.pk]) not in html
    assert "awaiting review" not in html


# ------------------------------------------------------------------ others


def test_user_with_no_role_is_told_whom_to_contact(client, plan):
    user = get_user_model().objects.create_user("no-role", password="no-role-pass-123")
    client.force_login(user)
    html = home(client)
    assert "your account has no role yet" in html
    partnership = plan.partnership
    assert partnership.name in html
    if partnership.email:
        assert f'href="mailto:{partnership.email}"' in html
    assert plan.title not in html


def test_anonymous_user_is_sent_to_sign_in(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={HOME}"


# ------------------------------------------------------------------ cost


@pytest.mark.parametrize("size", ["seed", "scale-10"])
def test_officer_home_costs_bounded_queries_for_the_seed_and_a_plan_ten_times_larger(
    size, officer_client, officer, seed_plan, django_assert_max_num_queries
):
    if size == "scale-10":
        join(officer, build_scaled_plan(scale=10).partnership)
    with django_assert_max_num_queries(MAX_HOME_QUERIES):
        home(officer_client)


def page_queries(client) -> list[str]:
    """The home page's queries, without the session bookkeeping that only some requests do."""
    with CaptureQueriesContext(connection) as captured:
        home(client)
    return [
        query["sql"]
        for query in captured.captured_queries
        if "django_session" not in query["sql"]
        and not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def test_officer_home_costs_the_same_whatever_the_size_of_the_plan(officer_client, officer):
    small = build_scaled_plan(scale=1, start_year=2030)
    join(officer, small.partnership)
    small_queries = page_queries(officer_client)
    Plan.objects.filter(partnership=small.partnership).update(status=Plan.Status.PUBLISHED)
    join(officer, build_scaled_plan(scale=10, start_year=2040).partnership)
    assert len(page_queries(officer_client)) == len(small_queries)


@pytest.mark.parametrize("size", ["seed", "scale-10"])
def test_partner_home_costs_bounded_queries(size, police_client, django_assert_max_num_queries):
    if size == "scale-10":
        plan = build_scaled_plan(scale=10)
        Action.objects.filter(priority__plan=plan).update(
            lead_organisation=Organisation.objects.get(name="Kent Police")
        )
    with django_assert_max_num_queries(MAX_HOME_QUERIES):
        home(police_client)


# Plans in their year: an approved plan is worked all year, so it is counted while its
# figures by period come in, and until a quarter after its year ends.


@pytest.mark.parametrize(
    "today, counted",
    [
        (date(2012, 3, 31), False),  # before the 2012/13 year starts
        (date(2012, 4, 1), True),
        (date(2013, 3, 31), True),
        (date(2013, 6, 30), True),  # the last quarter's figures still coming in
        (date(2013, 7, 1), False),
    ],
)
def test_a_plan_is_in_its_year_until_a_quarter_after_it_ends(today, counted):
    plan = Plan(partnership=Partnership(year_start_month=4), start_year=2012)
    assert in_its_year(plan, today) is counted


def test_plans_in_their_year_are_checked_before_the_newest_drafts_within_a_bound():
    partnership = Partnership(year_start_month=4)
    current = [
        Plan(pk=n, partnership=partnership, start_year=2026, status=Plan.Status.APPROVED)
        for n in range(1, 5)
    ]
    drafts = [
        Plan(pk=n, partnership=partnership, start_year=2030 + n, status=Plan.Status.DRAFT)
        for n in range(10, 15)
    ]
    old = Plan(pk=99, partnership=partnership, start_year=2011, status=Plan.Status.PUBLISHED)
    checked = checked_plans([*drafts, *current, old], date(2026, 12, 4))
    assert checked == {1, 2, 3, 4, 10, 11}
    assert len(checked) == CHECKED_PLANS


def test_officer_home_counts_an_approved_plan_in_its_year(officer_client, administrator, plan):
    """The seed plan moved to this year and approved: its gaps still count on the home page."""
    this_year = date.today().year if date.today().month >= 4 else date.today().year - 1
    Plan.objects.filter(pk=plan.pk).update(start_year=this_year)
    plan.refresh_from_db()
    plan_approve(plan=plan, acting_user=administrator, reason="Approved with its gaps.")
    row = row_of(home(officer_client), plan.title)
    report = plan_completeness(plan)
    assert f"<td>{len(report.missing)}</td>" in row
    assert "Not counted" not in row
