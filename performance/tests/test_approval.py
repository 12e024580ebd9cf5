"""Approving and publishing a plan: who may, when a reason is needed, and what is kept."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actionplan.models import Plan
from conftest import join, make_staff
from partners import roles
from partners.models import Organisation
from partners.services import user_set_up
from performance.approval import plan_approve
from performance.completeness import plan_completeness
from performance.pdf import render_plan_html
from performance.tests.factories import MeasureFactory, PlanFactory, build_scaled_plan

pytestmark = pytest.mark.django_db

DRAFT_MARKER = '<p class="cover-status">DRAFT</p>'
REASON = "The police figures for 2012/13 are published in July; the plan cannot wait."


@pytest.fixture
def plan(seed_plan):
    return Plan.objects.get(partnership__slug="tonbridge-and-malling-csp", start_year=2012)


@pytest.fixture
def admin_client(administrator):
    client = Client()
    client.force_login(administrator)
    return client


@pytest.fixture
def partner_client(seed_plan):
    partner = user_set_up(
        username="partner",
        password="partner-pass-123",
        role=roles.PARTNER,
        organisation=Organisation.objects.get(name="Kent Police"),
    )
    client = Client()
    client.force_login(partner)
    return client


@pytest.fixture
def complete_plan(seed_partnership):
    """A plan with one police target whose figures are all in and agree with its words."""
    plan = PlanFactory(partnership=seed_partnership)
    MeasureFactory(plan=plan)
    assert plan_completeness(plan).is_complete
    return plan


def approval_url(plan):
    return reverse("performance:plan-approval", args=[plan.pk])


def approve(client, plan, reason=""):
    return client.post(reverse("performance:plan-approve", args=[plan.pk]), {"reason": reason})


def publish(client, plan):
    return client.post(reverse("performance:plan-publish", args=[plan.pk]))


def saved_state(plan) -> dict:
    """Everything approval and publishing may change, and the plan's history."""
    row = Plan.objects.filter(pk=plan.pk).values(
        "status", "approved_by", "approved_at", "approval_note", "published_by", "published_at"
    )
    return {**row.get(), "history": Plan.history.filter(id=plan.pk).count()}


def assert_recent(moment):
    assert timezone.now() - timedelta(minutes=1) < moment <= timezone.now()


# ------------------------------------------------------------------ approving


def test_approval_is_refused_while_figures_are_missing_and_no_reason_is_given(admin_client, plan):
    report = plan_completeness(plan)
    assert report.missing
    before = saved_state(plan)

    response = approve(admin_client, plan, reason="   ")

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert f"The plan still has {len(report.missing)} missing figures" in html
    assert "Nothing has been saved." in html
    assert saved_state(plan) == before


def test_approval_with_a_reason_records_who_approved_when_and_why(
    admin_client, administrator, plan
):
    response = approve(admin_client, plan, reason=f"  {REASON}  ")

    assert response.status_code == 302
    assert response.url == approval_url(plan)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED
    assert plan.approved_by == administrator
    assert_recent(plan.approved_at)
    assert plan.approval_note == REASON
    assert plan.history.latest().history_user == administrator

    html = admin_client.get(response.url).content.decode()
    assert f"The {plan.title} is approved." in html
    assert f"By {administrator.username} on" in html
    assert REASON in html


def test_a_complete_plan_is_approved_with_no_reason(admin_client, administrator, complete_plan):
    html = admin_client.get(approval_url(complete_plan)).content.decode()
    assert "no reason is needed" in html
    assert 'name="reason"' not in html

    assert approve(admin_client, complete_plan).status_code == 302

    complete_plan.refresh_from_db()
    assert complete_plan.status == Plan.Status.APPROVED
    assert complete_plan.approved_by == administrator
    assert complete_plan.approval_note == ""


def test_approval_page_asks_for_a_reason_while_the_report_shows_gaps(admin_client, plan):
    report = plan_completeness(plan)
    html = admin_client.get(approval_url(plan)).content.decode()
    assert f"{len(report.missing)} missing figures" in html
    assert reverse("performance:plan-completeness", args=[plan.pk]) in html
    assert "can only be approved with its gaps if you record why" in html
    assert 'name="reason"' in html
    assert f'action="{reverse("performance:plan-approve", args=[plan.pk])}"' in html
    assert reverse("performance:plan-publish", args=[plan.pk]) not in html


def test_a_reason_longer_than_the_limit_is_refused_and_nothing_changes(admin_client, plan):
    before = saved_state(plan)
    response = approve(admin_client, plan, reason="x" * 2001)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Reason for approving with gaps can be at most 2,000 characters; it has 2,001." in html
    assert "x" * 2001 in html
    assert saved_state(plan) == before


def test_an_approved_plan_cannot_be_approved_again(admin_client, administrator, plan):
    plan_approve(plan=plan, acting_user=administrator, reason=REASON)
    before = saved_state(plan)
    response = approve(admin_client, plan, reason="Another reason")
    assert "Only a draft can be approved" in response.content.decode()
    assert saved_state(plan) == before


def test_a_plan_administrator_who_is_not_a_superuser_may_approve(client, complete_plan):
    user = get_user_model().objects.create_user("group-admin", password="group-pass-123")
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    join(user, complete_plan.partnership)
    client.force_login(user)
    assert approve(client, complete_plan).status_code == 302
    complete_plan.refresh_from_db()
    assert complete_plan.approved_by == user


# ------------------------------------------------------------------ publishing


