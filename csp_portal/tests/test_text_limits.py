"""Every typed text has a limit (web/text_limits.py), refused in the same plain words at the
field on every path that writes it: a page's form, the admin, an import and the model, with
nothing saved and the text kept; a form too large to read gets a page that says so."""

from decimal import Decimal
from html import escape

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.urls import reverse
from simple_history.models import HistoricalChanges

from actionplan.models import Action, ActionUpdate, Plan, ReviewSection
from actionplan.resources import ActionResource
from conftest import stored_state
from partners.models import Organisation
from performance.approval import plan_approve
from performance.models import Measure, MeasureUpdate
from performance.progress import measure_report_progress
from performance.tests.test_admin import admin_url, management_and_existing_form_data
from spreadsheets.imports import spreadsheet_import
from web.text_limits import (
    DESCRIPTION,
    NARRATIVE_SECTION,
    PROGRESS_NOTE,
    REASON,
    REVIEW_SECTION,
    TextLimit,
    too_long_message,
)

# A text that is plainly the one typed: found again in the page sent back.
TYPED = "Our partners met weekly. "


def typed_text(length: int) -> str:
    return (TYPED * (length // len(TYPED) + 1))[:length]


def typed_fields():
    """Every text field a person types into, of the plan, figures and partners apps."""
    for label in ("actionplan", "performance", "partners"):
        for model in apps.get_app_config(label).get_models():
            if issubclass(model, HistoricalChanges):
                continue
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.TextField) and not field.choices:
                    yield model, field


@pytest.fixture
def plan(seed_plan):
    return Plan.objects.get(start_year=2012)


@pytest.fixture
def police_client(police_partner):
    client = Client()
    client.force_login(police_partner)
    return client


def test_the_message_names_the_field_and_both_lengths_in_plain_words():
    assert too_long_message("introduction", 20_000, 23_410) == (
        "Introduction can be at most 20,000 characters; it has 23,410."
    )


def test_a_line_break_sent_by_a_browser_counts_as_one_character():
    limit = TextLimit(10, "introduction")
    limit("line\r\nlines")  # ten characters as typed, eleven as a browser sends them
    with pytest.raises(ValidationError) as refused:
        limit("line\r\nlines!")
    assert refused.value.messages == ["Introduction can be at most 10 characters; it has 11."]


@pytest.mark.parametrize(
    "model_field",
    list(typed_fields()),
    ids=lambda pair: f"{pair[0].__name__}.{pair[1].name}",
)
def test_every_typed_text_field_has_a_limit_worded_the_same_and_not_cut_by_the_browser(
    model_field,
):
    model, field = model_field
    assert field.max_length, f"{model.__name__}.{field.name} has no limit"
    limits = [v for v in field.validators if isinstance(v, TextLimit)]
    assert [(v.limit_value, v.name) for v in limits] == [(field.max_length, field.verbose_name)]
    form_field = field.formfield()
    assert "maxlength" not in form_field.widget.attrs
    with pytest.raises(ValidationError) as refused:
        form_field.clean("x" * (field.max_length + 1))
    # An e-mail address of x's is also not an address: the length is said all the same.
    assert (
        too_long_message(field.verbose_name, field.max_length, field.max_length + 1)
        in refused.value.messages
    )


def test_the_model_refuses_an_over_long_introduction_in_plain_words(plan):
    plan.introduction = "x" * (NARRATIVE_SECTION + 1)
    with pytest.raises(ValidationError) as refused:
        plan.full_clean()
    assert refused.value.message_dict == {
        "introduction": ["Introduction can be at most 15,000 characters; it has 15,001."]
    }


def test_the_model_takes_an_introduction_at_its_limit(plan):
    plan.introduction = "x" * NARRATIVE_SECTION
    plan.full_clean()


# The admin


def test_the_admin_refuses_an_over_long_introduction_at_the_field_and_keeps_the_text(
    officer_client, plan
):
    url = admin_url(Plan, "change", plan.pk)
    data = management_and_existing_form_data(officer_client.get(url))
    text = typed_text(NARRATIVE_SECTION + 10)
    data["introduction"] = text
    before = stored_state(Plan, ReviewSection)

    response = officer_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["introduction"] == [
        "Introduction can be at most 15,000 characters; it has 15,010."
    ]
    html = response.content.decode()
    assert escape(text, quote=False) in html
    assert stored_state(Plan, ReviewSection) == before


def test_a_plan_page_of_several_megabytes_answers_the_field_message_with_the_text_kept(
    officer_client, plan
):
    """Three megabytes of review text was a bare 400 and the text lost; now it is refused at
    the review section it was typed into, and sent back as typed."""
    url = admin_url(Plan, "change", plan.pk)
    page = officer_client.get(url)
    data = management_and_existing_form_data(page)
    formset = next(
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.opts.model is ReviewSection
    )
    text = typed_text(3 * 1024 * 1024)
    data[f"{formset.prefix}-0-body"] = text
    before = stored_state(Plan, ReviewSection)

    response = officer_client.post(url, data)

    assert response.status_code == 200
    review_forms = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.opts.model is ReviewSection
    ).forms
    assert review_forms[0].errors["body"] == [
        f"Body can be at most {REVIEW_SECTION:,} characters; it has {len(text):,}."
    ]
    assert review_forms[0]["body"].value() == text
    assert stored_state(Plan, ReviewSection) == before


