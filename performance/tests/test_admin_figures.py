"""The measure admin's inline of figures by period: an officer adds or corrects a row of the
series, the rules a headline figure keeps hold for every row, the headline follows the series,
a stale page is refused whole, and an approved plan's rows stay as approved."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplan.models import Plan
from partners import roles as role_names
from partners.services import user_set_up
from performance.models import Measure, MeasureFigure
from performance.services import ADMIN_REASON, measure_save
from performance.tests.test_admin import admin_url, management_and_existing_form_data
from performance.tests.test_stale_admin import inline_prefix, page_errors, stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def pt1(small_plan):
    return Measure.objects.get(plan__start_year=2012, reference="PT1")


def with_new_row(page, **row) -> dict:
    """The page's data as drawn, with one new row of figures added."""
    data = management_and_existing_form_data(page)
    prefix = inline_prefix(page, MeasureFigure)
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    data.setdefault(f"{prefix}-{index}-state", MeasureFigure.State.PROVIDED)
    return data


def row_errors(response) -> dict:
    inline = next(
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.opts.model is MeasureFigure
    )
    return {
        name: " ".join(messages)
        for form in inline.formset.forms
        for name, messages in form.errors.items()
    }


def test_an_officer_adds_a_quarter_and_the_headline_actual_moves_to_it(
    officer_client, officer, pt1
):
    url = admin_url(Measure, "change", pt1.pk)
    page = officer_client.get(url)
    data = with_new_row(page, what="actual", period_label="Q1 2012/13", value="25,310")

    assert officer_client.post(url, data).status_code == 302

    row = MeasureFigure.objects.get(measure=pt1, what="actual", period_label="Q1 2012/13")
    assert row.value == Decimal("25310")
    assert (row.period_start.isoformat(), row.period_end.isoformat()) == (
        "2012-04-01",
        "2012-06-30",
    )
    assert row.entered_by == officer and row.entered_at is not None
    assert row.history.latest().history_change_reason == ADMIN_REASON
    saved = Measure.objects.get(pk=pt1.pk)
    assert (saved.actual_value, saved.actual_period) == (Decimal("25310"), "Q1 2012/13")
    assert saved.version > pt1.version
    assert saved.history.latest().actual_period == "Q1 2012/13"


def test_a_row_breaking_a_figure_rule_is_refused_at_its_field_and_nothing_is_saved(
    officer_client, pt1
):
    url = admin_url(Measure, "change", pt1.pk)
    page = officer_client.get(url)
    before = stored(Measure, pt1.pk)
    data = with_new_row(page, what="actual", period_label="", value="-4")

    refused = officer_client.post(url, data)

    assert refused.status_code == 200
    errors = row_errors(refused)
    assert errors["value"] == "A count cannot be negative"
    assert errors["period_label"].startswith("Say which period the actual figure is for")
    assert stored(Measure, pt1.pk) == before
    assert not MeasureFigure.objects.filter(measure=pt1, what="actual").exists()


def test_a_stale_page_is_refused_whole_and_its_new_row_is_not_written(officer_client, pt1):
    url = admin_url(Measure, "change", pt1.pk)
    page = officer_client.get(url)
    other = user_set_up(username="other-officer", password="x-pass-12345", role=role_names.OFFICER)
    measure_save(
        measure=pt1,
        seen_version=pt1.version,
        values={"actual_value": Decimal("99000"), "actual_period": "2012/13"},
        acting_user=other,
        reason=ADMIN_REASON,
    )
    data = with_new_row(page, what="actual", period_label="Q1 2012/13", value="25310")

    refused = officer_client.post(url, data)

    assert refused.status_code == 200
    assert "other-officer saved PT1" in page_errors(refused)
    assert not MeasureFigure.objects.filter(period_label="Q1 2012/13").exists()
    assert Measure.objects.get(pk=pt1.pk).actual_value == Decimal("99000")