def test_publishing_is_refused_until_the_plan_is_approved(admin_client, plan):
    before = saved_state(plan)
    response = publish(admin_client, plan)
    assert response.status_code == 302
    html = admin_client.get(response.url).content.decode()
    assert "Only an approved plan can be published. Nothing has changed." in html
    assert saved_state(plan) == before


def test_publishing_an_approved_plan_records_who_published_it_and_when(
    admin_client, administrator, plan
):
    approve(admin_client, plan, reason=REASON)
    html = admin_client.get(approval_url(plan)).content.decode()
    assert f'action="{reverse("performance:plan-publish", args=[plan.pk])}"' in html

    response = publish(admin_client, plan)

    assert response.url == approval_url(plan)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PUBLISHED
    assert plan.published_by == administrator
    assert_recent(plan.published_at)
    assert plan.approval_note == REASON
    html = admin_client.get(response.url).content.decode()
    assert f"The {plan.title} is published." in html
    assert "there is nothing more to do" in html


def test_exported_plan_is_marked_draft_until_approved(administrator, plan):
    assert DRAFT_MARKER in render_plan_html(plan=plan)
    plan_approve(plan=plan, acting_user=administrator, reason=REASON)
    plan.refresh_from_db()
    assert DRAFT_MARKER not in render_plan_html(plan=plan)


# ------------------------------------------------------------------ who may


@pytest.mark.parametrize("endpoint", ["performance:plan-approve", "performance:plan-publish"])
def test_officer_may_not_approve_or_publish_and_nothing_changes(
    officer_client, administrator, plan, endpoint
):
    if endpoint == "performance:plan-publish":
        plan_approve(plan=plan, acting_user=administrator, reason=REASON)
    before = saved_state(plan)
    response = officer_client.post(reverse(endpoint, args=[plan.pk]), {"reason": REASON})
    assert response.status_code == 403
    assert saved_state(plan) == before


def test_officer_reads_the_approval_page_without_its_forms(officer_client, plan):
    html = officer_client.get(approval_url(plan)).content.decode()
    assert plan.title in html
    assert "Only a plan administrator can approve and publish a plan." in html
    assert reverse("performance:plan-approve", args=[plan.pk]) not in html
    assert 'name="reason"' not in html


def test_partner_finds_no_approval_page_as_if_the_plan_did_not_exist(partner_client, plan):
    # A plan is not a partner's to see: a 404, as for a plan that does not exist (not a 403).
    assert partner_client.get(approval_url(plan)).status_code == 404


@pytest.mark.parametrize("endpoint", ["performance:plan-approve", "performance:plan-publish"])
def test_partner_may_not_approve_or_publish(partner_client, plan, endpoint):
    before = saved_state(plan)
    response = partner_client.post(reverse(endpoint, args=[plan.pk]), {"reason": REASON})
    assert response.status_code == 404
    assert saved_state(plan) == before


@pytest.mark.parametrize("endpoint", ["performance:plan-approve", "performance:plan-publish"])
def test_administrator_of_another_partnership_may_not_approve_or_publish(
    client, other_partnership, administrator, plan, endpoint
):
    other_administrator = make_staff("other-admin", roles.ADMINISTRATOR, other_partnership)
    if endpoint == "performance:plan-publish":
        plan_approve(plan=plan, acting_user=administrator, reason=REASON)
    before = saved_state(plan)
    client.force_login(other_administrator)
    assert client.get(approval_url(plan)).status_code == 404
    assert client.post(reverse(endpoint, args=[plan.pk]), {"reason": REASON}).status_code == 404
    assert saved_state(plan) == before


@pytest.mark.parametrize("endpoint", ["performance:plan-approve", "performance:plan-publish"])
def test_approve_and_publish_refuse_get(admin_client, plan, endpoint):
    before = saved_state(plan)
    assert admin_client.get(reverse(endpoint, args=[plan.pk])).status_code == 405
    assert saved_state(plan) == before


def test_anonymous_user_is_sent_to_sign_in_from_the_approval_page(client, plan):
    response = client.get(approval_url(plan))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={approval_url(plan)}"


@pytest.mark.parametrize("endpoint", ["performance:plan-approve", "performance:plan-publish"])
def test_anonymous_user_may_not_approve_or_publish(client, plan, endpoint):
    before = saved_state(plan)
    url = reverse(endpoint, args=[plan.pk])
    response = client.post(url, {"reason": REASON})
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"
    assert saved_state(plan) == before


def test_unknown_plan_is_not_found(admin_client, plan):
    assert admin_client.get(approval_url(Plan(pk=plan.pk + 1000))).status_code == 404
    assert approve(admin_client, Plan(pk=plan.pk + 1000), REASON).status_code == 404


def test_plan_list_links_officers_to_the_approval_page(officer_client, plan):
    html = officer_client.get(reverse("actionplan:plan-list")).content.decode()
    assert f'href="{approval_url(plan)}"' in html


# ------------------------------------------------------------------ cost

# The same bound for the seed and for a plan ten times its size.
MAX_APPROVAL_PAGE_QUERIES = 15


@pytest.mark.parametrize("size", ["seed", "scale-10"])
def test_approval_page_costs_bounded_queries_for_the_seed_and_a_plan_ten_times_larger(
    size, admin_client, administrator, plan, django_assert_max_num_queries
):
    target = plan if size == "seed" else build_scaled_plan(scale=10)
    join(administrator, target.partnership)
    with django_assert_max_num_queries(MAX_APPROVAL_PAGE_QUERIES):
        assert admin_client.get(approval_url(target)).status_code == 200
