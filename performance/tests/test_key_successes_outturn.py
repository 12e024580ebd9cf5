"""The next plan's key successes read the year's outturn from the series: a figure for the
whole year where one is held, else the year derived from quarters or months where the
arithmetic allows it (counts summed, rates never), else the headline with the reason; the
change and status worked out from it like for like, on the overview and in the PDF, at a
query count that does not grow with the figures."""

import re
from calendar import month_name
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.models import Plan
from performance.models import Measure, MeasureFigure
from performance.outturns import measure_outturn
from performance.pdf import render_plan_html, render_plan_pdf
from performance.series_calculations import Aggregation, SeriesFigure, State, year_outturn
from performance.services.figure_rows import figure_rows_save
from performance.services.series import headline_of
from performance.tests.test_measure_standing import figures, measure
from performance.tests.test_pdf import page_texts
from periods import parse_period
from periods.plan_year import plan_year

D = Decimal
SEED = "tonbridge-and-malling-csp"
YEAR = plan_year(2011, 4)  # 2011/12, April to March
SUM, AVERAGE, LATEST = Aggregation.SUM, Aggregation.AVERAGE, Aggregation.LATEST


def labelled(*rows: tuple[str, str | None] | tuple[str, str | None, State, str]):
    """Series figures from (label, value[, state, note]), read with an April year start."""
    made = []
    for label, value, *state_and_note in rows:
        state, note = state_and_note or (State.PROVIDED, "")
        made.append(SeriesFigure(parse_period(label), value and D(value), state, note))
    return made


QUARTERS = [f"Q{number} 2011/12" for number in range(1, 5)]
MONTHS = [
    f"{month_name[number]} {2011 if number >= 4 else 2012}" for number in (*range(4, 13), 1, 2, 3)
]

# ------------------------------------------------------------------ the pure rule

OUTTURNS = [
    pytest.param(
        labelled(*zip(QUARTERS, ["160", "150", "170", "154"], strict=True)),
        "count",
        SUM,
        ("634", "derived from four quarters", True),
        id="four quarters of a count are summed",
    ),
    pytest.param(
        labelled(
            *zip(
                MONTHS,
                ["50", "55", "52", "48", "51", "53", "60", "58", "49", "47", "55", "56"],
                strict=True,
            )
        ),
        "count",
        SUM,
        ("634", "derived from twelve months", True),
        id="twelve months of a count are summed",
    ),
    pytest.param(
        # Never 321%: a rate is the mean of its quarters, one place more than they are given.
        labelled(*zip(QUARTERS, ["78", "80", "81", "82"], strict=True)),
        "percent",
        AVERAGE,
        ("80.3", "the average of four quarters", True),
        id="quarters of a rate are averaged not summed",
    ),
    pytest.param(
        labelled(*zip(QUARTERS, ["40", "42", "45", "47"], strict=True)),
        "percent",
        LATEST,
        ("47", "the latest of four quarters", True),
        id="quarters of a level give the last",
    ),
    pytest.param(
        labelled(
            ("Q1 2011/12", "300"), ("Q2 2011/12", "310"), *zip(MONTHS[6:], ["1"] * 6, strict=True)
        ),
        "count",
        SUM,
        ("616", "derived from two quarters and six months", True),
        id="quarters then months",
    ),
    pytest.param(
        # The year as reported stands, even where its quarters, revised since, add up otherwise.
        labelled(*zip(QUARTERS, ["160", "150", "170", "154"], strict=True), ("2011/12", "640")),
        "count",
        SUM,
        ("640", "as reported for the whole year", False),
        id="a full-year figure wins over its quarters",
    ),
    pytest.param(
        # Cumulative: the fourth quarter's year to date is the year, not one of four to add.
        labelled(
            ("2011/12 (Q1 year to date)", "160"),
            ("2011/12 (Q2 year to date)", "310"),
            ("2011/12 (Q3 year to date)", "480"),
            ("2011/12 (Q4 year to date)", "634"),
        ),
        "count",
        SUM,
        ("634", "as reported for the whole year", False),
        id="a year to date to Q4 of a count is the year",
    ),
    pytest.param(
        labelled(("2011/12 (Q3 year to date)", "480"), ("Q4 2011/12", "154")),
        "count",
        SUM,
        ("634", "derived from 2011/12 (Q3 year to date) and Q4 2011/12", True),
        id="a year to date to Q3 and the fourth quarter",
    ),
    pytest.param(
        labelled(("Q1 2011/12", "160"), ("Q2 2011/12", "150"), ("Q4 2011/12", "154")),
        "count",
        SUM,
        (None, "n/a (no figure for October 2011)", False),
        id="a missing quarter gives no year and says which months",
    ),
    pytest.param(
        labelled(
            ("Q1 2011/12", "160"),
            ("Q2 2011/12", "150"),
            ("Q3 2011/12", None, State.LAGGED, "published in June"),
            ("Q4 2011/12", "154"),
        ),
        "count",
        SUM,
        (None, "n/a (October 2011 lagged: published in June)", False),
        id="a lagged quarter says so",
    ),
    pytest.param(
        labelled(("Q1 2011/12", "160"), ("2011/12", None, State.NOT_YET_AVAILABLE, "")),
        "count",
        SUM,
        (None, "n/a (2011/12 not yet available)", False),
        id="the year not yet available says so",
    ),
    pytest.param(
        # Figures of other years are no part of this one: the Q4 before and the Q1 after.
        labelled(
            ("Q4 2010/11", "150"),
            *zip(QUARTERS, ["1", "2", "3", "4"], strict=True),
            ("Q1 2012/13", "99"),
        ),
        "count",
        SUM,
        ("10", "derived from four quarters", True),
        id="only the year's own figures count",
    ),
    pytest.param([], "count", SUM, (None, "n/a (no figure for April 2011)", False), id="none"),
]


