"""Importing a spreadsheet: the file checked, a preview, then every row or none.

The admin's import pages and the apps' commands all come here, so they refuse the same
files with the same words. An import either writes every row or none: it runs in one
transaction, a preview (dry run) writes nothing, and a commit can be tied to the preview
the user saw (``expected_digest``), so it never writes something else.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import astuple, dataclass, replace
from typing import TYPE_CHECKING

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from import_export.results import RowResult
from openpyxl.utils import get_column_letter

from .columns import BLANK_MESSAGE, cell_text
from .files import FileRefused, Table, read_table
from .resources import SpreadsheetResource

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
_OUTCOMES = {
    RowResult.IMPORT_TYPE_NEW: CREATE,
    RowResult.IMPORT_TYPE_UPDATE: UPDATE,
    RowResult.IMPORT_TYPE_SKIP: UNCHANGED,
}


@dataclass(frozen=True)
class Problem:
    """Something wrong with the file, as its user would say where: row and column."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                f"Row {self.row}" if self.row else "",
                f'column "{self.column}"' if self.column else "",
            )
            if part
        )
        text = self.message.rstrip(".") + "."
        return f"{where[:1].upper()}{where[1:]}: {text}" if where else text


@dataclass(frozen=True)
class RowOutcome:
    row: int
    action: str
    record: str
    #: (column, old value, new value), as the file and the page show them.
    changes: tuple[tuple[str, str, str], ...] = ()
    #: Read-only columns the file changes, which the import leaves as they are: "Responsible
    #: organisation is changed in the admin".
    not_imported: tuple[str, ...] = ()

    @property
    def notice(self) -> str:
        return f"not imported: {'; '.join(self.not_imported)}" if self.not_imported else ""


