from crispy_forms.helper import FormHelper
from django import forms

from web.text_limits import PROGRESS_NOTE, LimitedFormText

from .models import Action


class ActionProgressForm(forms.Form):
    """A progress report: only a status and a note, whatever else is posted."""

    status = forms.ChoiceField(
        label="Status",
        choices=Action.Status.choices,
        error_messages={"invalid_choice": "Choose one of the statuses in the list."},
    )
    note = LimitedFormText(
        label="Progress",
        widget=forms.Textarea(attrs={"rows": 5}),
        limit=PROGRESS_NOTE,
        help_text="What has been done since the last report, in plain words.",
        error_messages={"required": "Say what progress has been made."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
