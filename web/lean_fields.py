"""A form field written straight to HTML, for pages with hundreds of rows of fields.

It gives the markup crispy's Bootstrap 5 fields give (the label, the control, and its error
linked by aria-describedby so that a screen reader reads it with the field), without a
template per field: crispy's cost about a millisecond each, which is over three seconds on
a page of 500 measures with six fields each (bench/series.py). Text inputs, text areas and
selects, which is what such pages hold.
"""

from django.forms import BoundField, Select, Textarea
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Every value below goes through `escape`; strings are joined directly because Django's
# format_html costs more than the rest of the field on a page of thousands of them.


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
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) == chosen else ""}>'
            f"{escape(text)}</option>"
            for key, text in bound.field.choices
        )
        return f"<select{_attrs(attrs)}>{options}</select>"
    if isinstance(widget, Textarea):
        # A newline first, as Django's own widget writes it: browsers drop it.
        return f"<textarea{_attrs(attrs)}>\n{escape(value or '')}</textarea>"
    if value not in (None, ""):
        attrs["value"] = str(value)
    return f"<input{_attrs({'type': widget.input_type, **attrs})}>"


def lean_field(bound: BoundField) -> SafeString:
    """The field's label, control and errors, as a Bootstrap 5 form group."""
    widget = bound.field.widget
    attrs = {**widget.attrs, "name": bound.html_name, "id": bound.auto_id}
    attrs["class"] = "form-select" if isinstance(widget, Select) else "form-control"
    errors = ""
    if bound.errors:
        error_id = f"{bound.auto_id}_error"
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = error_id
        messages = " ".join(f"<strong>{escape(error)}</strong>" for error in bound.errors)
        errors = f'<div id="{escape(error_id)}" class="invalid-feedback">{messages}</div>'
    required = '<span class="asteriskField">*</span>' if bound.field.required else ""
    return mark_safe(  # noqa: S308  # nosec B308 B703: every part above is escaped
        f'<div class="mb-2"><label for="{escape(bound.auto_id)}" class="form-label">'
        f"{escape(bound.label)}{required}</label>{_control(bound, attrs)}{errors}</div>"
    )
