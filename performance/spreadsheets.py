"""The figures of measures in and out as spreadsheets: one row per measure (its headline
figures, MeasureFiguresResource) or one row per measure and period (its series,
FiguresByPeriodResource).

The file checks, the preview and the all-or-nothing import are the portal's shared
spreadsheet machinery (the ``spreadsheets`` package); these name the figures resources.
"""

from functools import partial

from spreadsheets.exports import spreadsheet_export
from spreadsheets.imports import spreadsheet_import

from .period_resources import FiguresByPeriodResource
from .resources import MeasureFiguresResource

# figures_import(file_bytes=..., filename=..., acting_user=..., dry_run=...[, expected_digest])
figures_import = partial(spreadsheet_import, resource_class=MeasureFiguresResource)
# figures_export(queryset=..., file_format=..., acting_user=...)
figures_export = partial(spreadsheet_export, resource_class=MeasureFiguresResource)
# The same by period; the import also takes options={"period": "q2"} (the one period it takes).
period_figures_import = partial(spreadsheet_import, resource_class=FiguresByPeriodResource)
# period_figures_export(queryset=period_return(...) or plan_series(...), ...)
period_figures_export = partial(spreadsheet_export, resource_class=FiguresByPeriodResource)
