from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)

from . import throttle
from .security_log import client_address


class ThrottledSignInMixin:
    """Refuses further attempts after repeated failures; used by both sign-in pages."""

    throttle_messages = {
        "invalid_login": "The username or password is not right. Check them and try again.",
        "locked_out": "Too many failed attempts to sign in. Wait %(minutes)s minutes, then "
        "try again, or reset your password.",
    }

    def clean(self):
        username = self.data.get("username", "")
        address = client_address(self.request)
        if throttle.is_locked_out(username, address):
            raise forms.ValidationError(
                self.throttle_messages["locked_out"],
                code="locked_out",
                params={"minutes": settings.LOGIN_LOCKOUT_SECONDS // 60},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, address)
            raise
        throttle.clear_failures(username, address)
        return cleaned


class PlainWordsMixin:
    """Labels and "required" messages in plain words, as UK public services write them,
    instead of Django's "This field is required." under every field."""

    plain_words: dict[str, tuple[str, str]] = {}  # field name: (label, message if empty)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (label, required) in self.plain_words.items():
            self.fields[name].label = label
            self.fields[name].error_messages["required"] = required


NEW_PASSWORD_WORDS = {
    "new_password1": ("New password", "Enter a new password"),
    "new_password2": ("Confirm new password", "Enter the new password again"),
}
WRONG_CURRENT_MESSAGE = "Your current password is not right. Enter it again."
NOT_THE_SAME_MESSAGE = "The two new passwords are not the same. Enter the same password twice."


class PortalSetPasswordForm(PlainWordsMixin, SetPasswordForm):
    """Choosing a new password from a reset link."""

    plain_words = NEW_PASSWORD_WORDS
    error_messages = {**SetPasswordForm.error_messages, "password_mismatch": NOT_THE_SAME_MESSAGE}


class PortalPasswordChangeForm(PlainWordsMixin, PasswordChangeForm):
    plain_words = {
        "old_password": ("Current password", "Enter your current password"),
        **NEW_PASSWORD_WORDS,
    }
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_mismatch": NOT_THE_SAME_MESSAGE,
        "password_incorrect": WRONG_CURRENT_MESSAGE,
    }


class PortalPasswordResetForm(PlainWordsMixin, PasswordResetForm):
    plain_words = {"email": ("Email address", "Enter the email address of your account")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the right form, like name@example.org"
        )


class ThrottledAuthenticationForm(PlainWordsMixin, ThrottledSignInMixin, AuthenticationForm):
    plain_words = {
        "username": ("Username", "Enter your username"),
        "password": ("Password", "Enter your password"),
    }
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": ThrottledSignInMixin.throttle_messages["invalid_login"],
    }


class ThrottledAdminAuthenticationForm(ThrottledSignInMixin, AdminAuthenticationForm):
    pass
