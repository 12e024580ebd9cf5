"""web.lean_fields writes a field without a template: everything typed or saved in it is
escaped, its error is read with it, and it posts back as Django's own widgets do."""

from django import forms

from csp_portal.tests.form_fields import FormFields
from web.lean_fields import lean_field

HOSTILE = '"><script>alert(1)</script>'


class Sample(forms.Form):
    text = forms.CharField(label=f"Text {HOSTILE}", max_length=50)
    note = forms.CharField(widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(choices=[("a", f"A {HOSTILE}"), ("b", "B")])


def written(form) -> str:
    return "".join(lean_field(form[name]) for name in form.fields)


def test_labels_values_and_options_are_escaped():
    form = Sample({"text": HOSTILE, "note": f"</textarea>{HOSTILE}", "kind": "a"})
    html = written(form)
    assert "<script>" not in html
    assert "&lt;/textarea&gt;" in html
    assert html.count("&lt;script&gt;") == 4  # label, value, note and option


def test_an_error_is_linked_to_its_field_so_it_is_read_with_it():
    form = Sample({"text": "", "kind": "z"})
    form.is_valid()
    html = written(form)
    assert 'id="id_text" class="form-control is-invalid" aria-invalid="true"' in html
    assert 'aria-describedby="id_text_error"' in html
    assert (
        '<div id="id_text_error" class="invalid-feedback"><strong>This field is required.' in html
    )
    assert 'aria-describedby="id_kind_error"' in html


def test_the_fields_post_back_what_they_show():
    form = Sample(initial={"text": "634", "note": "Line one\nline two", "kind": "b"})
    assert FormFields(written(form)).data == {
        "text": ["634"],
        "note": ["Line one\nline two"],
        "kind": ["b"],
    }
    assert 'maxlength="50"' in written(form)