@dataclass(frozen=True)
class ImportReport:
    filename: str
    problems: tuple[Problem, ...] = ()
    rows: tuple[RowOutcome, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    committed: bool = False
    #: The rows would now change differently from the preview the user confirmed.
    stale: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not self.stale

    @property
    def created(self) -> list[RowOutcome]:
        return [row for row in self.rows if row.action == CREATE]

    @property
    def updated(self) -> list[RowOutcome]:
        return [row for row in self.rows if row.action == UPDATE]

    @property
    def unchanged(self) -> list[RowOutcome]:
        return [row for row in self.rows if row.action == UNCHANGED]

    @property
    def with_notices(self) -> list[RowOutcome]:
        """Rows with a read-only column changed in the file, which the import ignores."""
        return [row for row in self.rows if row.not_imported]

    @property
    def digest(self) -> str:
        """What the import does, row by row; equal digests mean equal changes."""
        payload = json.dumps([astuple(row) for row in self.rows], ensure_ascii=True)
        return hashlib.sha256(payload.encode()).hexdigest()

    @property
    def summary(self) -> str:
        added, updated, left = len(self.created), len(self.updated), len(self.unchanged)
        if self.committed:
            return f"Imported {self.filename}: {added} added, {updated} updated, {left} left alone"
        return f"{self.filename}: {added} to add, {updated} to update, {left} left alone"


def _dataset(
    table: Table, resource: SpreadsheetResource
) -> tuple[tablib.Dataset, tuple[str, ...], list[Problem]]:
    """The table with the resource's columns only, named as the resource names them."""
    known = {name.casefold(): name for name in resource.known_columns()}
    problems, ignored, columns = [], [], {}
    for index, heading in enumerate(table.headers):
        if not heading:
            continue
        name = known.get(heading.casefold())
        if name is None:
            ignored.append(heading)
        elif name in columns.values():
            problems.append(Problem("This column appears twice", column=name))
        else:
            columns[index] = name
    for name in resource.required_columns():
        if name not in columns.values():
            problems.append(
                Problem(
                    "The file has no such column. Every import needs the columns "
                    + ", ".join(resource.required_columns()),
                    column=name,
                )
            )
    dataset = tablib.Dataset(headers=list(columns.values()))
    for number, cells in table.rows:
        for index, cell in enumerate(cells):
            if (
                index not in columns
                and cell_text(cell)
                and not (index < len(table.headers) and table.headers[index])
            ):
                problems.append(
                    Problem(
                        f"There is a value in column {get_column_letter(index + 1)}, "
                        "which has no heading",
                        row=number,
                    )
                )
        dataset.append([cells[i] if i < len(cells) else None for i in columns])
    return dataset, tuple(ignored), problems


def spreadsheet_import(
    *,
    resource_class: type[SpreadsheetResource],
    file_bytes: bytes,
    filename: str,
    acting_user: User,
    dry_run: bool,
    expected_digest: str | None = None,
    options: dict | None = None,
) -> ImportReport:
    """Check a file and import it: every row, or none.

    A dry run reports what would be added, updated and left alone, and writes nothing.
    Otherwise the rows are written in one transaction, each with the acting user in its
    history; any problem in any row rolls the whole file back. Given ``expected_digest``
    (a preview's ``digest``), the import is also rolled back, and reported ``stale``,
    unless it makes exactly the changes that preview showed. ``options`` go to the resource
    (what a command's flags narrow, such as the one period a file may hold).
    """
    report = ImportReport(filename=filename)
    plural = resource_class.verbose_name_plural()
    if not resource_class.may_import(acting_user):
        return replace(
            report, problems=(Problem(f"You may not change {plural}, so you cannot import them"),)
        )
    try:
        table = read_table(file_bytes=file_bytes, filename=filename, limits=resource_class.limits)
    except FileRefused as refusal:
        return replace(report, problems=(Problem(str(refusal)),))
    resource = resource_class(
        user=acting_user,
        change_reason=f"Imported from {filename}"[:100],
        sheet_rows=[number for number, _ in table.rows],
        lock=not dry_run,
        **(options or {}),
    )
    dataset, ignored, problems = _dataset(table, resource)
    report = replace(report, ignored_columns=ignored)
    if problems:
        return replace(report, problems=tuple(problems))
    with transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            retain_instance_in_row_result=True,
        )
        report = replace(report, **_outcomes(result, resource))
        if dry_run or not report.ok:
            transaction.set_rollback(True)
            return report
        if expected_digest is not None and report.digest != expected_digest:
            transaction.set_rollback(True)
            return replace(report, stale=True)
        return replace(report, committed=True)


def _outcomes(result, resource: SpreadsheetResource) -> dict:
    problems, rows = [], []
    for error in result.base_errors:
        logger.error("Spreadsheet import failed", exc_info=error.error)
        problems.append(Problem("The file could not be imported because of an unexpected error"))
    for index, row_result in enumerate(result.rows):
        number = resource.sheet_row(index + 1)
        if row_result.validation_error is not None:
            problems.extend(_row_problems(number, row_result.validation_error, resource))
        elif row_result.errors:
            logger.error("Spreadsheet row failed", exc_info=row_result.errors[0].error)
            problems.append(
                Problem("This row could not be imported: an unexpected error", row=number)
            )
        else:
            action = _OUTCOMES[row_result.import_type]
            rows.append(
                RowOutcome(
                    number,
                    action,
                    row_result.key,
                    tuple(row_result.changes),
                    getattr(row_result, "not_imported", ()),
                )
            )
    return {"problems": tuple(dict.fromkeys(problems)), "rows": tuple(rows)}


def _row_problems(number: int, error: ValidationError, resource) -> list[Problem]:
    problems = []
    by_field = getattr(error, "error_dict", None) or {NON_FIELD_ERRORS: error.error_list}
    model_fields = {field.name: field for field in resource._meta.model._meta.fields}
    for name, errors in by_field.items():
        column = resource.column_for(name)
        for item in errors:
            message = BLANK_MESSAGE if item.code in ("blank", "null") else " ".join(item.messages)
            if column is None and name in model_fields:
                message = f"{str(model_fields[name].verbose_name).capitalize()}: {message}"
            problems.append(Problem(message, row=number, column=column))
    return problems
