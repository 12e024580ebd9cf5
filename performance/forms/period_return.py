"""A partner's return for one period: the figures of all their organisation's measures due
for it, in one form, each proposed for an officer to accept or return.

It is the officer's figures page by period (`PeriodFiguresPage`) for the partner's measures
only, with the same rows, fields and figure rules; what it saves is a proposal per changed
row (`progress.period_figures_report`), never a figure.
"""

from __future__ import annotations

from ..progress import awaiting_proposals, period_figures_report
from ..services.figure_rows import row_errors
from .period_figures import PeriodFiguresPage

# An accepted figure stays until an officer changes it: a partner sends a figure, not a gap.
NOT_REMOVED = (
    "An accepted figure cannot be emptied here. Send the corrected figure, or choose why there "
    "is none (not yet available, not applicable or lagged)."
)


class PeriodReturnPage(PeriodFiguresPage):
    """The partner's measures due for the period; `only` holds their pks. A partner sends the
    change as the source reported it with each figure, so its columns are always there."""

    def __init__(self, **kwargs):
        super().__init__(reported=True, **kwargs)

    def _build(self) -> None:
        super()._build()
        # Sent for this period under its label or another of the same dates.
        waiting = awaiting_proposals([row.measure for row in self.rows], self.plan_period.label)
        for row in self.rows:
            row.awaiting = waiting.get(row.measure.pk)

    def save(self, *, acting_user) -> int | None:
        """Send every changed row, or none: the number sent; None when the page is to be
        shown again with each refusal at its row."""
        if not all([row.form.is_valid() for row in self.rows]):
            return None
        changed = self._changed()
        refused = False
        for row in changed:
            errors = (
                {"value": NOT_REMOVED}
                if row.form.emptied
                else row_errors(row.measure, row.form.instance)
            )
            row.form.apply_errors(errors)
            refused = refused or bool(errors)
        if refused:
            return None
        self.saved_rows = changed
        period_figures_report(
            proposals=[(row.measure, row.form.instance) for row in changed],
            period_label=self.plan_period.label,
            acting_user=acting_user,
        )
        return len(changed)
