import hashlib
import logging
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm, AdminPasswordChangeForm
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)

from . import after_response, counters, signin
from .clients import client_address
from .limits import lockout_minutes

logger = logging.getLogger("csp_portal.security")


class ThrottledSignInMixin:
    """Refuses further attempts after repeated failures; used by both sign-in pages."""

    throttle_messages = {
        "invalid_login": "The username or password is not right. Check them and try again.",
        "locked_out": "Too many failed attempts to sign in. Wait %(minutes)s minutes, then "
        "try again, or reset your password.",
        "slowed": "There have been many failed attempts to sign in from your network. Wait "
        "%(wait)s, then try again.",
    }

    def clean(self):
        username = self.data.get("username", "")
        with signin.one_at_a_time(self.request, username):
            wait = signin.seconds_to_wait(self.request, username)
            if wait:
                failure = self._slowed(wait)
            else:
                try:
                    return super().clean()
                except forms.ValidationError as error:
                    failure = error  # raised once the failure is counted and committed
        if signin.is_locked_out(self.request):
            raise forms.ValidationError(
                self.throttle_messages["locked_out"],
                code="locked_out",
                params={"minutes": lockout_minutes()},
            )
        raise failure

    def _slowed(self, seconds: int) -> forms.ValidationError:
        """An attempt refused, uncounted and unchecked, while its address must wait."""
        logger.warning("Sign-in slowed for %s: %s s to wait", client_address(self.request), seconds)
        return forms.ValidationError(
            self.throttle_messages["slowed"],
            code="slowed",
            params={"wait": "1 second" if seconds == 1 else f"{seconds} seconds"},
        )


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


class LimitedCurrentPasswordMixin:
    """The current password on a password-change page is a password guess like a sign-in:
    it counts towards the same lock (accounts.signin), and each wrong one is logged."""

    locked_message = "Too many wrong passwords. Wait %(minutes)s minutes, then try again."

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        username = self.user.get_username()
        address = client_address(self.request)
        with signin.one_at_a_time(self.request, username):
            if not signin.may_try(self.request, username):
                logger.warning("Password change refused, locked: %s from %s", username, address)
                failure = None
            else:
                try:
                    return super().clean_old_password()
                except forms.ValidationError as error:
                    signin.count_wrong_password(self.request, username)
                    logger.warning("Wrong current password for %s from %s", username, address)
                    failure = error
        if failure is None or signin.is_locked_out(self.request):
            raise forms.ValidationError(
                self.locked_message, code="locked_out", params={"minutes": lockout_minutes()}
            )
        raise failure


CURRENT_PASSWORD_WORDS = {"old_password": ("Current password", "Enter your current password")}
CHANGE_MESSAGES = {
    **PasswordChangeForm.error_messages,
    "password_mismatch": NOT_THE_SAME_MESSAGE,
    "password_incorrect": WRONG_CURRENT_MESSAGE,
}


class PortalPasswordChangeForm(PlainWordsMixin, LimitedCurrentPasswordMixin, PasswordChangeForm):
    plain_words = {**CURRENT_PASSWORD_WORDS, **NEW_PASSWORD_WORDS}
    error_messages = CHANGE_MESSAGES


class PortalAdminPasswordChangeForm(LimitedCurrentPasswordMixin, AdminPasswordChangeForm):
    """The administration's own "Change password" page."""


def _key(kind: str, value: str) -> str:
    return f"reset:{kind}:" + hashlib.sha256(value.encode()).hexdigest()


class PortalPasswordResetForm(PlainWordsMixin, PasswordResetForm):
    """Reset requests are limited per client (refused in plain words) and per e-mail address
    (silently: the answer must not differ). The e-mail is sent after the response, so an
    address with an account answers as fast as one without."""

    plain_words = {"email": ("Email address", "Enter the email address of your account")}

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the right form, like name@example.org"
        )

    @staticmethod
    def _window() -> timedelta:
        return timedelta(seconds=settings.PASSWORD_RESET_LIMIT_SECONDS)

    def clean(self):
        cleaned = super().clean()
        if "email" in cleaned and self.request is not None:
            address = client_address(self.request)
            limit = settings.PASSWORD_RESET_LIMIT_PER_CLIENT
            if not counters.spend(_key("client", address), limit=limit, window=self._window()):
                logger.warning("Password reset limit reached for client %s", address)
                minutes = settings.PASSWORD_RESET_LIMIT_SECONDS // 60
                wait = "an hour" if minutes == 60 else f"{minutes} minutes"
                raise forms.ValidationError(
                    f"Too many password reset requests from here. Wait {wait}, then try again.",
                    code="too_many",
                )
        return cleaned

    def save(self, *args, **kwargs):
        email = self.cleaned_data["email"].strip().casefold()
        limit = settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
        if not counters.spend(_key("email", email), limit=limit, window=self._window()):
            logger.warning(
                "Password reset limit reached for an e-mail address, from %s",
                client_address(kwargs.get("request")),
            )
            return
        super().save(*args, **kwargs)

    def send_mail(self, *args, **kwargs):
        after_response.defer(super().send_mail, *args, **kwargs)


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
