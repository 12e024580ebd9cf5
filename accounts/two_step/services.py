"""Setting up, checking and resetting a user's second step; each is logged to the security
log (who, whom, from where; never a code or a secret)."""

import math
import re
from base64 import b32encode
from dataclasses import dataclass

import django_otp
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..security_log import client_address, logger
from . import rules

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"

WRONG_CODE = (
    "The code is not right. Enter the code your app shows now, or one of your backup codes."
)
WRONG_SET_UP_CODE = (
    "The code is not right. Check the app was set up with the code on this page and enter "
    "the code it shows now."
)
TOO_MANY = "Too many wrong codes. Wait %(wait)s, then enter the code your app shows."


@dataclass(frozen=True)
class CodeCheck:
    device: object | None  # the device that took the code; None if refused
    error: str = ""


def _plain(code: str) -> str:
    """What people type: spaces and dashes between groups, capitals from a printout."""
    return re.sub(r"[\s-]", "", code or "").lower()


def secret_text(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_device_for_set_up(*, user) -> TOTPDevice:
    """The user's device waiting to be confirmed: the same one on every visit, so a reload
    of the set-up page does not change the secret they may already have scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def _wait_seconds(device) -> int | None:
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return None
    return max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))


def _check(request, device, code: str, wrong: str) -> CodeCheck:
    wait = _wait_seconds(device)
    if wait is not None:
        logger.warning(
            "Two-step code refused while throttled for %s from %s",
            request.user.get_username(),
            client_address(request),
        )
        return CodeCheck(None, TOO_MANY % {"wait": f"{wait} second{'' if wait == 1 else 's'}"})
    # Locks the device's row while it checks, so two guesses at once count as two.
    verified = django_otp.verify_token(request.user, device.persistent_id, code)
    if verified is None:
        device.refresh_from_db()
        logger.warning(
            "Wrong two-step code for %s from %s (%s in a row)",
            request.user.get_username(),
            client_address(request),
            device.throttling_failure_count,
        )
        return CodeCheck(None, wrong)
    return CodeCheck(verified)


def set_up_confirm(*, request, device: TOTPDevice, code: str) -> CodeCheck:
    """The first code from the new app confirms it; any older app of the user's goes."""
    result = _check(request, device, _plain(code), WRONG_SET_UP_CODE)
    if result.device is None:
        return result
    with transaction.atomic():
        TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    django_otp.login(request, device)
    logger.info(
        "Two-step sign-in set up by %s from %s",
        request.user.get_username(),
        client_address(request),
    )
    return CodeCheck(device)


def code_verify(*, request, code: str) -> CodeCheck:
    """The second step at sign-in: the app's current code, or one unused backup code."""
    code = _plain(code)
    user = request.user
    if code.isdigit():
        device = rules.confirmed_device(user)
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        logger.warning(
            "Wrong two-step code for %s from %s", user.get_username(), client_address(request)
        )
        return CodeCheck(None, WRONG_CODE)
    result = _check(request, device, code, WRONG_CODE)
    if result.device is not None:
        django_otp.login(request, result.device)
        kind = "a backup code" if isinstance(result.device, StaticDevice) else "the app"
        logger.info(
            "Two-step sign-in with %s by %s from %s",
            kind,
            user.get_username(),
            client_address(request),
        )
    return result


@transaction.atomic
def backup_codes_new(*, user) -> list[str]:
    """Ten new single-use backup codes; the old ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    logger.info("New backup codes made for %s", user.get_username())
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def _devices_delete(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def two_step_reset(*, user, acting_user, request=None) -> None:
    """Lost phone: the user's app and backup codes go, every session of theirs must take the
    second step again, and they set it up afresh at their next sign-in."""
    _devices_delete(user)
    logger.warning(
        "Two-step sign-in reset for %s by %s from %s",
        user.get_username(),
        acting_user.get_username(),
        client_address(request),
    )


def two_step_turn_off(*, request) -> bool:
    """A user who chose two-step sign-in may stop; one who must use it may not."""
    if rules.required(request.user):
        return False
    _devices_delete(request.user)
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    logger.info(
        "Two-step sign-in turned off by %s from %s",
        request.user.get_username(),
        client_address(request),
    )
    return True
