"""Measures and their figures: the baseline, target and actual the plan prints (`measures`)
and the series of figures by period behind them (`series`); partners' reports on them
(`reports`)."""

from .measures import (
    Measure,
    MeasureManager,
    MeasureQuerySet,
    reported_by,
    same_values,
)
from .reports import MeasureUpdate
from .series import MeasureFigure

__all__ = [
    "Measure",
    "MeasureFigure",
    "MeasureManager",
    "MeasureQuerySet",
    "MeasureUpdate",
    "reported_by",
    "same_values",
]
