"""Exporting rows as a spreadsheet: CSV or XLSX bytes, formulae escaped, numbers kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from import_export.formats.base_formats import XLSX

from .resources import SpreadsheetResource

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import QuerySet


def spreadsheet_export(
    *,
    resource_class: type[SpreadsheetResource],
    queryset: QuerySet,
    file_format: str,
    acting_user: User,
) -> bytes:
    """The rows as CSV (UTF-8 with the mark Excel looks for) or XLSX bytes.

    Text a spreadsheet would run as a formula is escaped; numbers stay numbers.
    """
    dataset = resource_class(user=acting_user).export(queryset=queryset)
    dataset.title = resource_class.verbose_name_plural().capitalize()
    if file_format == "csv":
        return dataset.export("csv").encode("utf-8-sig")
    if file_format == "xlsx":
        return XLSX().export_data(dataset)
    raise ValueError(f"Unknown spreadsheet format {file_format!r}.")
