"""Sending an approved or published plan back to draft: the reason is required and kept,
publication is withdrawn, and the plan must be approved again."""

import pytest
from django.urls import reverse

from actionplan.models import Plan
from partners.roles import PARTNER
from partners.services import user_set_up
from performance.approval import plan_approve, plan_publish
from performance.pdf import render_plan_html
from performance.tests.factories import MeasureFactory, OrganisationFactory, PlanFactory

pytestmark = pytest.mark.django_db

REASON = "The police changed the recorded-crime target after the board met."
DRAFT_MARKER = '<p class="cover-status">DRAFT</p>'


@pytest.fixture
def approved_plan(administrator, officer, seed_partnership):
    plan = PlanFactory(partnership=seed_partnership)
    MeasureFactory(plan=plan)
    return plan_approve(plan=plan, acting_user=administrator)


@pytest.fixture
def published_plan(approved_plan, administrator):
    return plan_publish(plan=approved_plan, acting_user=administrator)


def send_back(client, plan, reason=REASON):
    url = reverse("performance:plan-return-to-draft", args=[plan.pk])
    return client.post(url, {"return_reason": reason})


def stored(plan) -> dict:
    fields = ["status", "approved_at", "published_at", "returned_to_draft_at"]
    return {
        **Plan.objects.filter(pk=plan.pk).values(*fields).get(),
        "history": plan.history.count(),
    }


def test_officer_sends_an_approved_plan_back_to_draft_with_the_reason_recorded(
    officer_client, officer, approved_plan
):
    response = send_back(officer_client, approved_plan, reason=f"  {REASON}  ")

    assert response.status_code == 302
    plan = Plan.objects.get(pk=approved_plan.pk)
    assert plan.status == Plan.Status.DRAFT
    assert plan.returned_to_draft_by == officer
    assert plan.return_to_draft_reason == REASON
    assert plan.approved_at is None and plan.approved_by is None
    latest = plan.history.latest()
    assert latest.history_user == officer
    assert latest.history_change_reason == "Sent back to draft"
    assert latest.return_to_draft_reason == REASON
    # The approval it replaced stays in the history.
    assert plan.history.filter(status=Plan.Status.APPROVED).exists()

    html = officer_client.get(response.url).content.decode()
    assert f"The {plan.title} is a draft again" in html
    assert "Last sent back to draft" in html
    assert REASON in html


def test_sending_a_published_plan_back_withdraws_publication_and_marks_exports_draft(
    officer_client, published_plan
):
    assert DRAFT_MARKER not in render_plan_html(plan=published_plan)

    send_back(officer_client, published_plan)

    plan = Plan.objects.get(pk=published_plan.pk)
    assert plan.status == Plan.Status.DRAFT
    assert plan.published_at is None and plan.published_by is None
    assert DRAFT_MARKER in render_plan_html(plan=plan)


def test_a_plan_sent_back_must_be_approved_again_before_it_is_published(
    officer_client, administrator, published_plan
):
    send_back(officer_client, published_plan)
    plan = Plan.objects.get(pk=published_plan.pk)
    with pytest.raises(Exception, match="Only an approved plan can be published"):
        plan_publish(plan=plan, acting_user=administrator)
    plan_approve(plan=plan, acting_user=administrator)
    assert plan_publish(plan=plan, acting_user=administrator).status == Plan.Status.PUBLISHED


@pytest.mark.parametrize("reason", ["", "   "])
def test_sending_back_without_a_reason_is_refused_and_nothing_changes(
    officer_client, approved_plan, reason
):
    before = stored(approved_plan)

    response = send_back(officer_client, approved_plan, reason=reason)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "Say why the plan goes back to draft" in html
    assert 'href="#id_return_reason"' in html
    assert stored(approved_plan) == before


def test_a_draft_cannot_be_sent_back_to_draft(officer_client, seed_partnership):
    plan = PlanFactory(partnership=seed_partnership)
    before = stored(plan)
    response = send_back(officer_client, plan)
    assert "This plan is already a draft; nothing has changed." in response.content.decode()
    assert stored(plan) == before


def test_approval_page_offers_the_send_back_only_once_the_plan_is_approved(
    officer_client, approved_plan
):
    form_action = reverse("performance:plan-return-to-draft", args=[approved_plan.pk])
    approval = reverse("performance:plan-approval", args=[approved_plan.pk])
    html = officer_client.get(approval).content.decode()
    assert f'action="{form_action}"' in html
    assert "content and targets are locked while it is approved" in html

    send_back(officer_client, approved_plan)

    html = officer_client.get(approval).content.decode()
    assert f'action="{form_action}"' not in html


def test_send_back_refuses_get(officer_client, approved_plan):
    before = stored(approved_plan)
    url = reverse("performance:plan-return-to-draft", args=[approved_plan.pk])
    assert officer_client.get(url).status_code == 405
    assert stored(approved_plan) == before


def test_partner_may_not_send_a_plan_back_to_draft(client, roles, approved_plan):
    partner = user_set_up(
        username="partner",
        password="partner-pass-123",
        role=PARTNER,
        organisation=OrganisationFactory(),
    )
    client.force_login(partner)
    before = stored(approved_plan)
    # The plan is hidden from partners: not found, exactly as a plan that does not exist.
    assert send_back(client, approved_plan).status_code == 404
    assert stored(approved_plan) == before
