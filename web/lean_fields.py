"""A form field written straight to HTML, for pages with hundreds of rows of fields.

It gives the markup crispy's Bootstrap 5 fields give (the label, the control, and its error
linked by aria-describedby so that a screen reader reads it with the field), without a
template per field: crispy's cost about a millisecond each, which is over three seconds on
a page of 500 measures with six fields each (bench/series.py). Text inputs, text areas and
selects, which is what such pages hold.
"""

import html

from django.forms import BoundField, Select, Textarea
from django.utils.safestring import SafeString, mark_safe

# Every value below goes through `escape`; strings are joined directly because Django's
# format_html costs more than the rest of the field on a page of thousands of them.


def escape(value) -> str:
    """Django's escape (the same characters, the same way) without its wrapper's look for
    lazy text among the arguments, a third of its cost: `str` reads lazy text as well."""
    return html.escape(str(value))


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not None and value is not False
    )


def _control(bound: BoundField, attrs: dict) -> str:
    widget, value = bound.field.widget, bound.value()
    if isinstance(widget, Select):
        chosen = "" if value is None else str(value)
        # An option's end tag is one HTML lets the next option or the select's end close:
        # left out, as a select on every row of a long page repeats its options.
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) == chosen else ""}>'
            f"{escape(text)}"
            for key, text in bound.field.choices
        )
        return f"<select{_attrs(attrs)}>{options}</select>"
    if isinstance(widget, Textarea):
        # A newline first, as Django's own widget writes it: browsers drop it.
        return f"<textarea{_attrs(attrs)}>\n{escape(value or '')}</textarea>"
    if value not in (None, ""):
        attrs["value"] = str(value)
    # A text input is the default: its type is left unsaid, as HTML allows.
    typed = {} if widget.input_type == "text" else {"type": widget.input_type}
    return f"<input{_attrs({**typed, **attrs})}>"


def _errors(bound: BoundField, attrs: dict, described_by: str = "") -> str:
    """The field's error, linked to its control by aria-describedby so that a screen reader
    reads it with the field (`attrs` are the control's, marked invalid); "" without one."""
    if not bound.errors:
        if described_by:
            attrs["aria-describedby"] = described_by
        return ""
    error_id = f"{bound.auto_id}_error"
    attrs["class"] = (attrs.get("class", "") + " is-invalid").lstrip()
    attrs["aria-invalid"] = "true"
    attrs["aria-describedby"] = f"{error_id} {described_by}".rstrip()
    messages = " ".join(f"<strong>{escape(error)}</strong>" for error in bound.errors)
    return f'<div id="{escape(error_id)}" class="invalid-feedback">{messages}</div>'


def lean_control(
    bound: BoundField, *, labelled_by: str, described_by: str = "", leave_out=()
) -> SafeString:
    """The field's control and its error, without a label of its own: named by the elements
    whose ids are `labelled_by` (a table's column and row headings), for pages of hundreds of
    rows. It has an id only when it has an error, for the error summary's link to it: nothing
    else points at it, and at 500 rows of three fields the ids alone are 25 KB. `leave_out`
    names widget attributes the page sets once for every control (autocomplete) or in its
    stylesheet (a text area's size)."""
    widget = bound.field.widget
    attrs = {
        "name": bound.html_name,
        "aria-labelledby": labelled_by,
        **{name: value for name, value in widget.attrs.items() if name not in leave_out},
    }
    if bound.errors:
        attrs = {"id": bound.auto_id, **attrs}
    errors = _errors(bound, attrs, described_by)
    return mark_safe(  # noqa: S308  # nosec B308 B703: every part is escaped
        _control(bound, attrs) + errors
    )


def lean_field(bound: BoundField) -> SafeString:
    """The field's label, control and errors, as a Bootstrap 5 form group."""
    widget = bound.field.widget
    attrs = {**widget.attrs, "name": bound.html_name, "id": bound.auto_id}
    attrs["class"] = "form-select" if isinstance(widget, Select) else "form-control"
    errors = _errors(bound, attrs)
    required = '<span class="asteriskField">*</span>' if bound.field.required else ""
    return mark_safe(  # noqa: S308  # nosec B308 B703: every part above is escaped
        f'<div class="mb-2"><label for="{escape(bound.auto_id)}" class="form-label">'
        f"{escape(bound.label)}{required}</label>{_control(bound, attrs)}{errors}</div>"
    )
