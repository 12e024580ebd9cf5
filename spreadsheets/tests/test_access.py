"""Who may import and export is the policy the settings name, and nobody without one."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from spreadsheets import access


def allow_exports_only(user, ability):
    return ability == access.EXPORT


def test_the_policy_named_in_the_settings_decides(settings):
    settings.SPREADSHEET_POLICY = f"{__name__}.allow_exports_only"

    assert access.may(object(), access.EXPORT)
    assert not access.may(object(), access.IMPORT)


def test_a_missing_policy_is_an_error_not_a_way_through(settings):
    del settings.SPREADSHEET_POLICY

    with pytest.raises(ImproperlyConfigured, match="SPREADSHEET_POLICY"):
        access.may(object(), access.IMPORT)
