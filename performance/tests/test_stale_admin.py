"""A stale admin page never writes over a newer save: the four lost-update stories.

An officer opens an admin page; meanwhile someone else saves (another officer, an accepted
partner figure, a partner's progress report); the officer then saves the page they had.
The save is refused with a message on the page naming the newer values and who saved them,
what the officer typed comes back in the form, and nothing is written. Saving again from
the page sent back is a deliberate overwrite, and works.

Run on SQLite by default and on PostgreSQL with DATABASE_URL=postgres://.../csp_<name>.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from actionplan.models import Action, Plan, Priority
from actionplan.services import action_report_progress
from partners import roles as role_names
from partners.services import user_set_up
from performance.models import Measure, MeasureUpdate
from performance.progress import measure_report_progress, measure_update_accept
from performance.services import ADMIN_REASON, measure_save
from performance.tests.test_admin import admin_url, bound_values, management_and_existing_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_officer(roles):
    return user_set_up(
        username="other-officer", password="other-pass-12345", role=role_names.OFFICER
    )


def other_officer_saves(measure: Measure, other_officer, **values) -> Measure:
    """Another officer's save, through the writer every page uses."""
    return measure_save(
        measure=measure,
        seen_version=measure.version,
        values=values,
        acting_user=other_officer,
        reason=ADMIN_REASON,
    )


def stored(model, pk) -> dict:
    return model.objects.filter(pk=pk).values().get()


def inline_prefix(page, model) -> str:
    return next(
        inline.formset.prefix
        for inline in page.context["inline_admin_formsets"]
        if inline.opts.model is model
    )


def inline_index(page, model, pk) -> int:
    formset = next(
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.opts.model is model
    )
    return next(i for i, form in enumerate(formset.forms) if form.instance.pk == pk)


def page_errors(response) -> str:
    """Every error the admin page shows, main form and inlines."""
    errors = list(response.context["adminform"].form.non_field_errors())
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            errors += form.non_field_errors()
    return " ".join(errors)


# Measures


@pytest.fixture
def ks5(small_plan):
    return Measure.objects.get(plan__start_year=2011, reference="KS5")


def test_stale_measure_change_form_is_refused_over_a_newer_figure(
    officer_client, other_officer, ks5
):
    url = admin_url(Measure, "change", ks5.pk)
    data = management_and_existing_form_data(officer_client.get(url))
    other_officer_saves(ks5, other_officer, actual_value=Decimal("640"), actual_period="2011/12")
    before = stored(Measure, ks5.pk)
    data.update({"actual_value": "600", "actual_period": "2011/12"})

    refused = officer_client.post(url, data)

    assert refused.status_code == 200
    errors = page_errors(refused)
    assert "other-officer saved KS5" in errors
    assert "actual figure 640 for 2011/12" in errors
    assert "Nothing has been saved" in errors
    form = refused.context["adminform"].form
    assert form["actual_value"].value() == "600"  # what the officer typed comes back
    assert stored(Measure, ks5.pk) == before
    # Saving again from the page sent back is a choice made having seen 640.
    again = management_and_existing_form_data(refused)
    assert officer_client.post(url, again).status_code == 302
    assert Measure.objects.get(pk=ks5.pk).actual_value == Decimal("600")


def test_stale_measure_inline_is_refused_over_a_newer_figure(
    officer_client, other_officer, small_plan
):
    plan = Plan.objects.get(start_year=2012)
    crime = Measure.objects.get(plan=plan, reference="PT1")
    url = admin_url(Plan, "change", plan.pk)
    page = officer_client.get(url)
    data = management_and_existing_form_data(page)
    other_officer_saves(
        crime, other_officer, actual_value=Decimal("99000"), actual_period="2012/13"
    )
    before = stored(Measure, crime.pk)
    row = f"{inline_prefix(page, Measure)}-{inline_index(page, Measure, crime.pk)}"
    data.update({f"{row}-actual_value": "101000", f"{row}-actual_period": "2012/13"})

    refused = officer_client.post(url, data)

    assert refused.status_code == 200
    errors = page_errors(refused)
    assert "other-officer saved PT1" in errors
    assert "actual figure 99,000 for 2012/13" in errors
    assert stored(Measure, crime.pk) == before
    form = refused.context["inline_admin_formsets"][-1].formset.forms[int(row.rsplit("-")[-1])]
    assert form["actual_value"].value() == "101000"  # what the officer typed comes back
    # The page sent back carries the version now saved: saving it again is deliberate.
    again = {**data, f"{row}-seen_version": form["seen_version"].value()}
    assert officer_client.post(url, again).status_code == 302
    assert Measure.objects.get(pk=crime.pk).actual_value == Decimal("101000")


def test_stale_admin_page_cannot_overwrite_an_accepted_partner_figure(
    officer_client, other_officer, small_plan_partner, ks5
):
    url = admin_url(Measure, "change", ks5.pk)
    data = management_and_existing_form_data(officer_client.get(url))
    update = measure_report_progress(
        measure=ks5,
        acting_user=small_plan_partner,
        note="",
        proposed_actual=Decimal("634"),
        proposed_period="2011/12",
    )
    measure_update_accept(update=update, acting_user=other_officer, seen_version=ks5.version)
    data.update({"actual_value": "600", "actual_period": "2011/12"})

    refused = officer_client.post(url, data)

    assert refused.status_code == 200
    assert "actual figure 634 for 2011/12" in page_errors(refused)
    update.refresh_from_db()
    assert update.state == MeasureUpdate.State.ACCEPTED
    ks5.refresh_from_db()
    assert (ks5.actual_value, ks5.actual_period) == (Decimal("634"), "2011/12")


