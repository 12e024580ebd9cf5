"""`{{ form.field|lean_field }}`: a field as web.lean_fields writes it, for long pages; and
`{% period_row row table %}`, a row of the figures page by period."""

from django import template
from django.utils.safestring import mark_safe

from web.lean_fields import escape, lean_control
from web.lean_fields import lean_field as write_field

register = template.Library()

# Each control is named by its column's heading (this letter and the table's number) and its
# row's heading (the measure), so a screen reader says "Value, PT1 Level of recorded crime".
COLUMN_IDS = {
    "value": "v",
    "state": "s",
    "note": "n",
    "reported_change": "c",
    "reported_change_kind": "k",
    "reported_basis": "b",
}
# Set once on the page's form (autocomplete) or by the stylesheet (a text area's size).
LEFT_OUT = ("autocomplete", "spellcheck", "cols", "rows")


@register.filter
def lean_field(bound):
    return write_field(bound)


@register.simple_tag
def period_row(row, table: int):
    """A row's start, its heading and the figures to read its figure against, then its
    fields (`period_cells`), written here rather than by the template: at 500 rows the
    template's dozen lookups a row were a tenth of the page's time. The row's end is the
    template's. Cells' end tags, which HTML lets the next cell or the row's end close, are
    left out: at 500 rows they are 20 KB."""
    measure = row.measure
    heading = f"{measure.reference} {measure.label}"
    context = "".join(
        f"<td>{escape(shown)}"
        for shown in (
            row.previous_shown,
            row.last_year_value,
            row.baseline_shown,
            row.target_for_period,
        )
    )
    return mark_safe(  # noqa: S308  # nosec B308 B703: every part is escaped
        f'<tr id="{escape(row.anchor)}"><th scope="row" id="{escape(row.form.prefix)}">'
        f"{escape(heading)}{context}{period_cells(row, table)}"
    )


def period_cells(row, table: int) -> str:
    """One cell per field of the row's form. A row-level error (someone saved the measure
    since) describes every control of its row."""
    form = row.form
    described_by = f"{row.anchor}-error" if form.non_field_errors() else ""
    under_note = "" if "reported_change" in form.fields else _reported_as_text(row)
    cells = [
        "<td>"
        + lean_control(
            form[name],
            labelled_by=f"{COLUMN_IDS[name]}{table} {form.prefix}",
            described_by=described_by,
            leave_out=LEFT_OUT,
        )
        + (under_note if name == "note" else "")
        for name in form.fields  # each cell closed by the next or by the row's end
    ]
    return mark_safe("".join(cells))  # noqa: S308  # nosec B308 B703: lean_control escapes


def _reported_as_text(row) -> str:
    """Where the page leaves out the change as the source reported it, a saved one is still
    said under the note (it is entered with `?reported=1`)."""
    figure = row.figure
    if figure is None or not (figure.reported_change or figure.reported_basis):
        return ""
    kind = figure.get_reported_change_kind_display()
    said = " ".join(part for part in (figure.reported_change, kind) if part)
    basis = f", {figure.reported_basis}" if figure.reported_basis else ""
    return f'<p class="period-reported">Change as reported: {escape(said)}{escape(basis)}</p>'
