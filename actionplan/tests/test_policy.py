"""The access policy: every "may this user ..." answer, from role, partnership and the plan's
stage, and the scopes the querysets are built on."""

import pytest
from django.contrib.auth import get_user_model

from actionplan import policy
from actionplan.models import Action, Plan
from actionplan.policy import Ability, may
from conftest import join, make_staff
from partners import roles
from performance.models import Measure
from performance.tests.factories import (
    ActionFactory,
    MeasureFactory,
    OrganisationFactory,
    PlanFactory,
    PriorityFactory,
)

pytestmark = pytest.mark.django_db

PLAN_WORK = [
    Ability.SEE_PLAN,
    Ability.ENTER_FIGURES,
    Ability.ENTER_ACTUAL_FIGURES,
    Ability.REVIEW_UPDATES,
    Ability.IMPORT,
    Ability.EXPORT,
]


@pytest.fixture
def plan(seed_partnership):
    return PlanFactory(partnership=seed_partnership)


@pytest.fixture
def other_plan(other_partnership):
    return PlanFactory(partnership=other_partnership)


@pytest.fixture
def it_team(db):
    return get_user_model().objects.create_user("it-team", is_superuser=True, is_staff=True)


def with_status(plan, status):
    Plan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()
    return plan


@pytest.mark.parametrize("ability", PLAN_WORK + [Ability.EDIT_CONTENT, Ability.EDIT_TARGETS])
def test_officer_works_on_their_partnerships_draft_plan_only(ability, officer, plan, other_plan):
    assert may(officer, ability, plan)
    assert not may(officer, ability, other_plan)


@pytest.mark.parametrize("ability", list(Ability))
def test_partner_user_may_do_nothing_to_a_plan(ability, partner_user, plan):
    if ability in (Ability.LIST_PLANS, Ability.ADD_PLAN):
        assert not may(partner_user, ability)
    else:
        assert not may(partner_user, ability, plan)


@pytest.mark.parametrize("ability", list(Ability))
def test_a_user_with_no_role_may_do_nothing(ability, plan):
    nobody = get_user_model().objects.create_user("nobody")
    plan_or_none = None if ability in (Ability.LIST_PLANS, Ability.ADD_PLAN) else plan
    assert not may(nobody, ability, plan_or_none)


@pytest.mark.parametrize("status", [Plan.Status.APPROVED, Plan.Status.PUBLISHED])
def test_a_locked_plan_refuses_content_and_targets_but_takes_actual_figures(status, officer, plan):
    with_status(plan, status)
    assert not may(officer, Ability.EDIT_CONTENT, plan)
    assert not may(officer, Ability.EDIT_TARGETS, plan)
    assert may(officer, Ability.ENTER_ACTUAL_FIGURES, plan)
    assert may(officer, Ability.ENTER_FIGURES, plan)


@pytest.mark.parametrize("status", [Plan.Status.APPROVED, Plan.Status.PUBLISHED])
def test_officers_and_administrators_of_the_partnership_may_send_a_locked_plan_back_to_draft(
    status, officer, administrator, other_partnership_officer, partner_user, plan
):
    assert not may(officer, Ability.SEND_BACK_TO_DRAFT, plan), "a draft is a draft already"
    with_status(plan, status)
    assert may(officer, Ability.SEND_BACK_TO_DRAFT, plan)
    assert may(administrator, Ability.SEND_BACK_TO_DRAFT, plan)
    assert not may(other_partnership_officer, Ability.SEND_BACK_TO_DRAFT, plan)
    assert not may(partner_user, Ability.SEND_BACK_TO_DRAFT, plan)


@pytest.mark.parametrize("ability", [Ability.APPROVE, Ability.PUBLISH, Ability.MANAGE_USERS])
def test_only_an_administrator_of_the_partnership_approves_publishes_and_manages_users(
    ability, officer, administrator, other_partnership, plan, other_plan
):
    other_administrator = make_staff("other-admin", roles.ADMINISTRATOR, other_partnership)
    assert may(administrator, ability, plan)
    assert not may(officer, ability, plan)
    assert not may(other_administrator, ability, plan)
    assert not may(administrator, ability, other_plan)


