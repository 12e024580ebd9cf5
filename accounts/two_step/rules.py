"""Who must take the second step, and where a signed-in user is sent until they have."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from django_otp.plugins.otp_totp.models import TOTPDevice

VERIFY = "verify"
SET_UP = "set-up"


def required(user) -> bool:
    """Must this user use a second step whether they chose to or not (the policy's answer)?"""
    path = getattr(settings, "TWO_STEP_REQUIRED", "")
    if not path:
        raise ImproperlyConfigured(
            "Set TWO_STEP_REQUIRED to the function that decides who must use two-step sign-in."
        )
    return bool(import_string(path)(user))


def demo_bypass_honoured() -> bool:
    """TWO_STEP_DEMO_BYPASS counts only on a development machine (DEBUG on)."""
    return bool(settings.DEBUG and getattr(settings, "TWO_STEP_DEMO_BYPASS", False))


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def next_step(user) -> str | None:
    """VERIFY or SET_UP while this signed-in user still owes a second step; None when they
    have given it or owe none. A user who turned it on gives it even where not required."""
    if not user.is_authenticated or user.is_verified():
        return None
    if confirmed_device(user) is not None:
        return VERIFY
    if required(user) and not demo_bypass_honoured():
        return SET_UP
    return None
