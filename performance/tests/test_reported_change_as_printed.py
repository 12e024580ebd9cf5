"""A change a source printed is kept as printed: its decimal places say how closely the
portal's own change is held to it, so "5.1%" is checked to a tenth, "-12.50%" to a hundredth,
on every database, through the admin and across the migration that brought this in."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from figure_text.parsing import PERCENT_SIGN
from performance.models import Measure, MeasureFigure
from performance.series_table import series_rows
from performance.tests.test_admin import admin_url
from performance.tests.test_admin_figures import row_errors, with_new_row
from performance.tests.test_measure_series_page import figures_of

pytestmark = pytest.mark.django_db

LAST_YEAR = "on the same period last year"


def ks5() -> Measure:
    return Measure.objects.get(plan__start_year=2011, reference="KS5")


def burglary_with(reported: str) -> Measure:
    """KS5 with 2011/12 at 634 and 2012/13 at 600 (a 5.36...% reduction), the latter
    carrying `reported` as the source's change on the same period last year."""
    burglary = ks5()
    MeasureFigure.objects.filter(measure=burglary, what="actual").delete()
    MeasureFigure.objects.create(
        measure=burglary, what="actual", period_label="2011/12", value=Decimal("634")
    )
    MeasureFigure.objects.create(
        measure=burglary,
        what="actual",
        period_label="2012/13",
        value=Decimal("600"),
        reported_change=reported,
        reported_change_kind="%",
        reported_basis=LAST_YEAR,
    )
    return burglary


def reported_row(measure: Measure):
    rows = series_rows(measure, figures_of(measure))
    return next(row for row in rows if row.figure.reported_change)


def test_a_change_printed_to_a_tenth_is_read_back_with_its_one_place(seed_plan):
    burglary_with("-5.4")

    stored = MeasureFigure.objects.get(measure=ks5(), period_label="2012/13")

    assert stored.reported_change == "-5.4"
    assert -stored.reported_change_number.as_tuple().exponent == 1


def test_a_change_printed_to_a_tenth_that_agrees_to_a_tenth_is_not_flagged(seed_plan):
    # 634 -> 600 is a 5.36% reduction: right to the tenth the source printed. Held as a
    # two-place number it read "5.40%" and was flagged against the portal's 5.36%.
    row = reported_row(burglary_with("-5.4"))

    assert row.reported == f"5.4% reduction {LAST_YEAR} (as reported)"
    assert row.reported_check == "5.4% reduction"
    assert row.flags == ()


def test_a_change_printed_to_a_hundredth_is_checked_to_a_hundredth(seed_plan):
    row = reported_row(burglary_with("-5.40"))

    assert row.reported == f"5.40% reduction {LAST_YEAR} (as reported)"
    assert row.reported_check == "5.36% reduction"
    assert row.flags == (
        f"The reported 5.40% reduction {LAST_YEAR} differs from the 5.36% reduction the "
        "portal works out from 634 to 600.",
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("5.1%", PERCENT_SIGN),
        ("a 5% reduction", "Enter a number, like 634 or 21.5"),
    ],
)
def test_a_reported_change_that_is_not_a_number_is_refused_in_the_parsers_words(
    seed_plan, typed, message
):
    figure = MeasureFigure(
        measure=ks5(),
        what="actual",
        period_label="2013/14",
        reported_change=typed,
        reported_change_kind="%",
    )
    with pytest.raises(ValidationError) as refused:
        figure.full_clean()
    assert refused.value.message_dict["reported_change"] == [message]


def test_the_admin_keeps_a_reported_change_as_typed_and_refuses_one_it_cannot_read(
    officer_client, small_plan
):
    pt1 = Measure.objects.get(plan__start_year=2012, reference="PT1")
    url = admin_url(Measure, "change", pt1.pk)
    row = {
        "what": "actual",
        "period_label": "Q1 2012/13",
        "value": "25,310",
        "reported_change_kind": "%",
        "reported_basis": LAST_YEAR,
    }

    refused = officer_client.post(
        url, with_new_row(officer_client.get(url), reported_change="12.50%", **row)
    )
    assert row_errors(refused)["reported_change"] == PERCENT_SIGN
    assert not MeasureFigure.objects.filter(measure=pt1, period_label="Q1 2012/13").exists()

    saved = officer_client.post(
        url, with_new_row(officer_client.get(url), reported_change=" -12.50 ", **row)
    )
    assert saved.status_code == 302
    figure = MeasureFigure.objects.get(measure=pt1, period_label="Q1 2012/13")
    assert figure.reported_change == "-12.50"


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_each_held_change_over_without_padding():
    before = [("performance", "0011_figure_permissions")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Partnership_ = apps.get_model("actionplan", "Partnership")
    Plan_ = apps.get_model("actionplan", "Plan")
    Measure_ = apps.get_model("performance", "Measure")
    Figure_ = apps.get_model("performance", "MeasureFigure")
    partnership = Partnership_.objects.create(name="Migrated CSP", short_name="M", slug="migrated")
    plan = Plan_.objects.create(partnership=partnership, start_year=2014)
    measure = Measure_.objects.create(plan=plan, reference="M1", category="police", label="B")
    Figure_.objects.create(
        measure=measure,
        what="actual",
        period_label="2014/15",
        value=Decimal("480"),
        reported_change=Decimal("-9.90"),
        reported_change_kind="%",
    )
    Figure_.objects.create(measure=measure, what="baseline", period_label="2013/14")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    changes = dict(
        MeasureFigure.objects.filter(measure__reference="M1").values_list("what", "reported_change")
    )
    assert changes == {"actual": "-9.9", "baseline": ""}