@pytest.mark.parametrize(("held", "unit", "aggregation", "expected"), OUTTURNS)
def test_the_outturn_of_a_year_from_its_series(held, unit, aggregation, expected):
    outturn = year_outturn(held, YEAR, unit=unit, aggregation=aggregation)
    value, basis, derived = expected
    assert (outturn.value, outturn.basis, outturn.derived) == (
        None if value is None else D(value),
        basis,
        derived,
    )
    if value is not None:
        assert (outturn.period.start, outturn.period.end) == (YEAR.start, YEAR.end)


def test_a_year_to_date_to_q4_keeps_its_own_label():
    held = labelled(("2011/12 (Q3 year to date)", "480"), ("2011/12 (Q4 year to date)", "634"))
    outturn = year_outturn(held, YEAR, unit="count", aggregation=SUM)
    assert outturn.period.label == "2011/12 (Q4 year to date)"


# ------------------------------------------------------------------ a measure's outturn


def burglaries(*rows):
    """KS5 as the 2011/12 plan has it: baseline 667 for 2010/11, target 634 for 2011/12; its
    headline actual the latest of `rows`, as the series writer stores it."""
    of = measure()
    of.plan.start_year = 2011
    held = figures(of, ("baseline", "2010/11", "667"), ("target", "2011/12", "634"), *rows)
    for name, value in headline_of(held).items():
        setattr(of, name, value)
    return of, held


def test_four_quarters_are_judged_as_the_year_against_the_years_baseline_and_target():
    of, held = burglaries(
        *(("actual", q, v) for q, v in zip(QUARTERS, ["160", "150", "170", "154"], strict=True))
    )
    assert of.change.display == "n/a (periods differ)"  # the headline is the fourth quarter
    outturn = measure_outturn(of, held, YEAR)
    assert outturn.value == "634"
    assert outturn.note == "2011/12, derived from four quarters"
    assert outturn.change.display == "4.9% reduction"
    assert (outturn.status_display, outturn.rag) == ("Achieved", "green")


def test_a_missing_quarter_leaves_the_headline_with_the_reason_beside_it():
    of, held = burglaries(
        ("actual", "Q1 2011/12", "160"),
        ("actual", "Q2 2011/12", "150"),
        ("actual", "Q4 2011/12", "154"),
    )
    outturn = measure_outturn(of, held, YEAR)
    assert outturn.value == "154"
    assert outturn.note == (
        "Q4 2011/12, the latest figure; 2011/12: n/a (no figure for October 2011)"
    )
    assert outturn.change.display == "n/a (periods differ)"
    assert outturn.status_display == "Awaiting figures"  # a quarter is not judged on the year


def test_a_full_year_figure_under_the_columns_own_heading_needs_no_note():
    of, held = burglaries(("actual", "Q4 2011/12", "154"), ("actual", "2011/12", "700"))
    assert of.actual_period == "2011/12"  # the year, ending with its fourth quarter, is longer
    outturn = measure_outturn(of, held, YEAR)
    assert (outturn.value, outturn.note) == ("700", "")
    assert outturn.change.display == "4.9% increase"
    assert (outturn.status_display, outturn.rag) == ("Not achieved", "red")


def test_a_headline_stored_without_its_series_is_the_years_figure_when_it_is_for_the_year():
    of, held = burglaries()
    of.actual_value, of.actual_period = D("634"), "2011/12"
    outturn = measure_outturn(of, held, YEAR)
    assert (outturn.value, outturn.note, outturn.change.display) == ("634", "", "4.9% reduction")


def test_no_actual_at_all_reads_as_before_and_the_years_target_is_no_actual():
    of, held = burglaries()
    outturn = measure_outturn(of, held, YEAR)
    assert (outturn.value, outturn.note, outturn.change.display) == ("", "", "n/a")
    assert outturn.status_display == "Awaiting figures"


# ------------------------------------------------------------------ the overview and the PDF


@pytest.fixture
def plan(seed_plan):
    return Plan.objects.select_related("partnership").get(start_year=2012)


def report(officer, reference, *rows: tuple[str, str]) -> None:
    """Actuals for last year's measure through the series writer, as an officer enters them,
    so that its headline is the latest of them."""
    key_success = Measure.objects.get(
        plan__partnership__slug=SEED, plan__start_year=2011, reference=reference
    )
    figure_rows_save(
        measure=key_success,
        rows=[
            MeasureFigure(what="actual", period_label=label, value=D(value))
            for label, value in rows
        ],
        deleted=[],
        acting_user=officer,
        reason="Quarterly figures",
    )


