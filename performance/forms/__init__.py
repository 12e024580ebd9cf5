"""Forms of the officer's figures page and of a partner's report on a measure."""

from .figure_rows import MeasureFiguresForm, NarrativeFigureForm
from .figures_page import PlanFiguresPage, SummaryError
from .progress import MeasureProgressForm

__all__ = [
    "MeasureFiguresForm",
    "MeasureProgressForm",
    "NarrativeFigureForm",
    "PlanFiguresPage",
    "SummaryError",
]
