"""The headline's change and rating compare like with like: an actual for part of a year (a
quarter, a year to date) is not a reduction on a whole year's baseline, nor achieved or
missed against a whole year's target. The seed's full-year figures are judged as before."""

from decimal import Decimal

import pytest

from performance.calculations import ACHIEVED, AWAITING_FIGURES
from performance.models import Measure
from performance.series_calculations import labels_differ


@pytest.mark.parametrize(
    "first, second, reason",
    [
        ("Q2 2012/13", "2011/12", "periods differ"),
        ("April to December 2012", "2011/12", "periods differ"),
        ("at 31 March 2015", "2014/15", "periods differ"),
        ("2012/13", "Jan to Dec 2011", None),  # two whole years
        ("12 months to June 2014", "2012/13", None),
        ("Q1 2013/14", "Q1 2012/13", None),
        ("the year so far", "2011/12", None),  # not understood: listed by completeness
        ("", "2011/12", None),
    ],
)
def test_labels_differ_only_between_periods_of_different_lengths(first, second, reason):
    assert labels_differ(first, second) == reason


def burglaries(actual_period: str) -> Measure:
    return Measure(
        reference="KS5",
        unit=Measure.Unit.COUNT,
        direction=Measure.Direction.REDUCE,
        decimal_places=0,
        baseline_value=Decimal("12000"),
        baseline_period="2011/12",
        target_value=Decimal("11500"),
        target_period="2012/13",
        actual_value=Decimal("8400"),
        actual_period=actual_period,
    )


def test_a_year_to_date_actual_is_not_a_reduction_on_a_full_year_baseline():
    measure = burglaries("April to December 2012")
    assert measure.change.display == "n/a (periods differ)"
    assert measure.change.percent is None
    # 8,400 is under the year's 11,500, but nine months of a year prove nothing yet.
    assert measure.status == AWAITING_FIGURES
    assert measure.rag is None


def test_a_full_year_actual_is_judged_as_before():
    measure = burglaries("2012/13")
    assert measure.change.display == "30.0% reduction"
    assert measure.status == ACHIEVED
    assert measure.rag == "green"


def test_an_actual_whose_period_cannot_be_read_is_judged_as_it_stands():
    measure = burglaries("2012/13 (provisional, see note)")
    assert measure.change.display == "30.0% reduction"
    assert measure.status == ACHIEVED


def test_a_maintain_measure_is_judged_by_its_baseline_period():
    measure = burglaries("Q1 2012/13")
    measure.direction, measure.target_value, measure.target_period = (
        Measure.Direction.MAINTAIN,
        None,
        "",
    )
    assert measure.comparable_actual(Decimal("8400"), "Q1 2012/13") is None
    assert measure.comparable_actual(Decimal("8400"), "2012/13") == Decimal("8400")
