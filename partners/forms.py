from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

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


class ThrottledAuthenticationForm(ThrottledSignInMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": ThrottledSignInMixin.throttle_messages["invalid_login"],
    }


class ThrottledAdminAuthenticationForm(ThrottledSignInMixin, AdminAuthenticationForm):
    pass
