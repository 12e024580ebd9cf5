"""The admin is usable by an officer: every part of the seed plan is reachable, and a plan's
content (the small plan's, built with factories) is editable."""

import pytest
from django.contrib import admin
from django.db import IntegrityError, transaction
from django.urls import reverse

from actionplan.models import Action, Plan, Priority
from partners import roles
from partners.models import Organisation
from partners.services import user_set_up
from performance.models import Measure

pytestmark = pytest.mark.django_db

MAX_ADMIN_QUERIES = 60


def admin_url(model, view, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m.__name__)
def test_officer_can_list_every_model_in_bounded_queries(
    model, officer_client, seed_plan, django_assert_max_num_queries
):
    with django_assert_max_num_queries(MAX_ADMIN_QUERIES):
        response = officer_client.get(admin_url(model, "changelist"))
    if model.__name__ in {"User", "Group", "PartnerProfile", "PartnershipMembership"}:
        # Managing users (and their partnerships) is the administrator's job, not the officer's.
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert response.context["cl"].result_count == model.objects.count()


def test_plan_page_shows_review_sections_priorities_and_police_targets(
    officer_client, seed_plan, django_assert_max_num_queries
):
    plan = Plan.objects.get(start_year=2012)
    with django_assert_max_num_queries(MAX_ADMIN_QUERIES):
        response = officer_client.get(admin_url(Plan, "change", plan.pk))
    html = response.content.decode()
    assert "Driver behaviour" in html
    assert "Substance Misuse" in html
    assert "102904" in html  # recorded crime baseline, a police target of the plan
    inline_counts = {
        formset.formset.prefix: formset.formset.total_form_count()
        for formset in response.context["inline_admin_formsets"]
    }
    assert inline_counts["review_sections"] == 8
    assert inline_counts["priorities"] == 3
    assert inline_counts["measures"] == 7


def test_priority_page_shows_its_themes_actions_outcomes_partners_and_measures(
    officer_client, seed_plan, django_assert_max_num_queries
):
    priority = Priority.objects.get(plan__start_year=2012, code="asb")
    with django_assert_max_num_queries(MAX_ADMIN_QUERIES * 2):
        response = officer_client.get(admin_url(Priority, "change", priority.pk))
    counts = {
        formset.opts.model.__name__: formset.formset.total_form_count()
        for formset in response.context["inline_admin_formsets"]
    }
    assert counts == {
        "Theme": priority.themes.count(),
        "Action": priority.actions.count(),
        "Outcome": 2,
        "KeyPartner": priority.keypartner_set.count(),
        "Measure": priority.measures.count(),
    }
    assert counts["Action"] > 0 and counts["Measure"] > 0 and counts["Theme"] == 2


def test_partner_user_is_kept_out_of_the_admin(client, small_plan):
    partner = user_set_up(
        username="partner",
        password="partner-pass-123",
        role=roles.PARTNER,
        organisation=Organisation.objects.get(name="Kent Police"),
    )
    client.force_login(partner)
    response = client.get(admin_url(Plan, "changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_deleting_an_organisation_that_leads_plan_content_is_refused(officer_client, small_plan):
    police = Organisation.objects.get(name="Kent Police")
    response = officer_client.post(admin_url(Organisation, "delete", police.pk), {"post": "yes"})
    assert "Cannot delete" in response.content.decode()
    assert Organisation.objects.filter(pk=police.pk).exists()


def test_measure_added_under_a_priority_belongs_to_that_priority_plan(officer_client, small_plan):
    priority = Priority.objects.get(plan__start_year=2012, code="substance-misuse")
    page = officer_client.get(admin_url(Priority, "change", priority.pk))
    data = management_and_existing_form_data(page)
    prefix = next(
        fs.formset.prefix
        for fs in page.context["inline_admin_formsets"]
        if fs.opts.model is Measure
    )
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update(
        {
            f"{prefix}-{index}-reference": "SM99",
            f"{prefix}-{index}-order": "99",
            f"{prefix}-{index}-category": "priority",
            f"{prefix}-{index}-label": "Hold two alcohol awareness clinics",
            f"{prefix}-{index}-unit": "count",
            f"{prefix}-{index}-direction": "increase",
            f"{prefix}-{index}-decimal_places": "0",
            f"{prefix}-{index}-target_value": "2",
            f"{prefix}-{index}-target_period": "2012/13",
        }
    )
    response = officer_client.post(admin_url(Priority, "change", priority.pk), data)
    assert response.status_code == 302, response.context["errors"]
    measure = Measure.objects.get(reference="SM99")
    assert measure.plan == priority.plan and measure.priority == priority


def test_editing_in_the_admin_records_who_changed_what(officer_client, officer, small_plan):
    action = Action.objects.filter(priority__plan__start_year=2012).first()
    page = officer_client.get(admin_url(Action, "change", action.pk))
    data = management_and_existing_form_data(page)
    data["progress_note"] = "Task Group met in May; 12 cases reviewed."
    data["status"] = "in_progress"
    response = officer_client.post(admin_url(Action, "change", action.pk), data)
    assert response.status_code == 302
    latest = action.history.latest()
    assert latest.history_user == officer
    assert latest.progress_note == "Task Group met in May; 12 cases reviewed."
    assert latest.prev_record.status == "not_started"


def management_and_existing_form_data(response):
    """The form data the admin page would post back unchanged."""
    data = bound_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for key in management.fields:  # as drawn: the initial counts, or those sent back
            data[management.add_prefix(key)] = str(management[key].value())
        for form in formset.forms:
            data.update(bound_values(form))
    return data


def bound_values(form):
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False or name == "DELETE":
            continue
        value = getattr(value, "pk", value)
        key = form.add_prefix(name)
        data[key] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


def test_the_admin_refuses_figures_the_figures_page_would_refuse(officer_client, small_plan):
    measure = Measure.objects.get(plan__start_year=2011, reference="KS5")
    page = officer_client.get(admin_url(Measure, "change", measure.pk))
    data = management_and_existing_form_data(page)
    data.update({"actual_value": "-3", "actual_period": ""})
    response = officer_client.post(admin_url(Measure, "change", measure.pk), data)
    errors = response.context["adminform"].form.errors
    assert errors["actual_value"] == ["A count cannot be negative"]
    assert errors["actual_period"][0].startswith("Say which period the actual figure is for")
    measure.refresh_from_db()
    assert measure.actual_value is None


def test_saving_a_measure_in_the_admin_moves_its_version_on(officer_client, small_plan):
    """So that the figures page and the queue of proposed figures, drawn before, refuse to
    write over what the admin saved."""
    measure = Measure.objects.get(plan__start_year=2011, reference="KS5")
    page = officer_client.get(admin_url(Measure, "change", measure.pk))
    data = management_and_existing_form_data(page)
    data["actual_value"], data["actual_period"] = "640", "2011/12"
    response = officer_client.post(admin_url(Measure, "change", measure.pk), data)
    assert response.status_code == 302
    saved = Measure.objects.get(pk=measure.pk)
    assert (saved.actual_value, saved.version) == (640, measure.version + 1)


def test_a_measure_save_that_fails_leaves_the_instance_as_it_was(small_plan):
    measure = Measure.objects.get(plan__start_year=2011, reference="KS5")
    stored = measure.version
    measure.order = -1  # the database refuses a negative PositiveSmallIntegerField
    with pytest.raises(IntegrityError), transaction.atomic():
        measure.save()
    assert measure.version == stored
    measure.save(update_fields=[])  # Django's no-op save stays one
    assert Measure.objects.get(pk=measure.pk).version == stored
