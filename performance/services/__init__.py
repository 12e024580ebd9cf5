"""Writes that touch several rows: the one writer of measures, and the figures page's save.

Every path that changes a measure comes here; see `measures` for the rules it keeps.
"""

from actionplan.services import ADMIN_REASON

from .figures_page import (
    HISTORY_REASON,
    FiguresRefused,
    NarrativeFigureEdit,
    SaveResult,
    plan_figures_save,
)
from .measures import (
    Conflict,
    MeasureEdit,
    MeasureRulesBroken,
    StaleMeasures,
    measure_edits_save,
    measure_save,
)

__all__ = [
    "ADMIN_REASON",
    "HISTORY_REASON",
    "Conflict",
    "FiguresRefused",
    "MeasureEdit",
    "MeasureRulesBroken",
    "NarrativeFigureEdit",
    "SaveResult",
    "StaleMeasures",
    "measure_edits_save",
    "measure_save",
    "plan_figures_save",
]
