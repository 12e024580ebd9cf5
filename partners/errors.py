"""Error pages that reveal nothing of the code or settings.

A server error gets a short reference, shown to the user and written to the log with the
traceback, so a support call can find the failure without the page disclosing it.
"""

import logging
import secrets
import sys

from django.http import HttpResponseServerError
from django.template import loader

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
