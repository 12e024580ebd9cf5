"""The second step's pages: set it up (QR code and secret), give a code at sign-in, see new
backup codes once, and the account page where it is turned on, renewed or off."""

import io
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from . import rules, services
from .forms import CodeForm
from .middleware import two_step_page

NEW_CODES = "two_step_new_backup_codes"
VERIFY_HINT = "The 6-digit code your authenticator app shows now, or one of your backup codes."
SET_UP_HINT = "The 6-digit code the app shows after you add the CSP Portal to it."


def _next(request) -> str:
    """Where the user was going, if it is a page of this site; else the home page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request) -> str:
    return f"{resolve_url(name)}?{urlencode({'next': _next(request)})}"


@two_step_page
def verify(request):
    step = rules.next_step(request.user)
    if step == rules.SET_UP:
        return redirect(_with_next("two_step:set-up", request))
    if step is None:
        return redirect(_next(request))
    form = CodeForm(request.POST or None, hint=VERIFY_HINT)
    if request.method == "POST" and form.is_valid():
        result = services.code_verify(request=request, code=form.cleaned_data["code"])
        if result.device is not None:
            left = services.backup_codes_left(request.user)
            if left < 3:
                messages.warning(
                    request,
                    f"You have {left} backup codes left. Make new ones from "
                    "“Two-step sign-in” at the top of the page.",
                )
            return redirect(_next(request))
        form.refuse(result.error)
    return render(request, "two_step/verify.html", {"form": form, "next": _next(request)})


@two_step_page
def set_up(request):
    if rules.confirmed_device(request.user) is not None:
        # A second app only through the account page once verified, never with a password alone.
        return redirect("two_step:verify" if not request.user.is_verified() else "two_step:account")
    device = services.totp_device_for_set_up(user=request.user)
    form = CodeForm(request.POST or None, hint=SET_UP_HINT)
    if request.method == "POST" and form.is_valid():
        result = services.set_up_confirm(
            request=request, device=device, code=form.cleaned_data["code"]
        )
        if result.device is not None:
            request.session[NEW_CODES] = services.backup_codes_new(user=request.user)
            return redirect(_with_next("two_step:backup-codes", request))
        form.refuse(result.error)
    context = {
        "form": form,
        "next": _next(request),
        "secret": services.secret_text(device),
        "required": rules.required(request.user),
    }
    return render(request, "two_step/set_up.html", context)


@require_GET
@two_step_page
def qr_code(request):
    """The QR code of the app waiting to be set up, as an image: the page's policy allows
    images from the portal, and the image has its own text alternative."""
    device = request.user.totpdevice_set.filter(confirmed=False).order_by("pk").first()
    if device is None:
        raise Http404("Nothing is waiting to be set up.")
    out = io.BytesIO()
    segno.make(device.config_url, error="m").save(out, kind="svg", scale=5, border=4)
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


@require_GET
def backup_codes(request):
    """New backup codes, shown this once: a reload finds them gone."""
    codes = request.session.pop(NEW_CODES, None)
    if codes is None:
        return redirect("two_step:account")
    return render(request, "two_step/backup_codes.html", {"codes": codes, "next": _next(request)})


@require_POST
def backup_codes_new(request):
    if rules.confirmed_device(request.user) is None:
        return redirect("two_step:account")
    request.session[NEW_CODES] = services.backup_codes_new(user=request.user)
    return redirect("two_step:backup-codes")


@require_GET
def account(request):
    device = rules.confirmed_device(request.user)
    context = {
        "device": device,
        "required": rules.required(request.user),
        "codes_left": services.backup_codes_left(request.user) if device else 0,
    }
    return render(request, "two_step/account.html", context)


@require_POST
def turn_off(request):
    if services.two_step_turn_off(request=request):
        messages.success(request, "Two-step sign-in is off. You sign in with your password.")
    return redirect("two_step:account")
