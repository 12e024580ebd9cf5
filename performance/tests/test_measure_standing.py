"""A measure's standing (performance.measure_standing): the latest actual, its direction of
travel, the change against the baseline like for like and the margin and progress against
the target for the year so far, shown under the measure on the plan overview and in the PDF
without changing a cell the plan already prints, at a query count that does not grow with
the figures."""

import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.models import Partnership, Plan
from performance.measure_standing import measure_standing
from performance.models import Measure, MeasureFigure
from performance.pdf import render_plan_html, render_plan_pdf
from performance.tests.test_pdf import page_texts

# ------------------------------------------------------------------ the pure function


def measure(**fields) -> Measure:
    """A measure of a 2012/13 plan with an April year, never saved: the standing needs none."""
    plan = Plan(partnership=Partnership(year_start_month=4), start_year=2012)
    return Measure(plan=plan, reference="M1", **{"unit": "count", "direction": "reduce", **fields})


def figures(of: Measure, *rows: tuple[str, str, str | None]) -> list[MeasureFigure]:
    made = []
    for pk, (what, label, value) in enumerate(rows, start=1):
        figure = MeasureFigure(
            pk=pk, measure=of, what=what, period_label=label, value=value and Decimal(value)
        )
        figure.read_period()
        made.append(figure)
    return made


def quarterly_burglaries():
    burglaries = measure()
    return burglaries, figures(
        burglaries,
        ("baseline", "2011/12", "1000"),
        ("target", "2012/13", "900"),
        ("actual", "Q3 2011/12", "250"),
        ("actual", "Q1 2012/13", "240"),
        ("actual", "Q2 2012/13", "230"),
        ("actual", "Q3 2012/13", "220"),
    )


def test_a_year_to_date_count_against_a_full_year_baseline_reads_periods_differ_and_its_pace():
    standing = measure_standing(*quarterly_burglaries())
    assert standing.text("Latest actual") == "220 (Q3 2012/13)"
    assert standing.text("Year so far") == "690 (April to December 2012)"
    assert standing.text("Against the 2011/12 baseline") == (
        "n/a (periods differ); on a full-year pace: 920, an 8.0% reduction"
    )


def test_the_target_for_the_year_so_far_is_pro_rata_and_the_margin_in_the_measures_unit():
    standing = measure_standing(*quarterly_burglaries())
    assert standing.text("Target for April to December 2012") == "675 (pro rata: 9 of 12 months)"
    assert standing.text("Against the target") == "15 still to go"  # 690 against 675
    # 920 on a full-year pace is 80 of the 100 the target asks for.
    assert standing.text("Progress towards the target") == (
        "80 of the 100 needed, 80.0% (on a full-year pace)"
    )


def test_travel_is_an_arrow_and_words_on_the_previous_quarter_and_the_same_one_last_year():
    standing = measure_standing(*quarterly_burglaries())
    assert standing.text("Direction of travel") == (
        "↓ down 10 on the previous quarter (better; within normal variation); "
        "↓ down 30 on the same period last year (better; within normal variation)"
    )


def test_a_rate_is_never_pro_rated():
    satisfaction = measure(unit="percent", direction="increase", decimal_places=1)
    standing = measure_standing(
        satisfaction,
        figures(
            satisfaction,
            ("baseline", "2011/12", "76.2"),
            ("target", "2012/13", "79.3"),
            ("actual", "Q1 2012/13", "77.0"),
            ("actual", "Q2 2012/13", "78.0"),
        ),
    )
    assert standing.text("Year so far") == "77.5% (April to September 2012)"  # averaged
    assert standing.text("Against the 2011/12 baseline") == "n/a (periods differ)"
    assert standing.text("Target for April to September 2012") == "79.3%"  # a level to be at
    assert standing.text("Against the target") == "1.8 points still to go"
    assert standing.text("Progress towards the target") == "n/a (periods differ)"
    assert not any("pace" in text for _, text in standing.lines)


def test_progress_is_the_share_of_the_movement_the_target_asks_for():
    burglaries = measure()
    standing = measure_standing(
        burglaries,
        figures(
            burglaries,
            ("baseline", "2011/12", "1000"),
            ("target", "2012/13", "900"),
            ("actual", "2011/12", "1000"),
            ("actual", "2012/13", "960"),
        ),
    )
    assert standing.text("Latest actual") == "960 (2012/13)"
    assert standing.text("Against the 2011/12 baseline") == (
        "4.0% reduction, within normal variation"
    )
    assert standing.text("Against the target") == "60 still to go"
    assert standing.text("Progress towards the target") == "40 of the 100 needed, 40.0%"
    assert standing.text("Year so far") == ""  # the latest actual is the whole year
    assert standing.text("Direction of travel").startswith("↓ down 40 on the previous year")


def test_what_cannot_be_computed_says_why():
    burglaries = measure()
    standing = measure_standing(
        burglaries,
        figures(burglaries, ("actual", "Q1 2012/13", "240"), ("actual", "Q2 2012/13", "230")),
    )
    assert standing.text("Against the baseline") == "n/a (no baseline)"
    assert standing.text("Against the target") == "n/a (no target)"
    assert standing.text("Direction of travel").endswith(
        "n/a (no figure for the same period last year)"
    )


def test_a_measure_with_one_actual_like_for_like_with_its_baseline_has_no_standing():
    burglaries = measure()
    held = figures(
        burglaries,
        ("baseline", "2010/11", "667"),
        ("target", "2011/12", "646"),
        ("actual", "2011/12", "634"),
    )
    assert measure_standing(burglaries, held) is None  # its own cells say it all
    assert measure_standing(burglaries, held[:2]) is None  # no actual: nothing to stand on


