"""Error pages that reveal nothing of the code or settings, and the page for a form too
large to read.

A server error gets a short reference, shown to the user and written to the log with the
traceback, so a support call can find the failure without the page disclosing it.
"""

import logging
import secrets
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views import defaults

from .text_limits import NARRATIVE_SECTION

MEGABYTE = 1024 * 1024

logger = logging.getLogger("csp_portal.errors")


def server_error(request):
    reference = secrets.token_hex(5).upper()
    logger.error(
        "Server error %s on %s %s",
        reference,
        request.method,
        request.path,
        exc_info=sys.exc_info(),
    )
    # A plain template with no request context: whatever failed may fail again there.
    html = loader.get_template("500.html").render({"reference": reference})
    return HttpResponseServerError(html)


def bad_request(request, exception):
    """A request Django refused to read. A form too large to read is said so, in a page
    that says nothing was saved and leads back to the form; anything else is Django's 400."""
    if isinstance(exception, RequestDataTooBig):
        return form_too_large(request)
    return defaults.bad_request(request, exception)


def form_too_large(request):
    # Only a path of this site leads back: "//host" would be another site's address.
    path = request.path
    back = path if path.startswith("/") and not path.startswith("//") else reverse("home")
    context = {
        "back": back,
        "limit_megabytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // MEGABYTE,
        "section_limit": NARRATIVE_SECTION,
    }
    return render(request, "413.html", context, status=413)
