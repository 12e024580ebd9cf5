"""The measure page shows the measure's whole series, each row with the changes the series
arithmetic gives it, at a query count that does not grow with the series."""

from decimal import Decimal

import pytest
from django.urls import reverse

from performance.models import Measure, MeasureFigure
from performance.series_table import series_rows

pytestmark = pytest.mark.django_db

MAX_MEASURE_PAGE_QUERIES = 25


def ks5() -> Measure:
    return Measure.objects.get(plan__start_year=2011, reference="KS5")


def add(measure, label, value=None, **extra):
    return MeasureFigure.objects.create(
        measure=measure, what="actual", period_label=label, value=value, **extra
    )


def figures_of(measure) -> list[MeasureFigure]:
    figures = list(measure.figures.all())
    for figure in figures:
        figure.measure = measure
    return figures


def page(client, measure) -> str:
    return client.get(reverse("performance:measure-detail", args=[measure.pk])).content.decode()


def test_series_rows_show_like_for_like_lagged_and_a_disagreeing_reported_change(
    officer_client, seed_plan
):
    burglary = ks5()  # a count to reduce, baseline 667 for 2010/11
    MeasureFigure.objects.filter(measure=burglary, what="actual").delete()
    add(burglary, "2011/12", Decimal("634"))
    add(
        burglary,
        "2012/13",
        Decimal("600"),
        reported_change="-9.9",
        reported_change_kind="%",
        reported_basis="on the same period last year",
    )
    add(burglary, "2013/14", state="lagged", note="Due in June from Genesis")
    html = page(officer_client, burglary)
    assert "<caption>Every figure of measure KS5, by period</caption>" in html
    assert "4.9% reduction" in html  # 667 -> 634, like for like
    assert "↓ down 34 on the same period last year" in html  # 634 -> 600
    assert "Portal: 5.4% reduction" in html  # 634 -> 600, to the places the source printed
    assert "Check: The reported 9.9% reduction on the same period last year differs" in html
    assert "Due in June from Genesis" in html


def test_a_part_year_count_against_a_full_year_baseline_is_not_compared(officer_client, seed_plan):
    burglary = ks5()
    MeasureFigure.objects.filter(measure=burglary, what="actual").delete()
    add(burglary, "Apr to Sep 2011", Decimal("300"))
    html = page(officer_client, burglary)
    assert "n/a (periods differ)" in html
    assert "on a full-year pace: 600, a 10.0% reduction" in html


def test_rows_read_oldest_period_first_with_the_baseline_before_the_actuals(seed_plan):
    burglary = ks5()  # baseline 667 for 2010/11, target for 2011/12
    MeasureFigure.objects.filter(measure=burglary, what="actual").delete()
    for label in ("2013/14", "Q1 2011/12", "2011/12", "sometime soon"):
        add(burglary, label, Decimal("150"))
    order = [
        (row.figure.what, row.figure.period_label)
        for row in series_rows(burglary, figures_of(burglary))
    ]
    assert order == [
        ("baseline", "2010/11"),
        ("actual", "Q1 2011/12"),
        ("target", burglary.target_period),
        ("actual", "2011/12"),
        ("actual", "2013/14"),
        ("actual", "sometime soon"),
    ]


def test_actuals_are_compared_with_the_baseline_the_headline_shows(seed_plan):
    burglary = ks5()
    MeasureFigure.objects.filter(measure=burglary, what="actual").delete()
    # An older baseline entered after the plan's: the headline keeps the latest, 2010/11.
    MeasureFigure.objects.create(
        measure=burglary, what="baseline", period_label="2009/10", value=Decimal("900")
    )
    add(burglary, "2011/12", Decimal("634"))
    actual = next(
        row for row in series_rows(burglary, figures_of(burglary)) if row.figure.what == "actual"
    )
    assert actual.against_baseline.startswith("4.9% reduction")  # 667 -> 634, not 900 -> 634


def test_page_queries_do_not_grow_with_the_series(
    officer_client, seed_plan, django_assert_max_num_queries
):
    burglary = ks5()
    for year in range(2011, 2031):
        add(burglary, f"{year}/{(year + 1) % 100:02d}", Decimal(600 + year % 7))
    with django_assert_max_num_queries(MAX_MEASURE_PAGE_QUERIES):
        html = page(officer_client, burglary)
    assert "2030/31" in html
