"""Who may import and export spreadsheets: the portal's policy, named in the settings.

The policy belongs to an app above this package, which this package never imports; the
project names it instead, as ``SPREADSHEET_POLICY``: the dotted path of a function
``(user, ability) -> bool`` asked with ``IMPORT`` or ``EXPORT``. A missing setting is a
configuration error, never a way for everyone through.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

IMPORT = "import"
EXPORT = "export"


def may(user, ability: str) -> bool:
    """May this user import (or export) spreadsheets at all? Which rows is each resource's
    own scope."""
    path = getattr(settings, "SPREADSHEET_POLICY", "")
    if not path:
        raise ImproperlyConfigured(
            "Set SPREADSHEET_POLICY to the function that decides who may import and export."
        )
    return bool(import_string(path)(user, ability))
