"""A measure's series and its headline are one: the seed and a migrated database hold a row
for each figure the plan prints, and every writer that edits the headline edits the series
as `performance.services.series` says, with the history of each row."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from actionplan.models import Partnership
from performance.models import Measure, MeasureFigure
from performance.services import measure_save
from performance.services.series import HEADLINE_FIELDS, headline_of

pytestmark = pytest.mark.django_db

REASON = "Figures entered in a test"


def ks5() -> Measure:
    return Measure.objects.get(plan__start_year=2011, reference="KS5")


def pt1() -> Measure:
    return Measure.objects.get(plan__start_year=2012, reference="PT1")


def headline(measure: Measure) -> dict:
    return {name: getattr(measure, name) for name in HEADLINE_FIELDS}


def save(measure: Measure, officer, **values) -> Measure:
    return measure_save(
        measure=measure,
        seen_version=measure.version,
        values=values,
        acting_user=officer,
        reason=REASON,
    )


def rows_of(measure: Measure, what: str) -> list[tuple[str, Decimal | None]]:
    return [
        (row.period_label, row.value)
        for row in measure.figures.filter(what=what).order_by("period_end", "pk")
    ]


def test_every_seed_figure_is_a_row_of_its_series_and_the_headline_is_what_they_give(seed_plan):
    measures = Measure.objects.prefetch_related("figures")
    assert measures.count() == 37
    for measure in measures:
        assert headline(measure) == headline_of(measure.figures.all()), measure.reference
    burglary = ks5()
    assert rows_of(burglary, "baseline") == [("2010/11", Decimal("667"))]
    assert rows_of(burglary, "target") == [("2011/12", Decimal("634"))]
    # A target still to be set is held as its period with no value (ASB5: "2012/13").
    asb5 = Measure.objects.get(plan__start_year=2012, reference="ASB5")
    assert rows_of(asb5, "target") == [("2012/13", None)]


def test_seed_periods_are_read_as_dates_with_the_financial_year(seed_plan):
    baseline = pt1().figures.get(what="baseline")
    assert (baseline.period_start, baseline.period_end) == (date(2011, 1, 1), date(2011, 12, 31))
    assert baseline.period_kind == "calendar year"
    target = pt1().figures.get(what="target")
    assert (target.period_start, target.period_end) == (date(2012, 4, 1), date(2013, 3, 31))


def test_an_actual_for_a_new_period_is_a_new_row_and_the_earlier_one_stays(seed_plan, officer):
    burglary = save(ks5(), officer, actual_value=Decimal("160"), actual_period="Q1 2011/12")
    burglary = save(burglary, officer, actual_value=Decimal("300"), actual_period="Q2 2011/12")

    assert rows_of(burglary, "actual") == [
        ("Q1 2011/12", Decimal("160")),
        ("Q2 2011/12", Decimal("300")),
    ]
    burglary.refresh_from_db()
    assert (burglary.actual_value, burglary.actual_period) == (Decimal("300"), "Q2 2011/12")


def test_a_corrected_value_for_a_period_held_changes_that_row(seed_plan, officer):
    burglary = save(ks5(), officer, actual_value=Decimal("160"), actual_period="Q1 2011/12")
    burglary = save(burglary, officer, actual_value=Decimal("161"))

    assert rows_of(burglary, "actual") == [("Q1 2011/12", Decimal("161"))]


def test_an_actual_for_an_earlier_period_leaves_the_later_one_the_headline(seed_plan, officer):
    burglary = save(ks5(), officer, actual_value=Decimal("300"), actual_period="Q2 2011/12")
    saved = save(burglary, officer, actual_value=Decimal("160"), actual_period="Q1 2011/12")

    assert rows_of(saved, "actual") == [
        ("Q1 2011/12", Decimal("160")),
        ("Q2 2011/12", Decimal("300")),
    ]
    stored = Measure.objects.get(pk=saved.pk)
    assert (stored.actual_value, stored.actual_period) == (Decimal("300"), "Q2 2011/12")
    assert headline(saved) == headline(stored)  # what the writer returns is what is stored


def test_a_quarter_not_yet_available_leaves_the_last_provided_actual_the_headline(
    seed_plan, officer
):
    burglary = save(ks5(), officer, actual_value=Decimal("160"), actual_period="Q1 2011/12")
    MeasureFigure.objects.create(
        measure=burglary,
        what="actual",
        period_label="Q2 2011/12",
        state=MeasureFigure.State.NOT_YET_AVAILABLE,
        note="Genesis is a quarter behind.",
    )
    rows = burglary.figures.all()

    assert headline_of(rows)["actual_value"] == Decimal("160")
    assert headline_of(rows)["actual_period"] == "Q1 2011/12"
    # With nothing provided, the latest row is still the headline, so a gap shows as a gap.
    only_late = [row for row in rows if row.period_label == "Q2 2011/12"]
    assert headline_of(only_late)["actual_period"] == "Q2 2011/12"
    assert headline_of(only_late)["actual_value"] is None


def test_the_baseline_given_for_another_period_moves_the_plans_one_baseline(seed_plan, officer):
    crime = save(pt1(), officer, baseline_value=Decimal("101000"), baseline_period="2011/12")

    assert rows_of(crime, "baseline") == [("2011/12", Decimal("101000"))]
    row = crime.figures.get(what="baseline")
    assert (row.period_start, row.period_end) == (date(2011, 4, 1), date(2012, 3, 31))
    assert row.entered_by == officer


def test_emptying_a_figure_and_its_period_removes_its_row(seed_plan, officer):
    crime = save(pt1(), officer, target_value=None, target_period="")

    assert rows_of(crime, "target") == []
    assert Measure.objects.get(pk=crime.pk).target_value is None


def test_a_measure_stored_without_its_series_starts_it_from_its_headline(seed_plan, officer):
    burglary = ks5()
    burglary.figures.all().delete()  # as a bulk insert or an old backup leaves it

    saved = save(burglary, officer, actual_value=Decimal("630"), actual_period="2011/12")

    assert rows_of(saved, "baseline") == [("2010/11", Decimal("667"))]
    assert rows_of(saved, "target") == [("2011/12", Decimal("634"))]
    assert rows_of(saved, "actual") == [("2011/12", Decimal("630"))]
    assert Measure.objects.get(pk=saved.pk).baseline_value == Decimal("667")


def test_each_written_row_keeps_its_history_with_who_and_why(seed_plan, officer):
    burglary = save(ks5(), officer, actual_value=Decimal("630"), actual_period="2011/12")
    save(burglary, officer, actual_value=Decimal("631"))

    history = MeasureFigure.history.filter(measure_id=burglary.pk, what="actual").order_by(
        "history_date", "history_id"
    )
    assert [
        (h.history_type, h.value, h.history_user, h.history_change_reason) for h in history
    ] == [
        ("+", Decimal("630"), officer, REASON),
        ("~", Decimal("631"), officer, REASON),
    ]


def test_a_refused_save_writes_no_row(seed_plan, officer):
    with pytest.raises(ValidationError):
        save(ks5(), officer, actual_value=Decimal("-1"), actual_period="2011/12")

    assert rows_of(ks5(), "actual") == []


def test_quarters_follow_the_partnerships_year_start(seed_plan, officer):
    Partnership.objects.update(year_start_month=1)
    burglary = save(ks5(), officer, actual_value=Decimal("160"), actual_period="Q1 2012")

    row = burglary.figures.get(what="actual")
    assert (row.period_start, row.period_end, row.period_kind) == (
        date(2012, 1, 1),
        date(2012, 3, 31),
        "quarter",
    )


def test_a_label_the_parser_cannot_read_is_kept_as_text_with_no_dates(seed_plan, officer):
    burglary = save(ks5(), officer, actual_value=Decimal("600"), actual_period="the summer")

    row = burglary.figures.get(what="actual")
    assert (row.period_label, row.period_start, row.period, row.as_series_figure()) == (
        "the summer",
        None,
        None,
        None,
    )


def test_a_figure_that_is_not_provided_cannot_hold_a_value(seed_plan):
    row = MeasureFigure(
        measure=ks5(), what="actual", period_label="2011/12", value=Decimal("5"), state="lagged"
    )
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert refused.value.message_dict["value"] == [
        "Leave the value empty when the figure is not provided."
    ]
    assert refused.value.message_dict["note"] == ["Say in the note how late the figure is."]


def test_a_percentage_measure_cannot_be_added_up(seed_plan):
    measure = Measure.objects.get(plan__start_year=2012, reference="PT2")  # a percentage
    assert measure.aggregation_used == "average"
    measure.aggregation = Measure.Aggregation.SUM
    with pytest.raises(ValidationError) as refused:
        measure.full_clean()
    assert "Only counts add up" in refused.value.message_dict["aggregation"][0]


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_each_measures_figures_into_its_series():
    executor = MigrationExecutor(connection)
    before = [
        ("performance", "0009_measure_figures"),
        ("actionplan", "0010_partnership_year_start"),
    ]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Partnership_ = apps.get_model("actionplan", "Partnership")
    Plan_ = apps.get_model("actionplan", "Plan")
    Measure_ = apps.get_model("performance", "Measure")
    partnership = Partnership_.objects.create(name="Migrated CSP", short_name="M", slug="migrated")
    plan = Plan_.objects.create(partnership=partnership, start_year=2014)
    Measure_.objects.create(
        plan=plan,
        reference="M1",
        category="police",
        label="Burglary",
        direction="reduce",
        baseline_value=Decimal("1000"),
        baseline_period="2013/14",
        actual_value=Decimal("480"),
        actual_period="April-September 2014 (Q2 year to date)",
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    measure = Measure.objects.get(reference="M1")
    rows = {row.what: row for row in measure.figures.all()}
    assert set(rows) == {"baseline", "actual"}
    assert (rows["actual"].period_start, rows["actual"].period_end) == (
        date(2014, 4, 1),
        date(2014, 9, 30),
    )
    assert rows["actual"].period_kind == "year to date"
    assert headline(measure) == headline_of(rows.values())
