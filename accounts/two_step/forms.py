from django import forms


class CodeForm(forms.Form):
    """One code: the 6 digits an authenticator app shows, or (at sign-in) a backup code."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "maxlength": 20}
        ),
    )

    def __init__(self, *args, hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = hint

    def refuse(self, message: str) -> None:
        self.add_error("code", message)