def test_an_administrator_is_not_a_superuser_and_their_powers_come_from_the_group(
    administrator, plan
):
    assert not administrator.is_superuser
    administrator.groups.clear()
    policy.forget(administrator)
    assert not may(administrator, Ability.APPROVE, plan)


def test_the_it_team_may_see_every_partnership(it_team, plan, other_plan):
    for ability in PLAN_WORK + [Ability.APPROVE, Ability.MANAGE_USERS]:
        assert may(it_team, ability, plan) and may(it_team, ability, other_plan)


def test_questions_without_a_plan_are_about_any_of_the_users_partnerships(officer, administrator):
    lost = make_staff("no-partnership-officer", roles.OFFICER)
    assert may(officer, Ability.REVIEW_UPDATES) and may(officer, Ability.IMPORT)
    assert not may(lost, Ability.REVIEW_UPDATES) and not may(lost, Ability.EXPORT)
    assert may(lost, Ability.LIST_PLANS), "an officer has a plan list, empty until they join"
    assert may(administrator, Ability.MANAGE_USERS) and not may(officer, Ability.MANAGE_USERS)


def test_a_question_that_needs_a_plan_is_refused_without_one(officer):
    with pytest.raises(ValueError, match="give the plan"):
        may(officer, Ability.APPROVE)


def test_the_users_role_and_partnerships_are_read_once(
    officer, plan, other_plan, django_assert_num_queries
):
    policy.forget(officer)
    with django_assert_num_queries(1):
        for ability in PLAN_WORK:
            may(officer, ability, plan)
            may(officer, ability, other_plan)


# Scopes


def test_plans_visible_to_an_officer_are_their_partnerships_only(
    officer, other_partnership_officer, partner_user, plan, other_plan
):
    # (The partner user's fixture loads the seed plan, of the officer's partnership too.)
    made = Plan.objects.filter(pk__in=[plan.pk, other_plan.pk])
    assert list(made.visible_to(officer)) == [plan]
    assert list(made.visible_to(other_partnership_officer)) == [other_plan]
    assert list(Plan.objects.visible_to(partner_user)) == []


def test_an_officer_of_two_partnerships_sees_both(officer, other_partnership, plan, other_plan):
    join(officer, other_partnership)
    assert set(Plan.objects.visible_to(officer)) == {plan, other_plan}


def test_actions_and_measures_follow_the_plans_partnership(
    officer, other_partnership_officer, plan, other_plan
):
    mine = ActionFactory(priority=PriorityFactory(plan=plan))
    theirs = ActionFactory(priority=PriorityFactory(plan=other_plan))
    my_measure, their_measure = MeasureFactory(plan=plan), MeasureFactory(plan=other_plan)
    assert list(Action.objects.visible_to(officer)) == [mine]
    assert list(Action.objects.visible_to(other_partnership_officer)) == [theirs]
    assert list(Measure.objects.visible_to(officer)) == [my_measure]
    assert list(Measure.objects.visible_to(other_partnership_officer)) == [their_measure]


def test_a_partner_keeps_their_organisations_rows_in_every_partnership(
    partner_user, plan, other_plan
):
    police = partner_user.partner_profile.organisation
    elsewhere = OrganisationFactory()
    led = [
        ActionFactory(priority=PriorityFactory(plan=p, lead_organisation=police))
        for p in (plan, other_plan)
    ]
    ActionFactory(priority=PriorityFactory(plan=plan, lead_organisation=elsewhere))
    reported = [MeasureFactory(plan=p, responsible_organisation=police) for p in (plan, other_plan)]
    MeasureFactory(plan=plan, responsible_organisation=elsewhere)
    plans = [plan, other_plan]  # not the seed plan, which the partner's fixture loads
    assert set(Action.objects.filter(priority__plan__in=plans).visible_to(partner_user)) == set(led)
    assert set(Measure.objects.filter(plan__in=plans).visible_to(partner_user)) == set(reported)


def test_anonymous_visitors_see_nothing(client, plan):
    from django.contrib.auth.models import AnonymousUser

    assert not Plan.objects.visible_to(AnonymousUser()).exists()
    assert not may(AnonymousUser(), Ability.LIST_PLANS)
