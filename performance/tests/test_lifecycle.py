"""An approved or published plan refuses content edits on every path: the admin (its pages
and crafted requests alike), action_save, the actions import, the figures page and so the
published PDF. Actual figures and partners' progress on actions still arrive."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actionplan.admin_lifecycle import NO_RESTORE, NOTHING_SAVED
from actionplan.lifecycle import locked_message
from actionplan.models import Action, NarrativeFigure, Outcome, Plan, Priority, ReviewSection, Theme
from actionplan.resources import ActionResource
from actionplan.services import action_save
from performance.approval import plan_publish
from performance.models import Measure
from performance.pdf import render_plan_html
from performance.spreadsheets import spreadsheet_export, spreadsheet_import
from performance.tests.factories import ActionFactory, MeasureFactory, PlanFactory, PriorityFactory
from performance.tests.test_admin import (
    admin_url,
    bound_values,
    management_and_existing_form_data,
)
from performance.tests.test_figure_entry import figures_url, post_changes
from performance.tests.test_spreadsheets import csv_of, rows_of

pytestmark = pytest.mark.django_db

INTRODUCTION = "The partnership's introduction, as approved."


@pytest.fixture
def locked(seed_partnership):
    """An approved plan with one row of every kind of content."""
    plan = PlanFactory(partnership=seed_partnership, introduction=INTRODUCTION)
    priority = PriorityFactory(plan=plan, title="Anti-social behaviour")
    ReviewSection.objects.create(plan=plan, title="Review", body="What was done.", order=1)
    NarrativeFigure.objects.create(plan=plan, label="young people", section="Review", order=1)
    Theme.objects.create(priority=priority, title="Young people", order=1)
    Outcome.objects.create(priority=priority, number=1, text="Fewer incidents")
    ActionFactory(priority=priority, description="Run diversion panels")
    MeasureFactory(plan=plan, reference="PT1")
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.APPROVED)
    return Plan.objects.get(pk=plan.pk)


def page_text(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


def row_of(model, plan):
    on_the_plan = model in (ReviewSection, NarrativeFigure, Priority)
    return model.objects.get(**{"plan" if on_the_plan else "priority__plan": plan})


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- The admin ------------------------------------------------------------------------------


def test_admin_shows_a_locked_plan_read_only_with_the_way_to_reopen_it(officer_client, locked):
    response = officer_client.get(admin_url(Plan, "change", locked.pk))

    form = response.context["adminform"].form
    assert all(form.fields[name].disabled for name in Plan.NARRATIVE_FIELDS)
    notice = next(m for m in messages_of(response) if locked_message(locked) in m)
    assert reverse("performance:plan-approval", args=[locked.pk]) in notice
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is Measure:
            # Actual figures still arrive through the year; the targets are settled.
            fields = inline.formset.forms[0].fields
            assert not fields["actual_value"].disabled and fields["target_value"].disabled
        else:
            assert not inline.has_change_permission, inline.formset.model
        assert not inline.has_add_permission and not inline.has_delete_permission


def test_admin_refuses_a_crafted_narrative_change_on_a_locked_plan(officer_client, locked):
    url = admin_url(Plan, "change", locked.pk)
    data = management_and_existing_form_data(officer_client.get(url))
    data["introduction"] = "Rewritten after approval."

    response = officer_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["introduction"] == [locked_message(locked)]
    assert Plan.objects.get(pk=locked.pk).introduction == INTRODUCTION


def test_admin_adds_no_inline_row_to_a_locked_plan(officer_client, locked):
    url = admin_url(Plan, "change", locked.pk)
    page = officer_client.get(url)
    data = management_and_existing_form_data(page)
    sections = next(
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is ReviewSection
    )
    prefix = sections.prefix
    data[f"{prefix}-TOTAL_FORMS"] = "2"
    data.update({f"{prefix}-1-order": "2", f"{prefix}-1-title": "Added", f"{prefix}-1-body": "x"})
    data[f"{prefix}-0-DELETE"] = "on"

    officer_client.post(url, data)

    assert list(locked.review_sections.values_list("title", flat=True)) == ["Review"]


@pytest.mark.parametrize(
    "model, field, value",
    [
        (ReviewSection, "title", "Rewritten"),
        (NarrativeFigure, "label", "rewritten"),
        (Theme, "title", "Rewritten"),
        (Outcome, "text", "Rewritten"),
        (Priority, "title", "Rewritten"),
    ],
    ids=lambda v: getattr(v, "__name__", None),
)
def test_admin_refuses_a_crafted_post_to_a_locked_plans_row(
    officer_client, locked, model, field, value
):
    row = row_of(model, locked)
    before = getattr(row, field)
    url = admin_url(model, "change", row.pk)
    page = officer_client.get(url)
    assert locked_message(locked) in " ".join(messages_of(page))
    data = management_and_existing_form_data(page)
    data[field] = value

    response = officer_client.post(url, data, follow=True)

    assert getattr(model.objects.get(pk=row.pk), field) == before
    if model is not Priority:  # a view-only page: the whole POST is refused
        assert NOTHING_SAVED in messages_of(response)


def test_admin_deletes_no_row_of_a_locked_plan(officer_client, locked):
    theme = Theme.objects.get(priority__plan=locked)

    response = officer_client.post(admin_url(Theme, "delete", theme.pk), {"post": "yes"})
    bulk = officer_client.post(
        admin_url(Theme, "changelist"),
        {"action": "delete_selected", "_selected_action": [theme.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert "Cannot delete theme" in page_text(bulk)
    assert Theme.objects.filter(pk=theme.pk).exists()


@pytest.mark.parametrize("model", [Priority, ReviewSection])
def test_admin_refuses_a_new_row_choosing_a_locked_plan(officer_client, locked, model):
    data = {"plan": locked.pk, "order": "9", "code": "new", "title": "New", "body": "x"}
    for inline in ("themes", "actions", "outcomes", "keypartner_set", "measures"):
        for key in ("TOTAL_FORMS", "INITIAL_FORMS"):
            data[f"{inline}-{key}"] = "0"

    response = officer_client.post(admin_url(model, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["plan"] == [locked_message(locked)]
    assert not model.objects.filter(title="New").exists()


def test_admin_refuses_a_new_measure_on_a_locked_plan(officer_client, locked):
    data = {
        "plan": locked.pk,
        "reference": "PT9",
        "order": "1",
        "category": "police",
        "label": "New",
        "unit": "count",
        "direction": "reduce",
        "decimal_places": "0",
    }
    response = officer_client.post(admin_url(Measure, "add"), data)

    assert response.status_code == 200
    assert not Measure.objects.filter(reference="PT9").exists()


def test_admin_takes_an_actions_status_but_not_its_wording_on_a_locked_plan(officer_client, locked):
    action = Action.objects.get(priority__plan=locked)
    url = admin_url(Action, "change", action.pk)
    data = management_and_existing_form_data(officer_client.get(url))
    data.update(status="in_progress", progress_note="Two panels held")

    assert officer_client.post(url, data).status_code == 302
    data = management_and_existing_form_data(officer_client.get(url))
    data["description"] = "Rewritten after approval"
    refused = officer_client.post(url, data)

    assert refused.context["adminform"].form.errors["description"] == [locked_message(locked)]
    action.refresh_from_db()
    assert (action.status, action.progress_note) == ("in_progress", "Two panels held")
    assert action.description == "Run diversion panels"


def test_admin_restores_no_earlier_version_of_a_locked_plans_row(officer_client, locked):
    theme = Theme.objects.get(priority__plan=locked)
    first = theme.history.earliest()
    Theme.objects.filter(pk=theme.pk).update(title="Renamed before approval")
    url = admin_url(Theme, "simple_history", theme.pk, first.history_id)
    data = bound_values(officer_client.get(url).context["adminform"].form)

    response = officer_client.post(url, data, follow=True)

    assert NO_RESTORE in messages_of(response)
    assert Theme.objects.get(pk=theme.pk).title == "Renamed before approval"


# --- The writer of actions and the actions import ------------------------------------------


def test_action_save_refuses_a_wording_change_on_an_approved_plan(officer, locked):
    action = Action.objects.get(priority__plan=locked)
    action.description = "Rewritten after approval"

    with pytest.raises(ValidationError) as refused:
        action_save(action=action, seen_version=action.version, acting_user=officer)

    assert refused.value.message_dict == {"description": [locked_message(locked)]}
    assert Action.objects.get(pk=action.pk).description == "Run diversion panels"


def test_action_save_takes_status_and_progress_on_a_published_plan(officer, locked):
    Plan.objects.filter(pk=locked.pk).update(status=Plan.Status.PUBLISHED)
    action = Action.objects.get(priority__plan=locked)
    action.status, action.progress_note = "completed", "Done"

    action_save(action=action, seen_version=action.version, acting_user=officer)

    assert Action.objects.get(pk=action.pk).status == "completed"


def test_action_save_adds_no_action_to_an_approved_plan(officer, locked):
    priority = locked.priorities.get()
    action = Action(
        priority=priority,
        number=9,
        description="New",
        lead_organisation_id=(priority.lead_organisation_id),
    )

    with pytest.raises(ValidationError, match="cannot change"):
        action_save(action=action, seen_version=None, acting_user=officer)
    assert not Action.objects.filter(number=9).exists()


def import_actions(officer, locked, **cells):
    rows = rows_of(
        spreadsheet_export(
            resource_class=ActionResource,
            queryset=Action.objects.filter(priority__plan=locked),
            file_format="csv",
            acting_user=officer,
        )
    )
    rows[0].update(cells)
    return spreadsheet_import(
        resource_class=ActionResource,
        file_bytes=csv_of(rows),
        filename="actions.csv",
        acting_user=officer,
        dry_run=False,
    )


def test_action_import_refuses_a_wording_change_on_an_approved_plan_by_row(officer, locked):
    report = import_actions(officer, locked, Description="Rewritten", Status="In progress")

    assert not report.committed
    assert [(p.row, p.column) for p in report.problems] == [(2, "Description")], report.problems
    assert locked_message(locked) in str(report.problems[0])
    assert Action.objects.get(priority__plan=locked).status == "not_started"


def test_action_import_takes_status_and_progress_on_an_approved_plan(officer, locked):
    report = import_actions(officer, locked, Status="In progress", Progress="Two panels held")

    assert report.committed, report.problems
    assert Action.objects.get(priority__plan=locked).progress_note == "Two panels held"


# --- The figures page ----------------------------------------------------------------------


def test_figures_page_shows_a_locked_plans_settled_figures_read_only(officer_client, locked):
    html = page_text(officer_client.get(figures_url(locked)))

    assert 'id="plan-locked"' in html and locked_message(locked) in html
    measure, figure = Measure.objects.get(plan=locked), NarrativeFigure.objects.get(plan=locked)
    for name in (
        f"m{measure.pk}-baseline_value",
        f"m{measure.pk}-target_period",
        f"f{figure.pk}-value",
    ):
        assert f'name="{name}"' in html and input_tag(html, name).count("readonly") == 1, name
    assert "readonly" not in input_tag(html, f"m{measure.pk}-actual_value")


def input_tag(html: str, name: str) -> str:
    start = html.index(f'name="{name}"')
    return html[html.rindex("<input", 0, start) : html.index(">", start)]


def test_figures_page_refuses_a_narrative_figure_on_an_approved_plan(officer_client, locked):
    figure = NarrativeFigure.objects.get(plan=locked)

    response = post_changes(officer_client, locked, {f"f{figure.pk}-value": "12"})

    assert response.status_code == 200
    assert locked_message(locked) in page_text(response)
    assert NarrativeFigure.objects.get(pk=figure.pk).value is None


# --- The published PDF ---------------------------------------------------------------------


def test_content_edits_after_approval_leave_the_pdf_unchanged_until_sent_back(
    officer_client, administrator, locked
):
    published = plan_publish(plan=locked, acting_user=administrator)
    before = render_plan_html(plan=published)
    url = admin_url(Plan, "change", locked.pk)
    data = management_and_existing_form_data(officer_client.get(url))
    data["introduction"] = "Rewritten after publication."
    officer_client.post(url, data)

    assert render_plan_html(plan=Plan.objects.get(pk=locked.pk)) == before

    reason = {"return_reason": "The board asked for a new introduction."}
    officer_client.post(reverse("performance:plan-return-to-draft", args=[locked.pk]), reason)
    officer_client.post(
        url,
        management_and_existing_form_data(officer_client.get(url))
        | {"introduction": "Rewritten after publication."},
    )
    draft = render_plan_html(plan=Plan.objects.get(pk=locked.pk))
    assert '<p class="cover-status">DRAFT</p>' in draft
    assert "Rewritten after publication." in draft
