"""Partners see and report on their own organisation's actions, and nothing else."""

import pytest
from django.urls import reverse

from actionplan.models import Action, ActionUpdate

pytestmark = pytest.mark.django_db


def kent_police_actions():
    return Action.objects.filter(lead_organisation__name="Kent Police") | Action.objects.filter(
        supporting_organisations__name="Kent Police"
    )


def test_my_actions_lists_exactly_the_actions_the_organisation_leads_or_supports(
    client, police_partner
):
    client.force_login(police_partner)
    response = client.get(reverse("actionplan:my-actions"))
    shown = {action.pk for action in response.context["actions"]}
    assert shown == set(kent_police_actions().values_list("pk", flat=True))
    assert shown, "the seed gives Kent Police actions"
    html = response.content.decode()
    assert "Actions for Kent Police" in html
    kenward_only = Action.objects.get(description__startswith="Task the Kenward IFY Team")
    assert kenward_only.description not in html


def test_my_actions_marks_the_partners_role_and_groups_by_priority(client, kenward_partner):
    client.force_login(kenward_partner)
    response = client.get(reverse("actionplan:my-actions"))
    html = response.content.decode()
    assert "Substance Misuse" in html
    assert "Lead" in html
    assert "Not reported yet" in html


def test_partner_sees_another_organisations_action_as_not_found(client, police_partner):
    client.force_login(police_partner)
    other = Action.objects.exclude(pk__in=kent_police_actions().values("pk")).first()
    url = reverse("actionplan:action-detail", args=[other.pk])
    assert client.get(url).status_code == 404
    before = (other.status, other.progress_note, ActionUpdate.objects.count())
    response = client.post(url, {"status": "completed", "note": "Done"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert (other.status, other.progress_note, ActionUpdate.objects.count()) == before


def test_partner_reports_progress_which_becomes_the_actions_status(client, police_partner):
    client.force_login(police_partner)
    action = kent_police_actions().first()
    original = (action.description, action.lead_organisation_id, action.priority_id)
    response = client.post(
        reverse("actionplan:action-detail", args=[action.pk]),
        {
            "status": "in_progress",
            "note": "Twelve cases reviewed at the May Task Group.",
            # Extra fields a partner must not be able to change:
            "description": "Rewritten by a partner",
            "lead_organisation": "1",
            "priority": "2",
        },
        follow=True,
    )
    assert "Progress on" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert action.progress_note == "Twelve cases reviewed at the May Task Group."
    assert (action.description, action.lead_organisation_id, action.priority_id) == original
    update = action.updates.get()
    assert (update.author, update.organisation.name) == (police_partner, "Kent Police")
    assert action.history.latest().history_user == police_partner


def test_a_report_without_progress_is_refused_with_a_message(client, police_partner):
    client.force_login(police_partner)
    action = kent_police_actions().first()
    response = client.post(
        reverse("actionplan:action-detail", args=[action.pk]), {"status": "delayed", "note": " "}
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Say what progress has been made." in html
    assert "<title>Error:" in html
    action.refresh_from_db()
    assert action.status == "not_started"
    assert not action.updates.exists()


def test_officer_without_an_organisation_has_no_my_actions(officer_client, seed_plan):
    response = officer_client.get(reverse("actionplan:my-actions"))
    assert list(response.context["actions"]) == []
    assert "does not belong to a partner organisation" in response.content.decode()


def test_my_measures_lists_only_the_organisations_measures(client, police_partner):
    client.force_login(police_partner)
    response = client.get(reverse("performance:my-measures"))
    shown = list(response.context["measures"])
    assert shown
    assert {m.responsible_organisation.name for m in shown} == {"Kent Police"}
    assert "Level of recorded crime" in response.content.decode()


def test_partner_pages_cost_a_bounded_number_of_queries(
    client, police_partner, django_assert_max_num_queries
):
    client.force_login(police_partner)
    for name in ["actionplan:my-actions", "performance:my-measures"]:
        with django_assert_max_num_queries(10):
            client.get(reverse(name))
