"""A record of who signed in and out, from where, and who was refused a page.

Never logs a password, a session key or anything typed into a form.
"""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out

from .clients import client_address

logger = logging.getLogger("csp_portal.security")


def log_sign_in(sender, request, user, **kwargs):
    logger.info("Signed in: %s from %s", user.get_username(), client_address(request))


def log_sign_out(sender, request, user, **kwargs):
    name = user.get_username() if user else "(session already ended)"
    logger.info("Signed out: %s from %s", name, client_address(request))


def log_refusal(request, status_code: int) -> None:
    user = request.user.get_username() if request.user.is_authenticated else "anonymous"
    logger.warning(
        "Refused %s %s to %s from %s (HTTP %s)",
        request.method,
        request.path,
        user,
        client_address(request),
        status_code,
    )


def connect():
    user_logged_in.connect(log_sign_in, dispatch_uid="csp-security-sign-in")
    user_logged_out.connect(log_sign_out, dispatch_uid="csp-security-sign-out")