def test_admin_measure_save_without_its_version_is_refused(officer_client, ks5):
    url = admin_url(Measure, "change", ks5.pk)
    data = management_and_existing_form_data(officer_client.get(url))
    del data["seen_version"]
    data.update({"actual_value": "600", "actual_period": "2011/12"})

    refused = officer_client.post(url, data)

    assert refused.status_code == 200
    assert "sent without the version it showed" in page_errors(refused)
    assert Measure.objects.get(pk=ks5.pk).actual_value is None


def test_admin_source_change_is_version_checked_and_recorded(officer_client, officer, small_plan):
    crime = Measure.objects.get(plan__start_year=2012, reference="PT1")
    url = admin_url(Measure, "change", crime.pk)
    data = management_and_existing_form_data(officer_client.get(url))
    data["source"] = "Kent Police crime records"

    assert officer_client.post(url, data).status_code == 302

    saved = Measure.objects.get(pk=crime.pk)
    assert (saved.source, saved.version) == ("Kent Police crime records", crime.version + 1)
    latest = saved.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (officer, ADMIN_REASON)
    # The page drawn before that save is now stale, even for a field that is not a figure.
    data["source"] = "Genesis"
    assert officer_client.post(url, data).status_code == 200
    assert Measure.objects.get(pk=crime.pk).source == "Kent Police crime records"


# Actions


@pytest.fixture
def police_action(small_plan):
    return (
        Action.objects.filter(
            priority__plan__start_year=2012, lead_organisation__name="Kent Police"
        )
        .order_by("pk")
        .first()
    )


def partner_completes(action, partner):
    action_report_progress(
        action=Action.objects.get(pk=action.pk),
        acting_user=partner,
        status=Action.Status.COMPLETED,
        note="All twelve cases reviewed.",
    )


def test_stale_action_change_form_cannot_overwrite_a_partners_completed_status(
    officer_client, small_plan_partner, police_action
):
    url = admin_url(Action, "change", police_action.pk)
    data = management_and_existing_form_data(officer_client.get(url))
    partner_completes(police_action, small_plan_partner)
    before = stored(Action, police_action.pk)
    data.update({"status": "in_progress", "progress_note": "Task Group met in May."})

    refused = officer_client.post(url, data)

    assert refused.status_code == 200
    errors = page_errors(refused)
    assert "police-user saved action" in errors
    assert "It is now Completed" in errors and "All twelve cases reviewed." in errors
    assert refused.context["adminform"].form["progress_note"].value() == "Task Group met in May."
    assert stored(Action, police_action.pk) == before
    assert officer_client.post(url, management_and_existing_form_data(refused)).status_code == 302
    assert Action.objects.get(pk=police_action.pk).status == "in_progress"


def test_stale_action_inline_cannot_overwrite_a_partners_completed_status(
    officer_client, small_plan_partner, police_action
):
    url = admin_url(Priority, "change", police_action.priority_id)
    page = officer_client.get(url)
    data = management_and_existing_form_data(page)
    partner_completes(police_action, small_plan_partner)
    before = stored(Action, police_action.pk)
    row = f"{inline_prefix(page, Action)}-{inline_index(page, Action, police_action.pk)}"
    data[f"{row}-status"] = "delayed"

    refused = officer_client.post(url, data)

    assert refused.status_code == 200
    assert "It is now Completed" in page_errors(refused)
    assert stored(Action, police_action.pk) == before


def test_admin_action_save_moves_the_version_on(officer_client, police_action):
    url = admin_url(Action, "change", police_action.pk)
    data = management_and_existing_form_data(officer_client.get(url))
    data["status"] = "delayed"

    assert officer_client.post(url, data).status_code == 302

    assert Action.objects.get(pk=police_action.pk).version == police_action.version + 1


def test_partner_progress_report_moves_the_action_version_on(small_plan_partner, police_action):
    partner_completes(police_action, small_plan_partner)

    assert Action.objects.get(pk=police_action.pk).version == police_action.version + 1


def test_a_stale_revert_from_the_history_page_is_refused(officer_client, other_officer, ks5):
    other_officer_saves(ks5, other_officer, actual_value=Decimal("640"), actual_period="2011/12")
    first = ks5.history.order_by("history_id").first()
    url = reverse("admin:performance_measure_simple_history", args=[ks5.pk, first.history_id])
    data = bound_values(officer_client.get(url).context["adminform"].form)
    other_officer_saves(
        Measure.objects.get(pk=ks5.pk),
        other_officer,
        actual_value=Decimal("641"),
        actual_period="2011/12",
    )

    refused = officer_client.post(url, data)

    assert refused.status_code == 200
    assert Measure.objects.get(pk=ks5.pk).actual_value == Decimal("641")


@pytest.mark.parametrize("model", [Priority, Measure, Action], ids=lambda m: m.__name__)
def test_an_earlier_version_page_opens_for_versioned_and_plain_admins(
    officer_client, small_plan, model
):
    obj = model.objects.order_by("pk").first()
    obj.history.all().delete()
    obj.save()  # a history row to open
    record = obj.history.order_by("history_id").first()
    url = admin_url(model, "simple_history", obj.pk, record.history_id)

    assert officer_client.get(url).status_code == 200