def test_a_plan_page_with_every_narrative_text_at_its_limit_is_saved(officer_client, plan):
    """Typographic quotes take nine bytes each as a browser sends them: the page still posts."""
    url = admin_url(Plan, "change", plan.pk)
    page = officer_client.get(url)
    data = management_and_existing_form_data(page)
    for name in Plan.NARRATIVE_FIELDS:
        data[name] = "\u2019" * Plan._meta.get_field(name).max_length
    formset = next(
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.opts.model is ReviewSection
    )
    for number in range(len(formset.forms)):
        data[f"{formset.prefix}-{number}-body"] = "\u2019" * REVIEW_SECTION

    response = officer_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    plan.refresh_from_db()
    assert len(plan.introduction) == NARRATIVE_SECTION


# Pages' forms


def police_action() -> Action:
    return Action.objects.filter(lead_organisation__name="Kent Police").first()


def test_an_over_long_progress_report_is_refused_at_the_field_and_kept(police_client):
    action = police_action()
    text = typed_text(PROGRESS_NOTE + 1)
    before = stored_state(Action)
    url = reverse("actionplan:action-detail", args=[action.pk])

    response = police_client.post(url, {"status": "in_progress", "note": text})

    assert response.status_code == 200
    assert response.context["form"].errors["note"] == [
        "Progress can be at most 5,000 characters; it has 5,001."
    ]
    html = response.content.decode()
    assert escape(text, quote=False) in html
    assert "maxlength" not in html
    assert stored_state(Action) == before
    assert not ActionUpdate.objects.filter(action=action).exists()


def test_an_over_long_report_on_a_measure_is_refused_at_the_field_and_kept(police_client):
    measure = Measure.objects.filter(responsible_organisation__name="Kent Police").first()
    text = typed_text(PROGRESS_NOTE + 1)
    url = reverse("performance:measure-detail", args=[measure.pk])

    response = police_client.post(url, {"note": text})

    assert response.status_code == 200
    assert response.context["form"].errors["note"] == [
        "Progress can be at most 5,000 characters; it has 5,001."
    ]
    assert escape(text, quote=False) in response.content.decode()
    assert not MeasureUpdate.objects.filter(measure=measure).exists()


def test_an_over_long_reason_for_returning_a_figure_is_refused_at_it_and_kept(
    officer_client, police_partner
):
    measure = Measure.objects.filter(responsible_organisation__name="Kent Police").first()
    update = measure_report_progress(
        measure=measure,
        acting_user=police_partner,
        note="",
        proposed_actual=Decimal("634"),
        proposed_period="2012/13",
    )
    reason = typed_text(REASON + 1)

    response = officer_client.post(
        reverse("performance:update-return", args=[update.pk]), {"reason": reason}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        f"{measure.reference}: Reason for returning the figure can be at most 2,000 "
        "characters; it has 2,001."
    ) in html
    assert escape(reason, quote=False) in html
    update.refresh_from_db()
    assert (update.state, update.review_note) == (MeasureUpdate.State.SUBMITTED, "")


def test_approving_through_the_service_refuses_an_over_long_reason_and_changes_nothing(
    administrator, plan
):
    before = stored_state(Plan)
    with pytest.raises(ValidationError) as refused:
        plan_approve(plan=plan, acting_user=administrator, reason="x" * (REASON + 1))
    assert refused.value.messages == [
        "Reason for approving with gaps can be at most 2,000 characters; it has 2,001."
    ]
    assert stored_state(Plan) == before


# Imports


def test_an_import_refuses_an_over_long_action_description_by_row_and_column(officer, plan):
    action = Action.objects.get(priority__plan=plan, priority__code="asb", number=1)
    rows = [
        "Partnership,Plan year,Priority,Number,Theme,Description,Lead organisation,"
        "Supporting organisations,Status,Progress",
        f"tonbridge-and-malling-csp,2012,asb,1,,{'x' * (DESCRIPTION + 1)},"
        f"{action.lead_organisation.name},,In progress,",
    ]
    before = stored_state(Action, Organisation)

    report = spreadsheet_import(
        resource_class=ActionResource,
        file_bytes="\n".join(rows).encode(),
        filename="actions.csv",
        acting_user=officer,
        dry_run=False,
    )

    assert not report.ok and not report.committed
    assert [str(problem) for problem in report.problems] == [
        'Row 2, column "Description": Description can be at most 1,000 characters; it has 1,001.'
    ]
    assert stored_state(Action, Organisation) == before
