"""The one writer of measures: every path saves through it, checks the figure rules once a
save, refuses a stale write, and on an approved or published plan takes only actuals."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F

from actionplan.lifecycle import locked_message
from actionplan.models import Plan
from performance import spreadsheets
from performance.models import Measure, MeasureUpdate
from performance.progress import measure_report_progress, measure_update_accept
from performance.resources import MeasureFiguresResource
from performance.services import figure_rows as row_writer
from performance.services import measures as writer
from performance.tests.test_admin import admin_url, management_and_existing_form_data
from performance.tests.test_figure_entry import post_changes

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule_checks(monkeypatch):
    """Counts the checks of a measure's figure rules, by the writer of measures and by the
    writers of figures by period alike."""
    calls = []
    checked = writer.measure_figure_errors

    def counted(**kwargs):
        calls.append(kwargs)
        return checked(**kwargs)

    for module in (writer, row_writer):
        monkeypatch.setattr(module, "measure_figure_errors", counted)
    return calls


def ks5() -> Measure:
    return Measure.objects.get(plan__start_year=2011, reference="KS5")


def pt1() -> Measure:
    return Measure.objects.get(plan__start_year=2012, reference="PT1")


def exported_with(officer, reference, year, **cells) -> bytes:
    data = spreadsheets.figures_export(
        queryset=Measure.objects.filter(plan__start_year=year),
        file_format="csv",
        acting_user=officer,
    )
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    for row in rows:
        if row["Reference"] == reference:
            row.update(cells)
    out = io.StringIO()
    table = csv.DictWriter(out, fieldnames=list(rows[0]))
    table.writeheader()
    table.writerows(rows)
    return out.getvalue().encode()


def ks5_actual_file(officer) -> bytes:
    return exported_with(officer, "KS5", 2011, Actual="634", **{"Actual period": "2011/12"})


def import_file(officer, data, *, dry_run=False):
    return spreadsheets.figures_import(
        file_bytes=data, filename="figures.csv", acting_user=officer, dry_run=dry_run
    )


def propose(partner, measure, figure="634", period="2011/12"):
    return measure_report_progress(
        measure=measure,
        acting_user=partner,
        note="",
        proposed_actual=Decimal(figure),
        proposed_period=period,
    )


# Figure rules: once a save, whatever the path


def test_figure_rules_run_once_per_save_on_the_figures_page(
    officer_client, small_plan, rule_checks
):
    plan = Plan.objects.get(start_year=2012)
    measure = pt1()
    changes = {f"m{measure.pk}-actual_value": "101000", f"m{measure.pk}-actual_period": "2012/13"}

    assert post_changes(officer_client, plan, changes).status_code == 302

    assert len(rule_checks) == 1


def test_figure_rules_run_once_per_save_in_the_admin(officer_client, small_plan, rule_checks):
    measure = pt1()
    url = admin_url(Measure, "change", measure.pk)
    data = management_and_existing_form_data(officer_client.get(url))
    data.update({"actual_value": "101000", "actual_period": "2012/13"})

    assert officer_client.post(url, data).status_code == 302

    assert len(rule_checks) == 1


def test_figure_rules_run_once_per_save_in_an_import(officer, small_plan, rule_checks):
    report = import_file(officer, ks5_actual_file(officer))

    assert report.committed, report.problems
    assert len(rule_checks) == 1


def test_figure_rules_run_once_per_save_when_a_partner_figure_is_accepted(
    officer, small_plan_partner, small_plan, rule_checks
):
    update = propose(small_plan_partner, ks5())
    rule_checks.clear()  # the partner's form checks the proposal on its own

    measure_update_accept(update=update, acting_user=officer, seen_version=ks5().version)

    assert len(rule_checks) == 1


def test_an_accepted_figure_keeps_the_rating_it_was_given_when_the_target_changes_later(
    officer, small_plan_partner, small_plan
):
    """KS5: 667 in 2010/11, a target of 634; 634 for 2011/12 is accepted as achieved."""
    measure = measure_update_accept(
        update=propose(small_plan_partner, ks5(), "634", "2011/12"),
        acting_user=officer,
        seen_version=ks5().version,
    )
    # The target is corrected later (the plan sent back to draft, corrected, approved again).
    Measure.objects.filter(pk=measure.pk).update(target_value=Decimal("600"))

    accepted = ks5().figures.get(what="actual", period_label="2011/12")
    assert (accepted.recorded_status, accepted.recorded_rag) == ("achieved", "green")
    assert ks5().status == "not_achieved"  # today's rules on today's target
    assert accepted.history.latest().history_user == officer


# Stale writes


def test_an_import_does_not_write_over_a_measure_saved_while_it_ran(
    officer, small_plan, monkeypatch
):
    """Another save lands between the file being read and its rows being written."""
    saved_meanwhile = MeasureFiguresResource.after_import

    def after_another_save(self, dataset, result, **kwargs):
        Measure.objects.filter(pk=ks5().pk).update(
            actual_value=Decimal("640"), actual_period="2011/12", version=F("version") + 1
        )
        return saved_meanwhile(self, dataset, result, **kwargs)

    monkeypatch.setattr(MeasureFiguresResource, "after_import", after_another_save)
    history = Measure.history.count()

    report = import_file(officer, ks5_actual_file(officer))

    assert not report.committed
    assert "actual figure 640 for 2011/12" in " ".join(str(p) for p in report.problems)
    assert ks5().actual_value is None  # the other save was rolled back with the import
    assert Measure.history.count() == history


def test_accepting_from_a_stale_queue_is_refused_and_the_report_waits(
    officer, small_plan_partner, small_plan
):
    measure = ks5()
    update = propose(small_plan_partner, measure)
    Measure.objects.filter(pk=measure.pk).update(
        actual_value=Decimal("640"), actual_period="2011/12", version=F("version") + 1
    )

    with pytest.raises(ValidationError, match="its current actual is 640 for 2011/12"):
        measure_update_accept(update=update, acting_user=officer, seen_version=measure.version)

    update.refresh_from_db()
    assert update.state == MeasureUpdate.State.SUBMITTED
    assert ks5().actual_value == Decimal("640")


# An approved or published plan takes actual figures only


@pytest.fixture
def approved(small_plan):
    Plan.objects.filter(start_year=2012).update(status=Plan.Status.APPROVED)
    return Plan.objects.get(start_year=2012)


def test_figures_page_refuses_a_target_change_on_an_approved_plan(officer_client, approved):
    measure = pt1()
    response = post_changes(officer_client, approved, {f"m{measure.pk}-target_value": "100000"})

    assert response.status_code == 200
    assert locked_message(approved) in response.content.decode().replace("&#x27;", "'")
    assert pt1().target_value == Decimal("101950")


def test_figures_page_takes_an_actual_on_an_approved_plan(officer_client, approved):
    measure = pt1()
    changes = {f"m{measure.pk}-actual_value": "101000", f"m{measure.pk}-actual_period": "2012/13"}

    assert post_changes(officer_client, approved, changes).status_code == 302
    assert pt1().actual_value == Decimal("101000")


def test_admin_refuses_a_baseline_change_on_an_approved_plan(officer_client, approved):
    measure = pt1()
    url = admin_url(Measure, "change", measure.pk)
    data = management_and_existing_form_data(officer_client.get(url))
    data["baseline_value"] = "100000"

    response = officer_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["baseline_value"] == [locked_message(approved)]
    assert pt1().baseline_value == Decimal("102904")


def test_admin_inline_refuses_a_target_text_change_on_an_approved_plan(officer_client, approved):
    measure = pt1()
    url = admin_url(Plan, "change", approved.pk)
    page = officer_client.get(url)
    data = management_and_existing_form_data(page)
    formset = page.context["inline_admin_formsets"][-1].formset
    index = next(i for i, form in enumerate(formset.forms) if form.instance.pk == measure.pk)
    data[f"{formset.prefix}-{index}-target_text"] = "2% reduction"

    response = officer_client.post(url, data)

    assert response.status_code == 200
    assert pt1().target_text != "2% reduction"


def test_import_refuses_a_target_change_on_a_published_plan(officer, small_plan):
    report = import_file(officer, exported_with(officer, "KS5", 2011, Target="600"))

    assert not report.committed
    assert any(
        "cannot change" in str(problem) and problem.column == "Target"
        for problem in report.problems
    ), report.problems
    assert ks5().target_value == Decimal("634")


def test_import_takes_an_actual_on_a_published_plan(officer, small_plan):
    report = import_file(officer, ks5_actual_file(officer))

    assert report.committed, report.problems
    assert ks5().actual_value == Decimal("634")


def test_accepting_a_partner_figure_on_a_published_plan_is_allowed(
    officer, small_plan_partner, small_plan
):
    measure = ks5()
    assert measure.plan.status == Plan.Status.PUBLISHED
    update = propose(small_plan_partner, measure)

    measure_update_accept(update=update, acting_user=officer, seen_version=measure.version)

    assert ks5().actual_value == Decimal("634")


def test_every_writer_moves_the_version_on_and_records_why(officer_client, officer, small_plan):
    plan = Plan.objects.get(start_year=2012)
    measure = pt1()
    changes = {f"m{measure.pk}-actual_value": "101000", f"m{measure.pk}-actual_period": "2012/13"}
    post_changes(officer_client, plan, changes)

    saved = pt1()
    assert saved.version == measure.version + 1
    latest = saved.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        officer,
        "Entered on the figures page",
    )


def test_the_writer_returns_the_measures_in_the_order_of_the_edits(officer, small_plan):
    """Rows are written in primary key order; callers pair the results with their forms."""
    second, first = Measure.objects.filter(plan__start_year=2012).order_by("-pk")[:2]
    edits = [
        writer.MeasureEdit(measure=m, seen_version=m.version, values={"source": f"S{m.pk}"})
        for m in (second, first)
    ]

    saved = writer.measure_edits_save(edits=edits, acting_user=officer, reason="test")

    assert [m.pk for m in saved] == [second.pk, first.pk]
    assert [m.source for m in saved] == [f"S{second.pk}", f"S{first.pk}"]