def test_a_single_part_year_actual_has_a_standing_since_its_change_cell_cannot_compare():
    burglaries = measure()
    standing = measure_standing(
        burglaries,
        figures(
            burglaries,
            ("baseline", "2010/11", "667"),
            ("target", "2011/12", "646"),
            ("actual", "Apr to Sep 2011", "300"),
        ),
    )
    assert standing.text("Against the 2010/11 baseline") == (
        "n/a (periods differ); on a full-year pace: 600, a 10.0% reduction"
    )
    assert standing.text("Target for April to September 2011") == "323 (pro rata: 6 of 12 months)"


# ------------------------------------------------------------------ the pages


def add_actual(reference, start_year, label, value):
    MeasureFigure.objects.create(
        measure=Measure.objects.get(plan__start_year=start_year, reference=reference),
        what="actual",
        period_label=label,
        value=Decimal(value),
    )


def give_recorded_crime_two_quarters():
    """PT1, recorded crime: baseline 102,904 (Jan to Dec 2011), target 101,950 (2012/13)."""
    add_actual("PT1", 2012, "Q1 2012/13", "25000")
    add_actual("PT1", 2012, "Q2 2012/13", "24800")


def overview(client, plan) -> str:
    response = client.get(reverse("performance:plan-overview", args=[plan.pk]))
    assert response.status_code == 200
    return response.content.decode()


STANDING_ROW = re.compile(r'\s*<tr class="measure-standing-row">.*?</tr>', re.DOTALL)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


# The seconds left of the signed-in session: a second may pass between two views.
SECONDS_LEFT = re.compile(r'data-session-seconds-left="\d+"')


def without_standings(html: str) -> str:
    """The page less its standing rows, its one-time CSRF token and the session's seconds
    left, spaces collapsed."""
    page = SECONDS_LEFT.sub("", CSRF.sub("", STANDING_ROW.sub("", html)))
    return " ".join(page.split())


def test_overview_shows_the_standing_of_a_measure_given_quarterly_figures(officer_client, plan):
    give_recorded_crime_two_quarters()
    html = overview(officer_client, plan)
    row = html[html.index("Level of recorded crime") :]
    row = row[: row.index("</tr>", row.index("measure-standing-row"))]
    assert "Standing by period" in row
    for line in [
        "Latest actual:</span> 24,800 (Q2 2012/13)",
        "Direction of travel:</span> ↓ down 200 on the previous quarter "
        "(better; within normal variation)",
        "Year so far:</span> 49,800 (April to September 2012)",
        "Against the Jan to Dec 2011 baseline:</span> n/a (periods differ); "
        "on a full-year pace: 99,600, a 3.2% reduction",
        "Target for April to September 2012:</span> 50,975 (pro rata: 6 of 12 months)",
        "Against the target:</span> 1,175 under the target",
    ]:
        assert line in row
    assert html.count("measure-standing-row") == 1  # the seed's measures have no series


def test_the_standing_adds_rows_and_changes_no_cell_the_overview_already_shows(
    officer_client, plan
):
    burglaries = Measure.objects.get(plan__start_year=2011, reference="KS5")
    burglaries.actual_value, burglaries.actual_period = Decimal("634"), "2011/12"
    burglaries.save()
    before = overview(officer_client, plan)
    give_recorded_crime_two_quarters()
    add_actual("KS5", 2011, "Q1 2011/12", "160")
    add_actual("KS5", 2011, "Q2 2011/12", "150")
    after = overview(officer_client, plan)
    assert "<td>4.9% reduction</td>" in after  # the seed's cell, from the headline 634
    assert after.count("measure-standing-row") == 2
    assert without_standings(after) == without_standings(before)


def test_pdf_shows_the_standing_under_the_measure_and_keeps_its_cells(plan):
    give_recorded_crime_two_quarters()
    text = " ".join(" ".join(page_texts(render_plan_pdf(plan=plan))).split())
    assert "Standing by period" in text
    assert "Latest actual: 24,800 (Q2 2012/13)" in text
    assert "↓ down 200 on the previous quarter (better; within normal variation)" in text
    assert "n/a (periods differ); on a full-year pace: 99,600, a 3.2% reduction" in text
    assert "Target for April to September 2012: 50,975 (pro rata: 6 of 12 months)" in text
    assert "102,904" in text and "101,950" in text  # the baseline and target cells stay


def test_pdf_html_changes_nothing_but_the_standing_rows(plan):
    before = render_plan_html(plan=plan)
    give_recorded_crime_two_quarters()
    after = render_plan_html(plan=plan)
    assert after != before
    assert without_standings(after) == without_standings(before)


def queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def test_overview_and_pdf_queries_stay_the_same_as_figures_are_added(officer_client, plan):
    def pages():
        return {
            "overview": queries(lambda: overview(officer_client, plan)),
            "pdf": queries(lambda: render_plan_html(plan=plan)),
        }

    give_recorded_crime_two_quarters()
    few = pages()
    for year in range(2008, 2012):
        for quarter in range(1, 5):
            add_actual("PT1", 2012, f"Q{quarter} {year}/{(year + 1) % 100:02d}", "25000")
            add_actual("KS5", 2011, f"Q{quarter} {year}/{(year + 1) % 100:02d}", "160")
    assert pages() == few


def test_the_overviews_standing_title_names_its_measure_for_screen_readers(officer_client, plan):
    """The standing is a row of its own: read alone, 'Standing by period' must say of what."""
    give_recorded_crime_two_quarters()
    html = overview(officer_client, plan)
    assert (
        'Standing by period<span class="visually-hidden">: PT1 Level of recorded crime</span>'
    ) in html
