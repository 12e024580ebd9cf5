"""The figures of measures in and out as spreadsheets (see MeasureFiguresResource).

The file checks, the preview and the all-or-nothing import are the portal's shared
spreadsheet machinery (the ``spreadsheets`` package); these name the figures resource.
"""

from functools import partial

from spreadsheets.exports import spreadsheet_export
from spreadsheets.imports import spreadsheet_import

from .resources import MeasureFiguresResource

# figures_import(file_bytes=..., filename=..., acting_user=..., dry_run=...[, expected_digest])
figures_import = partial(spreadsheet_import, resource_class=MeasureFiguresResource)
# figures_export(queryset=..., file_format=..., acting_user=...)
figures_export = partial(spreadsheet_export, resource_class=MeasureFiguresResource)