def test_a_row_for_a_period_the_headline_fields_add_in_the_same_save_is_refused(
    officer_client, pt1
):
    url = admin_url(Measure, "change", pt1.pk)
    page = officer_client.get(url)
    before = stored(Measure, pt1.pk)
    data = with_new_row(page, what="actual", period_label="2012/13", value="100500")
    data.update({"actual_value": "100400", "actual_period": "2012/13"})

    refused = officer_client.post(url, data)

    assert refused.status_code == 200
    assert row_errors(refused)["period_label"] == (
        "This measure already has a actual for 2012/13: change that row instead."
    )
    assert stored(Measure, pt1.pk) == before  # the headline's own row is rolled back too
    assert not MeasureFigure.objects.filter(measure=pt1, what="actual").exists()


def test_deleting_the_latest_actual_leaves_the_one_before_as_the_headline(officer_client, pt1):
    url = admin_url(Measure, "change", pt1.pk)
    for label, value in (("Q1 2012/13", "25310"), ("Q2 2012/13", "50720")):
        page = officer_client.get(url)
        assert (
            officer_client.post(
                url, with_new_row(page, what="actual", period_label=label, value=value)
            ).status_code
            == 302
        )
    assert Measure.objects.get(pk=pt1.pk).actual_period == "Q2 2012/13"
    page = officer_client.get(url)
    data = management_and_existing_form_data(page)
    prefix = inline_prefix(page, MeasureFigure)
    latest = MeasureFigure.objects.get(measure=pt1, period_label="Q2 2012/13")
    index = next(
        i
        for i in range(int(data[f"{prefix}-TOTAL_FORMS"]))
        if data[f"{prefix}-{i}-id"] == str(latest.pk)
    )
    data[f"{prefix}-{index}-DELETE"] = "on"

    assert officer_client.post(url, data).status_code == 302

    saved = Measure.objects.get(pk=pt1.pk)
    assert (saved.actual_value, saved.actual_period) == (Decimal("25310"), "Q1 2012/13")
    assert not MeasureFigure.objects.filter(pk=latest.pk).exists()


def test_on_a_published_plan_the_rows_are_shown_but_cannot_be_added_or_changed(
    officer_client, small_plan
):
    ks5 = Measure.objects.get(plan__start_year=2011, reference="KS5")
    assert ks5.plan.status == Plan.Status.PUBLISHED
    page = officer_client.get(admin_url(Measure, "change", ks5.pk))
    inline = next(
        inline
        for inline in page.context["inline_admin_formsets"]
        if inline.opts.model is MeasureFigure
    )
    assert not inline.has_add_permission and not inline.has_change_permission
    assert "2011/12" in page.content.decode()  # its actual's row is listed
    before = list(MeasureFigure.objects.filter(measure=ks5).values())
    data = with_new_row(page, what="actual", period_label="Q1 2012/13", value="150")

    officer_client.post(admin_url(Measure, "change", ks5.pk), data)

    assert list(MeasureFigure.objects.filter(measure=ks5).values()) == before


def test_a_partner_holds_no_permission_on_figures_and_officers_hold_them_all(roles):
    def codenames(name):
        return set(
            Group.objects.get(name=name)
            .permissions.filter(content_type__model="measurefigure")
            .values_list("codename", flat=True)
        )

    every = {f"{verb}_measurefigure" for verb in ("add", "change", "delete", "view")}
    assert codenames(role_names.OFFICER) == every
    assert codenames(role_names.ADMINISTRATOR) == every
    assert codenames(role_names.PARTNER) == set()


def test_the_measure_page_queries_do_not_grow_with_its_figures(officer_client, officer, pt1):
    url = admin_url(Measure, "change", pt1.pk)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert officer_client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for quarter in range(1, 5):
        for year in range(2008, 2012):
            MeasureFigure.objects.create(
                measure=pt1,
                what="actual",
                period_label=f"Q{quarter} {year}/{str(year + 1)[2:]}",
                value=Decimal(1000 + quarter),
                entered_by=officer,
            )
    assert queries() == few
