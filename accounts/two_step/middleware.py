"""Until a signed-in user has given their second step, every page sends them to it."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse

from . import rules

# Reachable while the second step is owed: signing out, and the idle warning's keep-alive.
OPEN_WHILE_OWED = frozenset({"logout", "admin:logout", "keep-alive"})


def two_step_page(view):
    """Marks the second step's own pages, which must open before it is given."""
    view.two_step_page = True
    return view


class SecondStepMiddleware:
    """After django-otp's OTPMiddleware, which tells whether this session gave the step.

    Open while it is owed: the step's own pages, signing out, and pages open to signed-out
    visitors (sign-in, password reset, health, the accessibility statement), which ask for
    nothing a visitor could not see. The administration is never open: its sign-in page
    sends a signed-in user on to the step too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or request.user.is_verified():
            return None
        if getattr(view_func, "two_step_page", False):
            return None
        match = request.resolver_match
        if match.view_name in OPEN_WHILE_OWED:
            return None
        if "admin" not in match.namespaces and not getattr(view_func, "login_required", True):
            return None
        step = rules.next_step(request.user)
        if step is None:
            return None
        target = reverse(f"two_step:{step}")
        back = (
            request.get_full_path()
            if request.method == "GET"
            else resolve_url(settings.LOGIN_REDIRECT_URL)
        )
        return HttpResponseRedirect(f"{target}?{urlencode({'next': back})}")