def overview(client, plan) -> str:
    response = client.get(reverse("performance:plan-overview", args=[plan.pk]))
    assert response.status_code == 200
    return response.content.decode()


def key_success_row(html: str, label: str) -> str:
    start = html.rindex("<tr", 0, html.index(label))
    return html[start : html.index("</tr>", start)]


QUARTERLY_BURGLARIES = tuple(zip(QUARTERS, ["160", "150", "170", "154"], strict=True))


@pytest.mark.django_db
def test_the_overview_shows_the_year_derived_from_four_quarters(officer_client, officer, plan):
    report(officer, "KS5", *QUARTERLY_BURGLARIES)
    burglaries = Measure.objects.get(plan__start_year=2011, reference="KS5")
    assert burglaries.actual_period == "Q4 2011/12"  # the headline is the last quarter alone
    row = key_success_row(overview(officer_client, plan), "Reduction in the number of burglaries")
    assert '634<span class="d-block small">2011/12, derived from four quarters</span>' in row
    assert "<td>4.9% reduction</td>" in row
    assert "Green – achieved" in row
    assert "n/a (periods differ)" not in row


@pytest.mark.django_db
def test_the_overview_says_why_there_is_no_year_and_shows_the_latest(officer_client, officer, plan):
    report(officer, "KS5", ("Q1 2011/12", "160"), ("Q2 2011/12", "150"), ("Q4 2011/12", "154"))
    row = key_success_row(overview(officer_client, plan), "Reduction in the number of burglaries")
    assert (
        '154<span class="d-block small">Q4 2011/12, the latest figure; '
        "2011/12: n/a (no figure for October 2011)</span>"
    ) in row
    assert "<td>n/a (periods differ)</td>" in row


@pytest.mark.django_db
def test_the_overview_takes_a_year_to_date_to_q4_as_the_year(officer_client, officer, plan):
    report(officer, "KS7", ("2011/12 (Q3 year to date)", "15"), ("2011/12 (Q4 year to date)", "21"))
    row = key_success_row(overview(officer_client, plan), "Safer Town scheme")
    assert (
        '21<span class="d-block small">2011/12 (Q4 year to date), as reported for the whole '
        "year</span>"
    ) in row
    assert "<td>31.3% increase</td>" in row  # 16 to 21, not 16 to 36
    assert "Green – achieved" in row


@pytest.mark.django_db
def test_the_overview_averages_a_rates_quarters(officer_client, officer, plan):
    report(officer, "KS1", *zip(QUARTERS, ["78", "80", "81", "82"], strict=True))
    row = key_success_row(overview(officer_client, plan), "ASB Task Group")
    assert '80.3%<span class="d-block small">2011/12, the average of four quarters</span>' in row
    assert "<td>5.3 points increase" in row  # 75% to 80.3%
    assert "Green – achieved" in row


@pytest.mark.django_db
def test_the_pdf_shows_the_year_derived_from_four_quarters(officer, plan):
    report(officer, "KS5", *QUARTERLY_BURGLARIES)
    text = " ".join(" ".join(page_texts(render_plan_pdf(plan=plan))).split())
    key_successes = text[text.index("How the Partnership did") :]
    row = re.search(
        r"burglaries 667 634 634 2011/12, derived from four quarters (.+?)%", key_successes
    )
    assert row, "the burglaries row does not show the year derived from its quarters"
    assert row.group(1).startswith("4.9")


def queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def series_reads(captured) -> int:
    return sum('FROM "performance_measurefigure"' in query["sql"] for query in captured)


@pytest.mark.django_db
def test_reading_last_years_series_is_one_query_whatever_its_size(officer_client, officer, plan):
    def pages():
        return (
            queries(lambda: overview(officer_client, plan)),
            queries(lambda: render_plan_html(plan=plan)),
        )

    report(officer, "KS5", *QUARTERLY_BURGLARIES)
    few = pages()
    for reference in ["KS2", "KS4", "KS7", "KS9", "KS10"]:
        report(officer, reference, *((month, "5") for month in MONTHS))
    assert pages() == few
    # With every standing stored, the key successes' actuals are the page's one read of a
    # series, for all ten measures at once.
    with CaptureQueriesContext(connection) as captured:
        overview(officer_client, plan)
    assert series_reads(captured) == 1
    with CaptureQueriesContext(connection) as captured:
        render_plan_html(plan=plan)
    assert series_reads(captured) == 1


@pytest.mark.django_db
def test_no_series_is_read_where_every_headline_is_already_the_year_or_none(
    officer_client, officer, plan
):
    report(officer, "KS5", ("2011/12", "634"))
    overview(officer_client, plan)  # the standings worked out and stored
    with CaptureQueriesContext(connection) as captured:
        html = overview(officer_client, plan)
    assert series_reads(captured) == 0
    row = key_success_row(html, "Reduction in the number of burglaries")
    assert "<td>634</td>" in row and "<td>4.9% reduction</td>" in row
