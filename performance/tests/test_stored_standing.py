"""The stored standing (performance.standings): the overview and the PDF read each measure's
standing from the measure instead of its whole series, and every write that can change a
standing empties it, so a page never shows a standing its figures no longer give, and a
reader that worked one out from figures changed meanwhile never keeps it."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from performance.models import Measure, MeasureFigure
from performance.pdf import render_plan_html
from performance.services import measures as writer
from performance.standings import attach_standings
from performance.tests.test_measure_standing import (
    add_actual,
    give_recorded_crime_two_quarters,
    overview,
    queries,
)


def recorded_crime():
    return Measure.objects.get(plan__start_year=2012, reference="PT1")


def stored_lines(measure: Measure):
    return Measure.objects.values_list("standing_lines", flat=True).get(pk=measure.pk)


def test_a_warm_overview_reads_no_figures_and_writes_nothing(officer_client, plan):
    give_recorded_crime_two_quarters()
    overview(officer_client, plan)  # works the standings out and stores them
    with CaptureQueriesContext(connection) as captured:
        html = overview(officer_client, plan)
    sql = [query["sql"] for query in captured]
    assert not [q for q in sql if "performance_measurefigure" in q]
    assert not [q for q in sql if q.lstrip().upper().startswith("UPDATE")]
    assert "Latest actual:</span> 24,800 (Q2 2012/13)" in html


def test_a_cold_overview_costs_two_queries_more_than_a_warm_one(officer_client, plan):
    give_recorded_crime_two_quarters()
    cold = queries(lambda: overview(officer_client, plan))
    warm = queries(lambda: overview(officer_client, plan))
    assert cold == warm + 2  # the figures of the measures missing one, and one store


def test_a_figure_added_after_a_render_shows_in_the_next(officer_client, plan):
    give_recorded_crime_two_quarters()
    overview(officer_client, plan)
    add_actual("PT1", 2012, "Q3 2012/13", "24500")
    html = overview(officer_client, plan)
    assert "Latest actual:</span> 24,500 (Q3 2012/13)" in html
    assert "24,800 (Q2 2012/13)" not in html


def test_a_figure_deleted_after_a_render_leaves_the_standing(officer_client, plan):
    give_recorded_crime_two_quarters()
    overview(officer_client, plan)
    MeasureFigure.objects.get(measure=recorded_crime(), period_label="Q2 2012/13").delete()
    assert "Latest actual:</span> 25,000 (Q1 2012/13)" in overview(officer_client, plan)


def test_an_edit_through_the_writer_moves_the_stored_standing_on(officer_client, officer, plan):
    give_recorded_crime_two_quarters()
    overview(officer_client, plan)
    measure = recorded_crime()
    writer.measure_save(
        measure=measure,
        seen_version=measure.version,
        values={"actual_value": Decimal("24100"), "actual_period": "Q3 2012/13"},
        acting_user=officer,
        reason="Third quarter's figure",
    )
    assert "Latest actual:</span> 24,100 (Q3 2012/13)" in overview(officer_client, plan)


def test_a_measure_saved_with_other_decimal_places_shows_its_standing_to_them(officer_client, plan):
    give_recorded_crime_two_quarters()
    assert "Latest actual:</span> 24,800 (Q2 2012/13)" in overview(officer_client, plan)
    measure = recorded_crime()
    measure.decimal_places = 1
    measure.save()
    assert "Latest actual:</span> 24,800.0 (Q2 2012/13)" in overview(officer_client, plan)


def test_the_pdf_shows_what_the_overview_stored(officer_client, plan):
    give_recorded_crime_two_quarters()
    overview(officer_client, plan)
    add_actual("PT1", 2012, "Q3 2012/13", "24500")
    assert "24,500 (Q3 2012/13)" in render_plan_html(plan=plan)


def test_a_reader_that_read_before_a_figure_changed_does_not_store(plan):
    give_recorded_crime_two_quarters()
    read_before = list(Measure.objects.select_related("plan__partnership").filter(plan=plan))
    add_actual("PT1", 2012, "Q3 2012/13", "24500")
    attach_standings(read_before)
    # Only the measure whose figures changed moved its stamp on: it alone is not kept.
    assert stored_lines(recorded_crime()) is None
    others = Measure.objects.filter(plan=plan).exclude(reference="PT1")
    assert all(lines is not None for lines in others.values_list("standing_lines", flat=True))


def test_a_stale_instance_saved_between_a_read_and_a_store_refuses_the_store(plan):
    """An instance read before a figure moved the stamp on must not put its old stamp back
    when saved: a reader that read the new stamp, and the old decimal places, would then
    keep a standing given to the old ones."""
    give_recorded_crime_two_quarters()
    stale = recorded_crime()  # holding the stamp from before the figure below
    add_actual("PT1", 2012, "Q3 2012/13", "24500")
    reader = list(Measure.objects.select_related("plan__partnership").filter(plan=plan))
    stale.decimal_places = 1
    stale.save()
    attach_standings(reader)  # worked out with the decimal places it read: none
    assert stored_lines(recorded_crime()) is None
    assert Measure.objects.get(pk=stale.pk).decimal_places == 1


def test_a_partnership_whose_year_start_moves_has_its_standings_worked_out_again(
    officer_client, plan
):
    give_recorded_crime_two_quarters()
    overview(officer_client, plan)
    partnership = plan.partnership
    partnership.year_start_month = 1
    partnership.save()
    assert stored_lines(recorded_crime()) is None


def test_the_overview_with_every_standing_missing_is_bounded(officer_client, plan):
    give_recorded_crime_two_quarters()
    cold = queries(lambda: overview(officer_client, plan))
    Measure.objects.standings_outdated()
    for year in range(2008, 2012):
        add_actual("PT1", 2012, f"Q1 {year}/{(year + 1) % 100:02d}", "25000")
        add_actual("KS5", 2011, f"Q1 {year}/{(year + 1) % 100:02d}", "160")
    assert queries(lambda: overview(officer_client, plan)) == cold


def test_a_measure_with_no_figures_by_period_stores_an_empty_standing(plan):
    measures = list(Measure.objects.select_related("plan__partnership").filter(plan=plan))
    attach_standings(measures)
    assert all(measure.standing is None for measure in measures)
    stored = Measure.objects.filter(plan=plan).values_list("standing_lines", flat=True)
    assert list(stored) == [[]] * len(measures)
